//! Argon2id password hashing. Hashing is slow and takes memory on purpose, so the async
//! helpers run it on the blocking pool, and only as many at once as `Limits` allows.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{DateTime, Utc};
use domain::password::NewPassword;
use domain::Email;

use crate::error::ApiError;
use crate::state::AppState;

/// Hashes a password into a PHC string (argon2id, OWASP's minimum parameters).
pub fn hash(password: &str) -> Result<String, ApiError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ApiError::Internal(e.to_string()))
}

/// Whether `password` matches the PHC string `stored`.
pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash of nothing in particular, verified against when no user has the email, so an
/// unknown email costs as much time as a wrong password.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash("decoy password that nobody has").unwrap_or_default())
}

/// Checks `password` against each of `hashes` (against a decoy when there are none, so an
/// unknown email costs the same time); one verdict per hash.
pub async fn check(
    state: &AppState,
    password: String,
    hashes: Option<Vec<String>>,
) -> Result<Vec<bool>, ApiError> {
    let _turn = state.limits.password_check().await?;
    actix_web::web::block(move || match hashes {
        Some(hashes) if !hashes.is_empty() => hashes.iter().map(|h| verify(&password, h)).collect(),
        _ => {
            verify(&password, decoy_hash());
            Vec::new()
        }
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))
}

/// Refuses while `email` is locked after too many failures (429 with the seconds left).
pub fn refuse_if_locked(
    locked_until: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    match locked_until {
        Some(until) => Err(ApiError::LoginLocked((until - now).num_seconds().max(1))),
        None => Ok(()),
    }
}

/// Counts a wrong password against `email`, locking it after `login_max_failures`.
pub async fn count_failure(
    state: &AppState,
    email: Email,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let settings = state.settings.clone();
    state
        .db(move |conn| {
            Ok(db::login_throttle::record_failure(
                conn,
                &email,
                settings.login_max_failures,
                chrono::Duration::seconds(settings.login_lock_seconds),
                now,
            )?)
        })
        .await
}

/// Hashes a new password, waiting for a turn.
pub async fn hash_new(state: &AppState, password: NewPassword) -> Result<String, ApiError> {
    let _turn = state.limits.password_check().await?;
    actix_web::web::block(move || hash(password.expose()))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_only_their_password() -> Result<(), ApiError> {
        let stored = hash("correct horse battery")?;
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("correct horse battery", &stored));
        assert!(!verify("correct horse batterY", &stored));
        assert!(!verify("anything", "not a hash"));
        Ok(())
    }
}
