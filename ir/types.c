/* types.c — the SSIS type table: names, DataType codes and XML spellings,
 * all read from types.def. */
#include <string.h>
#include <strings.h>

#include "ir.h"

static const struct {
	IrDtype dt;
	const char *name, *xml, *desc;
} dtypes[] = {
#define IR_DTYPE_DEF(id, code, xml, desc) {IR_##id, #id, xml, desc},
#include "types.def"
#undef IR_DTYPE_DEF
};
enum { NDTYPES = sizeof dtypes / sizeof *dtypes };

const char *ir_dtype_name(IrDtype t)
{
	for (int i = 0; i < NDTYPES; i++)
		if (dtypes[i].dt == t)
			return dtypes[i].name;
	return "DT_EMPTY";
}

const char *ir_dtype_xml(IrDtype t)
{
	for (int i = 0; i < NDTYPES; i++)
		if (dtypes[i].dt == t)
			return dtypes[i].xml;
	return "empty";
}

bool ir_dtype_from_name(const char *name, IrDtype *out)
{
	for (int i = 0; i < NDTYPES; i++)
		if (strcasecmp(dtypes[i].name, name) == 0) {
			*out = dtypes[i].dt;
			return true;
		}
	return false;
}

bool ir_dtype_from_xml(const char *xml, IrDtype *out)
{
	for (int i = 0; i < NDTYPES; i++)
		if (strcasecmp(dtypes[i].xml, xml) == 0) {
			*out = dtypes[i].dt;
			return true;
		}
	return false;
}

bool ir_dtype_from_code(int code, IrDtype *out)
{
	for (int i = 0; i < NDTYPES; i++)
		if ((int)dtypes[i].dt == code) {
			*out = dtypes[i].dt;
			return true;
		}
	return false;
}

bool ir_dtype_is_valid_code(int code)
{
	IrDtype t;
	return ir_dtype_from_code(code, &t);
}

bool ir_dtype_is_string(IrDtype t)
{
	return t == IR_DT_STR || t == IR_DT_WSTR || t == IR_DT_TEXT || t == IR_DT_NTEXT;
}

bool ir_dtype_is_integer(IrDtype t)
{
	switch (t) {
	case IR_DT_I1: case IR_DT_I2: case IR_DT_I4: case IR_DT_I8:
	case IR_DT_UI1: case IR_DT_UI2: case IR_DT_UI4: case IR_DT_UI8:
		return true;
	default:
		return false;
	}
}

bool ir_dtype_is_numeric(IrDtype t)
{
	return ir_dtype_is_integer(t) || t == IR_DT_R4 || t == IR_DT_R8 || t == IR_DT_DECIMAL ||
	       t == IR_DT_NUMERIC || t == IR_DT_CY;
}

bool ir_dtype_is_datetime(IrDtype t)
{
	switch (t) {
	case IR_DT_DATE: case IR_DT_DBDATE: case IR_DT_DBTIME: case IR_DT_DBTIME2:
	case IR_DT_DBTIMESTAMP: case IR_DT_DBTIMESTAMP2: case IR_DT_DBTIMESTAMPOFFSET:
	case IR_DT_FILETIME:
		return true;
	default:
		return false;
	}
}
