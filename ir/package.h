/* package.h — the Package IR: the SSIS object model of one package, read
 * from any format version (2, 3, 6, 8) into one shape.  Built by the front
 * end (frontend/dtsx_*.c), printed by ir/package_json.c, read by the passes.
 * Every node carries an IrLoc; every object lives in the compilation arena. */
#ifndef SSIS_IR_PACKAGE_H
#define SSIS_IR_PACKAGE_H

#include "ir.h"

/* Text taken from the package (SQL, expressions, values), decoded, with the
 * location of its first raw byte.  `kind` says how the raw bytes encode it,
 * so that fe_text_loc() can map an offset in `s` back to a raw byte. */
typedef enum IrTextKind {
	IR_TEXT_NONE = 0,  /* no source (default values); loc is the owner's */
	IR_TEXT_ATTR,      /* an XML attribute value (entities, CRLF) */
	IR_TEXT_CONTENT,   /* element content (entities, CDATA, comments) */
	IR_TEXT_VERBATIM,  /* one decoded byte per raw byte */
} IrTextKind;

typedef struct IrText {
	const char *s;     /* decoded, NUL-terminated; NULL when absent */
	size_t len;
	IrLoc loc;         /* first raw byte of the text */
	IrTextKind kind;
} IrText;

/* A named value: generic properties of executables, components, columns. */
typedef struct IrProp {
	const char *name;
	IrText value;
	const char *data_type;   /* pipeline properties: System.Int32 ...; or NULL */
	bool contains_id;        /* value embeds lineage references */
	bool secret;             /* the value was dropped (Password and alike) */
	const char *expression_type; /* "Notify" when a property expression can set it */
	IrLoc loc;
} IrProp;

/* A property expression: at run time it overrides the property's value. */
typedef struct IrPropExpr {
	const char *property;
	IrText expr;
	IrLoc loc;
} IrPropExpr;

/* ---- connection managers --------------------------------------------- */
typedef struct IrConnKey {
	const char *key;         /* as written */
	const char *value;       /* unquoted; NULL for a dropped secret */
	bool secret;
	IrLoc loc;
} IrConnKey;

/* A parsed connection string; secrets are removed at parse time. */
typedef struct IrConnStr {
	const char *provider, *server, *database, *user;
	bool integrated_security;
	IrVec keys;              /* IrConnKey*, in source order (secrets kept as keys only) */
	const char *sanitized;   /* the string re-assembled without secret values */
	size_t nsecrets;
} IrConnStr;

typedef struct IrFlatColumn {
	const char *name;
	int data_type;           /* DT code (types.def) */
	int width, max_width, precision, scale;
	const char *column_type; /* Delimited, FixedWidth */
	const char *delimiter;   /* decoded (_xHHHH_ resolved) */
	bool text_qualified;
	IrLoc loc;
} IrFlatColumn;

typedef struct IrFlatFile {
	const char *format;      /* Delimited, FixedWidth, RaggedRight */
	const char *row_delimiter, *header_row_delimiter;
	const char *text_qualifier;  /* NULL for <none> */
	int header_rows_to_skip, data_rows_to_skip;
	bool column_names_in_first_row;
	int code_page;
	bool unicode;
	int locale_id;
	IrVec columns;           /* IrFlatColumn* */
} IrFlatFile;

typedef struct IrConnMgr {
	const char *name, *dtsid, *refid;
	const char *creation_name;   /* OLEDB, FLATFILE, ADO.NET:..., as written */
	const char *kind;            /* normalised: OLEDB, ADO.NET, FLATFILE, FILE, EXCEL, ... */
	const char *description;
	bool project;                /* from a .conmgr file */
	bool has_connstr;
	IrConnStr connstr;           /* OLE DB, ADO.NET, ODBC, EXCEL, ... */
	IrLoc connstr_loc;
	const char *file_path;       /* FILE, FLATFILE, EXCEL data source */
	IrFlatFile *flat;            /* FLATFILE, MULTIFLATFILE */
	IrVec prop_exprs;            /* IrPropExpr* */
	IrVec props;                 /* IrProp*: the other properties of the inner object */
	IrLoc loc;
} IrConnMgr;

/* ---- variables and parameters ----------------------------------------- */
typedef struct IrVariable {
	const char *ns, *name, *dtsid;
	int data_type;               /* variable type code (types.md §5.1) */
	IrText value;
	bool evaluate_as_expression;
	IrText expression;
	bool read_only;
	const char *description;
	const char *scope;           /* SSIS path of the owning container */
	IrLoc loc;
} IrVariable;

