#!/usr/bin/env python3
"""make_packages.py — writes the small SSIS 2012+ (format 8) packages of the
lineage tests: tests/lineage/data/*.dtsx (diagnostics) and the packages of
the conformance cases tests/conformance/cases/lineage_*.  The packages are
inputs, kept in the repository; run this after changing it and review the
diff:  tests/lineage/make_packages.py
"""
import hashlib, os, uuid

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "..", "conformance", "cases")

def data(fname, text):
    with open(os.path.join(HERE, "data", fname), "w") as f:
        f.write(text)

def case(name, fname, text):
    os.makedirs(os.path.join(CASES, name), exist_ok=True)
    with open(os.path.join(CASES, name, fname), "w") as f:
        f.write(text)

def guid(s):
    return "{" + str(uuid.UUID(hashlib.md5(s.encode()).hexdigest())).upper() + "}"

def coltype(c):
    name, t = c[0], c[1]
    if t == "wstr":
        return 'dataType="wstr" length="%d"' % c[2]
    if t == "numeric":
        return 'dataType="numeric" precision="%d" scale="%d"' % (c[2], c[3])
    return 'dataType="%s"' % t

def cached(c):
    t = c[1]
    if t == "wstr":
        return 'cachedDataType="wstr" cachedLength="%d"' % c[2]
    if t == "numeric":
        return 'cachedDataType="numeric" cachedPrecision="%d" cachedScale="%d"' % (c[2], c[3])
    return 'cachedDataType="%s"' % t

def prop(name, value, dt="System.String"):
    return '<property dataType="%s" name="%s">%s</property>' % (dt, name, value)

def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")

def ref_of(name):
    return name if name.startswith("Package") else "Package\\" + name

def obj_name(ref):
    return ref.split("\\")[-1]

def source(task, name, conn, cols, table=None, sql=None):
    p = "%s\\%s" % (ref_of(task), name)
    mode = 0 if table else 2
    props = [prop("CommandTimeout", 0, "System.Int32"), prop("OpenRowset", esc(table or "")),
             prop("OpenRowsetVariable", ""), prop("SqlCommand", esc(sql or "")), prop("SqlCommandVariable", ""),
             prop("DefaultCodePage", 1252, "System.Int32"), prop("AlwaysUseDefaultCodePage", "false", "System.Boolean"),
             prop("AccessMode", mode, "System.Int32"), prop("ParameterMapping", "")]
    out = "%s.Outputs[OLE DB Source Output]" % p
    ocols = "\n".join('<outputColumn refId="%s.Columns[%s]" %s errorOrTruncationOperation="Conversion" '
                      'errorRowDisposition="FailComponent" externalMetadataColumnId="%s.ExternalColumns[%s]" '
                      'lineageId="%s.Columns[%s]" name="%s" truncationRowDisposition="FailComponent" />'
                      % (out, c[0], coltype(c), out, c[0], out, c[0], c[0]) for c in cols)
    ext = "\n".join('<externalMetadataColumn refId="%s.ExternalColumns[%s]" %s name="%s" />' % (out, c[0], coltype(c), c[0])
                    for c in cols)
    return '''<component refId="%s" componentClassID="Microsoft.OLEDBSource" name="%s" usesDispositions="true" version="7">
<properties>%s</properties>
<connections><connection refId="%s.Connections[OleDbConnection]" connectionManagerID="Package.ConnectionManagers[%s]" connectionManagerRefId="Package.ConnectionManagers[%s]" name="OleDbConnection" /></connections>
<outputs><output refId="%s" name="OLE DB Source Output"><outputColumns>%s</outputColumns><externalMetadataColumns isUsed="True">%s</externalMetadataColumns></output></outputs>
</component>''' % (p, name, "\n".join(props), p, conn, conn, out, ocols, ext)

