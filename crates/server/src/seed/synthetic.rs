//! A large synthetic organization for benchmarks.

use chrono::Utc;
use db::users::NewUser;
use domain::{Email, Role};

use super::DEMO_PASSWORD;
use crate::commands::{open_database, CommandError};
use crate::settings::Settings;

/// How many agents share the synthetic tickets, besides the admin; and how many sellers the
/// synthetic deals.
const AGENTS: usize = 20;
const SELLERS: usize = 20;

/// How much synthetic data to make.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sizes {
    /// Accounts.
    pub accounts: u64,
    /// Contacts, spread over the accounts.
    pub contacts: u64,
    /// Tickets, asked by the contacts.
    pub tickets: u64,
    /// Opportunities, sold to the contacts' accounts.
    pub opportunities: u64,
    /// Activities, on the contacts (and their accounts).
    pub activities: u64,
    /// Published knowledge-base articles.
    pub articles: u64,
}

/// Synthetic data for benchmarks: an organization with as many accounts, contacts, tickets,
/// deals and activities as `sizes` says, generated inside the database in batches.
pub fn synthetic(settings: &Settings, sizes: &Sizes) -> Result<(), CommandError> {
    let Sizes {
        accounts,
        contacts,
        tickets,
        ..
    } = *sizes;
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
    let mut sellers = vec![admin];
    if sizes.opportunities > 0 || sizes.activities > 0 {
        for i in 1..=SELLERS {
            let email = format!("seller{i}@bench.example");
            sellers.push(user(&email, format!("Seller {i}"), Role::Sales)?);
        }
    }
    let mut agents = vec![admin];
    if tickets > 0 {
        for i in 1..=AGENTS {
            let email = format!("agent{i}@bench.example");
            agents.push(user(&email, format!("Agent {i}"), Role::Agent)?);
        }
    }
    let started = std::time::Instant::now();
    // Generated inside PostgreSQL; the knowledge base alone may go to SQLite as well.
    if accounts > 0 || contacts > 0 {
        db::synthetic::generate(&mut conn, org, admin, accounts, contacts, now)?;
    }
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
    if sizes.opportunities > 0 || sizes.activities > 0 {
        sales(&mut conn, org, &sellers, sizes, now)?;
    }
    if sizes.articles > 0 {
        let started = std::time::Instant::now();
        super::kb::synthetic_articles(&mut conn, org, admin, sizes.articles, now)?;
        println!(
            "  and {} knowledge-base articles in {:.1}s",
            sizes.articles,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

/// Deals in the demo's two pipelines and activities, for the sales benchmarks.
fn sales(
    conn: &mut db::AnyConnection,
    org: domain::OrgId,
    sellers: &[domain::UserId],
    sizes: &Sizes,
    now: chrono::DateTime<Utc>,
) -> Result<(), CommandError> {
    let started = std::time::Instant::now();
    if sizes.opportunities > 0 {
        let stages: Vec<db::synthetic::StageSpec> = super::deals::pipelines(conn, org, now)?
            .iter()
            .flat_map(|p| {
                p.fields
                    .stages
                    .iter()
                    .map(|s| (s.id, p.id, i32::from(s.probability), s.kind.as_str()))
            })
            .collect();
        db::synthetic::generate_deals(conn, org, &stages, sellers, sizes.opportunities, now)?;
    }
    db::synthetic::generate_activities(conn, org, sellers, sizes.activities, now)?;
    println!(
        "  and {} opportunities and {} activities in {:.1}s",
        sizes.opportunities,
        sizes.activities,
        started.elapsed().as_secs_f64()
    );
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
