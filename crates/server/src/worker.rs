//! Background work in every server process: the SLA escalation sweep, routing of waiting
//! tickets, folding deal changes into the board and forecast sums, and the jobs table (mail
//! is sent by [`crate::mail`]).
//! Several processes on one database share the work; see `db::jobs` for how a job runs once.

use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use db::jobs::Claimed;
use db::AnyConnection;
use serde::Deserialize;

use crate::desk;
use crate::error::ApiError;
use crate::state::AppState;

/// The most jobs one poll claims.
const CLAIM: i64 = 20;

/// Runs forever on the current actix runtime, every `job_poll_millis` (not at all when 0).
pub async fn run(state: AppState) {
    let poll = state.settings.job_poll_millis;
    if poll == 0 {
        return;
    }
    let worker = format!("{}-{}", std::process::id(), uuid::Uuid::now_v7().simple());
    let mut ticker = actix_web::rt::time::interval(StdDuration::from_millis(poll));
    loop {
        ticker.tick().await;
        let now = state.now();
        match state.db(move |conn| desk::sweep::sweep(conn, now)).await {
            Ok(0) => {}
            Ok(fired) => tracing::info!(fired, "SLA clock events"),
            Err(e) => tracing::warn!(error = %e, "SLA sweep failed"),
        }
        match state.db(move |conn| desk::routing::sweep(conn, now)).await {
            Ok(0) => {}
            Ok(assigned) => tracing::info!(assigned, "waiting tickets routed"),
            Err(e) => tracing::warn!(error = %e, "routing waiting tickets failed"),
        }
        let folded = state
            .db(|conn| Ok(db::opportunities::totals::fold(conn)?))
            .await;
        if let Err(e) = folded {
            tracing::warn!(error = %e, "folding deal changes into their sums failed");
        }
        crate::mail::imap::poll(&state).await;
        let lease = Duration::seconds(state.settings.job_lease_seconds);
        let name = worker.clone();
        let claimed = state
            .db(move |conn| Ok(db::jobs::claim(conn, &name, now, lease, CLAIM)?))
            .await;
        let claimed = match claimed {
            Ok(jobs) => jobs,
            Err(e) => {
                tracing::warn!(error = %e, "claiming jobs failed");
                continue;
            }
        };
        for job in claimed {
            let name = worker.clone();
            if job.kind == db::outbound_emails::SEND {
                // Apart from the loop: a slow SMTP server holds up only its own mail.
                let state = state.clone();
                actix_web::rt::spawn(async move {
                    if let Err(e) = crate::mail::deliver(&state, job, name).await {
                        tracing::warn!(error = %e, "recording a mail's delivery failed");
                    }
                });
                continue;
            }
            let now = state.now();
            if let Err(e) = state.db(move |conn| run_job(conn, &job, &name, now)).await {
                tracing::warn!(error = %e, "recording a job's outcome failed");
            }
        }
    }
}

/// Runs one claimed job: its effect and its completion in one transaction, or a failed
/// attempt recorded with the next one's time (dead after the last).
fn run_job(
    conn: &mut AnyConnection,
    job: &Claimed,
    worker: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    match db::jobs::finish(conn, job, worker, now, |conn| perform(conn, job, now)) {
        Ok(_) => Ok(()),
        Err(error) => {
            tracing::warn!(kind = %job.kind, attempt = job.attempts, %error, "job failed");
            let retry = (job.attempts < job.max_attempts).then(|| now + backoff(job.attempts));
            db::jobs::fail(conn, job, worker, now, &error.to_string(), retry)?;
            Ok(())
        }
    }
}

/// The wait before attempt `attempt + 1`: 30 seconds doubling per attempt up to six hours,
/// spread by a quarter either way so failed jobs do not come back in step.
pub fn backoff(attempt: i64) -> Duration {
    let base = 30_i64.saturating_mul(1 << attempt.clamp(1, 20).saturating_sub(1));
    let capped = base.min(6 * 3600) as f64;
    let spread = 0.75 + rand::random::<f64>() * 0.5;
    Duration::milliseconds((capped * spread * 1000.0) as i64)
}

#[derive(Deserialize)]
struct AutoClose {
    ticket_id: String,
    solved_at: DateTime<Utc>,
}

/// Where a job working through records in batches goes on from.
#[derive(Deserialize)]
struct After {
    after: Option<String>,
}

/// Which currency's deals a repricing job converts again.
#[derive(Deserialize)]
struct Reprice {
    currency: String,
}

/// Which reminder of which activity a reminder job gives.
#[derive(Deserialize)]
struct Remind {
    activity_id: String,
    at: i64,
}

/// What a job of each kind does.
fn perform(conn: &mut AnyConnection, job: &Claimed, now: DateTime<Utc>) -> Result<(), ApiError> {
    match job.kind.as_str() {
        desk::tickets::AUTO_CLOSE => {
            let input: AutoClose = serde_json::from_str(&job.payload)
                .map_err(|e| ApiError::Internal(format!("payload: {e}")))?;
            let ticket = domain::TicketId::parse("", &input.ticket_id)
                .map_err(|e| ApiError::Internal(e.to_string()))?;
            desk::tickets::auto_close(conn, job.org(), ticket, input.solved_at, now)?;
            Ok(())
        }
        db::territories::PLACE_ACCOUNTS => {
            let after = resume_after(&job.payload)?;
            if let Some(last) = db::territories::place_accounts(conn, job.org(), after)? {
                db::territories::place_next(conn, job.org(), last, now)?;
            }
            Ok(())
        }
        db::scoring_rules::RESCORE_LEADS => {
            let after = resume_after(&job.payload)?;
            if let Some(last) = db::leads::score::rescore(conn, job.org(), after, now)? {
                db::scoring_rules::rescore_later(conn, job.org(), Some(last), None, now)?;
            }
            Ok(())
        }
        db::exchange_rates::REPRICE => {
            let input: Reprice = serde_json::from_str(&job.payload)
                .map_err(|e| ApiError::Internal(format!("payload: {e}")))?;
            let currency = domain::Currency::parse("", &input.currency)
                .map_err(|e| ApiError::Internal(e.to_string()))?;
            let after = resume_after(&job.payload)?;
            db::exchange_rates::reprice(conn, job.org(), currency, after, now)?;
            Ok(())
        }
        db::activities::REMIND => {
            let input: Remind = serde_json::from_str(&job.payload)
                .map_err(|e| ApiError::Internal(format!("payload: {e}")))?;
            let activity = domain::ActivityId::parse("", &input.activity_id)
                .map_err(|e| ApiError::Internal(e.to_string()))?;
            db::activities::remind(conn, job.org(), activity, input.at, now)?;
            Ok(())
        }
        other => Err(ApiError::Internal(format!("no such job kind: {other}"))),
    }
}

/// The record a batch job resumes after, from its payload's `after`.
fn resume_after<K: domain::IdKind>(payload: &str) -> Result<Option<domain::Id<K>>, ApiError> {
    let input: After =
        serde_json::from_str(payload).map_err(|e| ApiError::Internal(format!("payload: {e}")))?;
    input
        .after
        .map(|a| domain::Id::<K>::parse("", &a))
        .transpose()
        .map_err(|e| ApiError::Internal(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_within_its_spread_and_stops_growing() {
        for attempt in 1..30 {
            let expected = (30 * (1_i64 << (attempt - 1).min(19))).min(6 * 3600) * 1000;
            let wait = backoff(attempt).num_milliseconds();
            assert!(
                (expected * 3 / 4..=expected * 5 / 4).contains(&wait),
                "attempt {attempt}: {wait} ms"
            );
        }
    }
}
