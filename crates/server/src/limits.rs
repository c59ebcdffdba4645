//! Limits on the work one client can cause: requests per client address on the sign-in
//! routes, and how many password hashes run at once.

use std::net::IpAddr;
use std::num::NonZeroU32;

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use tokio::sync::{Semaphore, SemaphorePermit};

use crate::error::ApiError;
use crate::settings::Settings;
use crate::state::AppState;

/// The process's limits, shared by its workers.
pub struct Limits {
    sign_in: DefaultKeyedRateLimiter<IpAddr>,
    password_checks: Semaphore,
    trusted_proxies: Vec<IpAddr>,
}

impl Limits {
    /// Limits as the settings give them.
    pub fn new(settings: &Settings) -> Self {
        let per_minute = NonZeroU32::new(settings.sign_in_per_minute).unwrap_or(NonZeroU32::MIN);
        let hashing = match settings.password_checks {
            0 => std::thread::available_parallelism().map_or(2, usize::from),
            n => n,
        };
        Self {
            sign_in: RateLimiter::keyed(Quota::per_minute(per_minute)),
            password_checks: Semaphore::new(hashing),
            trusted_proxies: settings.trusted_proxies.clone(),
        }
    }

    /// Counts a sign-in request (login or refresh) from `client`; 429 with the seconds to
    /// wait when the address has used its share.
    pub fn sign_in(&self, client: IpAddr) -> Result<(), ApiError> {
        self.sign_in.check_key(&client).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            ApiError::RateLimited(i64::try_from(wait.as_secs()).unwrap_or(i64::MAX).max(1))
        })
    }

    /// Waits for a turn to hash a password: argon2 takes 19 MiB and a core's worth of time
    /// per check, so only as many run at once as there are cores.
    pub async fn password_check(&self) -> Result<SemaphorePermit<'_>, ApiError> {
        self.password_checks
            .acquire()
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))
    }

    /// Forgets addresses whose share is full again; run now and then so the table stays small.
    pub fn forget_idle(&self) {
        self.sign_in.retain_recent();
        self.sign_in.shrink_to_fit();
    }

    /// The client's address: the peer, or, when the peer is a trusted proxy, the nearest
    /// address in `X-Forwarded-For` that is not one of the trusted proxies.
    pub fn client_address(&self, req: &HttpRequest) -> Option<IpAddr> {
        let peer = req.peer_addr()?.ip();
        if !self.trusted_proxies.contains(&peer) {
            return Some(peer);
        }
        let forwarded: Vec<IpAddr> = req
            .headers()
            .get_all("x-forwarded-for")
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map_while(|part| part.trim().parse().ok())
            .collect();
        Some(
            forwarded
                .into_iter()
                .rev()
                .find(|addr| !self.trusted_proxies.contains(addr))
                .unwrap_or(peer),
        )
    }
}

/// Extractor for the sign-in routes: resolves the client's address and counts the request
/// against it, refusing it with 429 when the address has used its share.
#[derive(Debug, Clone, Copy)]
pub struct SignInAttempt;

impl FromRequest for SignInAttempt {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let outcome = match req.app_data::<web::Data<AppState>>() {
            Some(state) => match state.limits.client_address(req) {
                Some(client) => state.limits.sign_in(client).map(|()| SignInAttempt),
                // No peer address (a test harness, a Unix socket): nothing to key on.
                None => Ok(SignInAttempt),
            },
            None => Err(ApiError::Internal("application state missing".into())),
        };
        std::future::ready(outcome)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[actix_web::test]
    async fn only_as_many_password_checks_run_as_allowed() -> Result<(), ApiError> {
        let limits = Limits::new(&Settings {
            password_checks: 2,
            ..Settings::default()
        });
        let first = limits.password_check().await?;
        let _second = limits.password_check().await?;
        // A third waits until a turn is given back.
        let third = limits.password_check();
        let waited = actix_web::rt::time::timeout(std::time::Duration::from_millis(50), third);
        assert!(waited.await.is_err(), "a third check ran at once");
        drop(first);
        let third = limits.password_check();
        let turned = actix_web::rt::time::timeout(std::time::Duration::from_millis(500), third);
        assert!(turned.await.is_ok(), "a freed turn was not given");
        Ok(())
    }

    #[test]
    fn each_address_has_its_own_share() {
        let limits = Limits::new(&Settings {
            sign_in_per_minute: 2,
            ..Settings::default()
        });
        let (a, b): (IpAddr, IpAddr) = (IpAddr::from([192, 0, 2, 1]), IpAddr::from([192, 0, 2, 2]));
        assert!(limits.sign_in(a).is_ok() && limits.sign_in(a).is_ok());
        assert!(
            matches!(limits.sign_in(a), Err(ApiError::RateLimited(s)) if (1..=60).contains(&s))
        );
        assert!(limits.sign_in(b).is_ok());
    }
}
