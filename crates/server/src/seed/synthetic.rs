//! A large synthetic organization for benchmarks.

use chrono::Utc;
use db::users::NewUser;
use domain::{Email, Role};

use super::DEMO_PASSWORD;
use crate::commands::{open_database, CommandError};
use crate::settings::Settings;

/// Synthetic data for benchmarks: an organization with `accounts` accounts and `contacts`
/// contacts, generated inside the database in batches.
pub fn synthetic(settings: &Settings, accounts: u64, contacts: u64) -> Result<(), CommandError> {
    let pool = open_database(settings)?;
    let mut conn = pool.get().map_err(db::Error::from)?;
    let now = db::convert::truncate(Utc::now());
    let org = db::orgs::create(&mut conn, "Benchmark organization", now)?;
    let hash =
        crate::auth::passwords::hash(DEMO_PASSWORD).map_err(|e| CommandError(e.to_string()))?;
    let email = Email::parse("", "bench@bench.example").map_err(|e| CommandError(e.to_string()))?;
    let admin = db::users::create(
        &mut conn,
        org,
        &NewUser {
            email,
            name: "Bench Admin".into(),
            role: Role::Admin,
            password_hash: hash,
            team_ids: Vec::new(),
            agent: db::users::AgentSettings::default(),
        },
        now,
    )?;
    let started = std::time::Instant::now();
    db::synthetic::generate(&mut conn, org, admin.id, accounts, contacts, now)?;
    println!(
        "Synthetic organization {org}: {accounts} accounts, {contacts} contacts in {:.1}s. Log in as bench@bench.example with {DEMO_PASSWORD}",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
