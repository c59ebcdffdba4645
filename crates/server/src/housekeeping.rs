//! Tidying every server process does now and then: ended sessions, old refresh tokens and
//! ticket viewers who left without saying so are deleted, and idle client addresses leave
//! the rate limiter's table.

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
    }
}
