/* test_backend.c — the backend's unit and golden tests: names, model
 * boundaries, load modes, the SQL of each operator per dialect, the source
 * map, determinism, writing (unchanged files kept, stale ones removed), and
 * whole generated trees compared with tests/backend/golden/ (UPDATE_GOLDEN=1
 * rewrites them for review). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "be_internal.h"
#include "cases.h"

#ifndef SSIS_EXAMPLES_DIR
#define SSIS_EXAMPLES_DIR "../shared/conformance/examples"
#endif
#ifndef SSIS_GOLDEN_DIR
#define SSIS_GOLDEN_DIR "tests/backend/golden"
#endif

/* ---- helpers ------------------------------------------------------------- */
typedef struct Printed {
	IrCtx *c;
	IrVec files;
	BeCoverage cov;
} Printed;

static IrWarnPolicy policy;

static Printed print_case(const char *name, BeDialect d)
{
	Printed p = {0};
	ir_warn_policy_default(&policy);
	p.c = ir_ctx_new(&policy);
	const BeCase *k = be_case(name);
	assert_non_null(k);
	BePackageInput *in = be_case_inputs(p.c, k, SSIS_EXAMPLES_DIR);
	BeOptions o = {.dialect = d, .output_dir = "proj"};
	assert_true(be_print_project(p.c, in, k->n, &o, &p.files, &p.cov));
	return p;
}

static const BeFile *file(const Printed *p, const char *path)
{
	for (size_t i = 0; i < p->files.len; i++)
		if (!strcmp(IR_VEC_AT(p->files, BeFile, i)->path, path))
			return IR_VEC_AT(p->files, BeFile, i);
	return NULL;
}

static const char *text(const Printed *p, const char *path)
{
	const BeFile *f = file(p, path);
	if (!f)
		fail_msg("no generated file %s", path);
	return f->text;
}

static void has(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("expected to find:\n%s\n--- in:\n%s", needle, hay);
}

static void lacks(const char *hay, const char *needle)
{
	if (strstr(hay, needle))
		fail_msg("did not expect:\n%s\n--- in:\n%s", needle, hay);
}

static cJSON *manifest(const Printed *p)
{
	cJSON *j = cJSON_Parse(text(p, "ssis2dbt_manifest.json"));
	assert_non_null(j);
	return j;
}

static const cJSON *find_by(const cJSON *arr, const char *key, const char *value)
{
	const cJSON *it;
	cJSON_ArrayForEach(it, arr) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(it, key);
		if (cJSON_IsString(v) && !strcmp(v->valuestring, value))
			return it;
	}
	return NULL;
}

static const char *jstr(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static size_t count_layer(const cJSON *m, const char *layer)
{
	size_t n = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(m, "models"))
		n += jstr(it, "layer") && !strcmp(jstr(it, "layer"), layer);
	return n;
}

/* ---- names ------------------------------------------------------------------ */
static void test_snake(void **state)
{
	(void)state;
	IrArena *a = ir_arena_new();
	assert_string_equal(be_snake(a, "Lookup Region"), "lookup_region");
	assert_string_equal(be_snake(a, "DimCustomer"), "dim_customer");
	assert_string_equal(be_snake(a, "XMLFile"), "xml_file");
	assert_string_equal(be_snake(a, "OLE_DST LargeOrders"), "ole_dst_large_orders");
	assert_string_equal(be_snake(a, "Sales2024Q1"), "sales2024q1"); /* no break after a digit */
	assert_string_equal(be_snake(a, "  --weird!!name--  "), "weird_name");
	assert_string_equal(be_snake(a, "123abc"), "n_123abc");
	assert_string_equal(be_snake(a, ""), "x");
	assert_string_equal(be_snake(a, "\xc3\x9c" "ber"), "ber");
	ir_arena_free(a);
}

static void test_var_names(void **state)
{
	(void)state;
	IrArena *a = ir_arena_new();
	assert_string_equal(be_var_name(a, "$Project::LoadDate"), "project__loaddate");
	assert_string_equal(be_var_name(a, "User::BatchId"), "user__batchid");
	assert_string_equal(be_var_name(a, "$Package::Max Rows"), "package__max_rows");
	ir_arena_free(a);
}

