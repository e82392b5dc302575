#!/usr/bin/env python3
"""failing_hooks.py — the hooks that fail loudly when they run keep their
message whole through dbt's two renderings (the config's string literal,
then the hook itself), for both kinds:
  - the flat file a PostgreSQL project does not write (-Wflatfile-not-written),
    with a connection name holding a backslash, a quote and '{%';
  - an UPDATE post-hook with a construct that has no translation
    (-Wsql-post-hook), whose task path holds backslashes;
and a procedure's macro stub, called as its model calls it, raises an
error naming the procedure and the arguments it got.
The config line and each hook are rendered with jinja2 (as dbt does), with
ssis2dbt_not_translated returning its message.

usage: failing_hooks.py SSIS2DBTC CASES_DIR
"""
import os
import re
import subprocess
import sys
import tempfile

import jinja2

CONFIG = re.compile(r"^\{\{ config\(.*\) \}\}$", re.M)


def compile_pkg(exe, path, out, target):
    r = subprocess.run([exe, "--target", target, "-o", out, path], capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        raise SystemExit("FAIL: %s: exit %d\n%s" % (path, r.returncode, r.stderr[-2000:]))
    return r.stderr


def rendered_hooks(model_sql):
    """The post-hooks of the model's config() call, each rendered once more."""
    env = jinja2.Environment()
    got = {}

    def config(**kw):
        got.update(kw)
        return ""

    line = CONFIG.search(model_sql)
    if not line:
        return None
    env.from_string(line.group(0)).render(config=config, var=lambda n: n)
    return [env.from_string(h).render(ssis2dbt_not_translated=lambda m: "FAILS WITH: " + m)
            for h in got.get("post_hook", [])]


def models(out):
    for d, _, fs in os.walk(os.path.join(out, "models")):
        for f in fs:
            if f.endswith(".sql"):
                yield f, open(os.path.join(d, f), encoding="utf-8").read()


def main():
    exe, cases = os.path.abspath(sys.argv[1]), sys.argv[2]
    fails = []
    with tempfile.TemporaryDirectory(prefix="failing_hooks_") as tmp:
        # the flat file destination, on PostgreSQL
        name = "Emp\\Export's {% x"
        text = open(os.path.join(cases, "sort_multikey_flatfile", "ExportEmployeesSorted.dtsx"),
                    encoding="utf-8").read()
        if 'DTS:ObjectName="EmployeeExport"' not in text:
            raise SystemExit("FAIL: the flat file case changed; update this test")
        text = text.replace('DTS:ObjectName="EmployeeExport"',
                            'DTS:ObjectName="%s"' % name.replace("'", "&#x27;"))
        pkg = os.path.join(tmp, "Flat.dtsx")
        open(pkg, "w", encoding="utf-8").write(text)
        out = os.path.join(tmp, "flat")
        err = compile_pkg(exe, pkg, out, "postgres")
        if "[-Wflatfile-not-written]" not in err:
            fails.append("flat file: no -Wflatfile-not-written warning")
        hooks = [h for _, m in models(out) for h in (rendered_hooks(m) or [])]
        want = "FAILS WITH: ssis2dbt: flat file %s.flatfile is not written: only DuckDB writes files" % name
        if not any(want in h for h in hooks):
            fails.append("flat file: no hook fails with %r; hooks %r" % (want, hooks))

        # an UPDATE post-hook with no translation
        text = open(os.path.join(cases, "execsql_update_after_load", "LoadFactOrder.dtsx"), encoding="utf-8").read()
        old = "Amount = ROUND(Amount, 0)"
        if old not in text:
            raise SystemExit("FAIL: the update case changed; update this test")
        text = text.replace(old, "Amount = @@ROWCOUNT")
        pkg = os.path.join(tmp, "Hook.dtsx")
        open(pkg, "w", encoding="utf-8").write(text)
        out = os.path.join(tmp, "hook")
        compile_pkg(exe, pkg, out, "duckdb")
        hooks = rendered_hooks(dict(models(out)).get("fct_order.sql", "")) or []
        want = "FAILS WITH: \\Package\\SQL Fix FactOrder: @@ROWCOUNT has no translation"
        if not any(h.startswith("select " + want) for h in hooks):
            fails.append("post-hook: no hook fails with %r; hooks %r" % (want, hooks))

        # a procedure's stub, called as its model calls it: the error names it and what it got
        text = open(os.path.join(cases, "execsql_update_after_load", "LoadFactOrder.dtsx"), encoding="utf-8").read()
        text = re.sub(r'SQLTask:SqlStatementSource="UPDATE[^"]*"', lambda m:
                      'SQLTask:SqlStatementSource="EXEC dbo.usp_Load @Day = ?, @Mode = &#x27;a\\b&#x27;, 3;"', text)
        at = text.index('SQLTask:SqlStatementSource="EXEC')
        close = text.index(" />", at)
        text = (text[:close] + '><SQLTask:ParameterBinding SQLTask:ParameterName="0" SQLTask:DtsVariableName='
                '"User::RunDay" SQLTask:ParameterDirection="Input" SQLTask:DataType="3" /></SQLTask:SqlTaskData>'
                + text[close + 3:])
        pkg = os.path.join(tmp, "Exec.dtsx")
        open(pkg, "w", encoding="utf-8").write(text)
        out = os.path.join(tmp, "exec")
        compile_pkg(exe, pkg, out, "duckdb")
        stub = open(os.path.join(out, "macros", "ssis2dbt_proc__dbo__usp_load.sql"), encoding="utf-8").read()
        call = [l for _, m in models(out) for l in m.split("\n") if "ssis2dbt_proc__dbo__usp_load(" in l]
        raised = []

        class Exceptions:
            @staticmethod
            def raise_compiler_error(msg):
                raised.append(msg)
                return ""

        env = jinja2.Environment()
        env.from_string(stub + "\n".join(call)).render(execute=True, exceptions=Exceptions,
                                                        var=lambda n: "<var %s>" % n)
        want = ("ssis2dbt: the stored procedure dbo.usp_Load is not translated: its body is not in the package "
                "(macros/ssis2dbt_proc__dbo__usp_load.sql); called with day=<var user__runday>, mode=a\\b, arg3=3")
        if raised != [want]:
            fails.append("exec: the stub raised %r, wanted %r (call %r)" % (raised, want, call))
    for f in fails:
        print("FAIL: " + f)
    if not fails:
        print("ok")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
