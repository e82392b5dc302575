/* dtsx_classes.c — the identification tables: component class ids (ProgIDs
 * and the CLSIDs of every format version), managed-component type names,
 * localised contact-info names, and executable creation names.  Adding a
 * component or a task is adding a row (dtsx_format.md §4, §11). */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "frontend.h"

typedef struct Alias {
	const char *key;
	const char *value;
} Alias;

/* componentClassID → canonical class.  ProgIDs (format 8, and the old COM
 * ProgIDs DTSAdapter.X.3 / DTSTransform.X.3 that format 6 may write) and
 * CLSIDs of 2005, 2008 and 2012 (verified against the corpus). */
static const Alias class_ids[] = {
	/* ProgIDs whose name is not the canonical one */
	{"Microsoft.BestMatch", "Microsoft.FuzzyLookup"},
	{"Microsoft.GroupDups", "Microsoft.FuzzyGrouping"},
	{"Microsoft.Inserter", "Microsoft.Injector"},
	{"Attunity.SSISODBCSrc", "Microsoft.SSISODBCSrc"},
	{"Attunity.SSISODBCDst", "Microsoft.SSISODBCDst"},
	{"Attunity.SSISOracleSrc", "Microsoft.SSISOracleSrc"},
	{"Attunity.SSISOracleDst", "Microsoft.SSISOracleDst"},
	{"Microsoft.ManagedComponentWrapper", "Microsoft.ManagedComponentHost"},
	/* 2005 (format 2) */
	{"{2C0A8BE5-1EDC-4353-A0EF-B778599C65A0}", "Microsoft.OLEDBSource"},
	{"{E2568105-9550-4F71-A638-B7FE42E66922}", "Microsoft.OLEDBDestination"},
	{"{90C7770B-DE7C-435E-880E-E718C92C0573}", "Microsoft.FlatFileSource"},
	{"{A1DF9F6D-8EE4-4EF0-BB2E-D526130D7A7B}", "Microsoft.FlatFileDestination"},
	{"{B551FCA8-23BD-4719-896F-D8F352A5283C}", "Microsoft.ExcelSource"},
	{"{4963CAED-CB38-4146-96F0-5910342FF3B9}", "Microsoft.ExcelDestination"},
	{"{E2568105-9550-4F71-A638-B7FE42E66930}", "Microsoft.RawSource"},
	{"{E2568105-9550-4F71-A638-B7FE42E66933}", "Microsoft.RawDestination"},
	{"{5244B484-7C76-4026-9A01-00928EA81550}", "Microsoft.SQLServerDestination"},
	{"{9CF90BF0-5BCC-4C63-B91D-1F322DC12C26}", "Microsoft.DerivedColumn"},
	{"{0FB4AABB-C027-4440-809A-1198049BF117}", "Microsoft.Lookup"},
	{"{C60ACAD1-9BE8-46B3-87DA-70E59EADEA46}", "Microsoft.OLEDBCommand"},
	{"{9F4EB4D4-AD71-496D-B70B-31ECE1139884}", "Microsoft.FuzzyLookup"},
	{"{08AE886A-4124-499C-B332-16E3299D225A}", "Microsoft.Merge"},
	{"{0D598A60-0A32-4B1B-A72C-5030B64E3A20}", "Microsoft.MergeJoin"},
	{"{2D9FDEDD-085F-4294-ABBA-818E2CCD0733}", "Microsoft.CharacterMap"},
	{"{53A228EE-EBFA-48D6-A1AC-5269E5824A2C}", "Microsoft.ConditionalSplit"},
	{"{C3BF62C8-7C5C-4F85-83C3-E0B6F6BE267C}", "Microsoft.DataConvert"},
	{"{C5E47A29-265C-4F93-82CA-D8462EE23278}", "Microsoft.UnionAll"},
	{"{DE50D3C7-41AF-4804-9247-CF1DEB147971}", "Microsoft.RowCount"},
	{"{F1CEE4CE-066D-4FBE-9DC4-4C697A617264}", "Microsoft.Multicast"},
	{"{F1CEE4CE-066D-4FBE-9DC4-CD97202F3450}", "Microsoft.Sort"},
	{"{F40CF2A6-384A-4C57-B99C-ADAF31E51EBC}", "Microsoft.Aggregate"},
	{"{BF01D463-7089-41EE-8F05-0A6DC17CE633}", "Microsoft.ManagedComponentHost"},
	/* 2008 / 2008 R2 (format 3) */
	{"{BCEFE59B-6819-47F7-A125-63753B33ABB7}", "Microsoft.OLEDBSource"},
	{"{5A0B62E8-D91D-49F5-94A5-7BE58DE508F0}", "Microsoft.OLEDBDestination"},
	{"{5ACD952A-F16A-41D8-A681-713640837664}", "Microsoft.FlatFileSource"},
	{"{D658C424-8CF0-441C-B3C4-955E183B7FBA}", "Microsoft.FlatFileDestination"},
	{"{A4B1E1C8-17F3-46C8-AAD0-34F0C6FE42DE}", "Microsoft.ExcelSource"},
	{"{C9269E28-EBDE-4DED-91EB-0BF42842F9F4}", "Microsoft.ExcelDestination"},
	{"{51DC0B24-7421-45C3-B4AB-9481A683D91D}", "Microsoft.RawSource"},
	{"{485E7329-8754-42B4-AA5B-29C5DA09CAD5}", "Microsoft.RawDestination"},
	{"{E4B61516-847B-4BDF-9CC6-1968A2D43E73}", "Microsoft.SQLServerDestination"},
	{"{2932025B-AB99-40F6-B5B8-783A73F80E24}", "Microsoft.DerivedColumn"},
	{"{27648839-180F-45E6-838D-AFF53DF682D2}", "Microsoft.Lookup"},
	{"{8E61C8F6-C91D-43B6-97EB-3423C06571CC}", "Microsoft.OLEDBCommand"},
	{"{4D9F9B7C-84D9-4335-ADB0-2542A7E35422}", "Microsoft.UnionAll"},
	{"{1ACA4459-ACE0-496F-814A-8611F9C27E23}", "Microsoft.Multicast"},
	{"{BD06A22E-BC69-4AF7-A69B-C44C2EF684BB}", "Microsoft.DataConvert"},
	{"{3AE878C6-0D6C-4F48-8128-40E00E9C1B7D}", "Microsoft.ConditionalSplit"},
	{"{9ABE8DF3-0052-42DB-8B18-2089E1D1D1B7}", "Microsoft.Aggregate"},
	{"{150E6007-7C6A-4CC3-8FF3-FC73783A972E}", "Microsoft.RowCount"},
	{"{5056651F-F227-4978-94DF-53CDF9E8CCB6}", "Microsoft.FuzzyLookup"},
	{"{167AF7E9-BA81-425F-B73D-E30C2DCC0F09}", "Microsoft.RecordsetDestination"},
	{"{07127A7C-164B-422A-AD1F-24BE39B4DB38}", "Microsoft.Sort"},
	{"{0A1BDBA0-9C6E-4AD7-97B1-E0E79E462629}", "Microsoft.FuzzyGrouping"},
	{"{A18A4D58-7C7A-4448-8B98-AE2CEFE81B4C}", "Microsoft.MergeJoin"},
	{"{DEC33219-BA68-4FEB-AC98-9C1B1E577A8D}", "Microsoft.CharacterMap"},
	{"{2E42D45B-F83C-400F-8D77-61DDE6A7DF29}", "Microsoft.ManagedComponentHost"},
	/* 2012 (format 6) */
	{"{165A526D-D5DE-47FF-96A6-F8274C19826B}", "Microsoft.OLEDBSource"},
	{"{4ADA7EAA-136C-4215-8098-D7A7C27FC0D1}", "Microsoft.OLEDBDestination"},
	{"{D23FD76B-F51D-420F-BBCB-19CBF6AC1AB4}", "Microsoft.FlatFileSource"},
	{"{8DA75FED-1B7C-407D-B2AD-2B24209CCCA4}", "Microsoft.FlatFileDestination"},
	{"{8C084929-27D1-479F-9641-ABB7CDADF1AC}", "Microsoft.ExcelSource"},
	{"{1F5D5712-2FBA-4CB9-A95A-86C1F336E1DA}", "Microsoft.ExcelDestination"},
	{"{480C7D5A-CE63-405C-B338-3C7F26560EE3}", "Microsoft.RawSource"},
	{"{04762BB6-892F-4EE6-AD46-9CEB0A7EC7A2}", "Microsoft.RawDestination"},
	{"{F452EAF3-5EF0-43F1-8067-09DDF0BC6316}", "Microsoft.SQLServerDestination"},
	{"{49928E82-9C4E-49F0-AABE-3812B82707EC}", "Microsoft.DerivedColumn"},
	{"{671046B0-AA63-4C9F-90E4-C06E0B710CE3}", "Microsoft.Lookup"},
	{"{93FFEC66-CBC8-4C7F-9C6A-CB1C17A7567D}", "Microsoft.OLEDBCommand"},
	{"{B594E9A8-4351-4939-891C-CFE1AB93E925}", "Microsoft.UnionAll"},
	{"{EC139FBC-694E-490B-8EA7-35690FB0F445}", "Microsoft.Multicast"},
	{"{62B1106C-7DB8-4EC8-ADD6-4C664DFFC54A}", "Microsoft.DataConvert"},
	{"{7F88F654-4E20-4D14-84F4-AF9C925D3087}", "Microsoft.ConditionalSplit"},
	{"{5B201335-B360-485C-BB93-75C34E09B3D3}", "Microsoft.Aggregate"},
	{"{E2697D8C-70DA-42B2-8208-A19CE3A9FE41}", "Microsoft.RowCount"},
	{"{5B1A3FF5-D366-4D75-AD1F-F19A36FCBEDB}", "Microsoft.Sort"},
	{"{14D43A4F-D7BD-489D-829E-6DE35750CFE4}", "Microsoft.MergeJoin"},
	{"{36E0E750-2510-4776-AA6E-17EAE84FD63E}", "Microsoft.Merge"},
	{"{25BBB0C5-369B-4303-B3DF-D0DC741DEE58}", "Microsoft.SCD"},
	{"{E4A5F949-EC93-45AB-8B36-B52936257EC2}", "Microsoft.FuzzyLookup"},
	{"{C457FD7E-CE98-4C4B-AEFE-F3AE0044F181}", "Microsoft.RecordsetDestination"},
	{"{A77F5655-A006-443A-9B7E-90B6BD55CB84}", "Microsoft.SSISODBCSrc"},
	{"{074B8736-CD73-40A5-822E-888215AF57DA}", "Microsoft.SSISODBCDst"},
	{"{056F53D1-8081-4D07-8134-1D4DAC244BB2}", "Microsoft.TermExtraction"},
	{"{ACCC729A-823D-49A7-B16D-F1999AEB1D4C}", "Microsoft.TermLookup"},
	{"{4FCE8297-9C65-40A9-9D60-00C5CC6BC283}", "Microsoft.Lineage"},
	{"{836E0D0B-0358-45B4-B888-4ADCE9356D4E}", "Microsoft.FuzzyGrouping"},
	{"{9053CAE0-140B-48E4-AEEC-4E6A26E9E436}", "Microsoft.Injector"},
	{"{A9823821-0085-4483-952F-36277F63FFC5}", "Microsoft.Extractor"},
	{"{AEB2AFAE-2201-48B1-B290-42BB8C9149DD}", "Microsoft.Pivot"},
	{"{B8B094A9-8809-4E06-8874-5C55606A9FDF}", "Microsoft.UnPivot"},
	{"{C86C867A-7D40-486A-8734-F0B6943A9DD4}", "Microsoft.CharacterMap"},
	{"{874F7595-FB5F-40FF-96AF-FBFF8250E3EF}", "Microsoft.ManagedComponentHost"},
};