def dest(task, name, conn, table, cols, src_name):
    p = "%s\\%s" % (ref_of(task), name)
    inp = "%s.Inputs[OLE DB Destination Input]" % p
    src_out = "%s\\%s.Outputs[OLE DB Source Output]" % (ref_of(task), src_name)
    props = [prop("CommandTimeout", 0, "System.Int32"), prop("OpenRowset", esc(table)), prop("OpenRowsetVariable", ""),
             prop("SqlCommand", ""), prop("DefaultCodePage", 1252, "System.Int32"),
             prop("AlwaysUseDefaultCodePage", "false", "System.Boolean"), prop("AccessMode", 3, "System.Int32"),
             prop("FastLoadKeepIdentity", "false", "System.Boolean"), prop("FastLoadKeepNulls", "false", "System.Boolean"),
             prop("FastLoadOptions", "TABLOCK,CHECK_CONSTRAINTS"), prop("FastLoadMaxInsertCommitSize", 2147483647, "System.Int32")]
    icols = "\n".join('<inputColumn refId="%s.Columns[%s]" %s cachedName="%s" externalMetadataColumnId="%s.ExternalColumns[%s]" '
                      'lineageId="%s.Columns[%s]" />' % (inp, c[0], cached(c), c[0], inp, c[0], src_out, c[0]) for c in cols)
    ext = "\n".join('<externalMetadataColumn refId="%s.ExternalColumns[%s]" %s name="%s" />' % (inp, c[0], coltype(c), c[0])
                    for c in cols)
    return '''<component refId="%s" componentClassID="Microsoft.OLEDBDestination" name="%s" usesDispositions="true" version="4">
<properties>%s</properties>
<connections><connection refId="%s.Connections[OleDbConnection]" connectionManagerID="Package.ConnectionManagers[%s]" connectionManagerRefId="Package.ConnectionManagers[%s]" name="OleDbConnection" /></connections>
<inputs><input refId="%s" errorOrTruncationOperation="Insert" errorRowDisposition="FailComponent" hasSideEffects="true" name="OLE DB Destination Input"><inputColumns>%s</inputColumns><externalMetadataColumns isUsed="True">%s</externalMetadataColumns></input></inputs>
</component>''' % (p, name, "\n".join(props), p, conn, conn, inp, icols, ext)

def dft(name, src_conn, cols, dst_conn, dst_table, table=None, sql=None, dst_cols=None, disabled=False):
    sname, dname = "OLE_SRC Read", "OLE_DST Write"
    r = ref_of(name)
    comps = source(r, sname, src_conn, cols, table, sql) + "\n" + dest(r, dname, dst_conn, dst_table, dst_cols or cols, sname)
    path = ('<path refId="%s.Paths[OLE DB Source Output]" endId="%s\\%s.Inputs[OLE DB Destination Input]" '
            'name="OLE DB Source Output" startId="%s\\%s.Outputs[OLE DB Source Output]" />' % (r, r, dname, r, sname))
    dis = ' DTS:Disabled="True"' if disabled else ''
    return ('<DTS:Executable DTS:refId="%s" DTS:CreationName="Microsoft.Pipeline" DTS:DTSID="%s" '
            'DTS:ExecutableType="Microsoft.Pipeline" DTS:ObjectName="%s"%s>\n<DTS:Variables />\n'
            '<DTS:ObjectData><pipeline version="1"><components>\n%s\n</components><paths>%s</paths></pipeline></DTS:ObjectData>\n'
            '</DTS:Executable>' % (r, guid(name), obj_name(r), dis, comps, path))

def sqltask(name, conn, stmt, disabled=False):
    r = ref_of(name)
    dis = ' DTS:Disabled="True"' if disabled else ''
    return ('<DTS:Executable DTS:refId="%s" DTS:CreationName="Microsoft.ExecuteSQLTask" DTS:DTSID="%s" '
            'DTS:ExecutableType="Microsoft.ExecuteSQLTask" DTS:ObjectName="%s"%s>\n<DTS:Variables />\n'
            '<DTS:ObjectData><SQLTask:SqlTaskData SQLTask:Connection="%s" SQLTask:SqlStatementSource="%s" '
            'xmlns:SQLTask="www.microsoft.com/sqlserver/dts/tasks/sqltask" /></DTS:ObjectData>\n</DTS:Executable>'
            % (r, guid(name), obj_name(r), dis, guid("cm" + conn), esc(stmt)))

def execpkg(name, child):
    r = ref_of(name)
    return ('<DTS:Executable DTS:refId="%s" DTS:CreationName="Microsoft.ExecutePackageTask" DTS:DTSID="%s" '
            'DTS:ExecutableType="Microsoft.ExecutePackageTask" DTS:ObjectName="%s">\n<DTS:Variables />\n'
            '<DTS:ObjectData><ExecutePackageTask><UseProjectReference>True</UseProjectReference><PackageName>%s'
            '</PackageName></ExecutePackageTask></DTS:ObjectData>\n</DTS:Executable>' % (r, guid(name), obj_name(r), child))

