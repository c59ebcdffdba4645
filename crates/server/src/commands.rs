//! What the `rapport` subcommands do.

use std::net::TcpListener;
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
        tokens: Arc::new(tokens),
        settings: Arc::new(settings),
        clock: Arc::new(SystemClock),
    }
}

/// `rapport serve`.
pub async fn serve(settings: Settings) -> Result<(), CommandError> {
    if settings.jwt_secret.is_empty() {
        tracing::warn!(
            "RAPPORT_JWT_SECRET is not set: using a random key, so restarts log everyone out"
        );
    }
    let pool = open_database(&settings)?;
    let listener = TcpListener::bind(&settings.bind)
        .map_err(|e| CommandError(format!("cannot listen on {}: {e}", settings.bind)))?;
    tracing::info!(address = %settings.bind, database = db::Backend::of(&settings.database_url).name(), "Rapport is listening");
    crate::app::serve(state(settings, pool), listener, None)?.await?;
    Ok(())
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
    };
    let user = db::users::create(&mut conn, org, &new, now)?;
    Ok((org, user.id))
}
