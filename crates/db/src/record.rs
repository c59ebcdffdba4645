//! What every versioned, organization-scoped resource does the same way: read one by id, take
//! its row lock, change it under that lock with the version check, soft-delete and restore it.
//!
//! A resource implements [`Record`] (its table and how to read one row) and, when it can be
//! changed, [`Store`] (how to write its own columns). Its row struct, filters and validation
//! stay its own; the locking and version rules live here once.
//!
//! The rules: every change locks the row first (PostgreSQL `FOR UPDATE`; SQLite writers hold
//! the database's write lock), checks the version the caller expects against the locked row,
//! and writes with `WHERE version = <locked version>`, counting the rows it changed. So two
//! changes never both succeed from one version, and a change that found nothing to change
//! never reports success.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool};
use domain::id::{Id, IdKind};
use domain::OrgId;

use crate::connection::{write_transaction, write_transaction_without_waiting, AnyConnection};
use crate::convert::to_db;
use crate::error::{Error, ModifyError, Result};
use crate::sql::{Condition, Sql, Value};

/// A resource stored one row per record in a table with `org_id`, `id`, `version` and
/// `updated_at` columns (and `deleted_at` when deletion is soft).
pub trait Record: Sized {
    /// What the record's ids name.
    type Kind: IdKind;
    /// The table.
    const TABLE: &'static str;
    /// Deletion sets `deleted_at` (and restore clears it) instead of removing the row.
    const SOFT_DELETE: bool = true;

    /// Reads one record, deleted or not; [`Error::NotFound`] when the organization has no
    /// such row.
    fn read(conn: &mut AnyConnection, org: OrgId, id: Id<Self::Kind>) -> Result<Self>;

    /// The stored version.
    fn version(&self) -> i64;

    /// Whether the record is in the trash.
    fn is_deleted(&self) -> bool;

    /// Deletes the record (`deleted`) or restores it, if it is at `expected` version (any when
    /// `None`): into the trash with [`set_deleted`], or for good with [`remove`] when deletion
    /// is not soft. A resource with more to do on deletion overrides this.
    fn trash(
        conn: &mut AnyConnection,
        org: OrgId,
        id: Id<Self::Kind>,
        expected: Option<i64>,
        deleted: bool,
        now: DateTime<Utc>,
    ) -> Result<()> {
        match (Self::SOFT_DELETE, deleted) {
            (true, _) => {
                set_deleted::<Self>(conn, org, id, expected, deleted, now, |_| Ok(())).map(|_| ())
            }
            (false, true) => remove::<Self>(conn, org, id, expected, |_| Ok(())),
            (false, false) => Err(Error::NotFound),
        }
    }
}

/// A record whose own columns can be changed by [`modify`].
pub trait Store: Record {
    /// What a change replaces: the record's editable fields.
    type Fields;

    /// Writes `fields` over `current` at `now`, one version later, only if the row is still at
    /// `current`'s version (filter with [`at_version`]); returns the number of rows changed.
    /// Writes only what differs where that saves work (tags, references).
    fn write(
        conn: &mut AnyConnection,
        org: OrgId,
        current: &Self,
        fields: &Self::Fields,
        now: DateTime<Utc>,
    ) -> Result<usize>;

    /// `current` as [`Store::write`] left it; most resources build it without reading the row
    /// back.
    fn updated(
        conn: &mut AnyConnection,
        org: OrgId,
        current: Self,
        fields: Self::Fields,
        now: DateTime<Utc>,
    ) -> Result<Self>;

    /// Runs first in the transaction of a change to record `id`, before its row lock: a
    /// resource whose records change together (an evaluation order), or whose writers also lock
    /// another record, takes that wider lock here, so every writer locks in one order.
    fn before_change(_conn: &mut AnyConnection, _org: OrgId, _id: Id<Self::Kind>) -> Result<()> {
        Ok(())
    }
}

/// Which records [`get`] finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    /// Live records only: a deleted one is not found.
    Live,
    /// Live and deleted records.
    Any,
}

