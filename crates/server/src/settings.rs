//! Settings: defaults, then an optional TOML file, then `RAPPORT_*` environment variables.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

/// Everything the server can be told.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Address to listen on (`RAPPORT_BIND`).
    pub bind: String,
    /// `sqlite://path` or `postgres://…` (`RAPPORT_DATABASE_URL`).
    pub database_url: String,
    /// Pooled connections (`RAPPORT_DATABASE_POOL_SIZE`).
    pub database_pool_size: u32,
    /// Secret for signing access tokens, at least 32 bytes (`RAPPORT_JWT_SECRET`). Required by
    /// `serve`, except in development mode.
    pub jwt_secret: String,
    /// Development mode (`RAPPORT_DEV=true`, or `serve --dev`): without a `jwt_secret`, one is
    /// generated once and kept in `data/jwt-secret`, so tokens survive restarts and every
    /// process on the machine agrees. Never for production.
    pub dev: bool,
    /// Token issuer (`RAPPORT_JWT_ISSUER`).
    pub jwt_issuer: String,
    /// Access token lifetime in seconds, at most 900 (`RAPPORT_ACCESS_TOKEN_SECONDS`).
    pub access_token_seconds: i64,
    /// Refresh token lifetime in seconds (`RAPPORT_REFRESH_TOKEN_SECONDS`).
    pub refresh_token_seconds: i64,
    /// Failed logins before a user is locked (`RAPPORT_LOGIN_MAX_FAILURES`).
    pub login_max_failures: i32,
    /// How long a lock lasts, in seconds (`RAPPORT_LOGIN_LOCK_SECONDS`).
    pub login_lock_seconds: i64,
    /// Origins allowed to call the API from a browser, comma-separated (`RAPPORT_CORS_ORIGINS`).
    pub cors_origins: Vec<String>,
    /// Login and refresh requests allowed per client address and minute
    /// (`RAPPORT_SIGN_IN_PER_MINUTE`).
    pub sign_in_per_minute: u32,
    /// Capture-form submissions allowed per client address and minute
    /// (`RAPPORT_SUBMISSIONS_PER_MINUTE`).
    pub submissions_per_minute: u32,
    /// Password checks (argon2) run at once; 0 means one per core (`RAPPORT_PASSWORD_CHECKS`).
    pub password_checks: usize,
    /// Addresses of reverse proxies whose `X-Forwarded-For` is believed, comma-separated
    /// (`RAPPORT_TRUSTED_PROXIES`). Requests from other peers are counted by their own address.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Largest accepted JSON body in bytes (`RAPPORT_MAX_BODY_BYTES`).
    pub max_body_bytes: usize,
    /// Worker threads; 0 means one per core (`RAPPORT_WORKERS`).
    pub workers: usize,
    /// Log filter such as `info` or `server=debug` (`RAPPORT_LOG`).
    pub log: String,
    /// A folder of Swagger UI files to serve under `/docs` instead of those built into the
    /// binary (`RAPPORT_DOCS_DIR`).
    pub docs_dir: String,
    /// A folder holding a built web app to serve at `/` instead of the one built into the
    /// binary (`RAPPORT_WEB_DIR`).
    pub web_dir: String,
    /// How often each process looks for due background jobs and SLA clocks, in milliseconds
    /// (`RAPPORT_JOB_POLL_MILLIS`); 0 runs no background work in this process.
    pub job_poll_millis: u64,
    /// How long a worker holds a job before another process may take it over, in seconds
    /// (`RAPPORT_JOB_LEASE_SECONDS`).
    pub job_lease_seconds: i64,
    /// The folder attachment content is kept in (`RAPPORT_ATTACHMENTS_DIR`). Every server
    /// process on one database must share it.
    pub attachments_dir: String,
    /// Where people reach the web app, for links in mail (`RAPPORT_PUBLIC_URL`).
    pub public_url: String,
    /// How long one SMTP delivery may take, in seconds (`RAPPORT_SMTP_TIMEOUT_SECONDS`); less
    /// than the job lease, so no other process takes a mail over while it is being sent.
    pub smtp_timeout_seconds: u64,
    /// How often each mailbox with an IMAP source is polled, in seconds
    /// (`RAPPORT_IMAP_POLL_SECONDS`).
    pub imap_poll_seconds: i64,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:8080".into(),
            database_url: "sqlite://data/rapport.db".into(),
            database_pool_size: 16,
            jwt_secret: String::new(),
            dev: false,
            jwt_issuer: "rapport".into(),
            access_token_seconds: 900,
            refresh_token_seconds: 30 * 24 * 3600,
            login_max_failures: 5,
            login_lock_seconds: 900,
            cors_origins: Vec::new(),
            sign_in_per_minute: 30,
            submissions_per_minute: 20,
            password_checks: 0,
            trusted_proxies: Vec::new(),
            max_body_bytes: 256 * 1024,
            workers: 0,
            log: "info".into(),
            docs_dir: String::new(),
            web_dir: String::new(),
            job_poll_millis: 1000,
            job_lease_seconds: 60,
            attachments_dir: "data/attachments".into(),
            public_url: "http://127.0.0.1:8080".into(),
            smtp_timeout_seconds: 30,
            imap_poll_seconds: 60,
        }
    }
}

