/* test_dtsx.c — unit tests of the .dtsx reader: the property accessor in
 * every format, byte-precise locations and the decoded-offset map, the
 * connection-string parser and its secrets, _xHHHH_ escapes, component and
 * task identification, and whole small packages read end to end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "dtsx_internal.h"

/* ---- helpers ------------------------------------------------------------ */
typedef struct Fixture {
	IrCtx *c;
	DxDoc d;
	bool parsed;
} Fixture;

static IrWarnPolicy all_warnings(void)
{
	IrWarnPolicy p;
	ir_warn_policy_default(&p);
	for (int w = 1; w < IR_W__COUNT; w++)
		p.enabled[w] = true;
	return p;
}

static IrWarnPolicy policy;

static bool parse(Fixture *f, const char *xml)
{
	policy = all_warnings();
	f->c = ir_ctx_new(&policy);
	uint32_t id = ir_add_file(f->c, "t.dtsx", xml, strlen(xml));
	f->parsed = dx_parse(f->c, id, &f->d);
	return f->parsed;
}

static void done(Fixture *f)
{
	if (f->parsed)
		dx_free(&f->d);
	ir_ctx_free(f->c);
}

/* The raw bytes at a location start with `expect`. */
static void assert_loc_text(IrCtx *c, IrLoc loc, const char *expect)
{
	const IrSrcFile *f = ir_file(c, loc.file);
	assert_true(loc.off <= f->len);
	if (strncmp(f->text + loc.off, expect, strlen(expect)) != 0)
		fail_msg("at offset %u: expected \"%s\", found \"%.20s\"", loc.off, expect, f->text + loc.off);
}

static bool has_diag(IrCtx *c, IrWarning w, const char *needle)
{
	for (size_t i = 0; i < c->ndiags; i++)
		if (c->diags[i].warning == w && strstr(c->diags[i].msg, needle))
			return true;
	return false;
}