static void test_unique_names(void **state)
{
	(void)state;
	IrCtx *c = ir_ctx_new(&policy);
	BeProject pr = {.c = c, .a = c->arena};
	assert_string_equal(be_unique_name(&pr, "orders"), "orders");
	assert_string_equal(be_unique_name(&pr, "orders"), "orders_2");
	assert_string_equal(be_unique_name(&pr, "ORDERS"), "ORDERS_3"); /* case-insensitive */
	assert_string_equal(be_unique_name(&pr, "orders_2"), "orders_2_2");
	ir_ctx_free(c);
}

/* ---- model boundaries ------------------------------------------------------- */
static void test_partition_split(void **state)
{
	(void)state;
	Printed p = print_case("conditional_split_basic", BE_DUCKDB);
	cJSON *m = manifest(&p);
	assert_int_equal(count_layer(m, "staging"), 1);
	assert_int_equal(count_layer(m, "intermediate"), 1); /* the CASE, read by three filters */
	assert_int_equal(count_layer(m, "marts"), 3);
	/* each filter lives in its destination's model, over the shared CASE */
	const char *large = text(&p, "models/marts/large_orders.sql");
	has(large, "from {{ ref('int_route_orders__cspl_route_by_size_and_region') }}");
	has(large, "where (\"__ssis_output\" = 1)");
	lacks(large, "select *");
	has(text(&p, "models/intermediate/int_route_orders__cspl_route_by_size_and_region.sql"),
	    "(CASE WHEN (\"Amount\" >= 1000) THEN 1 WHEN (\"Region\" = 'EU') THEN 2 ELSE 3 END) as \"__ssis_output\"");
	/* the query over one table reads the source */
	has(text(&p, "models/staging/sales_db/stg_sales_db__orders.sql"), "from {{ source('sales_db', 'Orders') }}");
	cJSON_Delete(m);
	ir_ctx_free(p.c);
}

static void test_partition_lookup(void **state)
{
	(void)state;
	Printed p = print_case("lookup_no_match_redirect", BE_DUCKDB);
	cJSON *m = manifest(&p);
	assert_int_equal(count_layer(m, "staging"), 2);
	assert_int_equal(count_layer(m, "intermediate"), 1);
	assert_int_equal(count_layer(m, "marts"), 2);
	const char *join = text(&p, "models/intermediate/int_enrich_sales__lkp_product.sql");
	has(join, "row_number() over (partition by \"ProductCode\") as \"__ssis2dbt_rn\"");
	has(join, "where \"__ssis2dbt_rn\" = 1");
	has(join, "left join \"lkp_product__reference\" as \"r\"");
	has(join, "case when \"r\".\"__ssis2dbt_match\" is not null then true else false end as \"__ssis_matched\"");
	has(text(&p, "models/marts/sales_unmatched.sql"), "where (NOT \"__ssis_matched\")");
	cJSON_Delete(m);
	ir_ctx_free(p.c);
}

static void test_shared_source(void **state)
{
	(void)state;
	Printed p = print_case("two_packages", BE_DUCKDB);
	cJSON *m = manifest(&p);
	const cJSON *src = find_by(cJSON_GetObjectItemCaseSensitive(m, "sources"), "legacy", "SalesDB.dbo.Orders");
	assert_non_null(src);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(src, "packages")), 2);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(m, "sources")), 1);
	/* two different reads of the table: two staging models, unique names */
	assert_non_null(file(&p, "models/staging/sales_db/stg_sales_db__orders.sql"));
	assert_non_null(file(&p, "models/staging/sales_db/stg_sales_db__orders_2.sql"));
	/* one sources file holds the table once */
	const char *yml = text(&p, "models/staging/sales_db/_sales_db__sources.yml");
	const char *first = strstr(yml, "- name: \"Orders\"");
	assert_non_null(first);
	assert_null(strstr(first + 1, "- name: \"Orders\""));
	cJSON_Delete(m);
	ir_ctx_free(p.c);
}