/// Why settings could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// The file could not be read.
    #[error("cannot read settings file {0}: {1}")]
    Read(String, std::io::Error),
    /// The file is not valid TOML for these settings.
    #[error("invalid settings file {0}: {1}")]
    Parse(String, toml::de::Error),
    /// An environment variable has a value of the wrong kind.
    #[error("invalid value for {0}: {1}")]
    Env(&'static str, String),
    /// The combination is not allowed.
    #[error("{0}")]
    Invalid(String),
}

impl Settings {
    /// Loads the defaults, then `file` if given, then the environment `env`.
    pub fn load(file: Option<&Path>, env: &HashMap<String, String>) -> Result<Self, SettingsError> {
        let mut settings = match file {
            Some(path) => {
                let name = path.display().to_string();
                let text = std::fs::read_to_string(path)
                    .map_err(|e| SettingsError::Read(name.clone(), e))?;
                toml::from_str(&text).map_err(|e| SettingsError::Parse(name, e))?
            }
            None => Settings::default(),
        };
        settings.apply_env(env)?;
        settings.check()?;
        Ok(settings)
    }

    fn apply_env(&mut self, env: &HashMap<String, String>) -> Result<(), SettingsError> {
        fn number<T: std::str::FromStr>(
            env: &HashMap<String, String>,
            key: &'static str,
            into: &mut T,
        ) -> Result<(), SettingsError> {
            if let Some(raw) = env.get(key) {
                *into = raw
                    .trim()
                    .parse()
                    .map_err(|_| SettingsError::Env(key, raw.clone()))?;
            }
            Ok(())
        }
        let text = |key: &str, into: &mut String| {
            if let Some(value) = env.get(key) {
                value.clone_into(into);
            }
        };
        text("RAPPORT_BIND", &mut self.bind);
        text("RAPPORT_DATABASE_URL", &mut self.database_url);
        text("RAPPORT_JWT_SECRET", &mut self.jwt_secret);
        text("RAPPORT_JWT_ISSUER", &mut self.jwt_issuer);
        text("RAPPORT_LOG", &mut self.log);
        text("RAPPORT_DOCS_DIR", &mut self.docs_dir);
        text("RAPPORT_WEB_DIR", &mut self.web_dir);
        text("RAPPORT_ATTACHMENTS_DIR", &mut self.attachments_dir);
        text("RAPPORT_PUBLIC_URL", &mut self.public_url);
        number(
            env,
            "RAPPORT_DATABASE_POOL_SIZE",
            &mut self.database_pool_size,
        )?;
        number(
            env,
            "RAPPORT_ACCESS_TOKEN_SECONDS",
            &mut self.access_token_seconds,
        )?;
        number(
            env,
            "RAPPORT_REFRESH_TOKEN_SECONDS",
            &mut self.refresh_token_seconds,
        )?;
        number(
            env,
            "RAPPORT_LOGIN_MAX_FAILURES",
            &mut self.login_max_failures,
        )?;
        number(
            env,
            "RAPPORT_LOGIN_LOCK_SECONDS",
            &mut self.login_lock_seconds,
        )?;
        number(env, "RAPPORT_MAX_BODY_BYTES", &mut self.max_body_bytes)?;
        number(env, "RAPPORT_WORKERS", &mut self.workers)?;
        number(
            env,
            "RAPPORT_IMAP_POLL_SECONDS",
            &mut self.imap_poll_seconds,
        )?;
        number(
            env,
            "RAPPORT_SMTP_TIMEOUT_SECONDS",
            &mut self.smtp_timeout_seconds,
        )?;
        number(env, "RAPPORT_DEV", &mut self.dev)?;
        number(
            env,
            "RAPPORT_SIGN_IN_PER_MINUTE",
            &mut self.sign_in_per_minute,
        )?;
        number(
            env,
            "RAPPORT_SUBMISSIONS_PER_MINUTE",
            &mut self.submissions_per_minute,
        )?;
        number(env, "RAPPORT_PASSWORD_CHECKS", &mut self.password_checks)?;
        number(env, "RAPPORT_JOB_POLL_MILLIS", &mut self.job_poll_millis)?;
        number(
            env,
            "RAPPORT_JOB_LEASE_SECONDS",
            &mut self.job_lease_seconds,
        )?;
        if let Some(proxies) = env.get("RAPPORT_TRUSTED_PROXIES") {
            self.trusted_proxies = proxies
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(|p| {
                    p.parse()
                        .map_err(|_| SettingsError::Env("RAPPORT_TRUSTED_PROXIES", p.to_owned()))
                })
                .collect::<Result<_, _>>()?;
        }
        if let Some(origins) = env.get("RAPPORT_CORS_ORIGINS") {
            self.cors_origins = origins
                .split(',')
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map(str::to_owned)
                .collect();
        }
        Ok(())
    }

