/* macros.c — the SSIS functions that no dialect spells exactly, as dbt
 * macros: ONE table of per-adapter bodies.  The generated project ships
 * them as macros/ssis_<name>.sql dispatched with adapter.dispatch; the
 * printer can also expand the very same bodies inline (tests run them
 * directly in a database).  Bodies use {{ param }} placeholders only. */
#include <string.h>

#include "dialect.h"

/* Regular-expression escape of a delimiter set inside [...]: \ [ ] ^ - */
#define RX_ESC_DUCKDB(d) "regexp_replace(" d ", '([\\\\\\[\\]^-])', '\\\\\\1', 'g')"
#define RX_ESC_PG(d) "regexp_replace(" d ", '([\\\\\\[\\]^-])', '\\\\\\1', 'g')"

/* T-SQL: every delimiter becomes the first one, then STRING_SPLIT. */
#define TSQL_SPLIT(s, d) \
	"STRING_SPLIT(TRANSLATE(" s " COLLATE Latin1_General_100_BIN2, " d ", REPLICATE(LEFT(" d ", 1), LEN(" d \
	" + N'x') - 1)), LEFT(" d ", 1), 1)"

static const BeMacro macros[] = {
	{"findstring", "s, search, k",
	 "FINDSTRING(s, search, k): 1-based position of the k-th non-overlapping occurrence, 0 when absent",
	 {
		 [BE_DUCKDB] = "(CASE WHEN {{ s }} IS NULL OR {{ search }} IS NULL OR {{ k }} IS NULL THEN NULL"
			       " WHEN len(string_split({{ s }}, {{ search }})) > {{ k }}"
			       " THEN CAST(length(array_to_string(string_split({{ s }}, {{ search }})[1:{{ k }}], {{ search }})) + 1 AS INTEGER)"
			       " ELSE 0 END)",
		 [BE_POSTGRES] = "(CASE WHEN {{ s }} IS NULL OR {{ search }} IS NULL OR {{ k }} IS NULL THEN NULL"
				 " WHEN coalesce(array_length(string_to_array({{ s }}, {{ search }}), 1), 0) > {{ k }}"
				 " THEN char_length(array_to_string((string_to_array({{ s }}, {{ search }}))[1:{{ k }}], {{ search }})) + 1"
				 " ELSE 0 END)",
		 /* Occurrences become U+E000 (private use), then STRING_SPLIT counts pieces. */
		 [BE_SQLSERVER] = "(CASE WHEN {{ s }} IS NULL OR {{ search }} IS NULL OR {{ k }} IS NULL THEN NULL ELSE"
				  " (SELECT CASE WHEN COUNT(*) > {{ k }} THEN SUM(CASE WHEN ordinal <= {{ k }} THEN LEN(value + N'x') - 1 ELSE 0 END)"
				  " + ({{ k }} - 1) * (LEN({{ search }} + N'x') - 1) + 1 ELSE 0 END"
				  " FROM STRING_SPLIT(REPLACE({{ s }} COLLATE Latin1_General_100_BIN2, {{ search }}, NCHAR(57344)), NCHAR(57344), 1)) END)",
		 [BE_SNOWFLAKE] = "(CASE WHEN {{ s }} IS NULL OR {{ search }} IS NULL OR {{ k }} IS NULL THEN NULL"
				  " WHEN ARRAY_SIZE(SPLIT({{ s }}, {{ search }})) > {{ k }}"
				  " THEN LENGTH(ARRAY_TO_STRING(ARRAY_SLICE(SPLIT({{ s }}, {{ search }}), 0, {{ k }}), {{ search }})) + 1"
				  " ELSE 0 END)",
	 }},
	{"token", "s, delims, k",
	 "TOKEN(s, delims, k): the k-th token, delimiters are a set, empty tokens skipped, NULL past the end",
	 {
		 [BE_DUCKDB] = "(CASE WHEN {{ k }} >= 1 THEN regexp_extract_all({{ s }}, '[^' || " RX_ESC_DUCKDB("{{ delims }}") " || ']+')[{{ k }}] END)",
		 [BE_POSTGRES] = "(CASE WHEN {{ k }} >= 1 THEN (array_remove(regexp_split_to_array({{ s }}, '[' || " RX_ESC_PG("{{ delims }}") " || ']'), ''))[{{ k }}] END)",
		 [BE_SQLSERVER] = "(CASE WHEN {{ k }} >= 1 THEN (SELECT value FROM " TSQL_SPLIT("{{ s }}", "{{ delims }}")
				  " WHERE DATALENGTH(value) > 0 ORDER BY ordinal OFFSET {{ k }} - 1 ROWS FETCH NEXT 1 ROWS ONLY) END)",
		 [BE_SNOWFLAKE] = "(CASE WHEN {{ k }} >= 1 THEN STRTOK({{ s }}, {{ delims }}, {{ k }}) END)",
	 }},
	{"tokencount", "s, delims",
	 "TOKENCOUNT(s, delims): the number of non-empty tokens; 0 for NULL",
	 {
		 [BE_DUCKDB] = "CAST(len(regexp_extract_all(coalesce({{ s }}, ''), '[^' || " RX_ESC_DUCKDB("{{ delims }}") " || ']+')) AS INTEGER)",
		 [BE_POSTGRES] = "coalesce(cardinality(array_remove(regexp_split_to_array(coalesce({{ s }}, ''), '[' || " RX_ESC_PG("{{ delims }}") " || ']'), '')), 0)",
		 [BE_SQLSERVER] = "(SELECT COUNT(*) FROM " TSQL_SPLIT("COALESCE({{ s }}, N'')", "{{ delims }}") " WHERE DATALENGTH(value) > 0)",
		 [BE_SNOWFLAKE] = "COALESCE(ARRAY_SIZE(STRTOK_TO_ARRAY({{ s }}, {{ delims }})), 0)",
	 }},
	{"hex", "n",
	 "HEX(n): upper-case hexadecimal, no leading zeros; negative DT_I8 in two's complement",
	 {
		 [BE_DUCKDB] = "upper(hex({{ n }}))",
		 [BE_POSTGRES] = "upper(to_hex(CAST({{ n }} AS bigint)))",
		 [BE_SQLSERVER] = "COALESCE(NULLIF(SUBSTRING(CONVERT(varchar(16), CAST(CAST({{ n }} AS bigint) AS varbinary(8)), 2),"
				  " PATINDEX('%[^0]%', CONVERT(varchar(16), CAST(CAST({{ n }} AS bigint) AS varbinary(8)), 2) + 'x'), 16), ''),"
				  " CASE WHEN {{ n }} IS NOT NULL THEN '0' END)",
		 [BE_SNOWFLAKE] = "LTRIM(TO_CHAR(CASE WHEN {{ n }} < 0 THEN {{ n }} + 18446744073709551616 ELSE {{ n }} END, 'XXXXXXXXXXXXXXXX'))",
	 }},
	/* Values SSIS knows at run time and dbt knows per invocation (Audit
	 * columns, System:: variables).  SSIS's times are the server's local
	 * time; dbt's run_started_at is UTC. */
	{"invocation_id", "",
	 "ExecutionInstanceGUID: the dbt invocation's id",
	 {
		 [BE_DUCKDB] = "'{{ invocation_id }}'",
		 [BE_POSTGRES] = "'{{ invocation_id }}'",
		 [BE_SQLSERVER] = "N'{{ invocation_id }}'",
		 [BE_SNOWFLAKE] = "'{{ invocation_id }}'",
	 }},
	{"run_started_at", "",
	 "StartTime / ExecutionStartTime: when the dbt run started (UTC)",
	 {
		 [BE_DUCKDB] = "CAST('{{ run_started_at.strftime(\"%Y-%m-%d %H:%M:%S\") }}' AS TIMESTAMP)",
		 [BE_POSTGRES] = "CAST('{{ run_started_at.strftime(\"%Y-%m-%d %H:%M:%S\") }}' AS timestamp)",
		 [BE_SQLSERVER] = "CAST('{{ run_started_at.strftime(\"%Y-%m-%d %H:%M:%S\") }}' AS datetime2)",
		 [BE_SNOWFLAKE] = "CAST('{{ run_started_at.strftime(\"%Y-%m-%d %H:%M:%S\") }}' AS TIMESTAMP_NTZ)",
	 }},
	{"machine_name", "",
	 "MachineName: the dbt var ssis_machine_name, else the dbt target's name",
	 {
		 [BE_DUCKDB] = "'{{ var(\"ssis_machine_name\", target.name) }}'",
		 [BE_POSTGRES] = "'{{ var(\"ssis_machine_name\", target.name) }}'",
		 [BE_SQLSERVER] = "N'{{ var(\"ssis_machine_name\", target.name) }}'",
		 [BE_SNOWFLAKE] = "'{{ var(\"ssis_machine_name\", target.name) }}'",
	 }},
	{"user_name", "",
	 "UserName: the dbt var ssis_user_name, else $USER of the dbt process",
	 {
		 [BE_DUCKDB] = "'{{ var(\"ssis_user_name\", env_var(\"USER\", \"dbt\")) }}'",
		 [BE_POSTGRES] = "'{{ var(\"ssis_user_name\", env_var(\"USER\", \"dbt\")) }}'",
		 [BE_SQLSERVER] = "N'{{ var(\"ssis_user_name\", env_var(\"USER\", \"dbt\")) }}'",
		 [BE_SNOWFLAKE] = "'{{ var(\"ssis_user_name\", env_var(\"USER\", \"dbt\")) }}'",
	 }},
};
enum { NMACROS = sizeof macros / sizeof *macros };