/* Writes text to a temporary .dtsx and reads it as a package. */
static IrPackage *read_text(IrCtx *c, const char *text, char *path, size_t cap)
{
	snprintf(path, cap, "/tmp/test_dtsx_XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	FeOptions o = {.no_sibling_project_files = true};
	IrPackage *p = fe_read_package(c, path, &o);
	return p;
}

/* ---- the property accessor --------------------------------------------------- */
static const char pkg8[] =
	"<?xml version=\"1.0\"?>\r\n"
	"<DTS:Executable xmlns:DTS=\"www.microsoft.com/SqlServer/Dts\"\r\n"
	"  DTS:refId=\"Package\"\r\n"
	"  DTS:ObjectName=\"Load &amp; Go\"\r\n"
	"  DTS:ExecutableType=\"Microsoft.Package\">\r\n"
	"  <DTS:Property\r\n"
	"    DTS:Name=\"PackageFormatVersion\">8</DTS:Property>\r\n"
	"</DTS:Executable>\r\n";

static const char pkg3[] =
	"<?xml version=\"1.0\"?>\n"
	"<x:Executable xmlns:x=\"www.microsoft.com/SqlServer/Dts\" x:ExecutableType=\"SSIS.Package.2\">\n"
	"<x:Property x:Name=\"PackageFormatVersion\">3</x:Property>\n"
	"<x:Property x:Name=\"ObjectName\">Load &amp; Go</x:Property>\n"
	"<x:Property x:Name=\"Disabled\">-1</x:Property>\n"
	"</x:Executable>\n";

static void prop_reads_attributes_in_format_8(void **state)
{
	(void)state;
	Fixture f = {0};
	assert_true(parse(&f, pkg8));
	IrText t;
	assert_true(dx_prop(&f.d, f.d.root, "ObjectName", &t));
	assert_string_equal(t.s, "Load & Go");
	assert_int_equal(t.kind, IR_TEXT_ATTR);
	assert_loc_text(f.c, t.loc, "Load &amp; Go\"");
	/* PackageFormatVersion stays an element even in format 8 */
	assert_int_equal(dx_prop_int(&f.d, f.d.root, "PackageFormatVersion", 0, NULL), 8);
	/* omitted properties take their defaults */
	assert_false(dx_prop_bool(&f.d, f.d.root, "Disabled", false, NULL));
	assert_int_equal(dx_prop_int(&f.d, f.d.root, "MaxErrorCount", 1, NULL), 1);
	/* the element's location is its '<', not the line libxml2 reports */
	assert_loc_text(f.c, dx_loc(&f.d, f.d.root), "<DTS:Executable");
	done(&f);
}

static void prop_reads_property_children_in_format_3(void **state)
{
	(void)state;
	Fixture f = {0};
	assert_true(parse(&f, pkg3));
	IrText t;
	assert_true(dx_prop(&f.d, f.d.root, "ObjectName", &t));
	assert_string_equal(t.s, "Load & Go");
	assert_int_equal(t.kind, IR_TEXT_CONTENT);
	assert_loc_text(f.c, t.loc, "Load &amp; Go<");
	assert_true(dx_prop_bool(&f.d, f.d.root, "Disabled", false, NULL)); /* -1 is true */
	assert_int_equal(dx_prop_int(&f.d, f.d.root, "PackageFormatVersion", 0, NULL), 3);
	assert_false(dx_prop(&f.d, f.d.root, "Description", &t));
	done(&f);
}

static void prop_warns_on_garbage_numbers(void **state)
{
	(void)state;
	Fixture f = {0};
	assert_true(parse(&f, "<DTS:Executable xmlns:DTS=\"www.microsoft.com/SqlServer/Dts\" DTS:LocaleID=\"abc\"\n"
			      " DTS:VersionBuild=\"99999999999999999999\" DTS:MaxErrorCount=\"4294967304\"/>"));
	assert_int_equal(dx_prop_int(&f.d, f.d.root, "LocaleID", 1033, "\\Package"), 1033);
	assert_true(has_diag(f.c, IR_W_bad_property, "LocaleID"));
	assert_string_equal(f.c->diags[0].ssis_path, "\\Package");
	/* beyond 64 bits, and beyond the 32 bits every SSIS number has */
	assert_int_equal(dx_prop_int(&f.d, f.d.root, "VersionBuild", 0, "\\Package"), 0);
	assert_true(has_diag(f.c, IR_W_bad_property, "VersionBuild: 99999999999999999999 is out of range"));
	assert_int_equal(dx_prop_int(&f.d, f.d.root, "MaxErrorCount", 1, "\\Package"), 1);
	assert_true(has_diag(f.c, IR_W_bad_property, "MaxErrorCount: 4294967304 is out of range"));
	unsigned line, col;
	ir_loc_linecol(f.c, f.c->diags[2].loc, &line, &col);
	assert_int_equal(line, 2);
	done(&f);
}

/* ---- text locations ------------------------------------------------------- */
static void text_loc_maps_attribute_entities_back(void **state)
{
	(void)state;
	Fixture f = {0};
	const char *xml = "<a xmlns:S=\"www.microsoft.com/sqlserver/dts/tasks/sqltask\"\n"
			  "   S:Sql=\"SELECT &quot;x&quot;&#xA;FROM t WHERE a &lt;&gt; 1 AND b = '&#233;t&#xE9;'\"/>";
	assert_true(parse(&f, xml));
	IrText t;
	assert_true(dx_attr(&f.d, f.d.root, DX_NS_SQLTASK, "Sql", &t));
	assert_string_equal(t.s, "SELECT \"x\"\nFROM t WHERE a <> 1 AND b = '\xc3\xa9t\xc3\xa9'");
	assert_loc_text(f.c, fe_text_loc(f.c, &t, 0), "SELECT");
	assert_loc_text(f.c, fe_text_loc(f.c, &t, 7), "&quot;x");
	assert_loc_text(f.c, fe_text_loc(f.c, &t, 8), "x&quot;");
	assert_loc_text(f.c, fe_text_loc(f.c, &t, 11), "FROM");
	size_t ne = (size_t)(strstr(t.s, "<>") - t.s);
	assert_loc_text(f.c, fe_text_loc(f.c, &t, ne), "&lt;&gt;");
	assert_loc_text(f.c, fe_text_loc(f.c, &t, ne + 1), "&gt;");
	size_t e = (size_t)(strstr(t.s, "\xc3\xa9t") - t.s);
	assert_loc_text(f.c, fe_text_loc(f.c, &t, e + 2), "t&#xE9;"); /* &#233; is two UTF-8 bytes */
	/* line and column of a byte inside the attribute */
	unsigned line, col;
	ir_loc_linecol(f.c, fe_text_loc(f.c, &t, 11), &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, (unsigned)(strstr(xml, "FROM") - strchr(xml, '\n')));
	done(&f);
}

static void text_loc_maps_content_with_cdata_and_crlf(void **state)
{
	(void)state;
	Fixture f = {0};
	assert_true(parse(&f, "<a><b>x &amp; y\r\nz<![CDATA[<raw> & ]]>end</b></a>"));
	IrText t;
	xmlNodePtr b = dx_first(f.d.root);
	assert_true(dx_content(&f.d, b, &t));
	assert_string_equal(t.s, "x & y\nz<raw> & end");
	assert_loc_text(f.c, fe_text_loc(f.c, &t, 0), "x &amp;");
	assert_loc_text(f.c, fe_text_loc(f.c, &t, 2), "&amp;");
	assert_loc_text(f.c, fe_text_loc(f.c, &t, 4), "y\r\n");
	assert_loc_text(f.c, fe_text_loc(f.c, &t, 6), "z<![CDATA[");
	assert_loc_text(f.c, fe_text_loc(f.c, &t, 7), "<raw>");
	assert_loc_text(f.c, fe_text_loc(f.c, &t, 15), "end<");
	done(&f);
}

/* ---- connection strings ---------------------------------------------------- */
static void parse_cs(IrCtx *c, const char *s, IrConnStr *out, char **buf)
{
	*buf = ir_strdup(c->arena, s);
	IrText t = {.s = *buf, .len = strlen(s), .kind = IR_TEXT_VERBATIM};
	fe_parse_connstr(c, &t, "\\Package.ConnectionManagers[T]", out);
}

static const IrConnKey *key(const IrConnStr *cs, const char *k)
{
	for (size_t i = 0; i < cs->keys.len; i++)
		if (strcmp(IR_VEC_AT(cs->keys, IrConnKey, i)->key, k) == 0)
			return IR_VEC_AT(cs->keys, IrConnKey, i);
	return NULL;
}

static void connstr_extracts_the_known_fields(void **state)
{
	(void)state;
	IrCtx *c = ir_ctx_new(NULL);
	IrConnStr cs;
	char *buf;
	parse_cs(c, "Data Source=srv01\\SQL2019;Initial Catalog=Sales DW;Provider=SQLNCLI11.1;Integrated "
		    "Security=SSPI;Application Name=\"a;b\";Auto Translate=False;",
		 &cs, &buf);
	assert_string_equal(cs.server, "srv01\\SQL2019");
	assert_string_equal(cs.database, "Sales DW");
	assert_string_equal(cs.provider, "SQLNCLI11.1");
	assert_true(cs.integrated_security);
	assert_string_equal(key(&cs, "Application Name")->value, "a;b");
	assert_int_equal(cs.nsecrets, 0);
	assert_string_equal(cs.sanitized, "Data Source=srv01\\SQL2019;Initial Catalog=Sales DW;Provider=SQLNCLI11.1;"
					  "Integrated Security=SSPI;Application Name=\"a;b\";Auto Translate=False;");
	parse_cs(c, "Provider=Microsoft.ACE.OLEDB.12.0;Data Source=C:\\in\\x.xlsx;Extended Properties=\"Excel 12.0;HDR=YES\";",
		 &cs, &buf);
	assert_string_equal(key(&cs, "Extended Properties")->value, "Excel 12.0;HDR=YES");
	assert_string_equal(cs.server, "C:\\in\\x.xlsx");
	ir_ctx_free(c);
}

static void connstr_drops_secrets_in_every_quoting_style(void **state)
{
	(void)state;
	static const char *const cases[] = {
		"Server=s;User ID=etl;Password=Hunter2;Database=d",
		"Server=s;PWD='Hun;ter2';Database=d",
		"Server=s;password=\"Hunter\"\"2\";Database=d",
		"Server=s;Pwd={Hunter2}}x};Database=d",
		"Server=s; PASSWORD = Hunter2 ;Database=d",
		"Server=s;Jet OLEDB:Database Password=Hunter2;Database=d",
		"Server=s;Database=d;Password=Hunter2",
	};
	IrCtx *c = ir_ctx_new(NULL);
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		IrConnStr cs;
		char *buf;
		parse_cs(c, cases[i], &cs, &buf);
		assert_int_equal(cs.nsecrets, 1);
		assert_string_equal(cs.server, "s");
		assert_string_equal(cs.database, "d");
		assert_null(strstr(cs.sanitized, "Hunter"));
		assert_null(strstr(cs.sanitized, "ter2"));
		assert_null(strstr(buf, "Hunter")); /* overwritten in the decoded copy too */
		for (size_t k = 0; k < cs.keys.len; k++) {
			const IrConnKey *ck = IR_VEC_AT(cs.keys, IrConnKey, k);
			assert_true(ck->secret ? ck->value == NULL : strstr(ck->value, "Hunter") == NULL);
		}
	}
	ir_ctx_free(c);
}

