//! What every handler can reach: the database, the token keys, the settings and the clock.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use db::{Backend, Pool};

use crate::auth::tokens::TokenKeys;
use crate::auth::{Caller, PortalCaller, PortalPrincipal, Principal};
use crate::error::ApiError;
use crate::settings::Settings;

/// Where "now" comes from; tests can pin it.
pub trait Clock: Send + Sync {
    /// The current instant.
    fn now(&self) -> DateTime<Utc>;
}

/// The system clock.
#[derive(Debug, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        db::convert::truncate(Utc::now())
    }
}

/// A clock that follows the system clock until it is pinned: tests pin it to an instant and
/// move it on.
#[derive(Debug, Default)]
pub struct SettableClock(std::sync::Mutex<Option<DateTime<Utc>>>);

impl SettableClock {
    fn pinned(&self) -> std::sync::MutexGuard<'_, Option<DateTime<Utc>>> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Stops the clock at `at`.
    pub fn pin(&self, at: DateTime<Utc>) {
        *self.pinned() = Some(db::convert::truncate(at));
    }

    /// Moves the clock on by `by` (pinning it first if it was not).
    pub fn advance(&self, by: chrono::Duration) {
        let now = self.now();
        self.pin(now + by);
    }
}

impl Clock for SettableClock {
    fn now(&self) -> DateTime<Utc> {
        self.pinned().unwrap_or_else(|| SystemClock.now())
    }
}

/// Shared application state.
#[derive(Clone)]
pub struct AppState {
    /// Connection pool.
    pub pool: Pool,
    /// Which database the pool talks to.
    pub backend: Backend,
    /// Access-token signing and checking.
    pub tokens: Arc<TokenKeys>,
    /// Settings.
    pub settings: Arc<Settings>,
    /// Clock.
    pub clock: Arc<dyn Clock>,
    /// Request and hashing limits.
    pub limits: Arc<crate::limits::Limits>,
    /// Committed ticket changes, for the event streams.
    pub live: crate::live::Live,
    /// Where attachment content is kept.
    pub files: Arc<crate::files::FileStore>,
}

impl AppState {
    /// The current instant.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Runs `work` with a pooled connection on the blocking thread pool, so diesel never
    /// blocks an async worker.
    pub async fn db<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut db::AnyConnection) -> Result<T, ApiError> + Send + 'static,
    {
        let pool = self.pool.clone();
        actix_web::web::block(move || {
            let mut conn = pool.get().map_err(db::Error::from)?;
            work(&mut conn)
        })
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
    }

    /// Runs `work` for a signed-in caller in one trip to the blocking pool with one pooled
    /// connection: first the caller's session is confirmed, then `work` gets the
    /// [`Principal`] whose organization scopes every query.
    pub async fn run<T, F>(&self, caller: Caller, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut db::AnyConnection, Principal) -> Result<T, ApiError> + Send + 'static,
    {
        let now = self.now();
        self.db(move |conn| {
            let principal = caller.confirm(conn, now)?;
            work(conn, principal)
        })
        .await
    }

    /// [`AppState::run`] for a portal caller: the portal session is confirmed first, then
    /// `work` gets the [`PortalPrincipal`] whose organization, contact and account scope
    /// every portal query.
    pub async fn run_portal<T, F>(&self, caller: PortalCaller, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut db::AnyConnection, PortalPrincipal) -> Result<T, ApiError> + Send + 'static,
    {
        let now = self.now();
        self.db(move |conn| {
            let principal = caller.confirm(conn, now)?;
            work(conn, principal)
        })
        .await
    }
}
