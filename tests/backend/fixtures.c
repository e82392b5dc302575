/* fixtures.c — hand-built packages and Relational IR graphs for the backend
 * tests (see fixtures.h).  Locations point into the real conformance
 * packages when they can be read, so the golden files show real lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"

/* ---- types ------------------------------------------------------------ */
static IrType t_i4(void) { return (IrType){.dt = IR_DT_I4}; }
static IrType t_i8(void) { return (IrType){.dt = IR_DT_I8}; }
static IrType t_r8(void) { return (IrType){.dt = IR_DT_R8}; }
static IrType t_bool(void) { return (IrType){.dt = IR_DT_BOOL}; }
static IrType t_date(void) { return (IrType){.dt = IR_DT_DBDATE}; }
static IrType t_wstr(int n) { return (IrType){.dt = IR_DT_WSTR, .length = n}; }
static IrType t_str(int n) { return (IrType){.dt = IR_DT_STR, .length = n, .codepage = 1252}; }
static IrType t_num(int p, int s) { return (IrType){.dt = IR_DT_NUMERIC, .precision = p, .scale = s}; }

/* ---- packages ------------------------------------------------------------ */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *s = malloc((size_t)n + 1);
	size_t got = fread(s, 1, (size_t)n, f);
	s[got] = 0;
	*len = got;
	fclose(f);
	return s;
}

static Fx fx_package(IrCtx *c, const char *dir, const char *casedir, const char *file, const char *name,
		     const char *dft)
{
	Fx fx = {.c = c};
	IrArena *a = c->arena;
	size_t len = 0;
	char *text = dir ? slurp(ir_sprintf(a, "%s/%s/%s", dir, casedir, file), &len) : NULL;
	uint32_t id = ir_add_file(c, file, text ? text : "", text ? len : 0);
	free(text);
	fx.text = ir_file(c, id)->text;
	IrPackage *p = ir_alloc(a, sizeof *p);
	p->file = file;
	p->file_id = id;
	p->format_version = 8;
	p->name = name;
	p->loc = ir_loc(id, 0);
	IrExecutable *root = ir_alloc(a, sizeof *root);
	root->kind = IR_EXEC_PACKAGE;
	root->name = name;
	root->path = "\\Package";
	p->root = root;
	IrExecutable *df = ir_alloc(a, sizeof *df);
	df->kind = IR_EXEC_PIPELINE;
	df->name = dft;
	df->path = ir_sprintf(a, "\\Package\\%s", dft);
	df->dataflow = ir_alloc(a, sizeof *df->dataflow);
	const char *at = strstr(fx.text, ir_sprintf(a, "DTS:ObjectName=\"%s\"", dft));
	df->loc = ir_loc(id, at ? (size_t)(at - fx.text) : 0);
	ir_vec_push(a, &root->children, df);
	fx.p = p;
	fx.df = df;
	fx.g = ir_rel_graph_new(c, p, df);
	return fx;
}

static IrExecutable *fx_sql_task(Fx *fx, const char *name, const char *sql, bool before)
{
	IrArena *a = fx->c->arena;
	IrExecutable *e = ir_alloc(a, sizeof *e);
	e->kind = IR_EXEC_EXECUTE_SQL;
	e->name = name;
	e->path = ir_sprintf(a, "\\Package\\%s", name);
	e->sql = ir_alloc(a, sizeof *e->sql);
	e->sql->statement.s = sql;
	e->sql->statement.len = strlen(sql);
	e->loc = fx->p->loc;
	IrVec *kids = &fx->p->root->children;
	ir_vec_push(a, kids, e);
	if (before) { /* move it in front of the data flow */
		memmove(kids->items + 1, kids->items, (kids->len - 1) * sizeof *kids->items);
		kids->items[0] = e;
	}
	return e;
}

static IrComponent *fx_comp(Fx *fx, const char *name, const char *cls)
{
	IrArena *a = fx->c->arena;
	IrComponent *comp = ir_alloc(a, sizeof *comp);
	comp->name = name;
	comp->class_name = cls;
	comp->known = true;
	comp->path = ir_sprintf(a, "%s\\%s", fx->df->path, name);
	const char *at = strstr(fx->text, ir_sprintf(a, "\\%s\"", name));
	comp->loc = ir_loc(fx->p->file_id, at ? (size_t)(at - fx->text) : 0);
	ir_vec_push(a, &fx->df->dataflow->components, comp);
	return comp;
}

