"""engines.py — the databases a case runs on.  An Engine creates the legacy
tables a case starts from, reads back what the models built, and gives the
environment the generated profiles.yml reads its connection from.

  DuckDB:     SSIS2DBT_DUCKDB_PATH  (the database file)
  PostgreSQL: SSIS2DBT_PG_HOST, SSIS2DBT_PG_PORT, SSIS2DBT_PG_USER,
              SSIS2DBT_PG_PASSWORD, SSIS2DBT_PG_DBNAME, SSIS2DBT_PG_SCHEMA
"""
import os

from sqltypes import CaseError, load_value


def quote_ident(name):
    return '"' + name.replace('"', '""') + '"'


def relation_text(rel):
    parts = [rel.get("database"), rel.get("schema"), rel.get("identifier")]
    return ".".join(p for p in parts if p)


class Engine:
    name = None
    default_schema = None
    placeholder = None

    def qualified(self, rel):
        if not rel.get("identifier"):
            raise CaseError("manifest relation %r has no identifier" % (rel,))
        self.check_database(rel)
        schema = rel.get("schema") or self.default_schema
        return quote_ident(schema) + "." + quote_ident(rel["identifier"])

    def check_database(self, rel):
        pass

    def _cursor(self):
        raise NotImplementedError

    def relation_exists(self, rel):
        schema = rel.get("schema") or self.default_schema
        cur = self._cursor()
        cur.execute("select count(*) from information_schema.tables where table_schema = %s "
                    "and table_name = %s" % (self.placeholder, self.placeholder),
                    (schema, rel["identifier"]))
        return cur.fetchone()[0] > 0

    def load(self, rel, columns, rows, replace=False):
        """Create relation rel with columns [(name, SqlType)] and rows (raw
        CSV fields).  With replace=True an existing relation keeps its
        definition and gets these rows instead of the ones it held."""
        q = self.qualified(rel)
        schema = rel.get("schema") or self.default_schema
        cur = self._cursor()
        exists = self.relation_exists(rel)
        if exists and not replace:
            raise CaseError("relation %s is loaded twice" % relation_text(rel))
        if exists:
            cur.execute("delete from %s" % q)
        else:
            cur.execute("create schema if not exists %s" % quote_ident(schema))
            cur.execute("create table %s (%s)" % (q, ", ".join(
                "%s %s" % (quote_ident(n), t.ddl(self.name)) for n, t in columns)))
        if rows:
            cols = ", ".join(quote_ident(n) for n, _ in columns)
            vals = ", ".join("cast(%s as %s)" % (self.placeholder, t.ddl(self.name))
                             for _, t in columns)
            data = []
            for r in rows:
                data.append(tuple(load_value(t, v) for (_, t), v in zip(columns, r)))
            try:
                cur.executemany("insert into %s (%s) values (%s)" % (q, cols, vals), data)
            except self.db_errors() as e:
                self.rollback()
                raise CaseError("loading %s: %s" % (relation_text(rel), str(e).strip()))
        self.commit()

    def db_errors(self):
        return ()

    def rollback(self):
        pass

    def read(self, rel):
        """(column names, rows) of relation rel."""
        cur = self._cursor()
        cur.execute("select * from %s" % self.qualified(rel))
        names = [d[0] for d in cur.description]
        return names, [list(r) for r in cur.fetchall()]

    def commit(self):
        pass


class DuckDB(Engine):
    name = "duckdb"
    default_schema = "main"
    placeholder = "?"

    def __init__(self, workdir, database=None):
        import duckdb
        self._duckdb = duckdb
        self.database = database or "conformance"
        self.path = os.path.join(workdir, self.database + ".duckdb")
        self.con = None

    def check_database(self, rel):
        db = rel.get("database")
        if db and db.lower() != self.database.lower():
            raise CaseError("relation %s is in database %s; the case runs on one DuckDB "
                            "database (%s)" % (relation_text(rel), db, self.database))

    def open(self):
        if self.con is None:
            self.con = self._duckdb.connect(self.path)
            self.con.execute("set TimeZone = 'UTC'")

    def close(self):
        if self.con is not None:
            self.con.close()
            self.con = None

    def _cursor(self):
        self.open()
        return self.con

    def db_errors(self):
        return (self._duckdb.Error,)

    def env(self):
        return {"SSIS2DBT_DUCKDB_PATH": self.path}


class Postgres(Engine):
    name = "postgres"
    default_schema = "public"
    placeholder = "%s"

    def __init__(self, server, dbname):
        import psycopg2
        self._pg = psycopg2
        self.server = server
        self.dbname = dbname
        self.con = None

    def check_database(self, rel):
        db = rel.get("database")
        if db:
            raise CaseError("relation %s names database %s; on PostgreSQL the harness gives each "
                            "case its own database and relations must use the default one (null)"
                            % (relation_text(rel), db))

    def open(self):
        if self.con is None:
            self.con = self.server.connect(self.dbname)
            cur = self.con.cursor()
            cur.execute("set TimeZone = 'UTC'")

    def close(self):
        if self.con is not None:
            self.con.close()
            self.con = None

    def _cursor(self):
        self.open()
        return self.con.cursor()

    def commit(self):
        self.con.commit()

    def rollback(self):
        self.con.rollback()

    def db_errors(self):
        return (self._pg.Error,)

    def read(self, rel):
        names, rows = Engine.read(self, rel)
        self.con.rollback()
        return names, rows

    def relation_exists(self, rel):
        return Engine.relation_exists(self, rel)

    def env(self):
        s = self.server
        return {"SSIS2DBT_PG_HOST": s.host, "SSIS2DBT_PG_PORT": str(s.port),
                "SSIS2DBT_PG_USER": s.user, "SSIS2DBT_PG_PASSWORD": s.password,
                "SSIS2DBT_PG_DBNAME": self.dbname, "SSIS2DBT_PG_SCHEMA": self.default_schema}