/* ---- load modes, operators, placeholders -------------------------------------- */
static void test_load_modes(void **state)
{
	(void)state;
	Printed p = print_case("operators", BE_DUCKDB);
	cJSON *m = manifest(&p);
	const cJSON *dests = cJSON_GetObjectItemCaseSensitive(m, "destinations");
	const cJSON *fact = find_by(dests, "legacy", "DWH.dbo.FactOrders");
	const cJSON *stats = find_by(dests, "legacy", "DWH.dbo.CustomerStats");
	assert_non_null(fact);
	assert_non_null(stats);
	assert_string_equal(jstr(fact, "load"), "replace");  /* TRUNCATE TABLE [dbo].[FactOrders] before */
	assert_string_equal(jstr(fact, "model"), "fct_orders");
	assert_string_equal(jstr(stats, "load"), "append");
	const cJSON *rel = cJSON_GetObjectItemCaseSensitive(fact, "relation");
	assert_string_equal(jstr(rel, "schema"), "dbo");
	assert_string_equal(jstr(rel, "identifier"), "FactOrders");
	has(text(&p, "models/marts/fct_orders.sql"), "{{ config(materialized='table', schema='dbo', alias='FactOrders') }}");
	has(text(&p, "models/marts/customer_stats.sql"), "materialized='incremental', incremental_strategy='append'");
	cJSON_Delete(m);
	ir_ctx_free(p.c);
}

static void test_operator_sql(void **state)
{
	(void)state;
	Printed p = print_case("operators", BE_DUCKDB);
	const char *join = text(&p, "models/intermediate/int_operators__join_customers.sql");
	has(join, "on \"l\".\"CustomerID\" is not distinct from \"r\".\"CustomerID\"");
	has(join, "row_number() over (partition by \"CustomerID\" order by \"Name\" desc)");
	lacks(join, "\"sort_customers\""); /* the Sort is dropped */
	const char *stats = text(&p, "models/marts/customer_stats.sql");
	has(stats, "cast(count(*) as BIGINT) as \"Orders\"");
	has(stats, "cast(count(\"Amount\") as BIGINT) as \"OrdersWithAmount\"");
	has(stats, "cast(avg(cast(\"OrderID\" as DOUBLE)) as DOUBLE) as \"AvgOrderId\"");
	has(stats, "cast(count(distinct \"Name\") as BIGINT) as \"Names\"");
	has(stats, "group by \"CustomerID\"");
	const char *scores = text(&p, "models/marts/scores.sql");
	has(scores, "union all");
	has(scores, "cast(null as DOUBLE) as \"Score\"");
	has(scores, "from {{ ref('int_operators__script_scoring') }}");
	has(scores, "{{ var('user__batchid') }}"); /* the dbt var of User::BatchId, as in the manifest */
	cJSON *m = manifest(&p);
	const cJSON *vars = cJSON_GetObjectItemCaseSensitive(m, "vars");
	assert_non_null(find_by(vars, "name", "user__batchid"));
	assert_string_equal(jstr(find_by(vars, "name", "package__loaddate"), "default"), "2024-01-31");
	has(text(&p, "dbt_project.yml"), "  user__batchid: \"7\"\n");
	cJSON_Delete(m);
	ir_ctx_free(p.c);
}