def forloop(name, children):
    r = ref_of(name)
    return ('<DTS:Executable DTS:refId="%s" DTS:CreationName="STOCK:FORLOOP" DTS:DTSID="%s" '
            'DTS:EvalExpression="@[User::i] &lt; 3" DTS:ExecutableType="STOCK:FORLOOP" DTS:ObjectName="%s">\n'
            '<DTS:Variables />\n<DTS:Executables>\n%s\n</DTS:Executables>\n</DTS:Executable>'
            % (r, guid(r), obj_name(r), "\n".join(children)))

def sequence(name, children):
    r = ref_of(name)
    return ('<DTS:Executable DTS:refId="%s" DTS:CreationName="STOCK:SEQUENCE" DTS:DTSID="%s" '
            'DTS:ExecutableType="STOCK:SEQUENCE" DTS:ObjectName="%s">\n<DTS:Variables />\n<DTS:Executables>\n%s\n'
            '</DTS:Executables>\n</DTS:Executable>' % (r, guid(r), obj_name(r), "\n".join(children)))

def handler(event, children):
    r = "Package.EventHandlers[%s]" % event
    return ('<DTS:EventHandlers><DTS:EventHandler DTS:refId="%s" DTS:CreationName="%s" DTS:EventID="0" '
            'DTS:EventName="%s" DTS:DTSID="%s" DTS:LocaleID="-1">\n<DTS:Variables />\n<DTS:Executables>\n%s\n'
            '</DTS:Executables>\n</DTS:EventHandler></DTS:EventHandlers>' % (r, event, event, guid(r), "\n".join(children)))

def constraint(i, frm, to, value=0, expr=None, evalop=1):
    extra = ''
    if value:
        extra += ' DTS:Value="%d"' % value
    if expr:
        extra += (' DTS:EvalOp="%d"' % evalop if evalop else '') + ' DTS:Expression="%s"' % esc(expr)
    return ('<DTS:PrecedenceConstraint DTS:refId="Package.PrecedenceConstraints[Constraint %d]" DTS:CreationName="" '
            'DTS:DTSID="%s" DTS:From="%s" DTS:LogicalAnd="True" DTS:ObjectName="Constraint %d" DTS:To="%s"%s />'
            % (i, guid("pc%d%s" % (i, to)), ref_of(frm), i, ref_of(to), extra))

def package(name, conns, execs, constraints=(), handlers="", variables=""):
    cms = "\n".join('<DTS:ConnectionManager DTS:refId="Package.ConnectionManagers[%s]" DTS:CreationName="OLEDB" '
                    'DTS:DTSID="%s" DTS:ObjectName="%s">\n<DTS:ObjectData><DTS:ConnectionManager DTS:ConnectionString='
                    '"Data Source=%s;Initial Catalog=%s;Provider=MSOLEDBSQL.1;Integrated Security=SSPI;" />'
                    '</DTS:ObjectData>\n</DTS:ConnectionManager>' % (c, guid("cm" + c), c, srv, db) for c, srv, db in conns)
    pcs = "\n".join(constraint(i + 1, *c) for i, c in enumerate(constraints))
    return ('<?xml version="1.0"?>\n<DTS:Executable xmlns:DTS="www.microsoft.com/SqlServer/Dts" DTS:refId="Package" '
            'DTS:CreationName="Microsoft.Package" DTS:DTSID="%s" DTS:ExecutableType="Microsoft.Package" '
            'DTS:LocaleID="1033" DTS:ObjectName="%s" DTS:PackageType="5">\n'
            '<DTS:Property DTS:Name="PackageFormatVersion">8</DTS:Property>\n<DTS:ConnectionManagers>\n%s\n'
            '</DTS:ConnectionManagers>\n<DTS:Variables>%s</DTS:Variables>\n<DTS:Executables>\n%s\n</DTS:Executables>\n'
            '<DTS:PrecedenceConstraints>\n%s\n</DTS:PrecedenceConstraints>\n%s</DTS:Executable>\n'
            % (guid(name), name, cms, variables, "\n".join(execs), pcs, handlers + "\n" if handlers else ""))


# ---- conformance cases ----

