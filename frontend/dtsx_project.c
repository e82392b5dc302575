/* dtsx_project.c — the project files of the project deployment model:
 * Project.params (project parameters) and *.conmgr (project connection
 * managers), read beside the package or from --project-file. */
#include <string.h>
#include <strings.h>

#include "dtsx_internal.h"

/* <SSIS:Property SSIS:Name="name">value</SSIS:Property> under SSIS:Properties. */
static xmlNodePtr ssis_property(const xmlNode *param, const char *name)
{
	xmlNodePtr props = dx_child(param, DX_NS_SSIS, "Properties");
	for (xmlNodePtr ch = dx_first(props); ch; ch = dx_next(ch)) {
		if (!dx_is(ch, DX_NS_SSIS, "Property"))
			continue;
		xmlChar *n = xmlGetNsProp(ch, (const xmlChar *)"Name", (const xmlChar *)DX_NS_SSIS);
		bool match = n && strcmp((const char *)n, name) == 0;
		xmlFree(n);
		if (match)
			return ch;
	}
	return NULL;
}

static bool ssis_text(DxDoc *d, const xmlNode *param, const char *name, IrText *out)
{
	xmlNodePtr p = ssis_property(param, name);
	return p && dx_content(d, p, out);
}

static IrParam *lower_project_param(DxDoc *d, const xmlNode *n)
{
	IrCtx *c = d->ctx;
	IrParam *prm = ir_alloc(c->arena, sizeof *prm);
	prm->loc = dx_loc(d, n);
	prm->project = true;
	prm->type_code = true;
	prm->name = dx_attr_str(d, n, DX_NS_SSIS, "Name");
	if (!prm->name)
		prm->name = "";
	const char *path = ir_sprintf(c->arena, "\\Project.Parameters[%s]", prm->name);
	IrText t;
	if (ssis_text(d, n, "ID", &t))
		prm->dtsid = ir_intern(c, t.s, t.len);
	if (ssis_text(d, n, "Description", &t) && t.len)
		prm->description = ir_intern(c, t.s, t.len);
	if (ssis_text(d, n, "DataType", &t))
		prm->data_type = (int)dx_text_int(d, &t, "DataType", 18, path);
	if (ssis_text(d, n, "Required", &t))
		prm->required = dx_text_bool(d, &t, "Required", false, path);
	if (ssis_text(d, n, "Sensitive", &t))
		prm->sensitive = dx_text_bool(d, &t, "Sensitive", false, path);
	if (!prm->sensitive && !ir_is_secret_key(prm->name, strlen(prm->name)) && ssis_text(d, n, "Value", &t)) {
		prm->value = t;
		if (strchr(t.s, '='))
			ir_mask_secrets((char *)prm->value.s);
	}
	return prm;
}

static bool has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);
	return n >= k && strcasecmp(s + n - k, suf) == 0;
}

/* "dir/My Conn.conmgr" → "My Conn" (the name a package refers to). */
static const char *conmgr_name(IrCtx *c, const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t n = strlen(base);
	return ir_intern(c, base, n > 7 ? n - 7 : n);
}

void dx_read_project_file(DxPackage *p, const char *path)
{
	IrCtx *c = p->c;
	const char *err = NULL;
	uint32_t file = ir_read_file(c, path, &err);
	if (!file) {
		ir_error(c, ir_loc(0, 0), NULL, "%s: cannot read project file: %s", path, err ? err : "unknown error");
		return;
	}
	DxDoc d;
	if (!dx_parse(c, file, &d))
		return;
	if (dx_is(d.root, DX_NS_SSIS, "Parameters")) {
		for (xmlNodePtr n = dx_first(d.root); n; n = dx_next(n))
			if (dx_is(n, DX_NS_SSIS, "Parameter"))
				ir_vec_push(c->arena, &p->pkg->project_parameters, lower_project_param(&d, n));
	} else if (dx_is(d.root, DX_NS_DTS, "ConnectionManager")) {
		IrConnMgr *cm = dx_lower_connection(&d, d.root, true, has_suffix(path, ".conmgr") ? conmgr_name(c, path) : NULL);
		cm->refid = ir_sprintf(c->arena, "Project.ConnectionManagers[%s]", cm->name);
		ir_vec_push(c->arena, &p->pkg->project_connections, cm);
		dx_register_connection(p, cm);
	} else {
		ir_error(c, dx_loc(&d, d.root), NULL,
			 "%s: not a project file: expected SSIS:Parameters (Project.params) or DTS:ConnectionManager "
			 "(.conmgr), found <%s>",
			 path, (const char *)d.root->name);
	}
	dx_free(&d);
}
