#!/usr/bin/env python3
"""hostile.py — hostile inputs for the .dtsx reader, generated at test time.

Each case writes its input into a work directory (in the build tree; nothing
large is ever kept in the repository), runs `ssis2dbtc --emit=ir` on it three
ways and checks what a compiler owes untrusted input:

  * exit status 1 (errors in the input) — never 0, 2 (usage), 3 (internal),
    a signal or a sanitizer report;
  * a diagnostic that names the file, with a line (a file-level diagnostic is
    enough for a directory, an empty or a missing file), in text and in JSON;
  * no output: `-o NEW` is not created, `-o OLD` is left untouched (content
    and mtime), nothing is printed on stdout;
  * bounded time (a timeout per run) and memory (peak RSS per run), and
    bounded diagnostics (no 100 MB attribute echoed to the terminal);
  * nothing forbidden in any output (the content of an external entity).

Usage:
  hostile.py --list
  hostile.py --ssis2dbtc BIN --work DIR [--corpus DIR] [--sanitized] CASE...
"""
import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile

TIMEOUT = 20.0                  # seconds per run
HUGE_ATTR = 100 * 1000 * 1000   # bytes of the huge attribute
SANITIZER_RE = re.compile(r"AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|"
                          r"runtime error:|MemorySanitizer|ThreadSanitizer")
MAX_DIAG_BYTES = 1 << 20        # stderr beyond this is an unbounded echo

# ---------------------------------------------------------------- packages

DTS = "www.microsoft.com/SqlServer/Dts"


def package(prolog="", root_attrs="", body="", ns=DTS, name="Hostile"):
    """A small, valid format-8 package (one variable, one sequence
    container), with hooks to make it hostile."""
    return f"""<?xml version="1.0"?>
{prolog}<DTS:Executable xmlns:DTS="{ns}"
  DTS:refId="Package"
  DTS:CreationName="Microsoft.Package"
  DTS:DTSID="{{6A1C5D0E-0000-4000-8000-000000000001}}"
  DTS:ExecutableType="Microsoft.Package"
  DTS:LastModifiedProductVersion="16.0.5685.0"
  DTS:LocaleID="1033"
  DTS:ObjectName="{name}"
  DTS:PackageType="5"
  DTS:VersionBuild="1"
  DTS:VersionGUID="{{6A1C5D0E-0000-4000-8000-000000000002}}"{root_attrs}>
  <DTS:Property
    DTS:Name="PackageFormatVersion">8</DTS:Property>
  <DTS:Variables>
    <DTS:Variable
      DTS:CreationName=""
      DTS:DTSID="{{6A1C5D0E-0000-4000-8000-000000000003}}"
      DTS:IncludeInDebugDump="2345"
      DTS:Namespace="User"
      DTS:ObjectName="Greeting">
      <DTS:VariableValue
        DTS:DataType="8">hello</DTS:VariableValue>
    </DTS:Variable>
  </DTS:Variables>
  <DTS:Executables>
    <DTS:Executable
      DTS:refId="Package\\Seq"
      DTS:CreationName="STOCK:SEQUENCE"
      DTS:DTSID="{{6A1C5D0E-0000-4000-8000-000000000004}}"
      DTS:ExecutableType="STOCK:SEQUENCE"
      DTS:LocaleID="-1"
      DTS:ObjectName="Seq">
      <DTS:Variables />
    </DTS:Executable>
  </DTS:Executables>{body}
</DTS:Executable>
"""


def line_of(text, needle):
    """1-based line of the first occurrence of needle in text."""
    i = text.index(needle)
    return text.count("\n", 0, i) + 1


class Case:
    """expect: 'reject' (exit 1 + diagnostic), 'read' (exit 0 + IR),
    'either' (one of the two, each fully checked)."""

    def __init__(self, name, doc, make, expect="reject", file_level=False,
                 forbidden=(), lines=None, check_ir=None, max_rss_mb=None):
        self.name, self.doc, self.make, self.expect = name, doc, make, expect
        self.file_level = file_level
        self.forbidden = list(forbidden)
        self.lines = lines            # acceptable diagnostic lines, or None
        self.check_ir = check_ir      # fn(ir_text) -> error string or None
        self.max_rss_mb = max_rss_mb
        self.want_warning_lines = {}  # line -> what: each needs a diagnostic there
        self.before = []              # valid inputs given before the hostile one


def write(path, data, mode="w"):
    with open(path, mode + ("b" if isinstance(data, bytes) else ""),
              **({} if isinstance(data, bytes) else {"encoding": "utf-8", "newline": ""})) as f:
        f.write(data)
    return path


# Each maker gets (case, work dir, options) and returns the input path.

def make_control(c, d, o):
    return write(os.path.join(d, "control.dtsx"), package())


def check_control_ir(ir):
    if '"Hostile"' not in ir or '"Seq"' not in ir or '"Greeting"' not in ir:
        return "the IR lacks the package, its container or its variable"
    return None


