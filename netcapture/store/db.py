"""Opening a database: engine settings, schema migrations, and errors translated for people.

``Database.open(config)`` is the only way in. It refuses damaged, foreign or newer databases
without writing to them (not even switching their journal mode), upgrades older ones (after a
backup copy, for SQLite files), and gives SQLite the settings a desktop app needs: WAL (readers
never block the writer), foreign keys, a busy timeout, and files readable by the user only.

Several processes may open a new database at once: the check-and-migrate step is serialised by
a lock the others wait on (a lock file next to a SQLite file, an advisory lock on PostgreSQL),
so one creates the schema and the rest find it done. ``read_only=True`` (listing, exporting)
opens without writing anything, so a read-only file or folder can still be read.
"""
from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from filelock import FileLock
from filelock import Timeout as FileLockTimeout
from sqlalchemy import Engine, String, create_engine, event, inspect
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, sessionmaker

from netcapture.config import Config
from netcapture.errors import (
    DatabaseCorruptError,
    DatabaseLockedError,
    DatabaseReadOnlyError,
    DatabaseTooNewError,
    DatabaseUnavailableError,
    DatabaseUrlError,
    DiskFullError,
    ForeignDatabaseError,
    StorageError,
)

if TYPE_CHECKING:  # alembic loads only to migrate or to judge an unknown revision: see migrate()
    from alembic.config import Config as AlembicConfig
    from alembic.script import ScriptDirectory

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
T = TypeVar("T")
MIGRATION_LOCK_WAIT = 120.0  # seconds a process waits for another one creating or upgrading the schema
# pg_advisory_xact_lock key of the schema check-and-migrate step ("NetCaptr" in ASCII)
PG_MIGRATION_LOCK = 0x4E65744361707472


@compiles(String, "postgresql")
def _text_on_postgresql(type_, compiler, **kw) -> str:
    """No arbitrary length limits on PostgreSQL: every String column is TEXT there (SQLite never
    enforced them), so one long value from an import is stored instead of failing the batch.
    Applies to every migration, including those written later with String(n)."""
    return "TEXT"


def alembic_config() -> AlembicConfig:
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()  # no alembic.ini: everything is set here
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def _scripts() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    return _scripts().get_current_head()


@lru_cache(maxsize=1)
def newest_revision() -> str | None:
    """The one head of the migration files, read from their ``revision`` / ``down_revision`` lines
    without loading alembic (~0.15 s at every start, most of it for nothing: an up-to-date
    database needs no migration). None when the files don't name exactly one head: then alembic
    itself is asked."""
    import ast

    revisions, parents = set(), set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            target = node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else \
                node.target if isinstance(node, ast.AnnAssign) else None
            if not isinstance(target, ast.Name) or node.value is None:
                continue
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                return None
            if target.id == "revision":
                revisions.add(value)
            elif target.id == "down_revision" and value is not None:
                parents.update(value if isinstance(value, tuple | list) else (value,))
    heads = revisions - parents
    return next(iter(heads)) if len(heads) == 1 else None


def _stamped_revision(conn) -> str | None:
    """The revision the database says it is at (alembic's version table, read with plain SQL), None
    when it has no such table or not exactly one row (alembic then looks closer)."""
    try:
        rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all()
    except sa_exc.DBAPIError:
        conn.rollback()
        return None
    return rows[0] if len(rows) == 1 else None