const BeMacro *be_macro_lookup(const char *name)
{
	for (size_t i = 0; i < NMACROS; i++)
		if (strcmp(macros[i].name, name) == 0)
			return &macros[i];
	return NULL;
}

size_t be_macro_count(void)
{
	return NMACROS;
}

const BeMacro *be_macro_at(size_t i)
{
	return i < NMACROS ? &macros[i] : NULL;
}

/* One file per macro: the dispatcher, then one body per adapter. */
static const char *macro_file_text(IrArena *a, const BeMacro *m)
{
	IrBuf b = {0};
	ir_buf_printf(&b, "{# ssis_%s — %s.\n   Generated by ssis2dbtc; do not edit. #}\n\n", m->name, m->what);
	ir_buf_printf(&b, "{%% macro ssis_%s(%s) -%%}\n  {{ return(adapter.dispatch('ssis_%s')(%s)) }}\n{%%- endmacro %%}\n",
		      m->name, m->params, m->name, m->params);
	for (int d = 0; d < BE__NDIALECTS; d++) {
		if (!m->body[d])
			continue;
		ir_buf_printf(&b, "\n{%% macro %s__ssis_%s(%s) -%%}\n%s\n{%%- endmacro %%}\n", be_dialect_adapter((BeDialect)d),
			      m->name, m->params, m->body[d]);
	}
	ir_buf_printf(&b, "\n{%% macro default__ssis_%s(%s) -%%}\n"
		      "  {{ exceptions.raise_compiler_error('ssis_%s has no implementation for adapter ' ~ adapter.type()) }}\n"
		      "{%%- endmacro %%}\n", m->name, m->params, m->name);
	const char *s = ir_strndup(a, b.data, b.len);
	ir_buf_free(&b);
	return s;
}

size_t be_macro_files(IrArena *a, BeMacroFile **files)
{
	BeMacroFile *f = ir_alloc(a, sizeof *f * NMACROS);
	for (size_t i = 0; i < NMACROS; i++) {
		f[i].path = ir_sprintf(a, "macros/ssis_%s.sql", macros[i].name);
		f[i].text = macro_file_text(a, &macros[i]);
	}
	*files = f;
	return NMACROS;
}
