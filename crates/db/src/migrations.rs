//! Migrations embedded in the binary, one folder per backend with the same names.

use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use crate::connection::AnyConnection;
use crate::error::{Error, Result};

const SQLITE: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");
const POSTGRES: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");

/// Applies every pending migration; returns the names applied.
pub fn run_pending(conn: &mut AnyConnection) -> Result<Vec<String>> {
    let applied = match conn {
        AnyConnection::Sqlite(c) => c
            .run_pending_migrations(SQLITE)
            .map(|v| v.iter().map(ToString::to_string).collect()),
        AnyConnection::Postgresql(c) => c
            .run_pending_migrations(POSTGRES)
            .map(|v| v.iter().map(ToString::to_string).collect()),
    };
    let applied: Vec<String> = applied.map_err(|e| Error::Other(e.to_string()))?;
    // The conversation words of messages written before the table that holds them (again
    // on the next start if this one was cut short: it is one transaction).
    crate::tickets::messages::index_if_unindexed(conn)?;
    // Likewise the E.164 numbers of records written before they were kept.
    crate::phones::index_if_unindexed(conn)?;
    Ok(applied)
}

/// Reverts every applied migration (used by the test that proves each `down.sql` works).
pub fn revert_all(conn: &mut AnyConnection) -> Result<Vec<String>> {
    let reverted = match conn {
        AnyConnection::Sqlite(c) => c
            .revert_all_migrations(SQLITE)
            .map(|v| v.iter().map(ToString::to_string).collect()),
        AnyConnection::Postgresql(c) => c
            .revert_all_migrations(POSTGRES)
            .map(|v| v.iter().map(ToString::to_string).collect()),
    };
    reverted.map_err(|e| Error::Other(e.to_string()))
}
