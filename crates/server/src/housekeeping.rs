//! Tidying every server process does now and then: ended sessions, old refresh tokens,
//! ticket viewers who left without saying so and uploads never sent are deleted, content no
//! attachment names any more leaves the file store, and idle client addresses leave the
//! rate limiter's table; deal sums no deal is in any more go. Leads whose scores fade are
//! rescored daily. Contracts past their end expire or renew, and those ending soon are
//! announced to their owners.

use std::time::Duration;

use crate::state::AppState;

/// How often the tidying runs.
pub const EVERY: Duration = Duration::from_secs(600);

/// Runs forever on the current actix runtime: once at start, then every [`EVERY`]. Several
/// processes on one database may run it at once; deleting what is already gone is harmless.
pub async fn run(state: AppState) {
    let mut ticker = actix_web::rt::time::interval(EVERY);
    loop {
        ticker.tick().await;
        state.limits.forget_idle();
        let now = state.now();
        match state
            .db(move |conn| Ok(db::sessions::prune(conn, now)?))
            .await
        {
            Ok((0, 0)) => {}
            Ok((sessions, tokens)) => {
                tracing::info!(
                    sessions,
                    tokens,
                    "pruned ended sessions and old refresh tokens"
                );
            }
            Err(e) => tracing::warn!(error = %e, "pruning sessions failed"),
        }
        let pruned = state
            .db(move |conn| Ok(db::tickets::viewers::prune(conn, now)?))
            .await;
        if let Err(e) = pruned {
            tracing::warn!(error = %e, "pruning ticket viewers failed");
        }
        let files = state.files.clone();
        let tidied = state
            .db(move |conn| tidy_attachments(conn, &files, now))
            .await;
        if let Err(e) = tidied {
            tracing::warn!(error = %e, "tidying attachments failed");
        }
        let pruned = state
            .db(|conn| Ok(db::opportunities::totals::prune(conn)?))
            .await;
        if let Err(e) = pruned {
            tracing::warn!(error = %e, "pruning empty deal sums failed");
        }
        if let Err(e) = state.db(move |conn| rescore_fading(conn, now)).await {
            tracing::warn!(error = %e, "enqueueing the daily rescoring failed");
        }
        let swept = state
            .db(move |conn| crate::desk::contracts::sweep(conn, now))
            .await;
        if let Err(e) = swept {
            tracing::warn!(error = %e, "expiring and renewing contracts failed");
        }
    }
}

/// Enqueues, once a day, rescoring the leads of every organization whose scoring rules fade
/// with time (a lead's score then changes though the lead does not).
fn rescore_fading(
    conn: &mut db::AnyConnection,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), crate::error::ApiError> {
    let day = format!("{}:{}", db::scoring_rules::RESCORE_LEADS, now.date_naive());
    for org in db::scoring_rules::orgs_with_fading_rules(conn)? {
        db::scoring_rules::rescore_later(conn, org, None, Some(day.clone()), now)?;
    }
    Ok(())
}

/// How long an upload waits to be sent before it is deleted.
pub const UPLOAD_KEPT: chrono::Duration = chrono::Duration::days(1);

/// The most uploads or contents one round tidies.
const TIDY_BATCH: i64 = 500;

/// Deletes uploads not sent within [`UPLOAD_KEPT`], content no attachment names (what
/// those uploads named, and what a failed removal left), and files a process stopped while
/// receiving them left behind.
pub fn tidy_attachments(
    conn: &mut db::AnyConnection,
    files: &crate::files::FileStore,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), crate::error::ApiError> {
    let waited = db::tickets::attachments::remove_waiting(conn, now - UPLOAD_KEPT, TIDY_BATCH)?;
    let unnamed = db::tickets::attachments::unnamed_content(conn, TIDY_BATCH)?;
    for (org, content) in waited.into_iter().chain(unnamed) {
        files.release(conn, org, &[content]);
    }
    let abandoned = files
        .forget_abandoned(UPLOAD_KEPT.to_std().unwrap_or_default())
        .map_err(|e| crate::error::ApiError::Internal(format!("forgetting uploads: {e}")))?;
    if abandoned > 0 {
        tracing::info!(
            abandoned,
            "deleted uploads a stopped process left unfinished"
        );
    }
    Ok(())
}