orders = [("OrderID", "i4"), ("Customer", "wstr", 30), ("Amount", "numeric", 10, 2)]
# 1. two data flows in one package: the second reads what the first writes
case("lineage_two_dataflows_one_package", "LoadOrders.dtsx", package("LoadOrders", [("SalesDB", "SQLPROD01", "Sales")], [
    sqltask("SQL Truncate StageOrders", "SalesDB", "TRUNCATE TABLE dbo.StageOrders"),
    dft("DFT Stage Orders", "SalesDB", orders, "SalesDB", "[dbo].[StageOrders]",
        sql="SELECT OrderID, Customer, Amount FROM dbo.RawOrders WHERE Amount > 0"),
    dft("DFT Load FactOrders", "SalesDB", orders, "SalesDB", "[dbo].[FactOrders]", table="[dbo].[StageOrders]"),
], [("SQL Truncate StageOrders", "DFT Stage Orders"), ("DFT Stage Orders", "DFT Load FactOrders")]))

# 2. across packages: connections with different names, one database; a master package orders them
cust = [("CustomerID", "i4"), ("Name", "wstr", 40)]
case("lineage_cross_package", "Master.dtsx", package("Master", [], [
    execpkg("EPT Load DimCustomer", "LoadDimCustomer.dtsx"),
    execpkg("EPT Stage Customers", "StageCustomers.dtsx"),
], [("EPT Stage Customers", "EPT Load DimCustomer")]))
case("lineage_cross_package", "LoadDimCustomer.dtsx", package("LoadDimCustomer", [("DwDB", "sqlprod01", "dw")], [
    dft("DFT Load DimCustomer", "DwDB", cust, "DwDB", "[dbo].[DimCustomer]", table="[dbo].[StageCustomer]"),
]))
case("lineage_cross_package", "StageCustomers.dtsx", package("StageCustomers", [("Staging", "SQLPROD01", "DW")], [
    sqltask("SQL Truncate StageCustomer", "Staging", "TRUNCATE TABLE dbo.StageCustomer"),
    dft("DFT Stage Customers", "Staging", cust, "Staging", "[dbo].[StageCustomer]",
        sql="SELECT CustomerID, Name FROM dbo.RawCustomer WHERE CustomerID <> 2"),
], [("SQL Truncate StageCustomer", "DFT Stage Customers")]))

# 3. the reader runs before the writer: it reads the rows from before the run
price = [("ProductID", "i4"), ("Price", "numeric", 10, 2)]
case("lineage_reader_before_writer", "RefreshPrices.dtsx", package("RefreshPrices", [("ShopDB", "SQLPROD02", "Shop")], [
    dft("DFT Snapshot Prices", "ShopDB", price, "ShopDB", "[dbo].[PriceHistory]", table="[dbo].[Price]"),
    sqltask("SQL Truncate Price", "ShopDB", "TRUNCATE TABLE dbo.Price"),
    dft("DFT Reload Prices", "ShopDB", price, "ShopDB", "[dbo].[Price]", sql="SELECT ProductID, Price FROM dbo.PriceFeed"),
], [("DFT Snapshot Prices", "SQL Truncate Price"), ("SQL Truncate Price", "DFT Reload Prices")]))

# ---- diagnostics (tests/lineage/test_lineage.sh) ----
cols = [("ID", "i4"), ("Name", "wstr", 20)]
DW = [("DW", "SQLPROD01", "DW")]
data("TwoWriters.dtsx", package("TwoWriters", DW, [
    sqltask("SQL Truncate A", "DW", "TRUNCATE TABLE dbo.Target"),
    dft("DFT Load A", "DW", cols, "DW", "[dbo].[Target]", table="[dbo].[SrcA]"),
    sqltask("SQL Truncate B", "DW", "TRUNCATE TABLE dbo.Target"),
    dft("DFT Load B", "DW", cols, "DW", "[dbo].[Target]", table="[dbo].[SrcB]"),
], [("SQL Truncate A", "DFT Load A"), ("DFT Load A", "SQL Truncate B"), ("SQL Truncate B", "DFT Load B")]))
data("AliasWriterA.dtsx", package("AliasWriterA", [("Warehouse", "SQLPROD01", "DW")], [
    dft("DFT Append A", "Warehouse", cols, "Warehouse", "[dbo].[Shared]", table="[dbo].[SrcA]")]))
data("AliasWriterB.dtsx", package("AliasWriterB", [("DW2", "sqlprod01", "dw")], [
    dft("DFT Append B", "DW2", cols, "DW2", "[dbo].[Shared]", table="[dbo].[SrcB]")]))
data("CycleA.dtsx", package("CycleA", DW, [
    dft("DFT T2 to T1", "DW", cols, "DW", "[dbo].[T1]", table="[dbo].[T2]")]))
data("CycleB.dtsx", package("CycleB", DW, [
    dft("DFT T1 to T2", "DW", cols, "DW", "[dbo].[T2]", table="[dbo].[T1]")]))