typedef struct IrParam {
	const char *name, *dtsid, *description;
	int data_type;               /* package: VARIANT code (as variables); project: System.TypeCode */
	bool type_code;              /* data_type is a System.TypeCode (Project.params) */
	IrText value;                /* absent when sensitive */
	bool required, sensitive;
	bool project;
	IrLoc loc;
} IrParam;

/* ---- control flow ----------------------------------------------------- */
typedef enum IrExecKind {
#define IR_EXEC_KIND(id, name) IR_EXEC_##id,
#include "package_exec.def"
#undef IR_EXEC_KIND
	IR_EXEC__COUNT
} IrExecKind;
const char *ir_exec_kind_name(IrExecKind k);

typedef enum IrConstraintValue { IR_PC_SUCCESS = 0, IR_PC_FAILURE = 1, IR_PC_COMPLETION = 2, IR_PC_CANCELED = 3 } IrConstraintValue;
typedef enum IrEvalOp { IR_EVAL_EXPRESSION = 1, IR_EVAL_CONSTRAINT = 2, IR_EVAL_BOTH = 3, IR_EVAL_EITHER = 4 } IrEvalOp;

typedef struct IrExecutable IrExecutable;

typedef struct IrConstraint {
	const char *name, *dtsid;
	const char *from_ref, *to_ref;     /* as written: refId (6/8) or DTSID (2/3) */
	IrExecutable *from, *to;           /* resolved, or NULL (warned) */
	IrConstraintValue value;
	IrEvalOp eval_op;
	IrText expression;
	bool logical_and;
	IrLoc loc;
} IrConstraint;

typedef struct IrSqlParam {
	const char *name, *variable, *direction;
	int data_type, size;
	IrLoc loc;
} IrSqlParam;

typedef struct IrSqlResult {
	const char *name, *variable;
	IrLoc loc;
} IrSqlResult;

typedef struct IrSqlTask {
	const char *connection;          /* as written (a DTSID, usually) */
	IrLoc connection_loc;
	IrConnMgr *conn;                 /* resolved, or NULL */
	const char *source_type;         /* DirectInput, FileConnection, Variable */
	IrText statement;                /* SqlStatementSource */
	const char *result_type;         /* ResultSetType_None, _SingleRow, _Rowset, _XML */
	bool is_stored_proc, bypass_prepare;
	int timeout, code_page;
	IrVec params;                    /* IrSqlParam* */
	IrVec results;                   /* IrSqlResult* */
	IrLoc loc;
} IrSqlTask;

typedef struct IrParamAssign {
	const char *parameter, *binding;
	IrLoc loc;
} IrParamAssign;

typedef struct IrExecPackageTask {
	bool use_project_reference;
	const char *package_name;        /* project reference */
	const char *connection;          /* file / MSDB reference: a CM name or DTSID */
	IrConnMgr *conn;
	IrVec assignments;               /* IrParamAssign* */
	IrLoc loc;
} IrExecPackageTask;

typedef struct IrForEach {
	const char *enumerator;          /* creation name of the enumerator */
	IrVec props;                     /* IrProp*: enumerator payload attributes */
	IrVec prop_exprs;                /* IrPropExpr* on the enumerator */
	IrVec mappings;                  /* IrProp*: name = variable, value = index */
	IrLoc loc;
} IrForEach;

typedef struct IrDataFlow IrDataFlow;

typedef struct IrEventHandler {
	const char *event;               /* OnError, OnPreExecute, ... */
	IrExecutable *body;              /* a container (kind EVENT_HANDLER) */
	IrLoc loc;
} IrEventHandler;

struct IrExecutable {
	IrExecKind kind;
	const char *creation_name;       /* ExecutableType as written */
	const char *name, *dtsid, *refid, *description;
	const char *path;                /* SSIS path: \Package\Seq\Task */
	bool disabled;
	IrVec props;                     /* IrProp*: the other properties */
	IrVec prop_exprs;                /* IrPropExpr* */
	IrVec variables;                 /* IrVariable* in this scope */
	IrVec children;                  /* IrExecutable* (containers) */
	IrVec constraints;               /* IrConstraint* between children */
	IrVec event_handlers;            /* IrEventHandler* */
	IrSqlTask *sql;                  /* EXECUTE_SQL */
	IrExecPackageTask *exec_package; /* EXECUTE_PACKAGE */
	IrDataFlow *dataflow;            /* PIPELINE */
	IrForEach *foreach;              /* FOREACH_LOOP */
	const char *payload;             /* other tasks: the ObjectData element's name */
	IrVec payload_props;             /* IrProp*: its attributes (and simple children) */
	IrLoc loc;
};

