/* test_roundtrip.c — the object form of the Package IR loses nothing: each
 * package (files, or directories searched for *.dtsx) is read, written with
 * ir_package_write_obj, read back with ir_package_from_obj_json, and
 * written again.  The two object texts must be equal, and so must the
 * --emit=ir printings (package_json.c, which does not use the object
 * tables) of the package as read and as read back.
 * Usage: test_obj_roundtrip PATH...   (exit 0 when every package agrees) */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "frontend.h"
#include "package_obj.h"

static int checked, failed;

static char *object_text(const IrPackage *p)
{
	IrBuf b = {0};
	ir_package_write_obj(&b, p, NULL, NULL);
	return b.data;
}

static char *print_and_free(cJSON *j)
{
	char *s = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
	if (!s)
		abort();
	return s;
}

static void check_package(const char *path)
{
	IrWarnPolicy policy;
	ir_warn_policy_default(&policy);
	IrCtx *c = ir_ctx_new(&policy);
	FeOptions fo = {0};
	IrPackage *pkg = fe_read_package(c, path, &fo);
	if (!pkg || c->nerrors) {  /* packages with errors make no object */
		ir_ctx_free(c);
		return;
	}
	char *first = object_text(pkg);
	cJSON *obj = cJSON_Parse(first);
	size_t nfiles = c->nfiles - 1;
	uint32_t *map = malloc((nfiles ? nfiles : 1) * sizeof *map);
	for (size_t i = 0; i < nfiles; i++)
		map[i] = (uint32_t)i + 1;  /* the same context: file ids map to themselves */
	char *err = NULL;
	IrPackage *back = ir_package_from_obj_json(c, obj, map, nfiles, &err);
	cJSON_Delete(obj);
	checked++;
	if (!back) {
		fprintf(stderr, "FAIL %s: the object does not read back: %s\n", path, err ? err : "?");
		failed++;
	} else {
		char *second = object_text(back);
		char *ir1 = print_and_free(ir_package_to_json(c, pkg));
		char *ir2 = print_and_free(ir_package_to_json(c, back));
		if (strcmp(first, second) != 0) {
			fprintf(stderr, "FAIL %s: the object written again differs\n", path);
			failed++;
		} else if (strcmp(ir1, ir2) != 0) {
			fprintf(stderr, "FAIL %s: --emit=ir of the package read back differs\n", path);
			failed++;
		}
		free(second), free(ir1), free(ir2);
	}
	free(err);
	free(map);
	free(first);
	ir_ctx_free(c);
}

static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st, (void)ftw;
	size_t n = strlen(path);
	if (type == FTW_F && n > 5 && strcasecmp(path + n - 5, ".dtsx") == 0)
		check_package(path);
	return 0;
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (nftw(argv[i], visit, 16, FTW_PHYS) != 0)
			check_package(argv[i]);
	printf("%d packages read back, %d differ\n", checked, failed);
	return failed || checked == 0 ? 1 : 0;
}