/* The built-in ProgIDs (format 8), so that a typo is not taken for one. */
static const char *const builtin_progids[] = {
	"Microsoft.OLEDBSource", "Microsoft.OLEDBDestination", "Microsoft.FlatFileSource",
	"Microsoft.FlatFileDestination", "Microsoft.ExcelSource", "Microsoft.ExcelDestination",
	"Microsoft.RawSource", "Microsoft.RawDestination", "Microsoft.SQLServerDestination",
	"Microsoft.DerivedColumn", "Microsoft.Lookup", "Microsoft.OLEDBCommand", "Microsoft.UnionAll",
	"Microsoft.Multicast", "Microsoft.DataConvert", "Microsoft.ConditionalSplit", "Microsoft.Aggregate",
	"Microsoft.RowCount", "Microsoft.Sort", "Microsoft.MergeJoin", "Microsoft.Merge", "Microsoft.SCD",
	"Microsoft.FuzzyLookup", "Microsoft.FuzzyGrouping", "Microsoft.RecordsetDestination",
	"Microsoft.ManagedComponentHost", "Microsoft.Pivot", "Microsoft.UnPivot", "Microsoft.CopyMap",
	"Microsoft.CharacterMap", "Microsoft.Lineage", "Microsoft.RowSampling", "Microsoft.PctSampling",
	"Microsoft.TermExtraction", "Microsoft.TermLookup", "Microsoft.Injector", "Microsoft.Extractor",
	"Microsoft.Cache", "Microsoft.SSISODBCSrc", "Microsoft.SSISODBCDst", "Microsoft.SSISOracleSrc",
	"Microsoft.SSISOracleDst", "Microsoft.DataMiningQuery", "Microsoft.BalancedDataDistributor",
	"Microsoft.DQSCleansing", "Microsoft.CDCSource", "Microsoft.CDCSplitter", "Microsoft.OData",
	"Microsoft.ScriptComponentHost", "Microsoft.DataReaderSourceAdapter", "Microsoft.ADONETDestination",
	"Microsoft.XmlSourceAdapter", "Microsoft.DataReaderDest", "Microsoft.PartitionProcessing",
	"Microsoft.DimensionProcessing",
};

