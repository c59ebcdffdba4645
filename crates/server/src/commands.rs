//! What the `rapport` subcommands do.

use std::net::TcpListener;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use db::users::NewUser;
use domain::password::NewPassword;
use domain::{text, Email, OrgId, Role, UserId};

use crate::auth::tokens::TokenKeys;
use crate::settings::Settings;
use crate::state::{AppState, SystemClock};

/// A command failed; the message says why.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct CommandError(pub String);

impl From<db::Error> for CommandError {
    fn from(e: db::Error) -> Self {
        CommandError(e.to_string())
    }
}

impl From<std::io::Error> for CommandError {
    fn from(e: std::io::Error) -> Self {
        CommandError(e.to_string())
    }
}

/// Connects, creating an SQLite file when needed, and applies pending migrations.
pub fn open_database(settings: &Settings) -> Result<db::Pool, CommandError> {
    let pool = db::pool(
        &settings.database_url,
        settings.database_pool_size,
        Duration::from_secs(10),
    )?;
    let mut conn = pool.get().map_err(db::Error::from)?;
    let applied = db::migrations::run_pending(&mut conn)?;
    for name in applied {
        tracing::info!(migration = %name, "applied");
    }
    Ok(pool)
}

/// The application state for a pool.
pub fn state(settings: Settings, pool: db::Pool) -> AppState {
    let tokens = TokenKeys::new(
        &settings.jwt_secret,
        &settings.jwt_issuer,
        settings.access_token_seconds,
    );
    AppState {
        backend: db::Backend::of(&settings.database_url),
        pool,
        limits: Arc::new(crate::limits::Limits::new(&settings)),
        live: crate::live::Live::new(&settings.database_url),
        files: Arc::new(crate::files::FileStore::new(&settings.attachments_dir)),
        tokens: Arc::new(tokens),
        settings: Arc::new(settings),
        clock: Arc::new(SystemClock),
    }
}

/// `rapport serve`.
pub async fn serve(mut settings: Settings) -> Result<(), CommandError> {
    settings.jwt_secret = signing_secret(&settings, std::path::Path::new(DEV_DATA_DIR))?;
    let pool = open_database(&settings)?;
    let listener = TcpListener::bind(&settings.bind)
        .map_err(|e| CommandError(format!("cannot listen on {}: {e}", settings.bind)))?;
    tracing::info!(address = %settings.bind, database = db::Backend::of(&settings.database_url).name(), "Rapport is listening");
    crate::app::serve(state(settings, pool), listener, None)?.await?;
    Ok(())
}

/// Where development mode keeps its generated signing secret (as `jwt-secret`).
pub const DEV_DATA_DIR: &str = "data";

/// The access-token signing secret: the configured one; in development mode without one, the
/// secret kept in `jwt-secret` in `data_dir` (made on first use); otherwise an error, because
/// a random secret per process would log everyone out on restart and make processes disagree.
pub fn signing_secret(settings: &Settings, data_dir: &Path) -> Result<String, CommandError> {
    if !settings.jwt_secret.is_empty() {
        return Ok(settings.jwt_secret.clone());
    }
    if !settings.dev {
        return Err(CommandError(
            "RAPPORT_JWT_SECRET is not set: give a secret of at least 32 bytes \
             (or, on a development machine, run `rapport serve --dev`)"
                .into(),
        ));
    }
    let path = data_dir.join("jwt-secret");
    if let Ok(secret) = std::fs::read_to_string(&path) {
        if secret.trim().len() >= 32 {
            return Ok(secret.trim().to_owned());
        }
    }
    std::fs::create_dir_all(data_dir)?;
    let mut random = [0u8; 48];
    rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut random);
    let secret = base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, random);
    // Written aside and linked into place, so a process starting at the same moment either
    // finds the whole file or wins the link; the loser reads the winner's secret.
    let aside = path.with_extension(format!("{}.tmp", std::process::id()));
    write_private(&aside, &secret)?;
    let linked = std::fs::hard_link(&aside, &path);
    std::fs::remove_file(&aside)?;
    match linked {
        Ok(()) => {
            tracing::warn!(file = %path.display(), "development mode: made a signing secret");
            Ok(secret)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Ok(std::fs::read_to_string(&path)?.trim().to_owned())
        }
        Err(e) => Err(e.into()),
    }
}

/// Writes a file only its owner can read.
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(text.as_bytes())
}

/// `rapport admin create-org`: an organization and its first admin.
pub fn create_org(
    settings: &Settings,
    name: &str,
    email: &str,
    password: &str,
) -> Result<(OrgId, UserId), CommandError> {
    let name = text::required("/name", name, 200).map_err(|e| CommandError(e.to_string()))?;
    let email = Email::parse("/email", email).map_err(|e| CommandError(e.to_string()))?;
    let password =
        NewPassword::parse("/password", password).map_err(|e| CommandError(e.to_string()))?;
    let hash =
        crate::auth::passwords::hash(password.expose()).map_err(|e| CommandError(e.to_string()))?;
    let pool = open_database(settings)?;
    let mut conn = pool.get().map_err(db::Error::from)?;
    let now = db::convert::truncate(Utc::now());
    let org = db::orgs::create(&mut conn, &name, now)?;
    let new = NewUser {
        email,
        name: "Administrator".into(),
        role: Role::Admin,
        password_hash: hash,
        team_ids: Vec::new(),
        agent: db::users::AgentSettings::default(),
    };
    let user = db::users::create(&mut conn, org, &new, now)?;
    Ok((org, user.id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serving_needs_a_secret_except_in_development_mode() -> Result<(), CommandError> {
        let dir = std::env::temp_dir().join(format!("rapport-dev-{}", uuid::Uuid::now_v7()));
        let production = Settings::default();
        assert!(signing_secret(&production, &dir).is_err());
        assert!(!dir.exists(), "nothing is written outside development mode");
        let dev = Settings {
            dev: true,
            ..Settings::default()
        };
        let first = signing_secret(&dev, &dir)?;
        assert!(first.len() >= 32);
        // Kept: a restart, or a second process, signs with the same secret.
        assert_eq!(signing_secret(&dev, &dir)?, first);
        let configured = Settings {
            jwt_secret: "configured-secret-configured-secret".into(),
            ..dev
        };
        assert_eq!(
            signing_secret(&configured, &dir)?,
            "configured-secret-configured-secret"
        );
        std::fs::remove_dir_all(&dir)?;
        Ok(())
    }
}
