"""Opening a database: engine settings, schema migrations, and errors translated for people.

``Database.open(config)`` is the only way in. It refuses damaged, foreign or newer databases
without writing to them, upgrades older ones (after a backup copy, for SQLite files), and
gives SQLite the settings a desktop app needs: WAL (readers never block the writer), foreign
keys, a busy timeout, and files readable by the user only.
"""
from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from netcapture.config import Config
from netcapture.errors import (
    DatabaseCorruptError,
    DatabaseLockedError,
    DatabaseTooNewError,
    DatabaseUnavailableError,
    DiskFullError,
    ForeignDatabaseError,
    StorageError,
)

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
T = TypeVar("T")


def alembic_config() -> AlembicConfig:
    cfg = AlembicConfig()  # no alembic.ini: everything is set here
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


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
    def open(cls, config: Config, migrate: bool = True, target_revision: str = "head") -> Database:
        url = make_url(config.database_url)
        where = describe(config.database_url)
        if url.get_backend_name() == "sqlite":
            engine = _sqlite_engine(config, url)
        else:
            engine = create_engine(url, pool_pre_ping=True)
        db = cls(engine, where, config.lock_timeout)
        try:
            if migrate:
                db.migrate(target_revision)
        except BaseException:
            engine.dispose()
            raise
        return db

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def current_revision(self) -> str | None:
        with self.translate_errors(), self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def migrate(self, target: str = "head") -> None:
        """Bring the schema to ``target``; refuse newer, damaged or foreign databases untouched."""
        cfg = alembic_config()
        scripts = ScriptDirectory.from_config(cfg)
        with self.translate_errors():
            with self.engine.connect() as conn:
                current = MigrationContext.configure(conn).get_current_revision()
                tables = set(inspect(conn).get_table_names())
            if current is not None:
                try:
                    scripts.get_revision(current)
                except CommandError:
                    raise DatabaseTooNewError(self.where, current) from None
            elif tables - {"alembic_version"}:
                raise ForeignDatabaseError(self.where)
            wanted = scripts.get_current_head() if target == "head" else target
            if current == wanted:
                return
            if current is not None:
                self._backup_before_upgrade(current)
            with self.engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, target)

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


def describe(url: str) -> str:
    """The database as shown in messages: a file path, or the URL without its password."""
    parsed = make_url(url)
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


def _sqlite_engine(config: Config, url) -> Engine:
    database = url.database
    if database and database != ":memory:" and not database.startswith("file:"):
        path = Path(database).expanduser()
        if path.parent == config.data_dir or not path.parent.exists():
            config.ensure_data_dir()
        _create_private_file(path)
    timeout = config.lock_timeout
    engine = create_engine(url, connect_args={"timeout": timeout})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record) -> None:
        # Python's sqlite3 opens transactions itself; let SQLAlchemy emit BEGIN so that
        # transactions start where the session says (and IMMEDIATE for writers below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")  # durable with WAL except on power loss
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


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