static void connstr_reports_dropped_secrets_when_asked(void **state)
{
	(void)state;
	IrWarnPolicy p = all_warnings();
	IrCtx *c = ir_ctx_new(&p);
	IrConnStr cs;
	char *buf;
	parse_cs(c, "Data Source=x;Password=abc", &cs, &buf);
	assert_true(has_diag(c, IR_W_secret_dropped, "Password"));
	assert_string_equal(c->diags[0].ssis_path, "\\Package.ConnectionManagers[T]");
	for (size_t i = 0; i < c->ndiags; i++)
		assert_null(strstr(c->diags[i].msg, "abc"));
	ir_ctx_free(c);
}

/* ---- _xHHHH_ ---------------------------------------------------------------- */
static void xescapes_decode(void **state)
{
	(void)state;
	IrCtx *c = ir_ctx_new(NULL);
	assert_string_equal(fe_decode_xescapes(c, "_x000D__x000A_"), "\r\n");
	assert_string_equal(fe_decode_xescapes(c, "_x002C_"), ",");
	assert_string_equal(fe_decode_xescapes(c, "_x0009_"), "\t");
	assert_string_equal(fe_decode_xescapes(c, "_x003C_none_x003E_"), "<none>");
	assert_string_equal(fe_decode_xescapes(c, "_x00E9_"), "\xc3\xa9");
	assert_string_equal(fe_decode_xescapes(c, "a_x00_b_xZZZZ_"), "a_x00_b_xZZZZ_"); /* not escapes */
	assert_string_equal(fe_decode_xescapes(c, "plain"), "plain");
	ir_ctx_free(c);
}