/* Substrings of UserComponentTypeName (managed components) → class. */
static const Alias user_types[] = {
	{"ScriptComponentHost", "Microsoft.ScriptComponentHost"},
	{"DataReaderSourceAdapter", "Microsoft.DataReaderSourceAdapter"},
	{"ADONETDestination", "Microsoft.ADONETDestination"},
	{"XmlSourceAdapter", "Microsoft.XmlSourceAdapter"},
	{"DataReaderDestinationAdapter", "Microsoft.DataReaderDest"},
	{"Microsoft.OData", "Microsoft.OData"},
	{"ODataSource", "Microsoft.OData"},
	{"Ssdqs.Component.DataCorrection", "Microsoft.DQSCleansing"},
	{"CDCSrc.CdcSourceComponent", "Microsoft.CDCSource"},
	{"CDCSplit.CdcSplitterComponent", "Microsoft.CDCSplitter"},
	{"BalancedDataDistributor", "Microsoft.BalancedDataDistributor"},
};

/* First ';'-segment of contactInfo → class: the English names, the
 * descriptions the managed components write there, and localised names
 * seen in real packages.  Compared as prefixes, without case. */
static const Alias contacts[] = {
	{"OLE DB Source", "Microsoft.OLEDBSource"},
	{"Source OLE DB", "Microsoft.OLEDBSource"},
	{"Origen de OLE DB", "Microsoft.OLEDBSource"},
	{"OLE DB Destination", "Microsoft.OLEDBDestination"},
	{"Destination OLE DB", "Microsoft.OLEDBDestination"},
	{"Destino de OLE DB", "Microsoft.OLEDBDestination"},
	{"OLE DB Command", "Microsoft.OLEDBCommand"},
	{"Команда OLE DB", "Microsoft.OLEDBCommand"},
	{"Flat File Source", "Microsoft.FlatFileSource"},
	{"Source du fichier plat", "Microsoft.FlatFileSource"},
	{"Origen de archivo plano", "Microsoft.FlatFileSource"},
	{"Flat File Destination", "Microsoft.FlatFileDestination"},
	{"Excel Source", "Microsoft.ExcelSource"},
	{"Excel Destination", "Microsoft.ExcelDestination"},
	{"Raw File Source", "Microsoft.RawSource"},
	{"Raw File Destination", "Microsoft.RawDestination"},
	{"Reads raw data from a flat file", "Microsoft.RawSource"},
	{"Writes raw data that will not require parsing", "Microsoft.RawDestination"},
	{"SQL Server Destination", "Microsoft.SQLServerDestination"},
	{"Derived Column", "Microsoft.DerivedColumn"},
	{"Colonne dérivée", "Microsoft.DerivedColumn"},
	{"Columna derivada", "Microsoft.DerivedColumn"},
	{"Производный столбец", "Microsoft.DerivedColumn"},
	{"Lookup", "Microsoft.Lookup"},
	{"Уточняющий запрос", "Microsoft.Lookup"},
	{"Fuzzy Lookup", "Microsoft.FuzzyLookup"},
	{"Fuzzy Grouping", "Microsoft.FuzzyGrouping"},
	{"Union All", "Microsoft.UnionAll"},
	{"Multicast", "Microsoft.Multicast"},
	{"Многоадресная рассылка", "Microsoft.Multicast"},
	{"Data Conversion", "Microsoft.DataConvert"},
	{"Conversion de données", "Microsoft.DataConvert"},
	{"Conversión de datos", "Microsoft.DataConvert"},
	{"Преобразование данных", "Microsoft.DataConvert"},
	{"Conditional Split", "Microsoft.ConditionalSplit"},
	{"División condicional", "Microsoft.ConditionalSplit"},
	{"Aggregate", "Microsoft.Aggregate"},
	{"Row Count", "Microsoft.RowCount"},
	{"Sort", "Microsoft.Sort"},
	{"Trier", "Microsoft.Sort"},
	{"Merge Join", "Microsoft.MergeJoin"},
	{"Merge", "Microsoft.Merge"},
	{"Slowly Changing Dimension", "Microsoft.SCD"},
	{"Recordset Destination", "Microsoft.RecordsetDestination"},
	{"Pivot", "Microsoft.Pivot"},
	{"Unpivot", "Microsoft.UnPivot"},
	{"Copy Column", "Microsoft.CopyMap"},
	{"Character Map", "Microsoft.CharacterMap"},
	{"Audit", "Microsoft.Lineage"},
	{"Row Sampling", "Microsoft.RowSampling"},
	{"Percentage Sampling", "Microsoft.PctSampling"},
	{"Term Extraction", "Microsoft.TermExtraction"},
	{"Term Lookup", "Microsoft.TermLookup"},
	{"Import Column", "Microsoft.Injector"},
	{"Export Column", "Microsoft.Extractor"},
	{"Cache Transform", "Microsoft.Cache"},
	{"ODBC Source", "Microsoft.SSISODBCSrc"},
	{"ODBC Destination", "Microsoft.SSISODBCDst"},
	{"Oracle Source", "Microsoft.SSISOracleSrc"},
	{"Oracle Destination", "Microsoft.SSISOracleDst"},
	{"Data Mining Query", "Microsoft.DataMiningQuery"},
	/* managed components describe themselves instead of naming themselves */
	{"Executes a custom script", "Microsoft.ScriptComponentHost"},
	{"Includes and runs custom script code", "Microsoft.ScriptComponentHost"},
	{"Consumes data from SQL Server, OLE DB, ODBC, or Oracle", "Microsoft.DataReaderSourceAdapter"},
	{"Consume datos de SQL Server", "Microsoft.DataReaderSourceAdapter"},
	{"Extracts data from a relational database by using a .NET provider", "Microsoft.DataReaderSourceAdapter"},
	{"Loads data into an ADO.NET-compliant database", "Microsoft.ADONETDestination"},
	{"Carga datos en una base de datos compatible con ADO.NET", "Microsoft.ADONETDestination"},
	{"Extracts data from an XML", "Microsoft.XmlSourceAdapter"},
	{"Creates and populates an ADO.NET in-memory dataset", "Microsoft.DataReaderDest"},
	{"OData Source", "Microsoft.OData"},
};

