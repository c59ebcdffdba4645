//! Background jobs: enqueued in the transaction of the change that causes them, claimed by any
//! server process, done in the same transaction as their effect.
//!
//! A claim takes due jobs with a lease (PostgreSQL skips rows another worker has locked;
//! SQLite claims inside its write lock). A worker that dies leaves its jobs `running` until the
//! lease ends; then another claims them. Finishing checks, under the job's row lock, that the
//! lease is still the worker's, so a job's effect is committed once even when two workers ran
//! it.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Binary, Text};
use domain::{JobId, OrgId};

use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, from_db, id, to_db};
use crate::error::{Error, ModifyError, Result};
use crate::list::{KeyValue, Positioned, SortKey, Sorts};
use crate::schema::jobs;
use crate::sql::{Sql, Value};

mod admin;

pub use admin::{cancel, list, retry};

/// A job as admins see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// Its organization.
    pub org: OrgId,
    /// Its id.
    pub id: JobId,
    /// What it does, e.g. `ticket.auto_close`.
    pub kind: String,
    /// Its input, JSON.
    pub payload: String,
    /// `queued`, `running`, `done`, `dead` or `cancelled`.
    pub status: String,
    /// When it is due (or was, once run).
    pub run_at: DateTime<Utc>,
    /// How often it was started.
    pub attempts: i64,
    /// How often it may be started.
    pub max_attempts: i64,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// A job to enqueue.
#[derive(Debug, Clone)]
pub struct NewJob {
    /// What it does.
    pub kind: &'static str,
    /// Its input, JSON.
    pub payload: String,
    /// When it is due.
    pub run_at: DateTime<Utc>,
    /// How often it may be started.
    pub max_attempts: i64,
    /// A job with the same key in the organization is enqueued once.
    pub dedupe_key: Option<String>,
}

/// Jobs are listed newest first.
pub const SORTS: Sorts = Sorts {
    options: &[("created_at", SortKey::Created)],
    default: (SortKey::Created, true),
};

#[derive(Queryable, Selectable)]
#[diesel(table_name = jobs)]
pub(crate) struct JobRow {
    org_id: Vec<u8>,
    id: Vec<u8>,
    kind: String,
    payload: String,
    status: String,
    run_at: NaiveDateTime,
    attempts: i64,
    max_attempts: i64,
    last_error: Option<String>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

impl Positioned for JobRow {
    fn id_bytes(&self) -> &[u8] {
        &self.id
    }

    fn key(&self, _key: SortKey) -> KeyValue {
        KeyValue::None
    }
}

pub(crate) fn to_job(row: JobRow) -> Job {
    Job {
        org: id(&row.org_id),
        id: id(&row.id),
        kind: row.kind,
        payload: row.payload,
        status: row.status,
        run_at: from_db(row.run_at),
        attempts: row.attempts,
        max_attempts: row.max_attempts,
        last_error: row.last_error,
        created_at: from_db(row.created_at),
        updated_at: from_db(row.updated_at),
    }
}

/// Enqueues a job; `false` when its dedupe key was enqueued before.
pub fn enqueue(
    conn: &mut AnyConnection,
    org: OrgId,
    job: &NewJob,
    now: DateTime<Utc>,
) -> Result<bool> {
    enqueue_as(conn, org, JobId::mint(), job, now)
}

/// [`enqueue`] with an id the caller minted, for work that names its job elsewhere (a mail's
/// Message-ID is made from it).
pub fn enqueue_as(
    conn: &mut AnyConnection,
    org: OrgId,
    job_id: JobId,
    job: &NewJob,
    now: DateTime<Utc>,
) -> Result<bool> {
    let inserted = Sql::new(
        "INSERT INTO jobs (org_id, id, kind, payload, status, run_at, attempts, max_attempts, \
         dedupe_key, created_at, updated_at) VALUES (",
    )
    .values([
        Value::Bytes(bytes(&org)),
        Value::Bytes(bytes(&job_id)),
        Value::Text(job.kind.to_owned()),
        Value::Text(job.payload.clone()),
        Value::Text("queued".into()),
        Value::Time(Some(to_db(job.run_at))),
        Value::Int(0),
        Value::Int(job.max_attempts),
    ])
    .push(", ")
    .append(match &job.dedupe_key {
        Some(key) => Sql::new("").value(Value::Text(key.clone())),
        None => Sql::new("NULL"),
    })
    .push(", ")
    .values([Value::Time(Some(to_db(now))), Value::Time(Some(to_db(now)))])
    .push(") ON CONFLICT DO NOTHING")
    .execute(conn)?;
    Ok(inserted == 1)
}

/// A job a worker holds the lease of.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct Claimed {
    #[diesel(sql_type = Binary)]
    org_id: Vec<u8>,
    #[diesel(sql_type = Binary)]
    id: Vec<u8>,
    /// What it does.
    #[diesel(sql_type = Text)]
    pub kind: String,
    /// Its input.
    #[diesel(sql_type = Text)]
    pub payload: String,
    /// This attempt's number, from 1.
    #[diesel(sql_type = BigInt)]
    pub attempts: i64,
    /// The last attempt's number.
    #[diesel(sql_type = BigInt)]
    pub max_attempts: i64,
}

