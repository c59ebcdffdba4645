//! A large synthetic organization for benchmarks.

use chrono::Utc;
use db::users::NewUser;
use domain::{Email, Role};

use super::DEMO_PASSWORD;
use crate::commands::{open_database, CommandError};
use crate::settings::Settings;

/// How many agents share the synthetic tickets, besides the admin.
const AGENTS: usize = 20;

/// Synthetic data for benchmarks: an organization with `accounts` accounts, `contacts`
/// contacts and `tickets` tickets, generated inside the database in batches.
pub fn synthetic(
    settings: &Settings,
    accounts: u64,
    contacts: u64,
    tickets: u64,
) -> Result<(), CommandError> {
    let pool = open_database(settings)?;
    let mut conn = pool.get().map_err(db::Error::from)?;
    let now = db::convert::truncate(Utc::now());
    let org = db::orgs::create(&mut conn, "Benchmark organization", now)?;
    let hash =
        crate::auth::passwords::hash(DEMO_PASSWORD).map_err(|e| CommandError(e.to_string()))?;
    let mut user = |email: &str, name: String, role: Role| {
        let email = Email::parse("", email).map_err(|e| CommandError(e.to_string()))?;
        let new = NewUser {
            email,
            name,
            role,
            password_hash: hash.clone(),
            team_ids: Vec::new(),
            agent: db::users::AgentSettings::default(),
        };
        Ok::<_, CommandError>(db::users::create(&mut conn, org, &new, now)?.id)
    };
    let admin = user("bench@bench.example", "Bench Admin".into(), Role::Admin)?;
    let mut agents = vec![admin];
    if tickets > 0 {
        for i in 1..=AGENTS {
            let email = format!("agent{i}@bench.example");
            agents.push(user(&email, format!("Agent {i}"), Role::Agent)?);
        }
    }
    let started = std::time::Instant::now();
    db::synthetic::generate(&mut conn, org, admin, accounts, contacts, now)?;
    println!(
        "Synthetic organization {org}: {accounts} accounts, {contacts} contacts in {:.1}s. Log in as bench@bench.example with {DEMO_PASSWORD}",
        started.elapsed().as_secs_f64()
    );
    if tickets > 0 {
        let started = std::time::Instant::now();
        desk(&mut conn, org, &agents, now)?;
        let policy = db::sla::policies_in_order(&mut conn, org)?
            .pop()
            .ok_or_else(|| CommandError("no SLA policy".into()))?;
        db::synthetic::generate_tickets(&mut conn, org, &agents, policy.id, tickets, now)?;
        println!(
            "  and {tickets} tickets in {:.1}s",
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

/// The service desk the synthetic tickets live in: the demo's SLA policies, and a
/// round-robin team of every agent, available without a limit, that new tickets go to.
fn desk(
    conn: &mut db::AnyConnection,
    org: domain::OrgId,
    agents: &[domain::UserId],
    now: chrono::DateTime<Utc>,
) -> Result<(), CommandError> {
    super::demo::demo_sla(conn, org, now)?;
    let team = db::teams::create(
        conn,
        org,
        db::teams::TeamFields {
            name: "Bench desk".into(),
            routing_mode: domain::routing::Mode::RoundRobin,
            lead_id: agents.first().copied(),
        },
        now,
    )?;
    for agent in agents {
        let changes = db::users::UserChanges {
            team_ids: Some(vec![team.id]),
            availability: Some(domain::routing::Availability::Available),
            ..db::users::UserChanges::default()
        };
        db::users::update(conn, org, *agent, None, &changes, now)?;
    }
    Ok(())
}