SECRET_TOKEN = "XXE-SECRET-7f3c9a51d2"
SECRET_TOKEN2 = "XXE-SECRET-PE-0b44e1c3"


def passwd_line():
    try:
        with open("/etc/passwd", encoding="utf-8", errors="replace") as f:
            first = f.readline().strip()
        return [first] if len(first) >= 8 else []
    except OSError:
        return []


def make_xxe(c, d, o):
    secret = write(os.path.join(d, "secret.txt"), SECRET_TOKEN + "\n")
    prolog = ("<!DOCTYPE DTS:Executable [\n"
              '  <!ENTITY xxe SYSTEM "file:///etc/passwd">\n'
              f'  <!ENTITY tok SYSTEM "file://{secret}">\n'
              "]>\n")
    text = package(prolog=prolog).replace(">hello<", ">&xxe;&tok;<")
    c.lines = {2, 3, 4, 5, line_of(text, "&xxe;"), line_of(text, "<DTS:Executable")}
    return write(os.path.join(d, "xxe.dtsx"), text)


def make_xxe_pe(c, d, o):
    dtd = write(os.path.join(d, "evil.dtd"), f'<!ENTITY tok "{SECRET_TOKEN2}">\n')
    prolog = ("<!DOCTYPE DTS:Executable [\n"
              f'  <!ENTITY % remote SYSTEM "file://{dtd}">\n'
              "  %remote;\n"
              "]>\n")
    text = package(prolog=prolog).replace(">hello<", ">&tok;<")
    c.lines = {2, 3, 4, 5, line_of(text, "&tok;"), line_of(text, "<DTS:Executable")}
    return write(os.path.join(d, "xxe-pe.dtsx"), text)


def make_xxe_dtd(c, d, o):
    dtd = write(os.path.join(d, "external.dtd"), f'<!ENTITY tok "{SECRET_TOKEN2}">\n')
    prolog = f'<!DOCTYPE DTS:Executable SYSTEM "file://{dtd}">\n'
    text = package(prolog=prolog).replace(">hello<", ">&tok;<")
    c.lines = {2, line_of(text, "&tok;"), line_of(text, "<DTS:Executable")}
    return write(os.path.join(d, "xxe-dtd.dtsx"), text)


def laughs_prolog():
    ents = ['  <!ENTITY lol0 "lol">']
    for i in range(1, 10):
        ents.append(f'  <!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">')
    return "<!DOCTYPE DTS:Executable [\n" + "\n".join(ents) + "\n]>\n"


def make_laughs(c, d, o):
    text = package(prolog=laughs_prolog()).replace(">hello<", ">&lol9;<")
    c.lines = set(range(2, 14)) | {line_of(text, "&lol9;<"), line_of(text, "<DTS:Executable")}
    return write(os.path.join(d, "laughs.dtsx"), text)


def make_laughs_attr(c, d, o):
    text = package(prolog=laughs_prolog(), name="&lol9;")
    c.lines = set(range(2, 14)) | {line_of(text, '"&lol9;"'), line_of(text, "<DTS:Executable")}
    return write(os.path.join(d, "laughs-attr.dtsx"), text)


def make_huge_attr(c, d, o):
    path = os.path.join(d, "huge-attr.dtsx")
    head, tail = package().split('DTS:LocaleID="1033"', 1)
    with open(path, "w", encoding="utf-8") as f:
        f.write(head)
        f.write('DTS:Description="HUGESTART')
        chunk = "A" * (1 << 20)
        left = HUGE_ATTR
        while left > 0:
            f.write(chunk[:min(left, len(chunk))])
            left -= len(chunk)
        f.write('HUGEEND"\n  DTS:LocaleID="1033"')
        f.write(tail)
    return path


def check_huge_ir(ir):
    if '"Hostile"' not in ir:
        return "the IR lacks the package"
    i = ir.find("HUGESTART")
    if i >= 0:   # the description is in the IR: it must be whole
        j = ir.find("HUGEEND", i)
        if j < 0 or j - i - len("HUGESTART") != HUGE_ATTR:
            return "the 100 MB description reached the IR truncated"
    return None


def nested_sequences(depth):
    opens, closes = [], []
    for i in range(depth):
        opens.append(f'  <DTS:Executables><DTS:Executable DTS:refId="S{i}" '
                     f'DTS:CreationName="STOCK:SEQUENCE" DTS:ExecutableType="STOCK:SEQUENCE" '
                     f'DTS:DTSID="{{6A1C5D0E-0000-4000-8000-{i:012d}}}" DTS:ObjectName="Level{i}">\n')
        closes.append("</DTS:Executable></DTS:Executables>\n")
    return "\n" + "".join(opens) + "".join(reversed(closes))


def make_deep(c, d, o):
    return write(os.path.join(d, "deep.dtsx"), package(body=nested_sequences(10000)))


def make_deep_plain(c, d, o):
    body = "\n  " + "<a>" * 10000 + "</a>" * 10000
    return write(os.path.join(d, "deep-plain.dtsx"), package(body=body))