/// One record of the organization, as `visibility` allows.
pub fn get<R: Record>(
    conn: &mut AnyConnection,
    org: OrgId,
    id: Id<R::Kind>,
    visibility: Visibility,
) -> Result<R> {
    let record = R::read(conn, org, id)?;
    let visible = match visibility {
        Visibility::Live => !record.is_deleted(),
        Visibility::Any => true,
    };
    if visible {
        Ok(record)
    } else {
        Err(Error::NotFound)
    }
}

/// A row held under its lock until the transaction ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Locked {
    /// Its version when locked.
    pub version: i64,
    /// Whether it is in the trash.
    pub deleted: bool,
}

#[derive(QueryableByName)]
struct LockRow {
    #[diesel(sql_type = BigInt)]
    version: i64,
    #[diesel(sql_type = Bool)]
    deleted: bool,
}

/// Takes the row lock of a record (to be called inside a write transaction) and tells its
/// version and whether it is deleted; [`Error::NotFound`] when there is no such row.
pub fn lock<R: Record>(conn: &mut AnyConnection, org: OrgId, id: Id<R::Kind>) -> Result<Locked> {
    let deleted = if R::SOFT_DELETE {
        "deleted_at IS NOT NULL"
    } else {
        "1 = 0"
    };
    // SQLite has no row locks: the write transaction already holds the database's.
    let for_update = match conn {
        AnyConnection::Postgresql(_) => " FOR UPDATE",
        AnyConnection::Sqlite(_) => "",
    };
    let rows: Vec<LockRow> = Sql::new(format!(
        "SELECT version, {deleted} AS deleted FROM {} WHERE org_id = ",
        R::TABLE
    ))
    .value(Value::Bytes(org.as_bytes().to_vec()))
    .push(" AND id = ")
    .value(Value::Bytes(id.as_bytes().to_vec()))
    .push(for_update)
    .load(conn)?;
    let row = rows.first().ok_or(Error::NotFound)?;
    Ok(Locked {
        version: row.version,
        deleted: row.deleted,
    })
}