static void test_placeholder(void **state)
{
	(void)state;
	Printed p = print_case("operators", BE_DUCKDB);
	const char *ph = text(&p, "models/intermediate/int_operators__script_scoring.sql");
	has(ph, "{{ ssis2dbt_not_translated('ssis2dbt: \\\\Package\\\\DFT Everything\\\\Script Scoring is not translated: "
		"Script Component (C#) is not translatable') }}");
	has(ph, "/* original code:\npublic override void Input0_ProcessInputRow");
	has(ph, "/ * { { x }} * /"); /* the original's comment and Jinja cannot escape */
	has(ph, "-- depends_on: {{ ref('stg_dwh__orders') }}");
	has(text(&p, "macros/ssis2dbt_not_translated.sql"), "duckdb__ssis2dbt_not_translated");
	cJSON *m = manifest(&p);
	const cJSON *model = find_by(cJSON_GetObjectItemCaseSensitive(m, "models"), "name", "int_operators__script_scoring");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(model, "placeholder")));
	const cJSON *pkg = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(m, "packages"), 0);
	const cJSON *comps = cJSON_GetObjectItemCaseSensitive(pkg, "components");
	const cJSON *sk = find_by(comps, "ssis_path", "\\Package\\DFT Everything\\Script Scoring");
	assert_string_equal(jstr(sk, "status"), "placeholder");
	const cJSON *mc = find_by(comps, "ssis_path", "\\Package\\DFT Everything\\Multicast");
	assert_string_equal(jstr(mc, "status"), "translated");
	const cJSON *sql = find_by(comps, "ssis_path", "\\Package\\SQL Truncate Fact");
	assert_string_equal(jstr(sql, "status"), "translated");
	assert_int_equal(p.cov.placeholder, 1);
	cJSON_Delete(m);
	ir_ctx_free(p.c);
}

static void test_flatfile(void **state)
{
	(void)state;
	Printed p = print_case("flatfile_convert_aggregate", BE_DUCKDB);
	const char *stg = text(&p, "models/staging/sales_file/stg_sales_file__flatfile.sql");
	has(stg, "read_csv('{{ var('sales_file__path') }}'");
	has(stg, "coalesce(\"StoreCode\", '') as \"StoreCode\""); /* RetainNulls = false */
	has(stg, "columns = {'StoreCode': 'VARCHAR', 'SaleDate': 'VARCHAR', 'Amount': 'VARCHAR', 'Units': 'VARCHAR'}");
	has(text(&p, "dbt_project.yml"), "  sales_file__path: \"C:\\\\ETL\\\\Inbound\\\\store_sales.csv\"");
	ir_ctx_free(p.c);
	p = print_case("flatfile_convert_aggregate", BE_POSTGRES);
	stg = text(&p, "models/staging/sales_file/stg_sales_file__flatfile.sql");
	has(stg, "copy {{ this.schema }}.\"stg_sales_file__flatfile__file\" from \\'{{ var(\\'sales_file__path\\') }}\\'");
	has(stg, "materialized='table'");
	ir_ctx_free(p.c);
}

static void test_dialects(void **state)
{
	(void)state;
	Printed p = print_case("lookup_no_match_redirect", BE_SQLSERVER);
	const char *join = text(&p, "models/intermediate/int_enrich_sales__lkp_product.sql");
	has(join, "[l].[ProductCode] collate Latin1_General_100_BIN2 = [r].[ProductCode] collate Latin1_General_100_BIN2");
	has(join, "row_number() over (partition by [ProductCode] order by (select null))");
	has(join, "then cast(1 as bit) else cast(0 as bit) end");
	lacks(join, "\"");
	has(text(&p, "models/marts/sales_enriched.sql"), "cast([ProductName] as nvarchar(40))");
	ir_ctx_free(p.c);
	p = print_case("derived_column_basic", BE_POSTGRES);
	has(text(&p, "models/marts/order_line_out.sql"), "cast(\"CustomerName\" as varchar(61)) as \"CustomerName\"");
	has(text(&p, "profiles.yml"), "password: \"{{ env_var('SSIS2DBT_PG_PASSWORD', '') }}\"");
	ir_ctx_free(p.c);
}

