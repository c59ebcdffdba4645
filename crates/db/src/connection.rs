//! One connection type for both databases, and the r2d2 pool over it.

use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::{self, ManageConnection};

use crate::error::{Error, Result};

/// A connection to whichever database the URL named.
#[derive(diesel::MultiConnection)]
pub enum AnyConnection {
    /// PostgreSQL, the production database.
    Postgresql(diesel::PgConnection),
    /// SQLite, the embedded default.
    Sqlite(diesel::SqliteConnection),
}

/// Which database a URL points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// `postgres://` or `postgresql://`.
    Postgres,
    /// `sqlite://path` (or a bare path).
    Sqlite,
}

impl Backend {
    /// Chooses the backend by the URL's scheme.
    pub fn of(url: &str) -> Backend {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }

    /// The backend's name for logs and health answers.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Postgres => "postgresql",
            Backend::Sqlite => "sqlite",
        }
    }
}

/// The file path in a `sqlite://` URL (`sqlite://data/rapport.db` is `data/rapport.db`).
pub fn sqlite_path(url: &str) -> &str {
    url.strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url)
}

/// Opens one connection, configured the way every pooled connection is.
pub fn establish(url: &str) -> Result<AnyConnection> {
    match Backend::of(url) {
        Backend::Postgres => diesel::PgConnection::establish(url)
            .map(AnyConnection::Postgresql)
            .map_err(|e| Error::Unavailable(e.to_string())),
        Backend::Sqlite => {
            let path = sqlite_path(url);
            if let Some(parent) = std::path::Path::new(path).parent() {
                if !parent.as_os_str().is_empty() {
                    std::fs::create_dir_all(parent)
                        .map_err(|e| Error::Unavailable(e.to_string()))?;
                }
            }
            let mut conn = diesel::SqliteConnection::establish(path)
                .map_err(|e| Error::Unavailable(e.to_string()))?;
            // WAL lets readers work while one writer writes; busy_timeout makes a second writer
            // wait instead of failing; SQLite checks foreign keys only when asked to.
            conn.batch_execute(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; \
                 PRAGMA foreign_keys = ON;",
            )?;
            Ok(AnyConnection::Sqlite(conn))
        }
    }
}

/// Makes pooled connections for [`Pool`].
#[derive(Debug, Clone)]
pub struct Manager {
    url: String,
}

impl ManageConnection for Manager {
    type Connection = AnyConnection;
    type Error = Error;

    fn connect(&self) -> Result<AnyConnection> {
        establish(&self.url)
    }

    fn is_valid(&self, conn: &mut AnyConnection) -> Result<()> {
        conn.batch_execute("SELECT 1").map_err(Error::from)
    }

    fn has_broken(&self, _conn: &mut AnyConnection) -> bool {
        false
    }
}

/// A pool of connections to one database.
pub type Pool = r2d2::Pool<Manager>;
/// A connection checked out of the pool.
pub type PooledConnection = r2d2::PooledConnection<Manager>;

/// Builds a pool; fails when the database cannot be reached within `timeout`.
pub fn pool(url: &str, size: u32, timeout: Duration) -> Result<Pool> {
    let size = match Backend::of(url) {
        Backend::Postgres => size,
        // One SQLite file takes one writer at a time; a small pool avoids lock convoys.
        Backend::Sqlite => size.min(8),
    };
    r2d2::Pool::builder()
        .max_size(size)
        .connection_timeout(timeout)
        .test_on_check_out(false)
        .build(Manager {
            url: url.to_owned(),
        })
        .map_err(Error::from)
}

/// Asks the database a trivial question.
pub fn ping(conn: &mut AnyConnection) -> Result<()> {
    conn.batch_execute("SELECT 1").map_err(Error::from)
}

/// The backend type of [`AnyConnection`], for generic query fragments.
pub type AnyBackend = <AnyConnection as Connection>::Backend;

/// Runs `work` in a transaction that will write.
///
/// On SQLite it begins with `BEGIN IMMEDIATE`, taking the database's write lock before the
/// first read: a deferred transaction that reads and then writes cannot wait for another
/// writer (it fails with "database is locked" whatever `busy_timeout` says), while an
/// immediate one waits its turn. The lock is the database file's own, so it holds across
/// pools and processes. PostgreSQL transactions run concurrently and lock rows as they go.
/// Inside another transaction this is a savepoint.
pub fn write_transaction<T, E>(
    conn: &mut AnyConnection,
    work: impl FnOnce(&mut AnyConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    match conn {
        AnyConnection::Sqlite(_) => begun_with(conn, "BEGIN IMMEDIATE", work),
        AnyConnection::Postgresql(_) => conn.transaction(work),
    }
}

/// [`write_transaction`] whose commit does not wait for its record to reach the disk
/// (PostgreSQL's asynchronous commit, set with the `BEGIN` in the same round trip; SQLite
/// keeps its own setting). Only for work whose loss in a crash does no harm: whatever
/// commits after it waits for the disk, so it is never lost while something written after it
/// is kept.
pub fn write_transaction_without_waiting<T, E>(
    conn: &mut AnyConnection,
    work: impl FnOnce(&mut AnyConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    match conn {
        AnyConnection::Sqlite(_) => begun_with(conn, "BEGIN IMMEDIATE", work),
        AnyConnection::Postgresql(_) => {
            begun_with(conn, "BEGIN; SET LOCAL synchronous_commit TO off", work)
        }
    }
}

/// Runs `work` in a transaction begun with `begin` (a savepoint inside another transaction).
fn begun_with<T, E>(
    conn: &mut AnyConnection,
    begin: &str,
    work: impl FnOnce(&mut AnyConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    use diesel::connection::{AnsiTransactionManager as Manager, TransactionManager};
    let depth = match conn {
        AnyConnection::Sqlite(c) => Manager::transaction_manager_status_mut(c).transaction_depth(),
        AnyConnection::Postgresql(c) => {
            Manager::transaction_manager_status_mut(c).transaction_depth()
        }
    };
    if depth?.is_some() {
        return conn.transaction(work);
    }
    match conn {
        AnyConnection::Sqlite(c) => Manager::begin_transaction_sql(c, begin)?,
        AnyConnection::Postgresql(c) => Manager::begin_transaction_sql(c, begin)?,
    }
    let outcome = work(conn);
    let ended = match (conn, outcome.is_ok()) {
        (AnyConnection::Sqlite(c), true) => Manager::commit_transaction(c),
        (AnyConnection::Sqlite(c), false) => Manager::rollback_transaction(c),
        (AnyConnection::Postgresql(c), true) => Manager::commit_transaction(c),
        (AnyConnection::Postgresql(c), false) => Manager::rollback_transaction(c),
    };
    ended?;
    outcome
}