#[derive(QueryableByName)]
struct Found {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Checks a reference a record makes: `id`, when given, must name a record of type `R` of the
/// organization, or the write fails with [`Error::UnknownReference`] naming `field`.
pub fn check_reference<R: Record>(
    conn: &mut AnyConnection,
    org: OrgId,
    id: Option<Id<R::Kind>>,
    field: &'static str,
) -> Result<()> {
    let Some(id) = id else { return Ok(()) };
    let found: Vec<Found> = Sql::new(format!("SELECT COUNT(*) AS n FROM {} WHERE ", R::TABLE))
        .append(Sql::new("org_id = ").value(Value::Bytes(org.as_bytes().to_vec())))
        .push(" AND id = ")
        .value(Value::Bytes(id.as_bytes().to_vec()))
        .load(conn)?;
    if found.first().map_or(0, |f| f.n) == 0 {
        return Err(Error::UnknownReference(field));
    }
    Ok(())
}

/// A filter for an `UPDATE` of a record's table: this record, only while it is at `version`.
pub fn at_version<K: IdKind>(org: OrgId, id: Id<K>, version: i64) -> Condition {
    this_version(org, id, version).condition()
}

/// `org_id = … AND id = … AND version = …`.
fn this_version<K: IdKind>(org: OrgId, id: Id<K>, version: i64) -> Sql {
    Sql::new("org_id = ")
        .value(Value::Bytes(org.as_bytes().to_vec()))
        .push(" AND id = ")
        .value(Value::Bytes(id.as_bytes().to_vec()))
        .push(" AND version = ")
        .value(Value::Int(version))
}

/// Runs `work` in one write transaction, for work that fails with errors of its own (a
/// handler's), rolling everything back when it fails.
pub fn in_transaction<T, E: From<Error>>(
    conn: &mut AnyConnection,
    work: impl FnOnce(&mut AnyConnection) -> std::result::Result<T, E>,
) -> std::result::Result<T, E> {
    own_errors(write_transaction(conn, |conn| {
        work(conn).map_err(ModifyError::Rejected)
    }))
}

/// [`in_transaction`] whose commit does not wait for the disk, for work whose loss in a crash
/// does no harm (see [`write_transaction_without_waiting`]).
pub fn in_transaction_without_waiting<T, E: From<Error>>(
    conn: &mut AnyConnection,
    work: impl FnOnce(&mut AnyConnection) -> std::result::Result<T, E>,
) -> std::result::Result<T, E> {
    own_errors(write_transaction_without_waiting(conn, |conn| {
        work(conn).map_err(ModifyError::Rejected)
    }))
}

/// The work's own error, or the database's as one.
fn own_errors<T, E: From<Error>>(
    outcome: std::result::Result<T, ModifyError<E>>,
) -> std::result::Result<T, E> {
    outcome.map_err(|e| match e {
        ModifyError::Db(e) => e.into(),
        ModifyError::Rejected(e) => e,
    })
}

/// Changes a live record: locks it, hands the current state to `change` (which may refuse,
/// for example on a stale `If-Match`), and stores the fields it returns, all in one
/// transaction. Concurrent changes queue on the lock instead of overwriting each other.
pub fn modify<R: Store, E>(
    conn: &mut AnyConnection,
    org: OrgId,
    id: Id<R::Kind>,
    now: DateTime<Utc>,
    change: impl FnOnce(&R) -> std::result::Result<R::Fields, E>,
) -> std::result::Result<R, ModifyError<E>> {
    write_transaction(conn, |conn| {
        R::before_change(conn, org, id)?;
        if lock::<R>(conn, org, id)?.deleted {
            return Err(Error::NotFound.into());
        }
        let current = R::read(conn, org, id)?;
        let fields = change(&current).map_err(ModifyError::Rejected)?;
        if R::write(conn, org, &current, &fields, now)? != 1 {
            return Err(Error::Stale.into());
        }
        Ok(R::updated(conn, org, current, fields, now)?)
    })
}

/// Soft-deletes (`deleted`) or restores a record, if it is at `expected` version (any when
/// `None`). Only a live record can be deleted (404 otherwise) and only a deleted one restored
/// (409 `not_deleted` otherwise). `before` runs
/// under the lock first, to refuse (a calendar still in use) or to do what goes with it
/// (closing a gap in an order). Returns the new version.
pub fn set_deleted<R: Record>(
    conn: &mut AnyConnection,
    org: OrgId,
    id: Id<R::Kind>,
    expected: Option<i64>,
    deleted: bool,
    now: DateTime<Utc>,
    before: impl FnOnce(&mut AnyConnection) -> Result<()>,
) -> Result<i64> {
    write_transaction(conn, |conn| {
        let locked = lock::<R>(conn, org, id)?;
        match (locked.deleted, deleted) {
            // Deleted already: gone for this caller, as for a read.
            (true, true) => return Err(Error::NotFound),
            (false, false) => return Err(Error::Conflict("not_deleted")),
            _ => {}
        }
        if expected.is_some_and(|v| v != locked.version) {
            return Err(Error::Stale);
        }
        before(conn)?;
        let changed = Sql::new(format!("UPDATE {} SET deleted_at = ", R::TABLE))
            .value(Value::Time(deleted.then(|| to_db(now))))
            .push(", updated_at = ")
            .value(Value::Time(Some(to_db(now))))
            .push(", version = version + 1")
            .push(" WHERE ")
            .append(this_version(org, id, locked.version))
            .execute(conn)?;
        if changed != 1 {
            return Err(Error::Stale);
        }
        Ok(locked.version + 1)
    })
}

/// Removes a record for good, if it is at `expected` version (any when `None`); `before`
/// runs under the lock first.
pub fn remove<R: Record>(
    conn: &mut AnyConnection,
    org: OrgId,
    id: Id<R::Kind>,
    expected: Option<i64>,
    before: impl FnOnce(&mut AnyConnection) -> Result<()>,
) -> Result<()> {
    write_transaction(conn, |conn| {
        let locked = lock::<R>(conn, org, id)?;
        if expected.is_some_and(|v| v != locked.version) {
            return Err(Error::Stale);
        }
        before(conn)?;
        let removed = Sql::new(format!("DELETE FROM {}", R::TABLE))
            .push(" WHERE ")
            .append(this_version(org, id, locked.version))
            .execute(conn)?;
        if removed != 1 {
            return Err(Error::Stale);
        }
        Ok(())
    })
}