static void test_inferred_tests(void **state)
{
	(void)state;
	Printed p = print_case("lookup_fail", BE_DUCKDB);
	cJSON *m = manifest(&p);
	const cJSON *tests = cJSON_GetObjectItemCaseSensitive(m, "tests");
	assert_int_equal(cJSON_GetArraySize(tests), 3);
	const cJSON *u = find_by(tests, "name", "unique_int_load_regions__distinct_regions__region_code");
	assert_non_null(u);
	assert_string_equal(jstr(u, "kind"), "unique");
	assert_string_equal(jstr(u, "column"), "RegionCode");
	/* on the rows the Lookup reads: its output holds only the matches */
	const cJSON *rel = find_by(tests, "name", "relationships_stg_dwh__orders__region_code");
	assert_non_null(rel);
	assert_string_equal(jstr(rel, "model"), "stg_dwh__orders");
	has(jstr(rel, "reason"), "NoMatchBehavior = 0");
	const cJSON *dim = find_by(tests, "name", "unique_dim_region__region_code");
	assert_non_null(dim); /* a replaced table grouped by one key */
	const char *yml = text(&p, "models/staging/dwh/_dwh__models.yml");
	has(yml, "          - relationships:\n"
		 "              name: \"relationships_stg_dwh__orders__region_code\"\n"
		 "              arguments:\n"
		 "                to: \"ref('int_load_regions__distinct_regions')\"\n"
		 "                field: \"RegionCode\"\n");
	has(yml, "ssis2dbt_reason: \"Lookup Lookup Region fails the package when a row has no match");
	const cJSON *d = find_by(cJSON_GetObjectItemCaseSensitive(m, "destinations"), "legacy", "DWH.dbo.DimRegion");
	assert_string_equal(jstr(d, "load"), "replace"); /* DELETE FROM [dbo].[DimRegion] with no WHERE */
	cJSON_Delete(m);
	ir_ctx_free(p.c);
}

/* ---- determinism and writing ---------------------------------------------------- */
static void test_deterministic(void **state)
{
	(void)state;
	for (size_t k = 0; k < be_ncases; k++) {
		Printed a = print_case(be_cases[k].name, BE_DUCKDB), b = print_case(be_cases[k].name, BE_DUCKDB);
		assert_int_equal(a.files.len, b.files.len);
		for (size_t i = 0; i < a.files.len; i++) {
			const BeFile *x = IR_VEC_AT(a.files, BeFile, i), *y = IR_VEC_AT(b.files, BeFile, i);
			assert_string_equal(x->path, y->path);
			assert_int_equal(x->len, y->len);
			assert_memory_equal(x->text, y->text, x->len);
		}
		ir_ctx_free(a.c);
		ir_ctx_free(b.c);
	}
}

static bool build_into(const char *case_name, const char *dir)
{
	IrCtx *c = ir_ctx_new(&policy);
	const BeCase *k = be_case(case_name);
	BePackageInput *in = be_case_inputs(c, k, SSIS_EXAMPLES_DIR);
	BeOptions o = {.dialect = BE_DUCKDB, .output_dir = dir};
	bool ok = be_build_project(c, in, k->n, &o, NULL);
	ir_ctx_free(c);
	return ok;
}

static bool exists(const char *dir, const char *rel)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", dir, rel);
	struct stat st;
	return stat(path, &st) == 0;
}