    fn check(&self) -> Result<(), SettingsError> {
        if !(1..=900).contains(&self.access_token_seconds) {
            return Err(SettingsError::Invalid(
                "access_token_seconds must be between 1 and 900".into(),
            ));
        }
        if !self.jwt_secret.is_empty() && self.jwt_secret.len() < 32 {
            return Err(SettingsError::Invalid(
                "jwt_secret must have at least 32 bytes".into(),
            ));
        }
        if self.submissions_per_minute == 0 {
            return Err(SettingsError::Invalid(
                "submissions_per_minute must be at least 1".into(),
            ));
        }
        if self.sign_in_per_minute == 0 {
            return Err(SettingsError::Invalid(
                "sign_in_per_minute must be at least 1".into(),
            ));
        }
        if self.job_lease_seconds < 1 {
            return Err(SettingsError::Invalid(
                "job_lease_seconds must be at least 1".into(),
            ));
        }
        if self.database_pool_size == 0 {
            return Err(SettingsError::Invalid(
                "database_pool_size must be at least 1".into(),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_overrides_file_which_overrides_defaults(
    ) -> Result<(), Box<dyn std::error::Error>> {
        let dir = std::env::temp_dir().join(format!("rapport-settings-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        let file = dir.join("rapport.toml");
        std::fs::write(&file, "bind = \"0.0.0.0:9000\"\nlog = \"debug\"\n")?;
        let env = HashMap::from([("RAPPORT_LOG".to_owned(), "warn".to_owned())]);
        let settings = Settings::load(Some(&file), &env)?;
        assert_eq!(settings.bind, "0.0.0.0:9000");
        assert_eq!(settings.log, "warn");
        assert_eq!(settings.database_url, "sqlite://data/rapport.db");
        Ok(())
    }

    #[test]
    fn long_lived_access_tokens_are_refused() {
        let env = HashMap::from([("RAPPORT_ACCESS_TOKEN_SECONDS".to_owned(), "3600".to_owned())]);
        assert!(Settings::load(None, &env).is_err());
        let env = HashMap::from([("RAPPORT_WORKERS".to_owned(), "many".to_owned())]);
        assert!(matches!(
            Settings::load(None, &env),
            Err(SettingsError::Env("RAPPORT_WORKERS", _))
        ));
    }
}