/* ---- identification ---------------------------------------------------------- */
static void classes_from_ids_of_every_version(void **state)
{
	(void)state;
	assert_string_equal(fe_class_from_id("Microsoft.OLEDBSource"), "Microsoft.OLEDBSource");
	assert_string_equal(fe_class_from_id("microsoft.lookup"), "Microsoft.Lookup");
	assert_string_equal(fe_class_from_id("DTSAdapter.OLEDBSource.3"), "Microsoft.OLEDBSource");
	assert_string_equal(fe_class_from_id("DTSTransform.MergeJoin.3"), "Microsoft.MergeJoin");
	assert_string_equal(fe_class_from_id("Attunity.SSISODBCSrc"), "Microsoft.SSISODBCSrc");
	assert_string_equal(fe_class_from_id("{2C0A8BE5-1EDC-4353-A0EF-B778599C65A0}"), "Microsoft.OLEDBSource"); /* 2005 */
	assert_string_equal(fe_class_from_id("{BCEFE59B-6819-47F7-A125-63753B33ABB7}"), "Microsoft.OLEDBSource"); /* 2008 */
	assert_string_equal(fe_class_from_id("{165a526d-d5de-47ff-96a6-f8274c19826b}"), "Microsoft.OLEDBSource"); /* 2012 */
	assert_string_equal(fe_class_from_id("{9F4EB4D4-AD71-496D-B70B-31ECE1139884}"), "Microsoft.FuzzyLookup");
	assert_string_equal(fe_class_from_id("DTS.ManagedComponentWrapper.3"), "Microsoft.ManagedComponentHost");
	assert_null(fe_class_from_id("{00000000-0000-0000-0000-000000000000}"));
	assert_null(fe_class_from_id("Microsoft.NoSuchThing"));
	assert_null(fe_class_from_id(""));
}

static void classes_from_managed_type_and_contact_info(void **state)
{
	(void)state;
	assert_string_equal(fe_class_from_user_type("Microsoft.SqlServer.Dts.Pipeline.ScriptComponentHost, "
						    "Microsoft.SqlServer.TxScript, Version=11.0.0.0"),
			    "Microsoft.ScriptComponentHost");
	assert_string_equal(fe_class_from_user_type("Microsoft.DataReaderSourceAdapter"), "Microsoft.DataReaderSourceAdapter");
	assert_null(fe_class_from_user_type("KingswaySoft.IntegrationToolkit.Salesforce.SalesforceSourceComponent"));
	assert_string_equal(fe_class_from_contact("Conditional Split;Microsoft Corporation;0"), "Microsoft.ConditionalSplit");
	assert_string_equal(fe_class_from_contact("Merge Join;Microsoft Corporation"), "Microsoft.MergeJoin");
	assert_string_equal(fe_class_from_contact("Merge;Microsoft Corporation"), "Microsoft.Merge");
	assert_string_equal(fe_class_from_contact("Source OLE DB;Microsoft Corporation"), "Microsoft.OLEDBSource");
	assert_string_equal(fe_class_from_contact("Производный столбец;Microsoft"), "Microsoft.DerivedColumn");
	assert_string_equal(fe_class_from_contact("Executes a custom script.;Microsoft"), "Microsoft.ScriptComponentHost");
	assert_null(fe_class_from_contact("KingswaySoft Inc."));
	assert_null(fe_class_from_contact("Sorting Hat;Hogwarts")); /* "Sort" must be a whole word */
}

static void classes_from_structure(void **state)
{
	(void)state;
	IrCtx *c = ir_ctx_new(NULL);
	IrComponent comp = {0};
	IrProp elim = {.name = "EliminateDuplicates"};
	ir_vec_push(c->arena, &comp.props, &elim);
	assert_string_equal(fe_class_from_structure(&comp), "Microsoft.Sort");
	IrComponent split = {0};
	IrPort out = {0};
	IrProp isdef = {.name = "IsDefaultOut"};
	ir_vec_push(c->arena, &out.props, &isdef);
	ir_vec_push(c->arena, &split.outputs, &out);
	assert_string_equal(fe_class_from_structure(&split), "Microsoft.ConditionalSplit");
	IrComponent none = {0};
	assert_null(fe_class_from_structure(&none));
	ir_ctx_free(c);
}

static void task_kinds_from_creation_names(void **state)
{
	(void)state;
	assert_int_equal(fe_exec_kind("Microsoft.ExecuteSQLTask"), IR_EXEC_EXECUTE_SQL);
	assert_int_equal(fe_exec_kind("Microsoft.SqlServer.Dts.Tasks.ExecuteSQLTask.ExecuteSQLTask, "
				      "Microsoft.SqlServer.SQLTask, Version=9.0.242.0, Culture=neutral"),
			 IR_EXEC_EXECUTE_SQL);
	assert_int_equal(fe_exec_kind("SSIS.Pipeline.3"), IR_EXEC_PIPELINE);
	assert_int_equal(fe_exec_kind("DTS.Pipeline.1"), IR_EXEC_PIPELINE);
	assert_int_equal(fe_exec_kind("{5918251B-2970-45A4-AB5F-01C3C588FE5A}"), IR_EXEC_PIPELINE);
	assert_int_equal(fe_exec_kind("stock:foreachloop"), IR_EXEC_FOREACH_LOOP);
	assert_int_equal(fe_exec_kind("STOCK:SEQUENCE"), IR_EXEC_SEQUENCE);
	assert_int_equal(fe_exec_kind("SSIS.ExecutePackageTask.2"), IR_EXEC_EXECUTE_PACKAGE);
	assert_int_equal(fe_exec_kind("Microsoft.DbMaintenanceBackupTask"), IR_EXEC_MAINTENANCE);
	assert_int_equal(fe_exec_kind("SecureFTP.SFTP, SecureFTP"), IR_EXEC_UNKNOWN);
	assert_string_equal(ir_exec_kind_name(IR_EXEC_FOREACH_LOOP), "ForEachLoop");
}