impl Claimed {
    /// Its organization.
    pub fn org(&self) -> OrgId {
        id(&self.org_id)
    }

    /// Its id.
    pub fn id(&self) -> JobId {
        id(&self.id)
    }
}

/// Claims up to `limit` due jobs for `worker` until `now + lease`: queued ones whose time has
/// come, and running ones whose lease ended (their worker died).
pub fn claim(
    conn: &mut AnyConnection,
    worker: &str,
    now: DateTime<Utc>,
    lease: Duration,
    limit: i64,
) -> Result<Vec<Claimed>> {
    let skip_locked = match conn {
        AnyConnection::Postgresql(_) => " FOR UPDATE SKIP LOCKED",
        AnyConnection::Sqlite(_) => "",
    };
    let now_value = || Value::Time(Some(to_db(now)));
    write_transaction(conn, |conn| {
        Ok(Sql::new("UPDATE jobs SET status = 'running', locked_by = ")
            .value(Value::Text(worker.to_owned()))
            .push(", locked_until = ")
            .value(Value::Time(Some(to_db(now + lease))))
            .push(", attempts = attempts + 1, updated_at = ")
            .value(now_value())
            .push(
                " WHERE (org_id, id) IN (SELECT org_id, id FROM jobs \
                 WHERE status IN ('queued', 'running') AND run_at <= ",
            )
            .value(now_value())
            .push(" AND (locked_until IS NULL OR locked_until < ")
            .value(now_value())
            .push(") ORDER BY run_at LIMIT ")
            .value(Value::Int(limit))
            .push(skip_locked)
            .push(") RETURNING org_id, id, kind, payload, attempts, max_attempts")
            .load(conn)?)
    })
}

/// Runs `effect` and marks the job done, in one transaction, if `worker` still holds its
/// lease; `Ok(None)` (and nothing done) when another worker took the job over.
pub fn finish<T, E: From<Error>>(
    conn: &mut AnyConnection,
    job: &Claimed,
    worker: &str,
    now: DateTime<Utc>,
    effect: impl FnOnce(&mut AnyConnection) -> std::result::Result<T, E>,
) -> std::result::Result<Option<T>, E> {
    let this = || {
        Sql::new(" WHERE org_id = ")
            .value(Value::Bytes(job.org_id.clone()))
            .push(" AND id = ")
            .value(Value::Bytes(job.id.clone()))
            .push(" AND status = 'running' AND locked_by = ")
            .value(Value::Text(worker.to_owned()))
    };
    let outcome = write_transaction(conn, |conn| {
        // Takes the job's row lock: a worker claiming it now skips it.
        let held = Sql::new("UPDATE jobs SET updated_at = ")
            .value(Value::Time(Some(to_db(now))))
            .append(this())
            .execute(conn)?;
        if held != 1 {
            return Ok(None);
        }
        let value = effect(conn).map_err(ModifyError::Rejected)?;
        Sql::new(
            "UPDATE jobs SET status = 'done', locked_by = NULL, locked_until = NULL, \
             last_error = NULL",
        )
        .append(this())
        .execute(conn)?;
        Ok(Some(value))
    });
    outcome.map_err(|e| match e {
        ModifyError::Db(e) => e.into(),
        ModifyError::Rejected(e) => e,
    })
}

/// Empties a job's payload: what it carried only for its work (a one-time link's token) is not
/// kept once the work is over.
pub fn forget_payload(conn: &mut AnyConnection, org: OrgId, job: JobId) -> Result<()> {
    diesel::update(jobs::table)
        .filter(jobs::org_id.eq(bytes(&org)))
        .filter(jobs::id.eq(bytes(&job)))
        .set(jobs::payload.eq("{}"))
        .execute(conn)?;
    Ok(())
}

/// Records a failed attempt: queued again at `retry_at`, or dead when there is none. Returns
/// whether the worker still held the job (otherwise another took it over and nothing changed).
pub fn fail(
    conn: &mut AnyConnection,
    job: &Claimed,
    worker: &str,
    now: DateTime<Utc>,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
) -> Result<bool> {
    let (status, run_at) = match retry_at {
        Some(at) => ("queued", at),
        None => ("dead", now),
    };
    let error: String = error.chars().take(2000).collect();
    let held = Sql::new("UPDATE jobs SET status = ")
        .value(Value::Text(status.into()))
        .push(", run_at = ")
        .value(Value::Time(Some(to_db(run_at))))
        .push(", last_error = ")
        .value(Value::Text(error))
        .push(", locked_by = NULL, locked_until = NULL, updated_at = ")
        .value(Value::Time(Some(to_db(now))))
        .push(" WHERE org_id = ")
        .value(Value::Bytes(job.org_id.clone()))
        .push(" AND id = ")
        .value(Value::Bytes(job.id.clone()))
        .push(" AND status = 'running' AND locked_by = ")
        .value(Value::Text(worker.to_owned()))
        .execute(conn)?;
    Ok(held == 1)
}