static void fx_prop(Fx *fx, IrComponent *comp, const char *name, const char *value)
{
	IrProp *p = ir_alloc(fx->c->arena, sizeof *p);
	p->name = name;
	p->value.s = value;
	p->value.len = strlen(value);
	ir_vec_push(fx->c->arena, &comp->props, p);
}

static IrConnMgr *fx_conn(Fx *fx, const char *name, const char *kind)
{
	IrConnMgr *m = ir_alloc(fx->c->arena, sizeof *m);
	m->name = name;
	m->kind = kind;
	m->creation_name = kind;
	ir_vec_push(fx->c->arena, &fx->p->connections, m);
	return m;
}

/* ---- nodes ------------------------------------------------------------------ */
static RelNode *node(Fx *fx, RelKind k, const char *label, IrComponent *comp, size_t ncols, size_t nin, ...)
{
	RelNode *n = ir_rel_node_new(fx->c, fx->g, k, label, comp, comp ? comp->loc : fx->df->loc, nin, ncols);
	va_list ap;
	va_start(ap, nin);
	for (size_t i = 0; i < nin; i++)
		n->inputs[i] = va_arg(ap, RelNode *);
	va_end(ap);
	return n;
}

static void col(RelNode *n, size_t i, const char *name, IrType t, const char *lineage)
{
	n->cols[i] = (RelCol){.name = name, .type = t, .lineage = lineage, .ssis_name = name,
			      .origin = n->component, .loc = n->loc};
}

/* Output columns copied from the input (filters, sorts). */
static void same_cols(RelNode *n, const RelNode *in)
{
	for (size_t i = 0; i < n->ncols; i++)
		n->cols[i] = in->cols[i];
}

static IrSqlx *cref(Fx *fx, const char *name) { return ir_sqlx_column(fx->c, (IrLoc){0}, NULL, name); }

static const char **strs(Fx *fx, size_t n, ...)
{
	const char **v = ir_alloc(fx->c->arena, (n + 1) * sizeof *v);
	va_list ap;
	va_start(ap, n);
	for (size_t i = 0; i < n; i++)
		v[i] = va_arg(ap, const char *);
	va_end(ap);
	return v;
}

static RelNode *scan_table(Fx *fx, IrComponent *comp, const char *conn, const char *table, size_t ncols)
{
	RelNode *n = node(fx, REL_SCAN, comp->name, comp, ncols, 0);
	RelScan *s = &n->u.scan;
	s->kind = REL_SCAN_TABLE;
	s->conn_name = conn;
	s->schema = "dbo";
	s->table = table;
	s->source_columns = ir_alloc(fx->c->arena, ncols * sizeof *s->source_columns);
	return n;
}

static RelNode *scan_query(Fx *fx, IrComponent *comp, const char *conn, const char *sql, size_t ncols)
{
	RelNode *n = node(fx, REL_SCAN, comp->name, comp, ncols, 0);
	RelScan *s = &n->u.scan;
	s->kind = REL_SCAN_QUERY;
	s->conn_name = conn;
	s->query.s = sql;
	s->query.len = strlen(sql);
	s->source_columns = ir_alloc(fx->c->arena, ncols * sizeof *s->source_columns);
	return n;
}

static void scan_col(RelNode *n, size_t i, const char *name, IrType t, const char *lineage)
{
	col(n, i, name, t, lineage);
	n->u.scan.source_columns[i] = name;
}

/* A sink writing every input column to a same-named destination column. */
static RelNode *sink(Fx *fx, IrComponent *comp, const char *conn, const char *table, RelNode *in,
		     size_t ndest, const char **dest, const char **from, const IrType *types)
{
	RelNode *n = node(fx, REL_SINK, comp->name, comp, 0, 1, in);
	RelSink *s = &n->u.sink;
	s->conn_name = conn;
	s->schema = "dbo";
	s->table = table;
	s->ndest = ndest;
	s->dest_columns = dest;
	s->dest_from = from;
	s->dest_types = ir_alloc(fx->c->arena, ndest * sizeof *s->dest_types);
	memcpy(s->dest_types, types, ndest * sizeof *types);
	return n;
}

/* A sink writing the first n input columns to same-named destination columns. */
static RelNode *sink_first(Fx *fx, IrComponent *comp, const char *conn, const char *table, RelNode *in, size_t n)
{
	const char **names = ir_alloc(fx->c->arena, n * sizeof *names);
	IrType *types = ir_alloc(fx->c->arena, n * sizeof *types);
	for (size_t i = 0; i < n; i++) {
		names[i] = in->cols[i].name;
		types[i] = in->cols[i].type;
	}
	return sink(fx, comp, conn, table, in, n, names, names, types);
}