/* ---- whole packages ------------------------------------------------------------ */
/* 2005 style: DTS:Property children, numeric lineage ids, GUID class ids,
 * and <DTS:Executable IDREF> references inside a precedence constraint. */
static const char pkg2005[] =
	"\xef\xbb\xbf<?xml version=\"1.0\"?><DTS:Executable xmlns:DTS=\"www.microsoft.com/SqlServer/Dts\" "
	"DTS:ExecutableType=\"MSDTS.Package.1\"><DTS:Property DTS:Name=\"PackageFormatVersion\">2</DTS:Property>"
	"<DTS:ConnectionManager><DTS:Property DTS:Name=\"ObjectName\">Src</DTS:Property>"
	"<DTS:Property DTS:Name=\"DTSID\">{AAAAAAAA-0000-0000-0000-000000000001}</DTS:Property>"
	"<DTS:Property DTS:Name=\"CreationName\">OLEDB</DTS:Property><DTS:ObjectData><DTS:ConnectionManager>"
	"<DTS:Property DTS:Name=\"ConnectionString\">Data Source=db1;Initial Catalog=Stage;User ID=sa;Password=TopSecret1;"
	"Provider=SQLNCLI.1;</DTS:Property></DTS:ConnectionManager></DTS:ObjectData></DTS:ConnectionManager>"
	"<DTS:Variable><DTS:Property DTS:Name=\"Namespace\">User</DTS:Property>"
	"<DTS:Property DTS:Name=\"ObjectName\">Cnt</DTS:Property><DTS:VariableValue DTS:DataType=\"3\">5</DTS:VariableValue></DTS:Variable>"
	"<DTS:Executable DTS:ExecutableType=\"DTS.Pipeline.1\"><DTS:Property DTS:Name=\"ObjectName\">Flow</DTS:Property>"
	"<DTS:Property DTS:Name=\"DTSID\">{BBBBBBBB-0000-0000-0000-000000000001}</DTS:Property><DTS:ObjectData>"
	"<pipeline id=\"0\" name=\"pipelineXml\"><components>"
	"<component id=\"1\" name=\"Read\" componentClassID=\"{2C0A8BE5-1EDC-4353-A0EF-B778599C65A0}\"><properties>"
	"<property id=\"2\" name=\"SqlCommand\" dataType=\"System.String\">SELECT a FROM t</property></properties>"
	"<connections><connection id=\"3\" name=\"OleDbConnection\" connectionManagerID=\"{aaaaaaaa-0000-0000-0000-000000000001}\"/></connections>"
	"<outputs><output id=\"4\" name=\"OLE DB Source Output\" synchronousInputId=\"0\"><outputColumns>"
	"<outputColumn id=\"5\" name=\"a\" lineageId=\"5\" dataType=\"i4\"/></outputColumns></output></outputs></component>"
	"<component id=\"10\" name=\"Count\" componentClassID=\"{DE50D3C7-41AF-4804-9247-CF1DEB147971}\"><inputs>"
	"<input id=\"11\" name=\"in\"><inputColumns><inputColumn id=\"12\" name=\"\" lineageId=\"5\"/>"
	"<inputColumn id=\"13\" name=\"\" lineageId=\"99\"/></inputColumns></input></inputs>"
	"<outputs><output id=\"14\" name=\"out\" synchronousInputId=\"11\"/></outputs></component>"
	"</components><paths><path id=\"20\" name=\"p\" startId=\"4\" endId=\"11\"/></paths></pipeline>"
	"</DTS:ObjectData></DTS:Executable>"
	"<DTS:Executable DTS:ExecutableType=\"STOCK:SEQUENCE\"><DTS:Property DTS:Name=\"ObjectName\">After</DTS:Property>"
	"<DTS:Property DTS:Name=\"DTSID\">{BBBBBBBB-0000-0000-0000-000000000002}</DTS:Property></DTS:Executable>"
	"<DTS:PrecedenceConstraint><DTS:Property DTS:Name=\"Value\">1</DTS:Property>"
	"<DTS:Property DTS:Name=\"EvalOp\">3</DTS:Property><DTS:Property DTS:Name=\"Expression\">@Cnt &gt; 0</DTS:Property>"
	"<DTS:Property DTS:Name=\"LogicalAnd\">0</DTS:Property><DTS:Property DTS:Name=\"ObjectName\">C1</DTS:Property>"
	"<DTS:Executable IDREF=\"{BBBBBBBB-0000-0000-0000-000000000001}\" DTS:IsFrom=\"-1\"/>"
	"<DTS:Executable IDREF=\"{BBBBBBBB-0000-0000-0000-000000000002}\" DTS:IsFrom=\"0\"/></DTS:PrecedenceConstraint>"
	"<DTS:Property DTS:Name=\"ObjectName\">Old</DTS:Property></DTS:Executable>";