static const Alias *find_exact(const Alias *t, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(t[i].key, key) == 0)
			return &t[i];
	return NULL;
}

/* "DTSTransform.Lookup.3" → "Microsoft.Lookup" (into buf); NULL if not that shape. */
static const char *old_progid(const char *id, char *buf, size_t cap)
{
	static const char *const prefixes[] = {"DTSAdapter.", "DTSTransform.", "DTS.", "TxFileInserter.",
					       "TxFileExtractor."};
	for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
		size_t pn = strlen(prefixes[i]);
		if (strncasecmp(id, prefixes[i], pn) != 0)
			continue;
		const char *mid = id + pn, *dot = strchr(mid, '.');
		size_t mn = dot ? (size_t)(dot - mid) : strlen(mid);
		if (mn == 0 || mn + 11 >= cap)
			return NULL;
		memcpy(buf, "Microsoft.", 10);
		memcpy(buf + 10, mid, mn);
		buf[10 + mn] = 0;
		return buf;
	}
	return NULL;
}

const char *fe_class_from_id(const char *id)
{
	if (!id || !*id)
		return NULL;
	const Alias *a = find_exact(class_ids, sizeof class_ids / sizeof *class_ids, id);
	if (a)
		return a->value;
	char buf[128];
	const char *name = id;
	/* Versioned ProgIDs: "Microsoft.Lookup.3", "DTSTransform.Lookup.3" */
	if (!(strncasecmp(id, "Microsoft.", 10) == 0 && !strchr(id + 10, '.')))
		name = old_progid(id, buf, sizeof buf);
	if (!name)
		return NULL;
	a = find_exact(class_ids, sizeof class_ids / sizeof *class_ids, name);
	if (a)
		return a->value;
	for (size_t i = 0; i < sizeof builtin_progids / sizeof *builtin_progids; i++)
		if (strcasecmp(builtin_progids[i], name) == 0)
			return builtin_progids[i];
	return NULL;
}