static RelNode *sink_same(Fx *fx, IrComponent *comp, const char *conn, const char *table, RelNode *in)
{
	return sink_first(fx, comp, conn, table, in, in->ncols);
}

static RelCoverage *cover(Fx *fx, IrComponent *comp, RelStatus st, const char *reason)
{
	RelCoverage *cv = ir_alloc(fx->c->arena, sizeof *cv);
	cv->component = comp;
	cv->class_name = comp->class_name;
	cv->status = st;
	cv->reason = reason;
	ir_vec_push(fx->c->arena, &fx->g->coverage, cv);
	return cv;
}

static BePackageInput input(Fx *fx)
{
	ir_rel_verify(fx->g);
	RelGraph **gs = ir_alloc(fx->c->arena, sizeof *gs);
	gs[0] = fx->g;
	return (BePackageInput){.package = fx->p, .graphs = gs, .ngraphs = 1};
}

/* ---- the conformance examples --------------------------------------------- */
BePackageInput fx_conditional_split(IrCtx *c, const char *dir)
{
	Fx fx = fx_package(c, dir, "conditional_split_basic", "RouteOrders.dtsx", "RouteOrders", "DFT Route Orders");
	fx_conn(&fx, "SalesDB", "OLEDB");
	IrComponent *src = fx_comp(&fx, "OLE_SRC Orders", "Microsoft.OLEDBSource");
	IrComponent *cs = fx_comp(&fx, "CSPL Route By Size And Region", "Microsoft.ConditionalSplit");
	IrComponent *d1 = fx_comp(&fx, "OLE_DST LargeOrders", "Microsoft.OLEDBDestination");
	IrComponent *d2 = fx_comp(&fx, "OLE_DST EuropeOrders", "Microsoft.OLEDBDestination");
	IrComponent *d3 = fx_comp(&fx, "OLE_DST OtherOrders", "Microsoft.OLEDBDestination");
	RelNode *s = scan_query(&fx, src, "SalesDB", "SELECT OrderID, CustomerName, Region, Amount\r\nFROM dbo.Orders", 4);
	scan_col(s, 0, "OrderID", t_i4(), "1");
	scan_col(s, 1, "CustomerName", t_wstr(40), "2");
	scan_col(s, 2, "Region", t_wstr(10), "3");
	scan_col(s, 3, "Amount", t_num(10, 2), "4");
	/* one CASE in evaluation order, then a filter per output */
	RelNode *p = node(&fx, REL_PROJECT, cs->name, cs, 5, 1, s);
	same_cols(p, s);
	col(p, 4, "__ssis_output", t_i4(), NULL);
	p->u.project.exprs = ir_alloc(c->arena, 5 * sizeof(IrSqlx *));
	for (int i = 0; i < 4; i++)
		p->u.project.exprs[i] = cref(&fx, s->cols[i].name);
	IrSqlx *when[2] = {
		ir_sqlx_op2(c, cs->loc, IR_SQLX_GE, cref(&fx, "Amount"), ir_sqlx_lit(c, cs->loc, IR_SQLX_LIT_INT, "1000")),
		ir_sqlx_op2(c, cs->loc, IR_SQLX_STR_EQ, cref(&fx, "Region"), ir_sqlx_lit(c, cs->loc, IR_SQLX_LIT_STRING, "EU")),
	};
	IrSqlx *then[2] = {ir_sqlx_int(c, cs->loc, 1), ir_sqlx_int(c, cs->loc, 2)};
	p->u.project.exprs[4] = ir_sqlx_case(c, cs->loc, 2, when, then, ir_sqlx_int(c, cs->loc, 3));
	static const char *const outs[] = {"Large Orders", "Europe Orders", "Other Orders"};
	IrComponent *dests[] = {d1, d2, d3};
	static const char *const tables[] = {"LargeOrders", "EuropeOrders", "OtherOrders"};
	for (int k = 0; k < 3; k++) {
		RelNode *f = node(&fx, REL_FILTER, cs->name, cs, 5, 1, p);
		f->output_name = outs[k];
		same_cols(f, p);
		f->u.filter.predicate = ir_sqlx_op2(c, cs->loc, IR_SQLX_EQ, cref(&fx, "__ssis_output"),
						    ir_sqlx_int(c, cs->loc, k + 1));
		sink_first(&fx, dests[k], "SalesDB", tables[k], f, 4);
	}
	return input(&fx);
}

