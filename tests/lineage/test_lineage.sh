# test_lineage.sh — tables across tasks and packages (backend/lineage.c)
# and the control-flow warnings (passes/control_flow.c): the exact
# diagnostics with their file:line:col, the ref()/source() each read
# became, the manifest's lineage and the models' descriptions.
. "$(dirname "$0")/../driver/lib.sh"
DATA=$SRC/tests/lineage/data
cd "$DATA"

# diag FILE: the diagnostic lines of a compiler's stderr (no source excerpt)
diag() { grep -E '^[^ ].*: (error|warning|note): ' "$1"; }

# json EXPR: evaluates a Python expression over the manifest `m`
json() {
	"${PYTHON:-python3}" -c "import json,sys; m=json.load(open(sys.argv[1])); print($1)" "$TMP/proj/ssis2dbt_manifest.json"
}

# --- two data flows of one package replace the same table
expect_rc 0 "$SSIS2DBTC" TwoWriters.dtsx -o "$TMP/proj"
printf "%s" "$(diag "$TMP/err")" >"$TMP/diag"
expect_text "$TMP/diag" 'TwoWriters.dtsx:33:1: warning: table DW.dbo.Target is written by \Package\DFT Load A (which replaces it) and by \Package\DFT Load B (which replaces it); the model of the first stands for the table, the other gets a model of its own [-Wmultiple-writers]
TwoWriters.dtsx:74:1: note: DW.dbo.Target is also written here'
[ "$(json "[d['model'] for d in m['destinations'] if d['legacy']=='DW.dbo.Target']")" = "['target']" ] ||
	fail "DW.dbo.Target is not the model of the first writer"
expect_rc 1 "$SSIS2DBTC" -Werror=multiple-writers TwoWriters.dtsx -o "$TMP/proj2"
expect_grep "$TMP/err" "TwoWriters.dtsx:33:1: error: table DW.dbo.Target is written by"

# --- two packages write one table through two connection managers to one database
expect_rc 0 "$SSIS2DBTC" AliasWriterA.dtsx AliasWriterB.dtsx -o "$TMP/proj"
printf "%s" "$(diag "$TMP/err")" >"$TMP/diag"
expect_text "$TMP/diag" 'AliasWriterA.dtsx:29:1: warning: table Warehouse.dbo.Shared is written by \Package\DFT Append A (which appends to it) and by \Package\DFT Append B (which appends to it); the model of the first stands for the table, the other gets a model of its own [-Wmultiple-writers]
AliasWriterB.dtsx:29:1: note: DW2.dbo.Shared is also written here, the same table as Warehouse.dbo.Shared'

# --- two packages, nothing orders them, each reads what the other writes
expect_rc 0 "$SSIS2DBTC" CycleA.dtsx CycleB.dtsx -o "$TMP/proj"
printf "%s" "$(diag "$TMP/err")" >"$TMP/diag"
expect_text "$TMP/diag" 'CycleB.dtsx:14:1: warning: reading DW.dbo.T1 through ref() would close a cycle of tables read after they are written (DW.dbo.T1 -> DW.dbo.T2); this read stays a source() [-Wlineage-cycle]
CycleA.dtsx:29:1: note: DW.dbo.T1 is written here
CycleA.dtsx:14:1: note: DW.dbo.T2 is read here after it is written
CycleB.dtsx:29:1: note: DW.dbo.T2 is written here
CycleA.dtsx:14:1: note: \Package\DFT T2 to T1\OLE_SRC Read reads DW.dbo.T2 through ref(): no Execute Package Task of the build orders CycleB.dtsx and CycleA.dtsx: the writing package is taken to run first'
expect_grep "$TMP/proj/models/staging/dw/stg_dw__t2.sql" "from {{ ref('t2') }}"
expect_grep "$TMP/proj/models/staging/dw/stg_dw__t1.sql" "from {{ source('dw', 'T1') }}"
[ "$(json "[(l['legacy'], r['via'], r['order']) for l in m['lineage'] for r in l['reads']]")" = \
	"[('DW.dbo.T1', 'source', 'cycle'), ('DW.dbo.T2', 'ref', 'assumed_after_write')]" ] ||
	fail "manifest lineage of the cycle: $(json "m['lineage']")"
# T2 is only read through ref(): no longer a dbt source
[ "$(json "[s['legacy'] for s in m['sources']]")" = "['DW.dbo.T1']" ] || fail "sources: $(json "m['sources']")"
expect_rc 0 "$SSIS2DBTC" -Wno-lineage-cycle CycleA.dtsx CycleB.dtsx -o "$TMP/proj"
expect_no_grep "$TMP/err" "Wlineage-cycle"
expect_grep "$TMP/err" "CycleA.dtsx:14:1: note: \\Package\\DFT T2 to T1\\OLE_SRC Read reads DW.dbo.T2 through ref()"
expect_rc 0 "$SSIS2DBTC" -w CycleA.dtsx CycleB.dtsx -o "$TMP/proj"
[ ! -s "$TMP/err" ] || fail "-w left diagnostics: $(cat "$TMP/err")"