data("ControlFlow.dtsx", package("ControlFlow", DW, [
    sqltask("SQL Count", "DW", "SELECT COUNT(*) FROM dbo.A"),
    forloop("Loop Three Times", [dft("Package\\Loop Three Times\\DFT In Loop", "DW", cols, "DW", "[dbo].[LoopOut]", table="[dbo].[A]")]),
    dft("DFT When Rows", "DW", cols, "DW", "[dbo].[CondOut]", table="[dbo].[A]"),
    dft("DFT On Failure", "DW", cols, "DW", "[dbo].[FailOut]", table="[dbo].[A]"),
    sqltask("SQL Disabled", "DW", "DELETE FROM dbo.A", disabled=True),
], [("SQL Count", "DFT When Rows", 0, "@[User::RowCnt] > 0"), ("SQL Count", "DFT On Failure", 1),
    ("SQL Count", "Loop Three Times")],
    handlers=handler("OnError", [dft("Package.EventHandlers[OnError]\\DFT Log Error", "DW", cols, "DW", "[dbo].[ErrorLog]", table="[dbo].[A]")]),
    variables='<DTS:Variable DTS:CreationName="" DTS:DTSID="{00000000-0000-0000-0000-000000000001}" DTS:Namespace="User" DTS:ObjectName="RowCnt"><DTS:VariableValue DTS:DataType="3">0</DTS:VariableValue></DTS:Variable>'))
data("LoopMaster.dtsx", package("LoopMaster", [], [
    forloop("Loop Days", [execpkg("Package\\Loop Days\\EPT Run Child", "LoopChild.dtsx")])]))
data("LoopChild.dtsx", package("LoopChild", DW, [
    dft("DFT Child Load", "DW", cols, "DW", "[dbo].[ChildOut]", table="[dbo].[A]")]))
data("ParentWrites.dtsx", package("ParentWrites", DW, [
    dft("DFT Write Mid", "DW", cols, "DW", "[dbo].[Mid]", table="[dbo].[Src]"),
    execpkg("EPT Run Child", "ChildReads.dtsx"),
    dft("DFT Rewrite Late", "DW", cols, "DW", "[dbo].[Late]", table="[dbo].[Src]"),
], [("DFT Write Mid", "EPT Run Child"), ("EPT Run Child", "DFT Rewrite Late")]))
data("ChildReads.dtsx", package("ChildReads", DW, [
    dft("DFT Read Mid", "DW", cols, "DW", "[dbo].[Out]", table="[dbo].[Mid]"),
    dft("DFT Read Late", "DW", cols, "DW", "[dbo].[Out2]", table="[dbo].[Late]"),
]))
data("SequenceOrder.dtsx", package("SequenceOrder", DW, [
    sequence("SEQ Stage", [dft("Package\\SEQ Stage\\DFT Stage", "DW", cols, "DW", "[dbo].[Stg]", table="[dbo].[Raw]")]),
    dft("DFT Load", "DW", cols, "DW", "[dbo].[Fin]", table="[dbo].[Stg]"),
], [("SEQ Stage", "DFT Load", 0, "@[User::Skip] == 0", 0)]))
data("SplitReads.dtsx", package("SplitReads", DW, [
    dft("DFT Read Before", "DW", cols, "DW", "[dbo].[Snap]", table="[dbo].[T]"),
    dft("DFT Write T", "DW", cols, "DW", "[dbo].[T]", table="[dbo].[Raw]"),
    dft("DFT Read After", "DW", cols, "DW", "[dbo].[Out]", table="[dbo].[T]"),
], [("DFT Read Before", "DFT Write T"), ("DFT Write T", "DFT Read After")]))
case("lineage_read_before_and_after_write", "ArchiveAndLoad.dtsx", package("ArchiveAndLoad", [("CrmDB", "SQLPROD03", "Crm")], [
    dft("DFT Archive Contacts", "CrmDB", cust, "CrmDB", "[dbo].[ContactArchive]", table="[dbo].[Contact]"),
    dft("DFT Append New Contacts", "CrmDB", cust, "CrmDB", "[dbo].[Contact]", table="[dbo].[NewContact]"),
    dft("DFT Publish Contacts", "CrmDB", cust, "CrmDB", "[dbo].[ContactPublished]", table="[dbo].[Contact]"),
], [("DFT Archive Contacts", "DFT Append New Contacts"), ("DFT Append New Contacts", "DFT Publish Contacts")]))