BePackageInput fx_derived_column(IrCtx *c, const char *dir)
{
	Fx fx = fx_package(c, dir, "derived_column_basic", "LoadOrderLines.dtsx", "LoadOrderLines", "DFT Load Order Lines");
	fx_conn(&fx, "SalesDB", "OLEDB");
	IrComponent *src = fx_comp(&fx, "OLE_SRC OrderLine", "Microsoft.OLEDBSource");
	IrComponent *der = fx_comp(&fx, "DER Line Values", "Microsoft.DerivedColumn");
	IrComponent *dst = fx_comp(&fx, "OLE_DST OrderLineOut", "Microsoft.OLEDBDestination");
	RelNode *s = scan_table(&fx, src, "SalesDB", "OrderLine", 6);
	scan_col(s, 0, "OrderLineID", t_i4(), "1");
	scan_col(s, 1, "FirstName", t_wstr(30), "2");
	scan_col(s, 2, "LastName", t_wstr(30), "3");
	scan_col(s, 3, "City", t_wstr(30), "4");
	scan_col(s, 4, "Quantity", t_i4(), "5");
	scan_col(s, 5, "UnitPrice", t_num(10, 2), "6");
	RelNode *p = node(&fx, REL_PROJECT, der->name, der, 5, 1, s);
	col(p, 0, "OrderLineID", t_i4(), "1");
	col(p, 1, "CustomerName", t_wstr(61), "10");
	col(p, 2, "CityUpper", t_wstr(30), "11");
	col(p, 3, "LineTotal", t_num(12, 2), "12");
	col(p, 4, "QuantityText", t_wstr(10), "13");
	IrSqlx **e = p->u.project.exprs = ir_alloc(c->arena, 5 * sizeof(IrSqlx *));
	e[0] = cref(&fx, "OrderLineID");
	e[1] = ir_sqlx_op2(c, der->loc, IR_SQLX_CONCAT,
			   ir_sqlx_op2(c, der->loc, IR_SQLX_CONCAT, cref(&fx, "FirstName"),
				       ir_sqlx_lit(c, der->loc, IR_SQLX_LIT_STRING, " ")),
			   cref(&fx, "LastName"));
	e[2] = ir_sqlx_func(c, der->loc, "upper", 1, cref(&fx, "City"));
	e[3] = ir_sqlx_cast(c, der->loc, ir_sqlx_op2(c, der->loc, IR_SQLX_MUL, cref(&fx, "Quantity"), cref(&fx, "UnitPrice")),
			    t_num(12, 2));
	e[4] = ir_sqlx_cast(c, der->loc, cref(&fx, "Quantity"), t_wstr(10));
	sink_same(&fx, dst, "SalesDB", "OrderLineOut", p);
	return input(&fx);
}

