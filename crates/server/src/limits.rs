//! Limits on the work one client can cause: requests per client address on the sign-in
//! routes and to the public capture forms, and the few threads that do all password hashing.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::{mpsc, Arc, Mutex};

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use tokio::sync::oneshot;

use crate::error::ApiError;
use crate::settings::Settings;
use crate::state::AppState;

/// Work for the password threads.
type Job = Box<dyn FnOnce() + Send>;

/// The process's limits, shared by its workers.
pub struct Limits {
    sign_in: DefaultKeyedRateLimiter<IpAddr>,
    submissions: DefaultKeyedRateLimiter<IpAddr>,
    /// Jobs for the password threads; they stop when this is dropped.
    password_jobs: mpsc::Sender<Job>,
    trusted_proxies: Vec<IpAddr>,
}

/// Starts `count` threads that run password jobs one at a time each. Argon2 takes 19 MiB of
/// working memory per hash, which each thread keeps and reuses (`auth::passwords`); a few
/// threads of their own bound that memory and the CPU hashing takes, however many sign-ins
/// arrive at once.
fn password_threads(count: usize) -> mpsc::Sender<Job> {
    let (sender, receiver) = mpsc::channel::<Job>();
    let receiver = Arc::new(Mutex::new(receiver));
    for index in 0..count {
        let receiver = Arc::clone(&receiver);
        let spawned = std::thread::Builder::new()
            .name(format!("password-{index}"))
            .spawn(move || loop {
                let job = match receiver.lock() {
                    Ok(queue) => queue.recv(),
                    Err(_) => return,
                };
                match job {
                    Ok(job) => job(),
                    Err(_) => return,
                }
            });
        if let Err(e) = spawned {
            tracing::error!(error = %e, "cannot start a password thread");
        }
    }
    sender
}

impl Limits {
    /// Limits as the settings give them.
    pub fn new(settings: &Settings) -> Self {
        let per_minute = NonZeroU32::new(settings.sign_in_per_minute).unwrap_or(NonZeroU32::MIN);
        let hashing = match settings.password_checks {
            0 => std::thread::available_parallelism().map_or(2, usize::from),
            n => n,
        };
        let submissions =
            NonZeroU32::new(settings.submissions_per_minute).unwrap_or(NonZeroU32::MIN);
        Self {
            sign_in: RateLimiter::keyed(Quota::per_minute(per_minute)),
            submissions: RateLimiter::keyed(Quota::per_minute(submissions)),
            password_jobs: password_threads(hashing),
            trusted_proxies: settings.trusted_proxies.clone(),
        }
    }

    /// Counts a sign-in request (login or refresh) from `client`; 429 with the seconds to
    /// wait when the address has used its share.
    pub fn sign_in(&self, client: IpAddr) -> Result<(), ApiError> {
        counted(&self.sign_in, client)
    }

    /// Counts a capture-form submission from `client`; 429 like [`Limits::sign_in`].
    pub fn submission(&self, client: IpAddr) -> Result<(), ApiError> {
        counted(&self.submissions, client)
    }

    /// Runs password work (argon2) on the password threads, in turn with all other such
    /// work, and waits for its result without holding an async worker.
    pub async fn hash<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        let (answer, result) = oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = answer.send(work());
        });
        self.password_jobs
            .send(job)
            .map_err(|_| ApiError::Internal("password threads stopped".into()))?;
        result
            .await
            .map_err(|_| ApiError::Internal("a password job was lost".into()))
    }

    /// Forgets addresses whose share is full again; run now and then so the table stays small.
    pub fn forget_idle(&self) {
        for limiter in [&self.sign_in, &self.submissions] {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
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

/// Counts a request from `client` against `limiter`: 429 with the seconds to wait when the
/// address has used its share.
fn counted(limiter: &DefaultKeyedRateLimiter<IpAddr>, client: IpAddr) -> Result<(), ApiError> {
    limiter.check_key(&client).map_err(|not_until| {
        let wait = not_until.wait_time_from(DefaultClock::default().now());
        ApiError::RateLimited(i64::try_from(wait.as_secs()).unwrap_or(i64::MAX).max(1))
    })
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
    async fn password_work_runs_on_as_many_threads_as_allowed() -> Result<(), ApiError> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let limits = Arc::new(Limits::new(&Settings {
            password_checks: 2,
            ..Settings::default()
        }));
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let jobs: Vec<_> = (0..6)
            .map(|_| {
                let (limits, running, most) =
                    (Arc::clone(&limits), Arc::clone(&running), Arc::clone(&most));
                actix_web::rt::spawn(async move {
                    limits
                        .hash(move || {
                            let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                            most.fetch_max(now, Ordering::SeqCst);
                            std::thread::sleep(std::time::Duration::from_millis(30));
                            running.fetch_sub(1, Ordering::SeqCst);
                            std::thread::current().name().map(str::to_owned)
                        })
                        .await
                })
            })
            .collect();
        let mut names = Vec::new();
        for job in jobs {
            names.push(job.await.map_err(|e| ApiError::Internal(e.to_string()))??);
        }
        names.sort();
        names.dedup();
        assert_eq!(
            most.load(Ordering::SeqCst),
            2,
            "at most two at once, and both used"
        );
        assert_eq!(
            names,
            [Some("password-0".to_owned()), Some("password-1".to_owned())]
        );
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