static void reads_a_2005_package(void **state)
{
	(void)state;
	IrWarnPolicy p = all_warnings();
	IrCtx *c = ir_ctx_new(&p);
	char path[64];
	IrPackage *pkg = read_text(c, pkg2005, path, sizeof path);
	assert_non_null(pkg);
	assert_int_equal(pkg->format_version, 2);
	assert_string_equal(pkg->name, "Old");
	IrExecutable *root = pkg->root;
	assert_int_equal(root->children.len, 2); /* the IDREF elements are not tasks */
	IrExecutable *flow = IR_VEC_AT(root->children, IrExecutable, 0);
	assert_int_equal(flow->kind, IR_EXEC_PIPELINE);
	assert_string_equal(flow->path, "\\Package\\Flow");
	IrConstraint *pc = IR_VEC_AT(root->constraints, IrConstraint, 0);
	assert_ptr_equal(pc->from, flow);
	assert_ptr_equal(pc->to, IR_VEC_AT(root->children, IrExecutable, 1));
	assert_int_equal(pc->value, IR_PC_FAILURE);
	assert_int_equal(pc->eval_op, IR_EVAL_BOTH);
	assert_false(pc->logical_and);
	assert_string_equal(pc->expression.s, "@Cnt > 0");
	IrVariable *v = IR_VEC_AT(root->variables, IrVariable, 0);
	assert_string_equal(v->name, "Cnt");
	assert_int_equal(v->data_type, 3);
	/* the connection manager, its secret gone */
	IrConnMgr *cm = IR_VEC_AT(pkg->connections, IrConnMgr, 0);
	assert_string_equal(cm->connstr.server, "db1");
	assert_string_equal(cm->connstr.user, "sa");
	assert_int_equal(cm->connstr.nsecrets, 1);
	/* the data flow: classes by GUID, lineage resolved through the map */
	IrDataFlow *df = flow->dataflow;
	IrComponent *src = IR_VEC_AT(df->components, IrComponent, 0);
	IrComponent *cnt = IR_VEC_AT(df->components, IrComponent, 1);
	assert_string_equal(src->class_name, "Microsoft.OLEDBSource");
	assert_string_equal(cnt->class_name, "Microsoft.RowCount");
	assert_ptr_equal(IR_VEC_AT(src->connections, IrCompConn, 0)->conn, cm); /* DTSID matched without case */
	IrPort *in = IR_VEC_AT(cnt->inputs, IrPort, 0);
	IrColumn *ok = IR_VEC_AT(in->columns, IrColumn, 0);
	IrPort *srcout = IR_VEC_AT(src->outputs, IrPort, 0);
	assert_ptr_equal(ok->upstream, IR_VEC_AT(srcout->columns, IrColumn, 0));
	assert_string_equal(ok->name, "a"); /* 2005 input columns have no name */
	assert_null(srcout->synchronous_input); /* "0" means none */
	assert_ptr_equal(IR_VEC_AT(cnt->outputs, IrPort, 0)->synchronous_input, in);
	IrPath *pa = IR_VEC_AT(df->paths, IrPath, 0);
	assert_ptr_equal(pa->start, srcout);
	assert_ptr_equal(pa->end, in);
	assert_true(has_diag(c, IR_W_dangling_reference, "'99'"));
	/* the printed IR never holds the password */
	cJSON *j = ir_package_to_json(c, pkg);
	char *text = cJSON_Print(j);
	assert_null(strstr(text, "TopSecret1"));
	assert_non_null(strstr(text, "\"secrets_removed\":\t1"));
	free(text);
	cJSON_Delete(j);
	unlink(path);
	ir_ctx_free(c);
}

static void rejects_encrypted_and_foreign_roots(void **state)
{
	(void)state;
	static const char encrypted[] =
		"<?xml version=\"1.0\"?><DTS:Executable xmlns:DTS=\"www.microsoft.com/SqlServer/Dts\" DTS:ProtectionLevel=\"4\">"
		"<DTS:Property DTS:Name=\"PackageFormatVersion\">8</DTS:Property><EncryptedData/></DTS:Executable>";
	static const char *const bad[] = {
		encrypted,
		"<?xml version=\"1.0\"?><DTS:Executable xmlns:DTS=\"http://example.com/not-dts\"/>",
		"<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>",
		"<?xml version=\"1.0\"?><DTS:Executable xmlns:DTS=\"www.microsoft.com/SqlServer/Dts\"><DTS:Exec",
	};
	static const char *const expect[] = {"encrypted", "not an SSIS package", "DOCTYPE", "malformed XML"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		IrCtx *c = ir_ctx_new(NULL);
		char path[64];
		assert_null(read_text(c, bad[i], path, sizeof path));
		assert_true(c->nerrors >= 1);
		assert_non_null(strstr(c->diags[0].msg, expect[i]));
		assert_int_equal(c->diags[0].loc.file, 1);
		unlink(path);
		ir_ctx_free(c);
	}
}

/* Format 8: string refIds, an unknown third-party managed component kept
 * with its properties, a property expression, an event handler. */