class Database:
    """An open, migrated database: an engine, a session factory and its description for messages."""

    def __init__(self, engine: Engine, where: str, lock_timeout: float):
        self.engine = engine
        self.where = where
        self.lock_timeout = lock_timeout
        self.sessionmaker = sessionmaker(engine, expire_on_commit=False)
        # SQLite: a writing transaction takes the write lock when it starts (BEGIN IMMEDIATE), so two
        # writers queue on the busy timeout instead of failing when one upgrades a read lock.
        self.write_sessionmaker = sessionmaker(engine.execution_options(sqlite_begin="IMMEDIATE"),
                                               expire_on_commit=False)

    @classmethod
    def open(cls, config: Config, migrate: bool = True, target_revision: str = "head",
             read_only: bool = False) -> Database:
        """``read_only``: nothing is written (no file created, no migration, no journal change);
        a database that needs an upgrade is refused with a message."""
        url = parse_url(config.database_url)
        where = describe(config.database_url)
        if read_only and not _needs_read_only(url):
            read_only = False  # writable (or not made yet): open as usual, creating/upgrading it
        if url.get_backend_name() == "sqlite":
            engine = _sqlite_engine(config, url, read_only)
        else:
            try:
                engine = create_engine(url, pool_pre_ping=True)
            except (sa_exc.ArgumentError, sa_exc.NoSuchModuleError, ImportError) as exc:
                raise DatabaseUrlError(where, str(exc)) from None
        db = cls(engine, where, config.lock_timeout)
        db.read_only = read_only
        try:
            if read_only:
                db.check_readable(target_revision)
            elif migrate:
                db.migrate(target_revision)
        except BaseException:
            engine.dispose()
            raise
        return db

    read_only = False

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def current_revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.translate_errors(), self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def migrate(self, target: str = "head") -> None:
        """Bring the schema to ``target``; refuse newer, damaged or foreign databases untouched.

        One process at a time: the others wait for the lock, then find the schema done. A database
        already at the newest revision (the usual case) is told by reading its version table: alembic
        is loaded only to migrate, or to judge a revision that isn't the newest."""
        with self.translate_errors():
            wanted = newest_revision() if target == "head" else target
            with self.engine.connect() as conn:
                current = _stamped_revision(conn)
                journal = conn.exec_driver_sql("PRAGMA journal_mode").scalar() if self.dialect == "sqlite" else None
            if wanted is not None and current == wanted and journal in (None, "wal", "memory"):
                return
            if self.dialect == "postgresql":
                with self.engine.begin() as conn:
                    # held to the end of this transaction: the check and the upgrade are one step
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_MIGRATION_LOCK})")
                    self._check_and_upgrade(conn, target)
                return
            # Checked first without the lock: a foreign or newer file gets no lock file beside it,
            # and an up-to-date one (the usual case) costs no lock.
            scripts = _scripts()
            with self.engine.connect() as conn:
                current = self._known_revision(conn, scripts)
                journal = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
            if current == (scripts.get_current_head() if target == "head" else target) and journal in ("wal", "memory"):
                return
            with self._sqlite_migration_lock():
                with self.engine.connect() as conn:
                    self._check_and_upgrade(conn, target)
                    conn.commit()
                self._use_wal()

    def check_readable(self, target: str = "head") -> None:
        """For read-only use: the schema must be NetCapture's and up to date (nothing is written)."""
        scripts = _scripts()
        with self.translate_errors(), self.engine.connect() as conn:
            current = self._known_revision(conn, scripts)
            wanted = scripts.get_current_head() if target == "head" else target
            if current is None:
                raise DatabaseUnavailableError(self.where, "it holds no NetCapture data yet")
            if current != wanted:
                raise DatabaseReadOnlyError(self.where, "it needs an upgrade to this version of NetCapture, "
                                            "which needs write access; open it once where it can be written")

    def _known_revision(self, conn, scripts: ScriptDirectory) -> str | None:
        from alembic.runtime.migration import MigrationContext
        from alembic.util.exc import CommandError

        current = MigrationContext.configure(conn).get_current_revision()
        if current is not None:
            try:
                scripts.get_revision(current)
            except CommandError:
                raise DatabaseTooNewError(self.where, current) from None
        elif set(inspect(conn).get_table_names()) - {"alembic_version"}:
            raise ForeignDatabaseError(self.where)
        return current

    def _check_and_upgrade(self, conn, target: str) -> None:
        from alembic import command

        cfg = alembic_config()
        scripts = _scripts()
        current = self._known_revision(conn, scripts)
        wanted = scripts.get_current_head() if target == "head" else target
        if current == wanted:
            return
        if current is not None:
            self._backup_before_upgrade(current)
        cfg.attributes["connection"] = conn
        if self.dialect == "sqlite":
            conn.rollback()  # end the read transaction: the upgrade begins its own (IMMEDIATE) one
            with conn.begin():
                command.upgrade(cfg, target)
        else:
            command.upgrade(cfg, target)

    @contextlib.contextmanager
    def _sqlite_migration_lock(self) -> Iterator[None]:
        path = sqlite_path(self.engine)
        if path is None:  # in memory: nobody else can see it
            yield
            return
        lock = FileLock(str(path) + ".lock", timeout=max(MIGRATION_LOCK_WAIT, self.lock_timeout), mode=0o600)
        try:
            lock.acquire()
        except FileLockTimeout:
            raise DatabaseLockedError(self.where, max(MIGRATION_LOCK_WAIT, self.lock_timeout)) from None
        except OSError:
            yield  # a read-only folder: no lock file, and nothing will be written either
            return
        try:
            yield
        finally:
            lock.release()

    def _use_wal(self) -> None:
        """WAL once the file is known to be ours (a foreign file keeps its journal mode); the
        setting is stored in the file, so this writes only the first time."""
        raw = self.engine.raw_connection()  # autocommit (see _configure): the mode can't change in a transaction
        try:
            cursor = raw.cursor()
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                cursor.execute("PRAGMA journal_mode = WAL")
            cursor.close()
        finally:
            raw.close()

    def _backup_before_upgrade(self, revision: str) -> None:
        """Keep a copy of a SQLite file as it was before a schema upgrade, just in case."""
        path = sqlite_path(self.engine)
        if path is None or not path.exists():
            return
        backup = path.with_name(f"{path.name}.before-{revision}")
        if backup.exists():
            return
        with contextlib.closing(sqlite3.connect(path)) as src, contextlib.closing(sqlite3.connect(backup)) as dst:
            src.backup(dst)
        os.chmod(backup, 0o600)

    @contextlib.contextmanager
    def session(self, write: bool = True) -> Iterator[Session]:
        """A session whose transaction commits at the end of the block and rolls back on any error,
        so a failure never leaves half-written rows. Pass ``write=False`` for read-only work."""
        factory = self.write_sessionmaker if write else self.sessionmaker
        with self.translate_errors():
            with factory() as session, session.begin():
                yield session

    def run(self, work: Callable[[Session], T], retries: int = 3) -> T:
        """Run ``work`` in its own transaction, retrying when concurrent writers collide
        (PostgreSQL serialization failures, unique-key races)."""
        for attempt in range(retries):
            try:
                with self.session() as session:
                    return work(session)
            except sa_exc.IntegrityError:
                if attempt == retries - 1:
                    raise
                time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")

    @contextlib.contextmanager
    def translate_errors(self) -> Iterator[None]:
        """Turn driver errors a user can cause into NetCapture errors with a clear message."""
        try:
            yield
        except StorageError:
            raise
        except sa_exc.DBAPIError as exc:
            translated = translate(exc, self.where, self.lock_timeout)
            if translated is None:
                raise
            raise translated from exc
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise DiskFullError(self.where) from exc
            raise


