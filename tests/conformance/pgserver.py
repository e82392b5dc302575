"""pgserver.py — a throwaway PostgreSQL server for one harness run: a fresh
cluster in a temporary folder, listening only on a unix socket there,
password authentication, stopped and removed at the end.  Run as root,
the server runs as the `postgres` user (PostgreSQL refuses root).  When
tests/lib/pgtmp.sh exists it starts the server instead."""
import glob
import os
import pwd
import shlex
import shutil
import subprocess
import tempfile

PASSWORD = "conformance"
HERE = os.path.dirname(os.path.abspath(__file__))
PGTMP = os.path.join(HERE, "..", "lib", "pgtmp.sh")


def pg_bindir():
    env = os.environ.get("SSIS_PG_BINDIR")
    if env:
        return env
    for d in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.path.exists(os.path.join(d, "initdb")):
            return d
    p = shutil.which("initdb")
    if p:
        return os.path.dirname(p)
    raise RuntimeError("no PostgreSQL server binaries (initdb) found; set SSIS_PG_BINDIR")


class PgServer:
    def __init__(self):
        self.base = None
        self.host = None
        self.port = 5432
        self.user = "postgres"
        self.password = PASSWORD
        self.via_pgtmp = False

    # -- process --------------------------------------------------------
    def _as_owner(self, argv):
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--"] + argv
        return argv

    def start(self):
        self.base = tempfile.mkdtemp(prefix="ssis2dbt-pg-")
        os.chmod(self.base, 0o755)
        self._watchdog = None
        if os.path.exists(PGTMP) and self._start_pgtmp():
            self._watch()
            return self
        bindir = pg_bindir()
        data = os.path.join(self.base, "data")
        sock = os.path.join(self.base, "sock")
        pwfile = os.path.join(self.base, "pw")
        os.mkdir(sock)
        with open(pwfile, "w") as fh:
            fh.write(PASSWORD + "\n")
        if os.geteuid() == 0:
            pw = pwd.getpwnam("postgres")
            for p in (self.base, sock, pwfile):
                os.chown(p, pw.pw_uid, pw.pw_gid)
        else:
            self.user = pwd.getpwuid(os.geteuid()).pw_name
        self._run([os.path.join(bindir, "initdb"), "-D", data, "-U", self.user,
                   "--auth=scram-sha-256", "--pwfile=" + pwfile, "-E", "UTF8",
                   "--locale=C", "--no-sync"])
        opts = ("-c listen_addresses='' -k %s -p %d -c fsync=off -c max_connections=100 "
                "-c synchronous_commit=off -c full_page_writes=off" % (sock, self.port))
        self._run([os.path.join(bindir, "pg_ctl"), "-D", data, "-o", opts,
                   "-l", os.path.join(self.base, "server.log"), "-w", "-t", "60", "start"])
        self.host = sock
        self.data = data
        self.bindir = bindir
        self._watch()
        return self

    def _stop_argv(self):
        if self.via_pgtmp:
            return ["sh", PGTMP, "stop", self.pgtmp_dir]
        return self._as_owner([os.path.join(self.bindir, "pg_ctl"), "-D", self.data,
                               "-m", "immediate", "-w", "stop"])

    def _watch(self):
        """A watchdog that stops the server and removes its folder if this
        process dies without doing so (killed with SIGKILL, say)."""
        script = ('while kill -0 "$0" 2>/dev/null; do sleep 2; done; %s >/dev/null 2>&1; rm -rf %s'
                  % (" ".join(shlex.quote(a) for a in self._stop_argv()), shlex.quote(self.base)))
        self._watchdog = subprocess.Popen(["sh", "-c", script, str(os.getpid())],
                                          stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                          stderr=subprocess.DEVNULL, start_new_session=True)

    def _start_pgtmp(self):
        d = os.path.join(self.base, "pgtmp")
        r = subprocess.run(["sh", PGTMP, "start", d], capture_output=True, text=True)
        if r.returncode != 0:
            return False
        kv = {}
        for line in r.stdout.splitlines():
            if "=" in line:
                k, v = line.strip().split("=", 1)
                kv[k.strip()] = v.strip().strip("'\"")
        if "PGHOST" not in kv:
            subprocess.run(["sh", PGTMP, "stop", d], capture_output=True)
            return False
        self.host = kv["PGHOST"]
        self.port = int(kv.get("PGPORT", 5432))
        self.user = kv.get("PGUSER", "postgres")
        self.password = kv.get("PGPASSWORD", "")
        self.via_pgtmp = True
        self.pgtmp_dir = d
        try:
            self.connect("postgres").close()
        except Exception:
            self.stop()
            self.base = tempfile.mkdtemp(prefix="ssis2dbt-pg-")
            os.chmod(self.base, 0o755)
            self.via_pgtmp = False
            self.user, self.password, self.port = "postgres", PASSWORD, 5432
            return False
        return True

    def _run(self, argv):
        r = subprocess.run(self._as_owner(argv), capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError("%s failed (%d):\n%s%s" % (" ".join(argv), r.returncode,
                                                          r.stdout, r.stderr))

    def stop(self):
        if self.base is None:
            return
        wd = getattr(self, "_watchdog", None)
        if wd is not None:
            wd.kill()
            wd.wait()
            self._watchdog = None
        try:
            if self.via_pgtmp:
                subprocess.run(["sh", PGTMP, "stop", self.pgtmp_dir], capture_output=True)
                pid = os.path.join(self.pgtmp_dir, "data", "postmaster.pid")
                if os.path.exists(pid):
                    subprocess.run(self._as_owner([os.path.join(pg_bindir(), "pg_ctl"), "-D",
                                                   os.path.dirname(pid), "-m", "immediate", "-w",
                                                   "stop"]), capture_output=True)
            elif self.host:
                subprocess.run(self._as_owner([os.path.join(self.bindir, "pg_ctl"), "-D",
                                               self.data, "-m", "immediate", "-w", "stop"]),
                               capture_output=True)
        finally:
            shutil.rmtree(self.base, ignore_errors=True)
            self.base = None

    # -- clients --------------------------------------------------------
    def connect(self, dbname):
        import psycopg2
        return psycopg2.connect(host=self.host, port=self.port, user=self.user,
                                password=self.password, dbname=dbname)

    def create_database(self, dbname):
        con = self.connect("postgres")
        try:
            con.autocommit = True
            cur = con.cursor()
            cur.execute('drop database if exists "%s"' % dbname)
            cur.execute('create database "%s"' % dbname)
        finally:
            con.close()

    def drop_database(self, dbname):
        con = self.connect("postgres")
        try:
            con.autocommit = True
            con.cursor().execute('drop database if exists "%s" with (force)' % dbname)
        finally:
            con.close()