static const char pkg2014[] =
	"<?xml version=\"1.0\"?>\n<DTS:Executable xmlns:DTS=\"www.microsoft.com/SqlServer/Dts\" DTS:refId=\"Package\"\n"
	"  DTS:ExecutableType=\"Microsoft.Package\" DTS:ObjectName=\"New\">\n"
	"  <DTS:Property DTS:Name=\"PackageFormatVersion\">8</DTS:Property>\n"
	"  <DTS:Executables>\n"
	"    <DTS:Executable DTS:refId=\"Package\\DFT\" DTS:ExecutableType=\"Microsoft.Pipeline\" DTS:ObjectName=\"DFT\">\n"
	"      <DTS:PropertyExpression DTS:Name=\"[X].[SqlCommand]\">@[User::Q]</DTS:PropertyExpression>\n"
	"      <DTS:PropertyExpression DTS:Name=\"Conn\">\"Dsn=\" + @[User::D] + \";Password=Read.Only1;\"</DTS:PropertyExpression>\n"
	"      <DTS:ObjectData><pipeline version=\"1\"><components>\n"
	"        <component refId=\"Package\\DFT\\X\" componentClassID=\"Microsoft.ManagedComponentHost\" name=\"X\">\n"
	"          <properties><property name=\"UserComponentTypeName\">Acme.Blob, Acme</property>\n"
	"            <property name=\"ApiKey\">k-123</property><property name=\"Container\">c1</property></properties>\n"
	"        </component></components></pipeline></DTS:ObjectData>\n"
	"    </DTS:Executable>\n"
	"    <DTS:Executable DTS:refId=\"Package\\Weird\" DTS:ExecutableType=\"Acme.Task\" DTS:ObjectName=\"Weird\"/>\n"
	"  </DTS:Executables>\n"
	"  <DTS:EventHandlers><DTS:EventHandler DTS:refId=\"Package.EventHandlers[OnError]\" DTS:EventName=\"OnError\">\n"
	"    <DTS:Executables><DTS:Executable DTS:refId=\"Package.EventHandlers[OnError]\\Log\"\n"
	"      DTS:ExecutableType=\"Microsoft.ExecuteSQLTask\" DTS:ObjectName=\"Log\"/></DTS:Executables>\n"
	"  </DTS:EventHandler></DTS:EventHandlers>\n"
	"</DTS:Executable>\n";

static void reads_a_2014_package_with_third_party_parts(void **state)
{
	(void)state;
	IrWarnPolicy p = all_warnings();
	IrCtx *c = ir_ctx_new(&p);
	char path[64];
	IrPackage *pkg = read_text(c, pkg2014, path, sizeof path);
	assert_non_null(pkg);
	IrExecutable *dft = IR_VEC_AT(pkg->root->children, IrExecutable, 0);
	IrPropExpr *pe = IR_VEC_AT(dft->prop_exprs, IrPropExpr, 0);
	assert_string_equal(pe->property, "[X].[SqlCommand]");
	assert_string_equal(pe->expr.s, "@[User::Q]");
	/* a secret written into an expression is masked, its length kept */
	IrPropExpr *conn = IR_VEC_AT(dft->prop_exprs, IrPropExpr, 1);
	assert_string_equal(conn->expr.s, "\"Dsn=\" + @[User::D] + \";Password=**********;\"");
	IrComponent *x = IR_VEC_AT(dft->dataflow->components, IrComponent, 0);
	assert_false(x->known);
	assert_string_equal(x->class_name, "3rd:Acme.Blob");
	assert_int_equal(x->props.len, 3);
	IrProp *apikey = IR_VEC_AT(x->props, IrProp, 1);
	assert_true(apikey->secret);
	assert_null(apikey->value.s);
	assert_true(has_diag(c, IR_W_unknown_component, "Acme.Blob"));
	IrExecutable *weird = IR_VEC_AT(pkg->root->children, IrExecutable, 1);
	assert_int_equal(weird->kind, IR_EXEC_UNKNOWN);
	assert_string_equal(weird->creation_name, "Acme.Task");
	assert_true(has_diag(c, IR_W_unknown_task, "Acme.Task"));
	for (size_t i = 0; i < c->ndiags; i++)
		if (c->diags[i].warning == IR_W_unknown_task)
			assert_string_equal(c->diags[i].ssis_path, "\\Package\\Weird");
	assert_int_equal(pkg->root->event_handlers.len, 1);
	IrEventHandler *h = IR_VEC_AT(pkg->root->event_handlers, IrEventHandler, 0);
	assert_string_equal(h->event, "OnError");
	assert_int_equal(IR_VEC_AT(h->body->children, IrExecutable, 0)->kind, IR_EXEC_EXECUTE_SQL);
	assert_int_equal(pkg->root->children.len, 2); /* handlers are kept apart from the flow */
	unlink(path);
	ir_ctx_free(c);
}

/* Project.params and a .conmgr beside the package are read; the package's
 * references to the project connection resolve. */