DEEP_OK = 100   # 1 + 2*100 elements deep: inside libxml2's default limit (256)


def make_deep_ok(c, d, o):
    return write(os.path.join(d, "deep-ok.dtsx"), package(body=nested_sequences(DEEP_OK)))


def check_deep_ok(ir):
    if f'"Level{DEEP_OK - 1}"' not in ir:
        return f"the innermost of {DEEP_OK} nested containers is missing from the IR"
    return None


def bad_bytes_maker(fname, bad):
    def make(c, d, o):
        text = package(root_attrs='\n  DTS:Description="before BADBYTES after"')
        c.lines = {line_of(text, "BADBYTES")}
        data = text.encode("utf-8").replace(b"BADBYTES", bad)
        return write(os.path.join(d, fname), data)
    return make


def make_empty(c, d, o):
    return write(os.path.join(d, "empty.dtsx"), b"")


def make_directory(c, d, o):
    p = os.path.join(d, "a-directory.dtsx")
    os.makedirs(p, exist_ok=True)
    return p


def make_missing(c, d, o):
    p = os.path.join(d, "does-not-exist.dtsx")
    if os.path.exists(p):
        os.unlink(p)
    return p


def corpus_package(o, versions):
    """A real corpus package of one of the format versions, 20-80 KB with a
    data flow (the same one every time)."""
    import csv
    manifest = os.path.join(o.corpus, "MANIFEST.tsv")
    if not os.path.isfile(manifest):
        return None
    with open(manifest, encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    cands = sorted((int(r["bytes"]), r["local_file"]) for r in rows
                   if r["package_format_version"] in versions and int(r["n_dataflows"]) >= 1
                   and 20000 <= int(r["bytes"]) <= 80000)
    if not cands:
        raise SystemExit(f"no corpus package of format {versions} in {manifest}")
    return os.path.join(o.corpus, cands[0][1])


def truncated_maker(fname, versions):
    def make(c, d, o):
        src = corpus_package(o, versions)
        if src:
            with open(src, "rb") as f:
                data = f.read()
        else:   # no corpus here: a synthetic package with a data flow
            data = package().replace("  </DTS:Executables>", pipeline_task(20) + "  </DTS:Executables>").encode()
        half = data[:len(data) // 2]
        c.lines = set(range(max(1, half.count(b"\n") - 1), half.count(b"\n") + 3))
        return write(os.path.join(d, fname), half)
    return make


def make_wrong_root(c, d, o):
    text = ('<?xml version="1.0"?>\n'
            '<SSIS:Parameters xmlns:SSIS="www.microsoft.com/SqlServer/SSIS">\n'
            '  <SSIS:Parameter SSIS:Name="P1"/>\n'
            '</SSIS:Parameters>\n')
    c.lines = {2}
    return write(os.path.join(d, "wrong-root.dtsx"), text)


def make_wrong_ns(c, d, o):
    text = package(ns="http://example.com/not/Dts")
    c.lines = {2}
    return write(os.path.join(d, "wrong-ns.dtsx"), text)


def make_encrypted(c, d, o):
    text = f"""<?xml version="1.0"?>
<DTS:Executable xmlns:DTS="{DTS}"
  DTS:refId="Package"
  DTS:CreationName="Microsoft.Package"
  DTS:DTSID="{{6A1C5D0E-0000-4000-8000-000000000001}}"
  DTS:ExecutableType="Microsoft.Package"
  DTS:LastModifiedProductVersion="16.0.5685.0"
  DTS:LocaleID="1033"
  DTS:ObjectName="Locked"
  DTS:PackageType="5"
  DTS:ProtectionLevel="3"
  DTS:VersionBuild="1"
  DTS:VersionGUID="{{6A1C5D0E-0000-4000-8000-000000000002}}">
  <DTS:Property
    DTS:Name="PackageFormatVersion">8</DTS:Property>
  <EncryptedData
    Type="http://www.w3.org/2001/04/xmlenc#Element"
    Salt="q4n8Yj3c1w==" IV="Zm9vYmFyYmF6cXV4"
    xmlns="http://www.w3.org/2001/04/xmlenc#">
    <EncryptionMethod
      Algorithm="http://www.w3.org/2001/04/xmlenc#tripledes-cbc" />
    <CipherData>
      <CipherValue>3q2+7wAAAAC7u7u7zMzMzN3d3d3u7u7u/////wABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f</CipherValue>
    </CipherData>
  </EncryptedData>
</DTS:Executable>
"""
    c.lines = {2, 11, line_of(text, "<EncryptedData")}
    return write(os.path.join(d, "encrypted.dtsx"), text)


def make_binary(c, d, o):
    rnd = random.Random(20260101)
    data = bytes(rnd.getrandbits(8) for _ in range(65536))
    return write(os.path.join(d, "binary.dtsx"), data)


def make_zip(c, d, o):
    p = os.path.join(d, "project.ispac")
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("Package.dtsx", package())
        z.writestr("@Project.manifest", "<SSIS:Project/>")
    return p


def make_mixed(c, d, o):
    c.before = [write(os.path.join(d, "good.dtsx"), package())]
    text = package()
    half = text[:len(text) // 2]
    c.lines = {half.count("\n"), half.count("\n") + 1}
    return write(os.path.join(d, "bad.dtsx"), half)


def make_doctype(c, d, o):
    prolog = "<!DOCTYPE DTS:Executable [\n  <!ELEMENT DTS:Executable ANY>\n]>\n"
    text = package(prolog=prolog)
    c.lines = {2, 3, 4, line_of(text, "<DTS:Executable")}
    return write(os.path.join(d, "doctype.dtsx"), text)


def make_doctype_net(c, d, o):
    # An unroutable address: a reader that fetched it would hang (timeout).
    prolog = '<!DOCTYPE DTS:Executable SYSTEM "http://10.255.255.1/dtsx.dtd">\n'
    text = package(prolog=prolog)
    c.lines = {2, line_of(text, "<DTS:Executable")}
    return write(os.path.join(d, "doctype-net.dtsx"), text)


def pipeline_task(ncomp, refid="Package\\DFT", dangling=False):
    """A Data Flow Task with a chain of ncomp Union All components, each
    reading column X of the previous one."""
    comps, paths = [], []
    for i in range(ncomp):
        c = f"{refid}\\C{i}"
        inp = ""
        if i:
            prev = f"{refid}\\C{i - 1}.Outputs[Out].Columns[X]"
            if dangling and i == 1:
                prev = f"{refid}\\Nowhere.Outputs[Out].Columns[X]"
            inp = (f'<inputs><input refId="{c}.Inputs[In]" name="In"><inputColumns>\n'
                   f'            <inputColumn refId="{c}.Inputs[In].Columns[X]" cachedDataType="i4" cachedName="X" '
                   f'lineageId="{prev}" />\n          </inputColumns></input></inputs>')
        comps.append(f'        <component refId="{c}" componentClassID="Microsoft.UnionAll" name="C{i}" version="1">\n'
                     f'          {inp}<outputs><output refId="{c}.Outputs[Out]" name="Out"><outputColumns>\n'
                     f'            <outputColumn refId="{c}.Outputs[Out].Columns[X]" dataType="i4" '
                     f'lineageId="{c}.Outputs[Out].Columns[X]" name="X" />\n'
                     f'          </outputColumns></output></outputs>\n'
                     f'        </component>\n')
        if i:
            start = f"{refid}\\C{i - 1}.Outputs[Out]"
            if dangling and i == 1:
                start = f"{refid}\\Missing.Outputs[Out]"
            paths.append(f'        <path refId="{refid}.Paths[P{i}]" name="P{i}" startId="{start}" '
                         f'endId="{c}.Inputs[In]" />\n')
    name = refid.rsplit("\\", 1)[1]
    return ('    <DTS:Executable\n'
            f'      DTS:refId="{refid}"\n'
            '      DTS:CreationName="Microsoft.Pipeline"\n'
            '      DTS:DTSID="{6A1C5D0E-0000-4000-8000-0000000000DF}"\n'
            '      DTS:ExecutableType="Microsoft.Pipeline"\n'
            f'      DTS:ObjectName="{name}">\n'
            '      <DTS:ObjectData>\n'
            '        <pipeline version="1">\n'
            '          <components>\n' + "".join(comps) + '          </components>\n'
            '          <paths>\n' + "".join(paths) + '          </paths>\n'
            '        </pipeline>\n'
            '      </DTS:ObjectData>\n'
            '    </DTS:Executable>\n')


WIDE_TASKS, WIDE_COMPONENTS = 2000, 1000   # ~20x the corpus's largest package


def make_wide(c, d, o):
    tasks, cons = [], []
    for i in range(WIDE_TASKS):
        tasks.append(f'    <DTS:Executable DTS:refId="Package\\T{i}" DTS:CreationName="STOCK:SEQUENCE" '
                     f'DTS:ExecutableType="STOCK:SEQUENCE" DTS:DTSID="{{6A1C5D0E-0000-4000-8001-{i:012d}}}" '
                     f'DTS:ObjectName="T{i}" />\n')
        if i:
            cons.append(f'    <DTS:PrecedenceConstraint DTS:refId="Package.PrecedenceConstraints[C{i}]" '
                        f'DTS:From="Package\\T{i - 1}" DTS:To="Package\\T{i}" DTS:LogicalAnd="True" '
                        f'DTS:ObjectName="C{i}" />\n')
    text = package().replace("  </DTS:Executables>",
                             "".join(tasks) + pipeline_task(WIDE_COMPONENTS) + "  </DTS:Executables>\n"
                             "  <DTS:PrecedenceConstraints>\n" + "".join(cons) + "  </DTS:PrecedenceConstraints>")
    return write(os.path.join(d, "wide.dtsx"), text)


def check_wide_ir(ir):
    v = json.loads(ir)
    counts = {"exec": 0, "comp": 0, "pc_unresolved": 0}

    def walk(x):
        if isinstance(x, dict):
            if "kind" in x and "disabled" in x and x.get("kind") not in ("Package", "EventHandler"):
                counts["exec"] += 1
            if isinstance(x.get("dataflow"), dict):
                counts["comp"] += len(x["dataflow"].get("components") or [])
            for y in x.values():
                walk(y)
        elif isinstance(x, list):
            for y in x:
                walk(y)
    walk(v)
    want_exec = 1 + WIDE_TASKS + 1   # Seq, the tasks, the data flow
    if counts["exec"] != want_exec or counts["comp"] != WIDE_COMPONENTS:
        return (f"read {counts['exec']} executables and {counts['comp']} components, "
                f"expected {want_exec} and {WIDE_COMPONENTS}")
    return None


def make_dangling(c, d, o):
    cons = ('\n  <DTS:PrecedenceConstraints>\n'
            '    <DTS:PrecedenceConstraint DTS:refId="Package.PrecedenceConstraints[Ghost]" '
            'DTS:From="Package\\Seq" DTS:To="Package\\Ghost" DTS:LogicalAnd="True" DTS:ObjectName="Ghost" />\n'
            '    <DTS:PrecedenceConstraint DTS:refId="Package.PrecedenceConstraints[Self]" '
            'DTS:From="Package\\Seq" DTS:To="Package\\Seq" DTS:LogicalAnd="True" DTS:ObjectName="Self" />\n'
            '  </DTS:PrecedenceConstraints>')
    text = package(body=cons).replace("  </DTS:Executables>",
                                      pipeline_task(3, dangling=True) + "  </DTS:Executables>")
    c.want_warning_lines = {
        line_of(text, 'DTS:To="Package\\Ghost"'): "a precedence constraint to a missing executable",
        line_of(text, 'startId="Package\\DFT\\Missing'): "a path from a missing output",
        line_of(text, 'lineageId="Package\\DFT\\Nowhere'): "an input column of a missing lineage id",
    }
    return write(os.path.join(d, "dangling.dtsx"), text)


def make_bad_numbers(c, d, o):
    text = package().replace('DTS:LocaleID="1033"', 'DTS:LocaleID="99999999999999999999"')
    text = text.replace('DTS:VersionBuild="1"', 'DTS:VersionBuild="-9223372036854775809"')
    text = text.replace('DTS:DataType="8"', 'DTS:DataType="4294967304"')
    c.want_warning_lines = {
        line_of(text, "DTS:LocaleID="): "LocaleID out of range",
        line_of(text, "DTS:VersionBuild="): "VersionBuild out of range",
        line_of(text, 'DTS:DataType="4294967304"'): "a variable DataType out of range",
    }
    return write(os.path.join(d, "bad-numbers.dtsx"), text)


CASES = [
    Case("control", "a valid package (proves the checks can pass and fail)",
         make_control, expect="read", check_ir=check_control_ir),
    Case("xxe", "external entities file:///etc/passwd and a local secret file",
         make_xxe, forbidden=[SECRET_TOKEN] + passwd_line() + ["root:x:0:0"]),
    Case("xxe-parameter-entity", "an external parameter entity defining an entity",
         make_xxe_pe, forbidden=[SECRET_TOKEN2]),
    Case("xxe-external-dtd", "an external DTD (file:) defining an entity",
         make_xxe_dtd, forbidden=[SECRET_TOKEN2]),
    Case("billion-laughs", "nested internal entities (10^9 'lol') in content",
         make_laughs, forbidden=["lollollollollol"]),
    Case("billion-laughs-attr", "nested internal entities in an attribute value",
         make_laughs_attr, forbidden=["lollollollollol"]),
    Case("huge-attribute", "a 100 MB attribute in an otherwise valid package",
         make_huge_attr, expect="either", check_ir=check_huge_ir),
    Case("deep-nesting", "10,000 nested sequence containers (20,000 elements deep)",
         make_deep),
    Case("deep-nesting-plain", "10,000 nested elements inside the package",
         make_deep_plain),
    Case("deep-containers-ok", f"{DEEP_OK} nested containers (within libxml2's limit)",
         make_deep_ok, expect="either", check_ir=check_deep_ok),
    Case("invalid-utf8", "0xFF 0xFE bytes in an attribute", bad_bytes_maker("bad-utf8.dtsx", b"\xff\xfe")),
    Case("utf8-overlong", "an overlong UTF-8 sequence (C0 AF)", bad_bytes_maker("overlong.dtsx", b"\xc0\xaf")),
    Case("utf8-surrogate", "an encoded UTF-16 surrogate (ED A0 80)", bad_bytes_maker("surrogate.dtsx", b"\xed\xa0\x80")),
    Case("utf8-truncated-seq", "a truncated multibyte sequence (E2 82)", bad_bytes_maker("trunc-seq.dtsx", b"\xe2\x82")),
    Case("nul-byte", "a NUL byte inside an attribute", bad_bytes_maker("nul.dtsx", b"x\x00y")),
    Case("empty", "an empty file", make_empty, file_level=True),
    Case("directory", "a directory given as the package", make_directory, file_level=True),
    Case("missing", "a file that does not exist", make_missing, file_level=True),
    Case("truncated", "a real format-8 corpus package cut in half", truncated_maker("truncated-8.dtsx", ("8",))),
    Case("truncated-2005", "a real format-2/3 corpus package cut in half", truncated_maker("truncated-2.dtsx", ("2", "3"))),
    Case("wrong-root", "well-formed XML whose root is not a package (Project.params)", make_wrong_root),
    Case("wrong-namespace", "DTS:Executable in a namespace that is not DTS's", make_wrong_ns),
    Case("encrypted", "EncryptAllWithPassword: an EncryptedData body", make_encrypted),
    Case("binary", "64 KiB of random bytes", make_binary),
    Case("binary-zip", "a zip archive (an .ispac) given as a package", make_zip),
    Case("wide-package", f"{WIDE_TASKS} tasks in a chain and {WIDE_COMPONENTS} components (time bound)",
         make_wide, expect="read", check_ir=check_wide_ir),
    Case("dangling-references", "paths, constraints and lineage ids that point nowhere",
         make_dangling, expect="either"),
    Case("numbers-out-of-range", "LocaleID, VersionBuild, DataType beyond 64 bits / 32 bits",
         make_bad_numbers, expect="either"),
    Case("mixed-inputs", "a valid package, then a truncated one: nothing may be written",
         make_mixed),
    Case("doctype", "a package with an internal DOCTYPE (no entities)", make_doctype),
    Case("doctype-network", "a DOCTYPE with an http: system id (must not be fetched)", make_doctype_net),
]

# ---------------------------------------------------------------- running


class Run:
    def __init__(self, argv, rc, out, err, secs, rss_kb, timed_out):
        self.argv, self.rc, self.out, self.err = argv, rc, out, err
        self.secs, self.rss_kb, self.timed_out = secs, rss_kb, timed_out


def sanitizer_env():
    env = dict(os.environ)
    # Exit codes of our own so a sanitizer report is never mistaken for
    # "errors in the input" (1); options already set still win (later wins).
    env["ASAN_OPTIONS"] = "exitcode=99:" + env.get("ASAN_OPTIONS", "")
    env["UBSAN_OPTIONS"] = "print_stacktrace=1:exitcode=98:" + env.get("UBSAN_OPTIONS", "")
    env["LSAN_OPTIONS"] = "exitcode=97:" + env.get("LSAN_OPTIONS", "")
    return env


def run(argv, workdir, tag):
    """Runs argv with stdout/stderr to files; returns a Run.  Peak RSS is
    the child's own (wait4)."""
    out_p = os.path.join(workdir, f"{tag}.stdout")
    err_p = os.path.join(workdir, f"{tag}.stderr")
    t0 = time.monotonic()
    with open(out_p, "wb") as out, open(err_p, "wb") as err:
        p = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                             env=sanitizer_env(), start_new_session=True)
        timed_out = False
        rusage = None
        while True:
            pid, status, rusage = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - t0 > TIMEOUT:
                timed_out = True
                os.killpg(p.pid, signal.SIGKILL)
                pid, status, rusage = os.wait4(p.pid, 0)
                break
            time.sleep(0.01)
        p.returncode = os.waitstatus_to_exitcode(status)
    secs = time.monotonic() - t0
    with open(err_p, "rb") as f:
        errb = f.read(MAX_DIAG_BYTES + 1)
    err_size = os.path.getsize(err_p)
    out_size = os.path.getsize(out_p)
    return Run(argv, p.returncode, out_p, (errb, err_size, out_size), secs,
               rusage.ru_maxrss if rusage else 0, timed_out)


def read_text(path, limit=None):
    with open(path, "rb") as f:
        b = f.read() if limit is None else f.read(limit)
    return b.decode("utf-8", errors="replace")


def text_diag_ok(err, path, file_level):
    """A GCC-style error naming the file with line:col, or (file_level) a
    file-level error naming it."""
    located = re.compile(r"^" + re.escape(path) + r":(\d+):(\d+): error: ", re.M)
    lines = [int(m.group(1)) for m in located.finditer(err) if int(m.group(1)) >= 1]
    if lines:
        return lines
    if file_level:
        for ln in err.splitlines():
            if (ln.startswith(path + ": error: ") or ln.startswith(path + ":0:0: error: ")
                    or (ln.startswith("ssis2dbtc: error: ") and path in ln)):
                return [0]
    return []


def json_diags(text):
    """The diagnostics array printed with -fdiagnostics-format=json: a JSON
    array (or an object holding one) somewhere in the text."""
    text = text.strip()
    if not text:
        return None
    try:
        v = json.loads(text)
    except ValueError:
        # One JSON value per line?
        vals = []
        for ln in text.splitlines():
            try:
                vals.append(json.loads(ln))
            except ValueError:
                pass
        if not vals:
            return None
        v = vals
    found = []

    def walk(x):
        if isinstance(x, dict):
            if "severity" in x and "message" in x:
                found.append(x)
            else:
                for y in x.values():
                    walk(y)
        elif isinstance(x, list):
            for y in x:
                walk(y)
    walk(v)
    return found


def json_diag_ok(diags, path, file_level):
    lines = []
    for d in diags or []:
        if d.get("severity") != "error":
            continue
        named = d.get("file") == path or path in str(d.get("message", ""))
        if not named:
            continue
        line = d.get("line") or 0
        if isinstance(line, int) and line >= 1:
            lines.append(line)
        elif file_level:
            lines.append(0)
    return lines


class Checker:
    def __init__(self, case):
        self.case, self.failures = case, []

    def fail(self, msg):
        self.failures.append(msg)

    def common(self, r, what, opts):
        errb, err_size, out_size = r.err
        err = errb.decode("utf-8", errors="replace")
        if r.timed_out:
            self.fail(f"{what}: no answer within {TIMEOUT:.0f} s (killed)")
            return err
        if r.rc < 0 or r.rc >= 128:
            self.fail(f"{what}: crashed (exit {r.rc})")
        if SANITIZER_RE.search(err):
            self.fail(f"{what}: sanitizer report:\n" + "\n".join(err.splitlines()[:30]))
        if r.rc in (97, 98, 99):
            self.fail(f"{what}: sanitizer exit status {r.rc}")
        if err_size > MAX_DIAG_BYTES:
            self.fail(f"{what}: {err_size} bytes of diagnostics (unbounded echo of the input?)")
        limit = self.case.max_rss_mb or (opts.max_rss_mb * (4 if opts.sanitized else 1))
        if r.rss_kb > limit * 1024:
            self.fail(f"{what}: peak RSS {r.rss_kb // 1024} MB > {limit} MB")
        for bad in self.case.forbidden:
            if bad in err:
                self.fail(f"{what}: forbidden text {bad!r} in the diagnostics")
        return err


def check_forbidden_in_file(chk, path, what):
    if not os.path.isfile(path):
        return
    # Read in slices so a huge output never sits in memory twice.
    with open(path, "rb") as f:
        tail = b""
        while True:
            block = f.read(1 << 24)
            if not block:
                break
            data = tail + block
            for bad in chk.case.forbidden:
                if bad.encode() in data:
                    chk.fail(f"{what}: forbidden text {bad!r} in the output")
            tail = data[-256:]


def run_case(case, opts):
    d = os.path.join(opts.work, case.name)
    if os.path.isdir(d):
        shutil.rmtree(d)
    os.makedirs(d)
    path = case.make(case, d, opts)
    in_stat = os.stat(path) if os.path.exists(path) else None
    chk = Checker(case)
    bin_ = opts.ssis2dbtc
    figures = []

    # A: text diagnostics, -o a file that does not exist yet.
    out_new = os.path.join(d, "out-new.json")
    a = run([bin_, "--emit=ir", "-o", out_new] + case.before + [path], d, "a")
    # B: JSON diagnostics, -o a file that exists (must stay as it is).
    out_old = os.path.join(d, "out-old.json")
    sentinel = b"sentinel: this file predates the run\n"
    write(out_old, sentinel)
    old_time = time.time() - 3600
    os.utime(out_old, (old_time, old_time))
    b = run([bin_, "--emit=ir", "-fdiagnostics-format=json", "-o", out_old] + case.before + [path], d, "b")
    # C: the IR on stdout.
    c = run([bin_, "--emit=ir"] + case.before + [path], d, "c")
    runs = [("text, -o new", a), ("json, -o existing", b), ("stdout", c)]

    errs = {}
    for what, r in runs:
        errs[what] = chk.common(r, what, opts)
        figures.append(f"{what}: exit {r.rc}, {r.secs:.2f} s, {r.rss_kb // 1024} MB")

    rcs = {a.rc, b.rc, c.rc}
    if len(rcs) != 1:
        chk.fail(f"the exit status depends on the options: {a.rc}, {b.rc}, {c.rc}")
    rc = c.rc
    allowed = {"reject": {1}, "read": {0}, "either": {0, 1}}[case.expect]
    for what, r in runs:
        if not r.timed_out and r.rc not in allowed:
            chk.fail(f"{what}: exit status {r.rc}, expected {' or '.join(map(str, sorted(allowed)))}")

    if rc == 1:
        # A diagnostic naming the file, with a location.
        tl = text_diag_ok(errs["text, -o new"], path, case.file_level)
        if not tl:
            chk.fail("text diagnostics: no 'FILE:LINE:COL: error:' for the input"
                     + (" (nor a file-level error naming it)" if case.file_level else "")
                     + ":\n" + errs["text, -o new"][:2000])
        elif case.lines and not set(tl) & case.lines:
            chk.fail(f"text diagnostics: error on line(s) {sorted(set(tl))}, expected one of {sorted(case.lines)}")
        jtext = errs["json, -o existing"]
        diags = json_diags(jtext)
        if diags is None:
            diags = json_diags(read_text(b.out, MAX_DIAG_BYTES))
        jl = json_diag_ok(diags, path, case.file_level)
        if not jl:
            chk.fail("JSON diagnostics: no error object naming the input with a line:\n" + jtext[:2000])
        elif case.lines and not set(jl) & case.lines:
            chk.fail(f"JSON diagnostics: error on line(s) {sorted(set(jl))}, expected one of {sorted(case.lines)}")
        # No output anywhere.
        if os.path.exists(out_new):
            chk.fail("-o: the output file was created although the input has errors")
        with open(out_old, "rb") as f:
            if f.read() != sentinel:
                chk.fail("-o: the existing output file was changed although the input has errors")
        if abs(os.stat(out_old).st_mtime - old_time) > 1:
            chk.fail("-o: the existing output file was touched (mtime changed)")
        if os.path.getsize(a.out) or os.path.getsize(c.out):
            chk.fail("stdout: the IR (or something) was printed for an input in error:\n"
                     + read_text(c.out, 500))
        leftovers = [n for n in os.listdir(d) if ".tmp" in n]
        if leftovers:
            chk.fail(f"-o: temporary files left behind: {leftovers}")
    elif rc == 0:
        if not os.path.isfile(out_new):
            chk.fail("-o: exit 0 but the output file was not written")
        ir = read_text(c.out)
        try:
            json.loads(ir)
        except ValueError as e:
            chk.fail(f"stdout: exit 0 but the IR is not JSON ({e})")
        if case.check_ir:
            msg = case.check_ir(ir)
            if msg:
                chk.fail("IR: " + msg)
        del ir
    if case.want_warning_lines and not a.timed_out:
        # Input the reader accepts or rejects, but never silently: each
        # line listed needs a located diagnostic (warning or error).
        located = re.compile(r"^" + re.escape(path) + r":(\d+):\d+: (?:warning|error): ", re.M)
        seen = {int(m.group(1)) for m in located.finditer(errs["text, -o new"])}
        for ln, what in sorted(case.want_warning_lines.items()):
            if ln not in seen:
                chk.fail(f"no diagnostic on line {ln} ({what}); diagnostics on lines {sorted(seen)}")
    for tag, r in (("a", a), ("b", b), ("c", c)):
        check_forbidden_in_file(chk, r.out, f"stdout ({tag})")
    check_forbidden_in_file(chk, out_new, "-o file")

    if in_stat is None and os.path.exists(path):
        chk.fail("the missing input was created")
    elif in_stat is not None and os.path.isfile(path) and os.stat(path).st_mtime != in_stat.st_mtime:
        chk.fail("the input was modified")

    # Keep the work directory of a failed case (except huge files).
    if not chk.failures:
        shutil.rmtree(d, ignore_errors=True)
    else:
        for n in os.listdir(d):
            p = os.path.join(d, n)
            if os.path.isfile(p) and os.path.getsize(p) > (16 << 20):
                os.unlink(p)
    return chk.failures, figures


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--list", action="store_true", help="print the case names, one a line")
    ap.add_argument("--ssis2dbtc")
    ap.add_argument("--work", help="work directory (in the build tree)")
    ap.add_argument("--corpus", default="", help="the training corpus (for the truncated cases)")
    ap.add_argument("--sanitized", default="0", help="1 when the binary is an ASan/UBSan build")
    ap.add_argument("--max-rss-mb", type=int, default=1024, help="peak RSS per run (x4 sanitized)")
    ap.add_argument("cases", nargs="*")
    opts = ap.parse_args()
    opts.sanitized = opts.sanitized.upper() in ("1", "ON", "TRUE", "YES")
    if opts.list:
        for c in CASES:
            print(c.name)
        return 0
    if not opts.ssis2dbtc or not opts.work:
        ap.error("--ssis2dbtc and --work are required")
    byname = {c.name: c for c in CASES}
    names = opts.cases or list(byname)
    unknown = [n for n in names if n not in byname]
    if unknown:
        ap.error(f"unknown case(s): {', '.join(unknown)}")
    os.makedirs(opts.work, exist_ok=True)
    opts.work = os.path.abspath(opts.work)
    nfail = 0
    for n in names:
        case = byname[n]
        failures, figures = run_case(case, opts)
        status = "FAIL" if failures else "ok"
        print(f"[{status}] {n}: {case.doc}")
        for f in figures:
            print(f"       {f}")
        for f in failures:
            print("       - " + f.replace("\n", "\n         "))
        nfail += bool(failures)
    if len(names) > 1:
        print(f"{len(names) - nfail} passed, {nfail} failed")
    return 1 if nfail else 0


if __name__ == "__main__":
    sys.exit(main())
