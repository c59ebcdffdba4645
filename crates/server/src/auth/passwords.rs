//! Argon2id password hashing. Hashing is slow and takes memory on purpose, so the async
//! helpers run it on the few password threads of `Limits`.

use std::cell::RefCell;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use chrono::{DateTime, Utc};
use domain::password::NewPassword;

use crate::error::ApiError;
use crate::state::AppState;

thread_local! {
    /// Argon2's working memory (19 MiB with the default parameters), kept by each thread
    /// that hashes and reused: allocated afresh for every hash, it is not given back to the
    /// system, and a server's memory grew by that much with each login.
    static MEMORY: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// Runs argon2 with `params` into `out`, in this thread's reused memory.
fn argon2_into(
    argon: &Argon2<'_>,
    params: &Params,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> Result<(), argon2::Error> {
    MEMORY.with(|memory| {
        let mut memory = memory.borrow_mut();
        // Every block is written before it is read, so old contents do no harm.
        memory.resize(params.block_count(), Block::default());
        argon.hash_password_into_with_memory(password, salt, out, &mut memory[..])
    })
}

/// Hashes a password into a PHC string (argon2id, OWASP's minimum parameters).
pub fn hash(password: &str) -> Result<String, ApiError> {
    let internal = |e: &dyn std::fmt::Display| ApiError::Internal(e.to_string());
    let salt = SaltString::generate(&mut OsRng);
    let mut salt_bytes = [0u8; 64];
    let raw_salt = salt.decode_b64(&mut salt_bytes).map_err(|e| internal(&e))?;
    let params = Params::default();
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    argon2_into(&argon, &params, password.as_bytes(), raw_salt, &mut out)
        .map_err(|e| internal(&e))?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| internal(&e))?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out).map_err(|e| internal(&e))?),
    };
    Ok(phc.to_string())
}

/// Whether `password` matches the PHC string `stored` (compared in constant time).
pub fn verify(password: &str, stored: &str) -> bool {
    let check = || -> Option<bool> {
        let parsed = PasswordHash::new(stored).ok()?;
        let algorithm = Algorithm::try_from(parsed.algorithm).ok()?;
        let version = match parsed.version {
            Some(v) => Version::try_from(v).ok()?,
            None => Version::default(),
        };
        let params = Params::try_from(&parsed).ok()?;
        let expected = parsed.hash?;
        let mut salt_bytes = [0u8; 64];
        let salt = parsed.salt?.decode_b64(&mut salt_bytes).ok()?;
        let argon = Argon2::new(algorithm, version, params.clone());
        let mut out = vec![0u8; expected.len()];
        argon2_into(&argon, &params, password.as_bytes(), salt, &mut out).ok()?;
        Some(Output::new(&out).ok()? == expected)
    };
    check().unwrap_or(false)
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
    state
        .limits
        .hash(move || match hashes {
            Some(hashes) if !hashes.is_empty() => {
                hashes.iter().map(|h| verify(&password, h)).collect()
            }
            _ => {
                verify(&password, decoy_hash());
                Vec::new()
            }
        })
        .await
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

/// Counts a wrong password against `key` (a [`db::login_throttle`] key), locking it after
/// `login_max_failures`.
pub async fn count_failure(
    state: &AppState,
    key: String,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let settings = state.settings.clone();
    state
        .db(move |conn| {
            Ok(db::login_throttle::record_failure(
                conn,
                &key,
                settings.login_max_failures,
                chrono::Duration::seconds(settings.login_lock_seconds),
                now,
            )?)
        })
        .await
}

/// Hashes a new password, waiting for a turn.
pub async fn hash_new(state: &AppState, password: NewPassword) -> Result<String, ApiError> {
    state.limits.hash(move || hash(password.expose())).await?
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

    #[test]
    fn hashes_agree_with_the_argon2_crates_own() -> Result<(), Box<dyn std::error::Error>> {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let ours = hash("correct horse battery")?;
        let parsed = PasswordHash::new(&ours).map_err(|e| e.to_string())?;
        assert!(Argon2::default()
            .verify_password(b"correct horse battery", &parsed)
            .is_ok());
        let salt = SaltString::generate(&mut OsRng);
        let theirs = Argon2::default()
            .hash_password(b"stored before this change", &salt)
            .map_err(|e| e.to_string())?
            .to_string();
        assert!(verify("stored before this change", &theirs));
        assert!(!verify("stored before this changE", &theirs));
        Ok(())
    }
}