def translate(exc: sa_exc.DBAPIError, where: str, lock_timeout: float) -> StorageError | None:
    message = str(exc.orig).lower() if exc.orig is not None else str(exc).lower()
    if "database is locked" in message or "database table is locked" in message:
        return DatabaseLockedError(where, lock_timeout)
    if "readonly database" in message or "read-only" in message and "transaction" not in message:
        return DatabaseReadOnlyError(where, "NetCapture can list and export contacts but not change them; "
                                            "check the file's and its folder's permissions")
    if "disk is full" in message or "no space left" in message:
        return DiskFullError(where)
    if "file is not a database" in message or "malformed" in message or "file is encrypted" in message:
        return DatabaseCorruptError(where, str(exc.orig))
    if "unable to open database" in message:
        return DatabaseUnavailableError(where, "the file cannot be opened (check the folder and permissions)")
    if isinstance(exc, sa_exc.OperationalError) and exc.connection_invalidated is False and (
        "connection" in message and ("refused" in message or "failed" in message or "timeout" in message)
    ):
        return DatabaseUnavailableError(where, str(exc.orig).strip().splitlines()[0])
    return None


def parse_url(url: str) -> URL:
    """The database URL, or a clear error naming where it came from."""
    try:
        return make_url(url)
    except (sa_exc.ArgumentError, ValueError) as exc:
        raise DatabaseUrlError(url.split("@")[-1], str(exc)) from None


def describe(url: str) -> str:
    """The database as shown in messages: a file path, or the URL without its password."""
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or "(in memory)"
    return parsed.render_as_string(hide_password=True)


def sqlite_path(engine: Engine) -> Path | None:
    if engine.dialect.name != "sqlite":
        return None
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def _sqlite_engine(config: Config, url, read_only: bool = False) -> Engine:
    database = url.database
    connect_args: dict = {"timeout": config.lock_timeout}
    if database and database != ":memory:" and not database.startswith("file:"):
        path = Path(database).expanduser()
        if read_only:
            if not path.is_file():
                raise DatabaseUnavailableError(str(path), "there is no database there yet")
            url, connect_args = _read_only_sqlite(path, connect_args)
        else:
            if path.parent == config.data_dir or not path.parent.exists():
                config.ensure_data_dir()
            _create_private_file(path)
    timeout = config.lock_timeout
    engine = create_engine(url, connect_args=connect_args)

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record) -> None:
        # Python's sqlite3 opens transactions itself; let SQLAlchemy emit BEGIN so that
        # transactions start where the session says (and IMMEDIATE for writers below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            # journal_mode = WAL is set once by migrate(), after the file is known to be ours
            cursor.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA synchronous = NORMAL")  # durable with WAL except on power loss
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _needs_read_only(url: URL) -> bool:
    """A SQLite file that exists but can't be written, or sits in a folder that can't be."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database.startswith("file:"):
        return False
    path = Path(url.database).expanduser()
    return path.is_file() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


def _read_only_sqlite(path: Path, connect_args: dict):
    """A URL opening ``path`` without writing. A WAL database normally needs its -shm file made
    next to it: in a folder that can't be written, read it as immutable (nobody can be writing
    to it there either)."""
    from urllib.parse import quote

    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    if not os.access(path.parent, os.W_OK) and not (path.with_name(path.name + "-shm")).exists():
        uri += "&immutable=1"
    return URL.create("sqlite", database=uri, query={"uri": "true"}), {**connect_args, "uri": True}


def _create_private_file(path: Path) -> None:
    """Create the SQLite file readable by the user only; SQLite gives its -wal/-shm files the same mode."""
    if path.exists():
        return
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise DiskFullError(str(path)) from exc
        raise DatabaseUnavailableError(str(path), exc.strerror or str(exc)) from exc
    os.close(fd)
    os.chmod(path, 0o600)