# --- control flow dbt cannot express: warnings, and the models' descriptions say it
expect_rc 0 "$SSIS2DBTC" ControlFlow.dtsx -o "$TMP/proj"
printf "%s" "$(diag "$TMP/err")" >"$TMP/diag"
expect_text "$TMP/diag" 'ControlFlow.dtsx:137:1: warning: \Package\DFT When Rows runs only when the expression @[User::RowCnt] > 0 holds after \Package\SQL Count; dbt runs its models every time [-Wprecedence-condition]
ControlFlow.dtsx:138:1: warning: \Package\DFT On Failure runs only when \Package\SQL Count fails; dbt runs its models every time [-Wprecedence-condition]
ControlFlow.dtsx:141:20: warning: the OnError event handler runs only when the event fires; the models it becomes run every time [-Wevent-handler]
ControlFlow.dtsx:15:1: warning: the For Loop runs its body once per iteration; the models it becomes run once per dbt run [-Wloop-runs-once]
ControlFlow.dtsx:131:1: warning: the task is disabled: it never runs in SSIS, and counts as succeeded for the constraints that leave it [-Wdisabled-task]'
Y=$TMP/proj/models/marts/_marts__models.yml
expect_grep "$Y" 'In SSIS it runs once per iteration of the For Loop \\Package\\Loop Three Times; dbt runs it once.'
expect_grep "$Y" 'In SSIS \\Package\\DFT When Rows runs only when the expression @[User::RowCnt] > 0 holds after \\Package\\SQL Count; dbt runs it every time.'
expect_grep "$Y" 'In SSIS \\Package\\DFT On Failure runs only when \\Package\\SQL Count fails; dbt runs it every time.'
expect_grep "$Y" 'In SSIS it runs in the OnError event handler \\Package.EventHandlers[OnError], only when that event fires; dbt runs it every time.'
# ordering alone adds no dependency: no model of this package refs another's table
expect_no_grep "$TMP/proj/models/marts/loop_out.sql" "depends_on"
[ "$(json "m['lineage']")" = "[]" ] || fail "lineage of ControlFlow.dtsx: $(json "m['lineage']")"

# --- a parent package writes before and after its Execute Package Task runs the reading child
expect_rc 0 "$SSIS2DBTC" ChildReads.dtsx ParentWrites.dtsx -o "$TMP/proj"
[ "$(json "[(l['legacy'], r['via'], r['order']) for l in m['lineage'] for r in l['reads']]")" = \
	"[('DW.dbo.Late', 'source', 'before_write'), ('DW.dbo.Mid', 'ref', 'after_write')]" ] ||
	fail "manifest lineage of the parent and child: $(json "m['lineage']")"
expect_grep "$TMP/proj/models/staging/dw/stg_dw__mid.sql" "from {{ ref('mid') }}"
expect_grep "$TMP/proj/models/marts/late.sql" "-- depends_on: {{ ref('out2') }}"
expect_no_grep "$TMP/proj/models/marts/mid.sql" "depends_on"

# --- the reader of the conformance case lineage_reader_before_writer: the writer waits for it
expect_rc 0 "$SSIS2DBTC" "$SRC/tests/conformance/cases/lineage_reader_before_writer/RefreshPrices.dtsx" -o "$TMP/proj"
expect_grep "$TMP/proj/models/marts/price.sql" "-- depends_on: {{ ref('price_history') }}"
expect_grep "$TMP/proj/models/staging/shop_db/stg_shop_db__price.sql" "from {{ source('shop_db', 'Price') }}"

# --- a writer inside a Sequence, a reader after it; the constraint's expression has no
# EvalOp, so SSIS ignores it: no warning, and the read is ordered after the write
expect_rc 0 "$SSIS2DBTC" SequenceOrder.dtsx -o "$TMP/proj"
[ ! -s "$TMP/err" ] || fail "SequenceOrder.dtsx: $(cat "$TMP/err")"
expect_grep "$TMP/proj/models/staging/dw/stg_dw__stg.sql" "from {{ ref('stg') }}"

# --- one staging model read before and after the write: split, one source(), one ref()
expect_rc 0 "$SSIS2DBTC" SplitReads.dtsx -o "$TMP/proj"
expect_grep "$TMP/proj/models/staging/dw/stg_dw__t.sql" "from {{ source('dw', 'T') }}"
expect_grep "$TMP/proj/models/staging/dw/stg_dw__t_2.sql" "from {{ ref('t') }}"
expect_grep "$TMP/proj/models/marts/snap.sql" "from {{ ref('stg_dw__t') }}"
expect_grep "$TMP/proj/models/marts/out.sql" "from {{ ref('stg_dw__t_2') }}"
expect_grep "$TMP/proj/models/marts/t.sql" "-- depends_on: {{ ref('snap') }}"
[ "$(json "[c['models'] for p in m['packages'] for c in p['components'] if c['ssis_path'].endswith('Read After\\\\OLE_SRC Read')]")" = \
	"[['stg_dw__t_2']]" ] || fail "the reading component after the write does not list the split model"

# --- a loop around an Execute Package Task: the child's models say so
expect_rc 0 "$SSIS2DBTC" LoopMaster.dtsx LoopChild.dtsx -o "$TMP/proj"
printf "%s" "$(diag "$TMP/err")" >"$TMP/diag"
expect_text "$TMP/diag" 'LoopMaster.dtsx:9:1: warning: the For Loop runs its body once per iteration; the models it becomes run once per dbt run [-Wloop-runs-once]'
expect_grep "$TMP/proj/models/marts/_marts__models.yml" 'Its package runs from the Execute Package Task \\Package\\Loop Days\\EPT Run Child of LoopMaster.dtsx. In SSIS it runs once per iteration of the For Loop \\Package\\Loop Days; dbt runs it once.'

finish