BePackageInput fx_flatfile_aggregate(IrCtx *c, const char *dir)
{
	Fx fx = fx_package(c, dir, "flatfile_convert_aggregate", "LoadDailyStoreSales.dtsx", "LoadDailyStoreSales",
			   "DFT Load Daily Store Sales");
	IrArena *a = c->arena;
	fx_conn(&fx, "SalesDB", "OLEDB");
	IrConnMgr *ffc = fx_conn(&fx, "SalesFile", "FLATFILE");
	ffc->file_path = "C:\\ETL\\Inbound\\store_sales.csv";
	IrFlatFile *ff = ffc->flat = ir_alloc(a, sizeof *ff);
	ff->format = "Delimited";
	ff->row_delimiter = "\r\n";
	ff->column_names_in_first_row = true;
	ff->code_page = 1252;
	static const char *const names[] = {"StoreCode", "SaleDate", "Amount", "Units"};
	for (int i = 0; i < 4; i++) {
		IrFlatColumn *fc = ir_alloc(a, sizeof *fc);
		fc->name = names[i];
		fc->data_type = IR_DT_STR;
		fc->max_width = 50;
		fc->column_type = "Delimited";
		fc->delimiter = i == 3 ? "\r\n" : ",";
		ir_vec_push(a, &ff->columns, fc);
	}
	IrComponent *src = fx_comp(&fx, "FF_SRC Store Sales", "Microsoft.FlatFileSource");
	fx_prop(&fx, src, "RetainNulls", "false");
	IrComponent *cnv = fx_comp(&fx, "DCV Convert Types", "Microsoft.DataConvert");
	IrComponent *agg = fx_comp(&fx, "AGG Daily Totals", "Microsoft.Aggregate");
	IrComponent *dst = fx_comp(&fx, "OLE_DST DailyStoreSales", "Microsoft.OLEDBDestination");
	RelNode *s = node(&fx, REL_SCAN, src->name, src, 4, 0);
	s->u.scan.kind = REL_SCAN_FLATFILE;
	s->u.scan.conn = ffc;
	s->u.scan.conn_name = "SalesFile";
	s->u.scan.source_columns = ir_alloc(a, 4 * sizeof(char *));
	for (int i = 0; i < 4; i++)
		scan_col(s, (size_t)i, names[i], t_str(50), ir_sprintf(a, "%d", i + 1));
	RelNode *p = node(&fx, REL_PROJECT, cnv->name, cnv, 7, 1, s);
	same_cols(p, s);
	col(p, 4, "SaleDateConv", t_date(), "10");
	col(p, 5, "AmountConv", t_num(10, 2), "11");
	col(p, 6, "UnitsConv", t_i4(), "12");
	IrSqlx **e = p->u.project.exprs = ir_alloc(a, 7 * sizeof(IrSqlx *));
	for (int i = 0; i < 4; i++)
		e[i] = cref(&fx, names[i]);
	e[4] = ir_sqlx_cast(c, cnv->loc, cref(&fx, "SaleDate"), t_date());
	e[5] = ir_sqlx_cast(c, cnv->loc, cref(&fx, "Amount"), t_num(10, 2));
	e[6] = ir_sqlx_cast(c, cnv->loc, cref(&fx, "Units"), t_i4());
	RelNode *g = node(&fx, REL_AGGREGATE, agg->name, agg, 5, 1, p);
	col(g, 0, "StoreCode", t_str(50), "1");
	col(g, 1, "SaleDate", t_date(), "20");
	col(g, 2, "TotalAmount", t_num(12, 2), "21");
	col(g, 3, "TotalUnits", t_i8(), "22");
	col(g, 4, "LineCount", t_i8(), "23");
	g->u.aggregate.fns = ir_alloc(a, 5 * sizeof(RelAggFn));
	RelAggFn fns[] = {REL_AGG_GROUP, REL_AGG_GROUP, REL_AGG_SUM, REL_AGG_SUM, REL_AGG_COUNT};
	memcpy(g->u.aggregate.fns, fns, sizeof fns);
	g->u.aggregate.args = strs(&fx, 5, "StoreCode", "SaleDateConv", "AmountConv", "UnitsConv", "AmountConv");
	IrType types[] = {t_str(10), t_date(), t_num(12, 2), t_i8(), t_i8()};
	const char **dest = strs(&fx, 5, "StoreCode", "SaleDate", "TotalAmount", "TotalUnits", "LineCount");
	sink(&fx, dst, "SalesDB", "DailyStoreSales", g, 5, dest, dest, types);
	return input(&fx);
}

