//! What admins do with jobs: read them, list them by status, retry and cancel them.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use domain::id::kind;
use domain::{JobId, OrgId};

use super::{to_job, Job, JobRow};
use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, to_db};
use crate::error::{Error, Result};
use crate::list::{self, ListParams, Page};
use crate::record::Record;
use crate::schema::jobs;
use crate::sql::{Sql, Value};

impl Record for Job {
    type Kind = kind::Job;
    const TABLE: &'static str = "jobs";
    const SOFT_DELETE: bool = false;

    fn read(conn: &mut AnyConnection, org: OrgId, job: JobId) -> Result<Self> {
        let row: JobRow = jobs::table
            .filter(jobs::org_id.eq(bytes(&org)))
            .filter(jobs::id.eq(bytes(&job)))
            .select(JobRow::as_select())
            .first(conn)?;
        Ok(to_job(row))
    }

    fn version(&self) -> i64 {
        self.attempts
    }

    fn is_deleted(&self) -> bool {
        false
    }

    fn trash(
        _conn: &mut AnyConnection,
        _org: OrgId,
        _id: JobId,
        _expected: Option<i64>,
        _deleted: bool,
        _now: DateTime<Utc>,
    ) -> Result<()> {
        Err(Error::Conflict("jobs_are_kept"))
    }
}

/// One page of the organization's jobs, of one status when given.
pub fn list(
    conn: &mut AnyConnection,
    org: OrgId,
    status: Option<&str>,
    params: &ListParams,
) -> Result<Page<Job>> {
    let build = || {
        let mut query = jobs::table
            .filter(jobs::org_id.eq(bytes(&org)))
            .select(JobRow::as_select())
            .into_boxed();
        if let Some(status) = status {
            query = query.filter(jobs::status.eq(status.to_owned()));
        }
        query
    };
    let page = list::load_page::<Job, _, _>(conn, build, None, params)?;
    Ok(page.map(to_job))
}

/// Queues a dead, cancelled or waiting job to run now with a fresh set of attempts; a done or
/// running job is refused (409).
pub fn retry(conn: &mut AnyConnection, org: OrgId, job: JobId, now: DateTime<Utc>) -> Result<Job> {
    set_status(
        conn,
        org,
        job,
        now,
        "queued",
        &["queued", "dead", "cancelled"],
        "job_not_retryable",
    )
}

/// Cancels a job that has not run yet (or that failed and waits for its next attempt).
pub fn cancel(conn: &mut AnyConnection, org: OrgId, job: JobId, now: DateTime<Utc>) -> Result<Job> {
    write_transaction(conn, |conn| {
        let cancelled = set_status(
            conn,
            org,
            job,
            now,
            "cancelled",
            &["queued"],
            "job_not_cancellable",
        )?;
        // A cancelled mail is not sent: it says so, and forgets the link it carried.
        if cancelled.kind == crate::outbound_emails::SEND {
            let skipped = crate::outbound_emails::Delivery {
                status: "skipped",
                recipient: None,
                subject: None,
                detail: Some("cancelled"),
            };
            crate::outbound_emails::record(conn, org, job, &skipped, now)?;
        }
        Ok(cancelled)
    })
}

fn set_status(
    conn: &mut AnyConnection,
    org: OrgId,
    job: JobId,
    now: DateTime<Utc>,
    status: &str,
    from: &[&str],
    refusal: &'static str,
) -> Result<Job> {
    write_transaction(conn, |conn| {
        let mut update = Sql::new("UPDATE jobs SET status = ")
            .value(Value::Text(status.to_owned()))
            .push(", updated_at = ")
            .value(Value::Time(Some(to_db(now))));
        if status == "queued" {
            update = update
                .push(", attempts = 0, last_error = NULL, run_at = ")
                .value(Value::Time(Some(to_db(now))));
        }
        let changed = update
            .push(" WHERE org_id = ")
            .value(Value::Bytes(bytes(&org)))
            .push(" AND id = ")
            .value(Value::Bytes(bytes(&job)))
            .push(" AND status IN (")
            .values(from.iter().map(|s| Value::Text((*s).to_owned())))
            .push(")")
            .execute(conn)?;
        // Not found when there is no such job; refused when it is in another state.
        let current = Job::read(conn, org, job)?;
        if changed == 1 {
            Ok(current)
        } else {
            Err(Error::Conflict(refusal))
        }
    })
}