/* ---- data flow -------------------------------------------------------- */
typedef struct IrComponent IrComponent;
typedef struct IrPort IrPort;

typedef struct IrColumn {
	const char *id;                  /* refId (6/8) or id (2/3), as a string key */
	const char *lineage_id;          /* output columns: own; input columns: upstream's */
	const char *name;
	int data_type;                   /* DT code; 0 when absent */
	const char *data_type_xml;       /* as written: wstr, i4, ... */
	int length, precision, scale, code_page;
	int sort_key_position;
	const char *usage_type;          /* input columns: readOnly / readWrite */
	const char *external_metadata_column_id;
	const char *error_row_disposition, *truncation_row_disposition;
	const char *error_or_truncation_operation;
	int special_flags;
	IrVec props;                     /* IrProp*: Expression, FriendlyExpression, ... */
	struct IrColumn *upstream;       /* input columns: the output column they read */
	IrPort *port;
	IrLoc loc;
} IrColumn;

struct IrPort {
	const char *id, *name, *description;
	bool is_input;
	bool is_error_out, is_sorted, has_side_effects;
	int exclusion_group;
	const char *synchronous_input_id;
	IrPort *synchronous_input;
	const char *error_row_disposition, *truncation_row_disposition;
	IrVec columns;                   /* IrColumn*: inputColumns / outputColumns */
	IrVec external_columns;          /* IrColumn*: externalMetadataColumns */
	IrVec props;                     /* IrProp* */
	IrComponent *component;
	IrLoc loc;
};

typedef struct IrCompConn {
	const char *name;                /* the component's name for it: OleDbConnection ... */
	const char *manager_id, *manager_refid;   /* as written */
	IrConnMgr *conn;                 /* resolved, or NULL */
	IrLoc loc;
} IrCompConn;

struct IrComponent {
	const char *id;                  /* refId (6/8) or id (2/3) */
	const char *name, *description;
	const char *class_id;            /* componentClassID as written */
	const char *class_name;          /* canonical: Microsoft.OLEDBSource, or 3rd:<type> */
	bool known;                      /* a built-in SSIS component */
	const char *identified_by;       /* class-id, user-type, contact-info, structure, none */
	const char *contact_info;
	const char *user_type;           /* UserComponentTypeName */
	int version;
	const char *path;                /* SSIS path */
	IrVec props;                     /* IrProp* */
	IrVec connections;               /* IrCompConn* */
	IrVec inputs, outputs;           /* IrPort* */
	IrLoc loc;
};

typedef struct IrPath {
	const char *id, *name;
	const char *start_id, *end_id;   /* as written */
	IrPort *start, *end;             /* resolved, or NULL (warned) */
	IrLoc loc;
} IrPath;

struct IrDataFlow {
	IrVec components;                /* IrComponent* */
	IrVec paths;                     /* IrPath* */
	IrLoc loc;
};

/* ---- the package ------------------------------------------------------ */
typedef struct IrPackage {
	const char *file;                /* as given */
	uint32_t file_id;
	int format_version;              /* 2, 3, 6, 8 */
	const char *name, *dtsid, *description;
	const char *protection_level;    /* DontSaveSensitive, EncryptSensitiveWithUserKey, ... */
	const char *creator_name, *creator_computer, *creation_date;
	int version_major, version_minor, version_build;
	const char *version_guid, *version_comments;
	const char *last_modified_product_version;
	int locale_id;
	IrVec connections;               /* IrConnMgr*: package-level */
	IrVec project_connections;       /* IrConnMgr*: from *.conmgr */
	IrVec parameters;                /* IrParam*: package parameters */
	IrVec project_parameters;        /* IrParam*: Project.params */
	IrExecutable *root;              /* kind PACKAGE: variables, flow, handlers */
	IrLoc loc;
} IrPackage;

/* package_json.c: the --emit=ir printer.  Stable key order, no pointers;
 * returns a cJSON object (cJSON *). */
void *ir_package_to_json(IrCtx *c, const IrPackage *p);

#endif