const char *fe_class_from_user_type(const char *type)
{
	if (!type || !*type)
		return NULL;
	for (size_t i = 0; i < sizeof user_types / sizeof *user_types; i++)
		if (strstr(type, user_types[i].key))
			return user_types[i].value;
	return NULL;
}

const char *fe_class_from_contact(const char *contact)
{
	if (!contact || !*contact)
		return NULL;
	const char *end = strchr(contact, ';');
	size_t n = end ? (size_t)(end - contact) : strlen(contact);
	while (n && isspace((unsigned char)contact[n - 1]))
		n--;
	/* Longest key first wins: "Merge Join" before "Merge". */
	const Alias *best = NULL;
	size_t best_len = 0;
	for (size_t i = 0; i < sizeof contacts / sizeof *contacts; i++) {
		size_t k = strlen(contacts[i].key);
		if (k <= n && k > best_len && strncasecmp(contact, contacts[i].key, k) == 0 &&
		    (k == n || !isalnum((unsigned char)contact[k]))) {
			best = &contacts[i];
			best_len = k;
		}
	}
	return best ? best->value : NULL;
}

/* ---- executables ----------------------------------------------------- */
typedef struct ExecAlias {
	const char *key;   /* type name before any comma, without a trailing .N */
	IrExecKind kind;
	bool prefix;       /* key is a prefix (families of tasks) */
} ExecAlias;