BePackageInput fx_lookup_redirect(IrCtx *c, const char *dir)
{
	Fx fx = fx_package(c, dir, "lookup_no_match_redirect", "EnrichSales.dtsx", "EnrichSales", "DFT Enrich Sales");
	IrArena *a = c->arena;
	fx_conn(&fx, "SalesDB", "OLEDB");
	IrComponent *src = fx_comp(&fx, "OLE_SRC Sales", "Microsoft.OLEDBSource");
	IrComponent *lkp = fx_comp(&fx, "LKP Product", "Microsoft.Lookup");
	fx_prop(&fx, lkp, "NoMatchBehavior", "1");
	IrComponent *d1 = fx_comp(&fx, "OLE_DST SalesEnriched", "Microsoft.OLEDBDestination");
	IrComponent *d2 = fx_comp(&fx, "OLE_DST SalesUnmatched", "Microsoft.OLEDBDestination");
	RelNode *s = scan_table(&fx, src, "SalesDB", "Sales", 3);
	scan_col(s, 0, "SaleID", t_i4(), "1");
	scan_col(s, 1, "ProductCode", t_wstr(10), "2");
	scan_col(s, 2, "Qty", t_i4(), "3");
	RelNode *r = scan_query(&fx, lkp, "SalesDB", "SELECT ProductCode, ProductName, Category FROM dbo.Product", 3);
	r->label = "LKP Product reference";
	scan_col(r, 0, "ProductCode", t_wstr(10), "r1");
	scan_col(r, 1, "ProductName", t_wstr(40), "r2");
	scan_col(r, 2, "Category", t_wstr(20), "r3");
	RelNode *j = node(&fx, REL_JOIN, lkp->name, lkp, 6, 2, s, r);
	RelJoin *jj = &j->u.join;
	jj->kind = REL_JOIN_LEFT;
	jj->nkeys = 1;
	jj->left_keys = strs(&fx, 1, "ProductCode");
	jj->right_keys = strs(&fx, 1, "ProductCode");
	jj->first_match = true;
	jj->binary_compare = true;
	jj->match_marker = "__ssis_matched";
	col(j, 0, "SaleID", t_i4(), "1");
	col(j, 1, "ProductCode", t_wstr(10), "2");
	col(j, 2, "Qty", t_i4(), "3");
	col(j, 3, "ProductName", t_wstr(40), "10");
	col(j, 4, "Category", t_wstr(20), "11");
	col(j, 5, "__ssis_matched", t_bool(), NULL);
	jj->col_side = ir_alloc(a, 6 * sizeof(int));
	jj->col_side[3] = jj->col_side[4] = 1;
	jj->col_source = strs(&fx, 6, "SaleID", "ProductCode", "Qty", "ProductName", "Category", NULL);
	RelNode *fm = node(&fx, REL_FILTER, lkp->name, lkp, 6, 1, j);
	fm->output_name = "Lookup Match Output";
	same_cols(fm, j);
	fm->u.filter.predicate = cref(&fx, "__ssis_matched");
	fm->u.filter.predicate->boolean = true;
	RelNode *fn = node(&fx, REL_FILTER, lkp->name, lkp, 6, 1, j);
	fn->output_name = "Lookup No Match Output";
	same_cols(fn, j);
	IrSqlx *m = cref(&fx, "__ssis_matched");
	m->boolean = true;
	fn->u.filter.predicate = ir_sqlx_op1(c, lkp->loc, IR_SQLX_NOT, m);
	sink_first(&fx, d1, "SalesDB", "SalesEnriched", fm, 5);
	sink_first(&fx, d2, "SalesDB", "SalesUnmatched", fn, 3);
	return input(&fx);
}