static void write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void reads_project_files_beside_the_package(void **state)
{
	(void)state;
	char dir[] = "/tmp/test_dtsx_proj_XXXXXX";
	assert_non_null(mkdtemp(dir));
	write_file(dir, "Project.params",
		   "<?xml version=\"1.0\"?>\n<SSIS:Parameters xmlns:SSIS=\"www.microsoft.com/SqlServer/SSIS\">\n"
		   "  <SSIS:Parameter SSIS:Name=\"InFolder\"><SSIS:Properties>\n"
		   "    <SSIS:Property SSIS:Name=\"DataType\">18</SSIS:Property>\n"
		   "    <SSIS:Property SSIS:Name=\"Value\">D:\\in</SSIS:Property>\n"
		   "    <SSIS:Property SSIS:Name=\"Sensitive\">0</SSIS:Property></SSIS:Properties></SSIS:Parameter>\n"
		   "  <SSIS:Parameter SSIS:Name=\"ApiPwd\"><SSIS:Properties>\n"
		   "    <SSIS:Property SSIS:Name=\"Sensitive\">1</SSIS:Property>\n"
		   "    <SSIS:Property SSIS:Name=\"Value\">encrypted-blob</SSIS:Property></SSIS:Properties></SSIS:Parameter>\n"
		   "</SSIS:Parameters>\n");
	write_file(dir, "Warehouse DW.conmgr",
		   "<?xml version=\"1.0\"?>\n<DTS:ConnectionManager xmlns:DTS=\"www.microsoft.com/SqlServer/Dts\"\n"
		   "  DTS:ObjectName=\"Warehouse DW\" DTS:DTSID=\"{CCCCCCCC-0000-0000-0000-000000000001}\" DTS:CreationName=\"OLEDB\">\n"
		   "  <DTS:ObjectData><DTS:ConnectionManager DTS:ConnectionString=\"Data Source=dw;Initial Catalog=DW;"
		   "Provider=MSOLEDBSQL;PWD={x;y};\"/></DTS:ObjectData>\n"
		   "</DTS:ConnectionManager>\n");
	write_file(dir, "Load.dtsx",
		   "<?xml version=\"1.0\"?>\n<DTS:Executable xmlns:DTS=\"www.microsoft.com/SqlServer/Dts\" DTS:refId=\"Package\"\n"
		   "  DTS:ExecutableType=\"Microsoft.Package\" DTS:ObjectName=\"Load\">\n"
		   "  <DTS:Property DTS:Name=\"PackageFormatVersion\">8</DTS:Property>\n"
		   "  <DTS:Executables><DTS:Executable DTS:refId=\"Package\\SQL\" DTS:ExecutableType=\"Microsoft.ExecuteSQLTask\"\n"
		   "    DTS:ObjectName=\"SQL\"><DTS:ObjectData><SQLTask:SqlTaskData\n"
		   "    SQLTask:Connection=\"{cccccccc-0000-0000-0000-000000000001}\" SQLTask:SqlStatementSource=\"EXEC dbo.p\"\n"
		   "    xmlns:SQLTask=\"www.microsoft.com/sqlserver/dts/tasks/sqltask\"/></DTS:ObjectData></DTS:Executable>\n"
		   "  </DTS:Executables>\n</DTS:Executable>\n");
	char path[512];
	snprintf(path, sizeof path, "%s/Load.dtsx", dir);
	IrWarnPolicy p = all_warnings();
	IrCtx *c = ir_ctx_new(&p);
	IrPackage *pkg = fe_read_package(c, path, NULL);
	assert_non_null(pkg);
	for (size_t i = 0; i < c->ndiags; i++) /* only the dropped PWD is reported */
		assert_int_equal(c->diags[i].warning, IR_W_secret_dropped);
	assert_int_equal(c->nwarnings, 1);
	assert_int_equal(pkg->project_parameters.len, 2);
	IrParam *folder = IR_VEC_AT(pkg->project_parameters, IrParam, 0);
	assert_string_equal(folder->name, "InFolder");
	assert_int_equal(folder->data_type, 18);
	assert_true(folder->type_code);
	assert_string_equal(folder->value.s, "D:\\in");
	IrParam *pwd = IR_VEC_AT(pkg->project_parameters, IrParam, 1);
	assert_true(pwd->sensitive);
	assert_null(pwd->value.s);
	assert_int_equal(pkg->project_connections.len, 1);
	IrConnMgr *cm = IR_VEC_AT(pkg->project_connections, IrConnMgr, 0);
	assert_string_equal(cm->refid, "Project.ConnectionManagers[Warehouse DW]");
	assert_true(cm->project);
	assert_int_equal(cm->connstr.nsecrets, 1);
	IrExecutable *sql = IR_VEC_AT(pkg->root->children, IrExecutable, 0);
	assert_ptr_equal(sql->sql->conn, cm);
	ir_ctx_free(c);
	const char *names[] = {"Project.params", "Warehouse DW.conmgr", "Load.dtsx"};
	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(prop_reads_attributes_in_format_8),
		cmocka_unit_test(prop_reads_property_children_in_format_3),
		cmocka_unit_test(prop_warns_on_garbage_numbers),
		cmocka_unit_test(text_loc_maps_attribute_entities_back),
		cmocka_unit_test(text_loc_maps_content_with_cdata_and_crlf),
		cmocka_unit_test(connstr_extracts_the_known_fields),
		cmocka_unit_test(connstr_drops_secrets_in_every_quoting_style),
		cmocka_unit_test(connstr_reports_dropped_secrets_when_asked),
		cmocka_unit_test(xescapes_decode),
		cmocka_unit_test(classes_from_ids_of_every_version),
		cmocka_unit_test(classes_from_managed_type_and_contact_info),
		cmocka_unit_test(classes_from_structure),
		cmocka_unit_test(task_kinds_from_creation_names),
		cmocka_unit_test(reads_a_2005_package),
		cmocka_unit_test(rejects_encrypted_and_foreign_roots),
		cmocka_unit_test(reads_a_2014_package_with_third_party_parts),
		cmocka_unit_test(reads_project_files_beside_the_package),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