static const ExecAlias exec_aliases[] = {
	{"MSDTS.Package", IR_EXEC_PACKAGE, false},
	{"SSIS.Package", IR_EXEC_PACKAGE, false},
	{"Microsoft.Package", IR_EXEC_PACKAGE, false},
	{"STOCK:PACKAGE", IR_EXEC_PACKAGE, false},
	{"DTS.Pipeline", IR_EXEC_PIPELINE, false},
	{"SSIS.Pipeline", IR_EXEC_PIPELINE, false},
	{"Microsoft.Pipeline", IR_EXEC_PIPELINE, false},
	{"STOCK:PipelineTask", IR_EXEC_PIPELINE, false},
	{"{5918251B-2970-45A4-AB5F-01C3C588FE5A}", IR_EXEC_PIPELINE, false},
	{"{E3CFBEA8-1F48-40D8-91E1-2DEDC1EDDD56}", IR_EXEC_PIPELINE, false},
	{"{C3BF9DC1-4715-4694-936F-D3CFDA9E42C5}", IR_EXEC_PIPELINE, false},
	{"Microsoft.SqlServer.Dts.Tasks.ExecuteSQLTask.ExecuteSQLTask", IR_EXEC_EXECUTE_SQL, false},
	{"Microsoft.ExecuteSQLTask", IR_EXEC_EXECUTE_SQL, false},
	{"STOCK:SQLTask", IR_EXEC_EXECUTE_SQL, false},
	{"Microsoft.SqlServer.Dts.Tasks.ScriptTask.ScriptTask", IR_EXEC_SCRIPT, false},
	{"Microsoft.ScriptTask", IR_EXEC_SCRIPT, false},
	{"STOCK:ScriptTask", IR_EXEC_SCRIPT, false},
	{"STOCK:SEQUENCE", IR_EXEC_SEQUENCE, false},
	{"STOCK:FORLOOP", IR_EXEC_FOR_LOOP, false},
	{"STOCK:FOREACHLOOP", IR_EXEC_FOREACH_LOOP, false},
	{"SSIS.ExecutePackageTask", IR_EXEC_EXECUTE_PACKAGE, false},
	{"DTS.ExecutePackageTask", IR_EXEC_EXECUTE_PACKAGE, false},
	{"Microsoft.ExecutePackageTask", IR_EXEC_EXECUTE_PACKAGE, false},
	{"STOCK:ExecutePackageTask", IR_EXEC_EXECUTE_PACKAGE, false},
	{"Microsoft.SqlServer.Dts.Tasks.ExecuteProcess.ExecuteProcess", IR_EXEC_EXECUTE_PROCESS, false},
	{"Microsoft.ExecuteProcess", IR_EXEC_EXECUTE_PROCESS, false},
	{"Microsoft.SqlServer.Dts.Tasks.ExpressionTask.ExpressionTask", IR_EXEC_EXPRESSION, false},
	{"Microsoft.ExpressionTask", IR_EXEC_EXPRESSION, false},
	{"Microsoft.SqlServer.Dts.Tasks.FileSystemTask.FileSystemTask", IR_EXEC_FILE_SYSTEM, false},
	{"Microsoft.FileSystemTask", IR_EXEC_FILE_SYSTEM, false},
	{"Microsoft.SqlServer.Dts.Tasks.FtpTask.FtpTask", IR_EXEC_FTP, false},
	{"Microsoft.FtpTask", IR_EXEC_FTP, false},
	{"Microsoft.SqlServer.Dts.Tasks.SendMailTask.SendMailTask", IR_EXEC_SEND_MAIL, false},
	{"Microsoft.SendMailTask", IR_EXEC_SEND_MAIL, false},
	{"Microsoft.SqlServer.Dts.Tasks.WebServiceTask.WebServiceTask", IR_EXEC_WEB_SERVICE, false},
	{"Microsoft.WebServiceTask", IR_EXEC_WEB_SERVICE, false},
	{"Microsoft.SqlServer.Dts.Tasks.XMLTask.XMLTask", IR_EXEC_XML, false},
	{"Microsoft.XMLTask", IR_EXEC_XML, false},
	{"Microsoft.SqlServer.Dts.Tasks.MessageQueueTask.MessageQueueTask", IR_EXEC_MESSAGE_QUEUE, false},
	{"Microsoft.MessageQueueTask", IR_EXEC_MESSAGE_QUEUE, false},
	{"Microsoft.SqlServer.Dts.Tasks.WmiDataReaderTask.WmiDataReaderTask", IR_EXEC_WMI_DATA_READER, false},
	{"Microsoft.WmiDataReaderTask", IR_EXEC_WMI_DATA_READER, false},
	{"Microsoft.SqlServer.Dts.Tasks.WmiEventWatcherTask.WmiEventWatcherTask", IR_EXEC_WMI_EVENT_WATCHER, false},
	{"Microsoft.WmiEventWatcherTask", IR_EXEC_WMI_EVENT_WATCHER, false},
	{"Microsoft.DataTransformationServices.Tasks.DTSProcessingTask.DTSProcessingTask", IR_EXEC_AS_PROCESSING, false},
	{"Microsoft.DTSProcessingTask", IR_EXEC_AS_PROCESSING, false},
	{"Microsoft.DataTransformationServices.Tasks.DTSProcessingTask.ASExecuteDDLTask", IR_EXEC_AS_EXECUTE_DDL, false},
	{"Microsoft.ASExecuteDDLTask", IR_EXEC_AS_EXECUTE_DDL, false},
	{"Microsoft.SqlServer.Dts.Tasks.DMQueryTask.DMQueryTask", IR_EXEC_DATA_MINING_QUERY, false},
	{"Microsoft.DMQueryTask", IR_EXEC_DATA_MINING_QUERY, false},
	{"Microsoft.SqlServer.Dts.Tasks.DataProfilingTask.DataProfilingTask", IR_EXEC_DATA_PROFILING, false},
	{"Microsoft.DataProfilingTask", IR_EXEC_DATA_PROFILING, false},
	{"Microsoft.SqlServer.Dts.Tasks.BulkInsertTask.BulkInsertTask", IR_EXEC_BULK_INSERT, false},
	{"Microsoft.BulkInsertTask", IR_EXEC_BULK_INSERT, false},
	{"Microsoft.TransferDatabaseTask", IR_EXEC_TRANSFER_DATABASE, false},
	{"Microsoft.TransferLoginsTask", IR_EXEC_TRANSFER_LOGINS, false},
	{"Microsoft.TransferJobsTask", IR_EXEC_TRANSFER_JOBS, false},
	{"Microsoft.TransferSqlServerObjectsTask", IR_EXEC_TRANSFER_OBJECTS, false},
	{"Microsoft.TransferErrorMessagesTask", IR_EXEC_TRANSFER_ERROR_MESSAGES, false},
	{"Microsoft.TransferStoredProceduresTask", IR_EXEC_TRANSFER_STORED_PROCEDURES, false},
	{"Microsoft.SqlServer.Dts.Tasks.Transfer", IR_EXEC_TRANSFER_OBJECTS, true},
	{"Microsoft.DbMaintenance", IR_EXEC_MAINTENANCE, true},
	{"Microsoft.SqlServer.Management.DatabaseMaintenance.", IR_EXEC_MAINTENANCE, true},
	{"Attunity.SqlServer.CDCControlTask.CdcControlTask", IR_EXEC_CDC_CONTROL, false},
	{"Microsoft.CDCControlTask", IR_EXEC_CDC_CONTROL, false},
	{"HadoopHiveTask", IR_EXEC_HADOOP_HIVE, false},
	{"Microsoft.HadoopHiveTask", IR_EXEC_HADOOP_HIVE, false},
	{"Microsoft.SqlServer.Dts.Tasks.ActiveXScriptTask.ActiveXScriptTask", IR_EXEC_ACTIVEX_SCRIPT, false},
	{"Microsoft.SqlServer.Dts.Tasks.Exec80PackageTask.Exec80PackageTask", IR_EXEC_EXECUTE_DTS2000, false},
};