/* ---- made-up cases ------------------------------------------------------------ */
BePackageInput fx_operators(IrCtx *c, const char *dir)
{
	(void)dir;
	Fx fx = fx_package(c, NULL, "", "Operators.dtsx", "Operators", "DFT Everything");
	IrArena *a = c->arena;
	fx_conn(&fx, "DWH", "OLEDB");
	fx_sql_task(&fx, "SQL Truncate Fact", "TRUNCATE TABLE [dbo].[FactOrders];\nDELETE FROM dbo.Audit WHERE 1 = 0", true);
	IrVariable *v = ir_alloc(a, sizeof *v);
	v->ns = "User";
	v->name = "BatchId";
	v->data_type = 3;
	v->value.s = "7";
	ir_vec_push(a, &fx.p->root->variables, v);
	IrParam *pp = ir_alloc(a, sizeof *pp);
	pp->name = "LoadDate";
	pp->data_type = IR_DT_DBDATE;
	pp->value.s = "2024-01-31";
	ir_vec_push(a, &fx.p->parameters, pp);
	IrComponent *so = fx_comp(&fx, "Orders", "Microsoft.OLEDBSource");
	IrComponent *sc = fx_comp(&fx, "Customers", "Microsoft.OLEDBSource");
	IrComponent *mc = fx_comp(&fx, "Multicast", "Microsoft.Multicast");
	IrComponent *mj = fx_comp(&fx, "Join Customers", "Microsoft.MergeJoin");
	IrComponent *sr = fx_comp(&fx, "Sort Customers", "Microsoft.Sort");
	IrComponent *sd = fx_comp(&fx, "Sort Dedupe", "Microsoft.Sort");
	IrComponent *ag = fx_comp(&fx, "Aggregate Per Customer", "Microsoft.Aggregate");
	IrComponent *sk = fx_comp(&fx, "Script Scoring", "Microsoft.ScriptComponent");
	IrComponent *un = fx_comp(&fx, "Union All", "Microsoft.UnionAll");
	IrComponent *d1 = fx_comp(&fx, "Fact Orders", "Microsoft.OLEDBDestination");
	IrComponent *d2 = fx_comp(&fx, "Customer Stats", "Microsoft.OLEDBDestination");
	IrComponent *d3 = fx_comp(&fx, "Scores", "Microsoft.OLEDBDestination");
	RelNode *o = scan_table(&fx, so, "DWH", "Orders", 3);
	scan_col(o, 0, "OrderID", t_i4(), "1");
	scan_col(o, 1, "CustomerID", t_i4(), "2");
	scan_col(o, 2, "Amount", t_num(10, 2), "3");
	RelNode *cu = scan_table(&fx, sc, "DWH", "Customer", 2);
	scan_col(cu, 0, "CustomerID", t_i4(), "10");
	scan_col(cu, 1, "Name", t_wstr(50), "11");
	RelNode *so2 = node(&fx, REL_SORT, sr->name, sr, 2, 1, cu);
	same_cols(so2, cu);
	so2->u.sort.nkeys = 1;
	so2->u.sort.keys = ir_alloc(a, sizeof(RelSortKey));
	so2->u.sort.keys[0].column = "CustomerID";
	RelNode *ds = node(&fx, REL_DISTINCT, sd->name, sd, 2, 1, so2);
	same_cols(ds, cu);
	ds->u.distinct.nkeys = 1;
	ds->u.distinct.keys = strs(&fx, 1, "CustomerID");
	ds->u.distinct.norder = 1;
	ds->u.distinct.order = ir_alloc(a, sizeof(RelSortKey));
	ds->u.distinct.order[0] = (RelSortKey){"Name", true, 0};
	/* Multicast: the join is read by the fact and by the aggregate */
	RelNode *j = node(&fx, REL_JOIN, mj->name, mj, 4, 2, o, ds);
	RelJoin *jj = &j->u.join;
	jj->kind = REL_JOIN_INNER;
	jj->nkeys = 1;
	jj->left_keys = strs(&fx, 1, "CustomerID");
	jj->right_keys = strs(&fx, 1, "CustomerID");
	jj->nulls_equal = true;
	col(j, 0, "OrderID", t_i4(), "1");
	col(j, 1, "CustomerID", t_i4(), "2");
	col(j, 2, "Amount", t_num(10, 2), "3");
	col(j, 3, "Name", t_wstr(50), "11");
	jj->col_side = ir_alloc(a, 4 * sizeof(int));
	jj->col_side[3] = 1;
	jj->col_source = strs(&fx, 4, "OrderID", "CustomerID", "Amount", "Name");
	sink_same(&fx, d1, "DWH", "FactOrders", j);
	RelNode *g = node(&fx, REL_AGGREGATE, ag->name, ag, 5, 1, j);
	col(g, 0, "CustomerID", t_i4(), "2");
	col(g, 1, "Orders", t_i8(), "30");
	col(g, 2, "OrdersWithAmount", t_i8(), "31");
	col(g, 3, "AvgOrderId", t_r8(), "32");
	col(g, 4, "Names", t_i8(), "33");
	g->u.aggregate.fns = ir_alloc(a, 5 * sizeof(RelAggFn));
	RelAggFn fns[] = {REL_AGG_GROUP, REL_AGG_COUNT_ALL, REL_AGG_COUNT, REL_AGG_AVG, REL_AGG_COUNT_DISTINCT};
	memcpy(g->u.aggregate.fns, fns, sizeof fns);
	g->u.aggregate.args = strs(&fx, 5, "CustomerID", NULL, "Amount", "OrderID", "Name");
	sink_same(&fx, d2, "DWH", "CustomerStats", g);
	/* a Script Component: a placeholder, then a Union All with the orders */
	RelNode *ph = node(&fx, REL_PLACEHOLDER, sk->name, sk, 2, 1, o);
	col(ph, 0, "OrderID", t_i4(), "1");
	col(ph, 1, "Score", t_r8(), "40");
	ph->u.placeholder.reason = "Script Component (C#) is not translatable";
	ph->u.placeholder.original.s = "public override void Input0_ProcessInputRow(Input0Buffer Row)\n{ Row.Score = 1.0; /* {{ x }} */ }";
	ph->u.placeholder.language = "csharp";
	RelNode *u = node(&fx, REL_UNION, un->name, un, 2, 2, ph, o);
	col(u, 0, "OrderID", t_i4(), "1");
	col(u, 1, "Score", t_r8(), "40");
	u->u.union_.map = ir_alloc(a, 2 * sizeof(char **));
	u->u.union_.map[0] = strs(&fx, 2, "OrderID", "Score");
	u->u.union_.map[1] = strs(&fx, 2, "OrderID", NULL);
	IrComponent *dv = fx_comp(&fx, "Add Batch", "Microsoft.DerivedColumn");
	RelNode *pb = node(&fx, REL_PROJECT, dv->name, dv, 3, 1, u);
	same_cols(pb, u);
	col(pb, 2, "BatchId", t_i4(), "41");
	pb->u.project.exprs = ir_alloc(a, 3 * sizeof(IrSqlx *));
	pb->u.project.exprs[0] = cref(&fx, "OrderID");
	pb->u.project.exprs[1] = cref(&fx, "Score");
	pb->u.project.exprs[2] = ir_sqlx_cast(c, dv->loc, ir_sqlx_var(c, dv->loc, "User::BatchId"), t_i4());
	sink_same(&fx, d3, "DWH", "Scores", pb);
	cover(&fx, mc, REL_ST_TRANSLATED, NULL); /* the lowering's verdict wins */
	return input(&fx);
}