static void test_write_and_stale(void **state)
{
	(void)state;
	char dir[] = "/tmp/be_test_XXXXXX";
	assert_non_null(mkdtemp(dir));
	assert_true(build_into("operators", dir));
	char path[1024];
	snprintf(path, sizeof path, "%s/models/marts/fct_orders.sql", dir);
	struct stat st1, st2;
	assert_int_equal(stat(path, &st1), 0);
	/* a file of the user's own, beside generated ones */
	snprintf(path, sizeof path, "%s/models/marts/my_report.sql", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("select 1\n", f);
	fclose(f);
	sleep(1);
	assert_true(build_into("operators", dir)); /* no change: files are not rewritten */
	snprintf(path, sizeof path, "%s/models/marts/fct_orders.sql", dir);
	assert_int_equal(stat(path, &st2), 0);
	assert_int_equal((long)st1.st_mtime, (long)st2.st_mtime);
	assert_true(build_into("derived_column_basic", dir)); /* another project in the same place */
	assert_false(exists(dir, "models/marts/fct_orders.sql"));
	assert_false(exists(dir, "models/intermediate/int_operators__script_scoring.sql"));
	assert_true(exists(dir, "models/marts/order_line_out.sql"));
	assert_true(exists(dir, "models/marts/my_report.sql"));
	char cmd[1200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* ---- golden trees ------------------------------------------------------------------ */
static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *s = malloc((size_t)n + 1);
	*len = fread(s, 1, (size_t)n, f);
	s[*len] = 0;
	fclose(f);
	return s;
}

static void golden(const char *case_name, BeDialect d)
{
	Printed p = print_case(case_name, d);
	bool update = getenv("UPDATE_GOLDEN") && *getenv("UPDATE_GOLDEN") == '1';
	const char *sub = ir_sprintf(p.c->arena, "%s/%s-%s", SSIS_GOLDEN_DIR, case_name, be_dialect_name(d));
	size_t bad = 0;
	if (update) { /* start afresh: a file no longer generated leaves the tree */
		char *cmd = ir_sprintf(p.c->arena, "rm -rf '%s'", sub);
		assert_int_equal(system(cmd), 0);
	}
	for (size_t i = 0; i < p.files.len; i++) {
		const BeFile *f = IR_VEC_AT(p.files, BeFile, i);
		if (!strncmp(f->path, "macros/ssis_", 12))
			continue; /* the expression macros have their own tests */
		const char *path = ir_sprintf(p.c->arena, "%s/%s", sub, f->path);
		if (update) {
			const char *err = NULL;
			assert_int_not_equal(ir_write_file(path, f->text, f->len, &err), IR_WRITE_FAILED);
			continue;
		}
		size_t len = 0;
		char *want = read_all(path, &len);
		if (!want || len != f->len || memcmp(want, f->text, len)) {
			print_error("golden mismatch: %s (run with UPDATE_GOLDEN=1 to regenerate, then review the diff)\n",
				    path);
			bad++;
		}
		free(want);
	}
	/* the golden manifest lists the generated files: one that is no longer
	 * generated shows as a manifest mismatch */
	ir_ctx_free(p.c);
	assert_int_equal(bad, 0);
}

static void test_golden_split(void **s) { (void)s; golden("conditional_split_basic", BE_DUCKDB); }
static void test_golden_derived(void **s) { (void)s; golden("derived_column_basic", BE_DUCKDB); }
static void test_golden_flatfile(void **s) { (void)s; golden("flatfile_convert_aggregate", BE_DUCKDB); }
static void test_golden_lookup(void **s) { (void)s; golden("lookup_no_match_redirect", BE_DUCKDB); }
static void test_golden_operators(void **s) { (void)s; golden("operators", BE_DUCKDB); }
static void test_golden_lookup_fail(void **s) { (void)s; golden("lookup_fail", BE_DUCKDB); }
static void test_golden_two(void **s) { (void)s; golden("two_packages", BE_DUCKDB); }
static void test_golden_flatfile_pg(void **s) { (void)s; golden("flatfile_convert_aggregate", BE_POSTGRES); }
static void test_golden_lookup_mssql(void **s) { (void)s; golden("lookup_no_match_redirect", BE_SQLSERVER); }
static void test_golden_operators_sf(void **s) { (void)s; golden("operators", BE_SNOWFLAKE); }

int main(void)
{
	ir_warn_policy_default(&policy);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_snake),
		cmocka_unit_test(test_var_names),
		cmocka_unit_test(test_unique_names),
		cmocka_unit_test(test_partition_split),
		cmocka_unit_test(test_partition_lookup),
		cmocka_unit_test(test_shared_source),
		cmocka_unit_test(test_load_modes),
		cmocka_unit_test(test_operator_sql),
		cmocka_unit_test(test_placeholder),
		cmocka_unit_test(test_flatfile),
		cmocka_unit_test(test_dialects),
		cmocka_unit_test(test_inferred_tests),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_write_and_stale),
		cmocka_unit_test(test_golden_split),
		cmocka_unit_test(test_golden_derived),
		cmocka_unit_test(test_golden_flatfile),
		cmocka_unit_test(test_golden_lookup),
		cmocka_unit_test(test_golden_operators),
		cmocka_unit_test(test_golden_lookup_fail),
		cmocka_unit_test(test_golden_two),
		cmocka_unit_test(test_golden_flatfile_pg),
		cmocka_unit_test(test_golden_lookup_mssql),
		cmocka_unit_test(test_golden_operators_sf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