/* "SSIS.Pipeline.3" → "SSIS.Pipeline"; "A.B, Asm, Version=…" → "A.B". */
static size_t type_key(const char *name, char *buf, size_t cap)
{
	const char *comma = strchr(name, ',');
	size_t n = comma ? (size_t)(comma - name) : strlen(name);
	while (n && isspace((unsigned char)name[n - 1]))
		n--;
	if (n >= cap)
		n = cap - 1;
	memcpy(buf, name, n);
	buf[n] = 0;
	size_t d = n;
	while (d && isdigit((unsigned char)buf[d - 1]))
		d--;
	if (d && d < n && buf[d - 1] == '.')
		buf[--d] = 0, n = d;
	return n;
}

IrExecKind fe_exec_kind(const char *creation_name)
{
	if (!creation_name || !*creation_name)
		return IR_EXEC_UNKNOWN;
	char key[256];
	type_key(creation_name, key, sizeof key);
	for (size_t i = 0; i < sizeof exec_aliases / sizeof *exec_aliases; i++) {
		const ExecAlias *a = &exec_aliases[i];
		if (a->prefix ? strncasecmp(key, a->key, strlen(a->key)) == 0 : strcasecmp(key, a->key) == 0)
			return a->kind;
	}
	return IR_EXEC_UNKNOWN;
}