BePackageInput fx_lookup_fail(IrCtx *c, const char *dir)
{
	(void)dir;
	Fx fx = fx_package(c, NULL, "", "LoadRegions.dtsx", "LoadRegions", "DFT Regions");
	IrArena *a = c->arena;
	fx_conn(&fx, "DWH", "OLEDB");
	fx_sql_task(&fx, "SQL Clear DimRegion", "-- full reload\nDELETE FROM [dbo].[DimRegion]", true);
	IrComponent *so = fx_comp(&fx, "Orders", "Microsoft.OLEDBSource");
	IrComponent *sr = fx_comp(&fx, "Regions", "Microsoft.OLEDBSource");
	IrComponent *ag = fx_comp(&fx, "Distinct Regions", "Microsoft.Aggregate");
	IrComponent *lk = fx_comp(&fx, "Lookup Region", "Microsoft.Lookup");
	fx_prop(&fx, lk, "NoMatchBehavior", "0");
	IrComponent *d1 = fx_comp(&fx, "Dim Region", "Microsoft.OLEDBDestination");
	IrComponent *d2 = fx_comp(&fx, "Order Regions", "Microsoft.OLEDBDestination");
	RelNode *o = scan_table(&fx, so, "DWH", "Orders", 2);
	scan_col(o, 0, "OrderID", t_i4(), "1");
	scan_col(o, 1, "RegionCode", t_wstr(5), "2");
	RelNode *r = scan_table(&fx, sr, "DWH", "Region", 2);
	scan_col(r, 0, "RegionCode", t_wstr(5), "10");
	scan_col(r, 1, "RegionName", t_wstr(30), "11");
	RelNode *g = node(&fx, REL_AGGREGATE, ag->name, ag, 2, 1, r);
	col(g, 0, "RegionCode", t_wstr(5), "20");
	col(g, 1, "RegionName", t_wstr(30), "21");
	g->u.aggregate.fns = ir_alloc(a, 2 * sizeof(RelAggFn));
	g->u.aggregate.fns[0] = REL_AGG_GROUP;
	g->u.aggregate.fns[1] = REL_AGG_MAX;
	g->u.aggregate.args = strs(&fx, 2, "RegionCode", "RegionName");
	sink_same(&fx, d1, "DWH", "DimRegion", g);
	RelNode *j = node(&fx, REL_JOIN, lk->name, lk, 3, 2, o, g);
	RelJoin *jj = &j->u.join;
	jj->kind = REL_JOIN_INNER;
	jj->nkeys = 1;
	jj->left_keys = strs(&fx, 1, "RegionCode");
	jj->right_keys = strs(&fx, 1, "RegionCode");
	jj->first_match = true;
	col(j, 0, "OrderID", t_i4(), "1");
	col(j, 1, "RegionCode", t_wstr(5), "2");
	col(j, 2, "RegionName", t_wstr(30), "21");
	jj->col_side = ir_alloc(a, 3 * sizeof(int));
	jj->col_side[2] = 1;
	jj->col_source = strs(&fx, 3, "OrderID", "RegionCode", "RegionName");
	sink_same(&fx, d2, "DWH", "OrderRegions", j);
	return input(&fx);
}

BePackageInput fx_second_reader(IrCtx *c, const char *dir)
{
	(void)dir;
	Fx fx = fx_package(c, NULL, "", "CopyOrders.dtsx", "CopyOrders", "DFT Copy");
	fx_conn(&fx, "SalesDB", "OLEDB");
	IrComponent *src = fx_comp(&fx, "Orders", "Microsoft.OLEDBSource");
	IrComponent *dst = fx_comp(&fx, "Orders Copy", "Microsoft.OLEDBDestination");
	RelNode *s = scan_table(&fx, src, "SalesDB", "Orders", 2);
	scan_col(s, 0, "OrderID", t_i4(), "1");
	scan_col(s, 1, "Region", t_wstr(10), "2");
	sink_same(&fx, dst, "SalesDB", "OrdersCopy", s);
	return input(&fx);
}
