//! Routing tickets to agents: a new ticket in a routed team's queue, a ticket moved into one or
//! left without an assignee, and the tickets waiting when an agent becomes free.
//!
//! Race-free by locks taken in one order: the team's queue lock (one routing pass per queue at a
//! time), then its members' rows in id order, and only then their loads are read (another team
//! may have routed to them meanwhile). Tickets waiting in a queue are taken with `SKIP LOCKED`,
//! so a pass never waits on a ticket someone is changing.

use chrono::{DateTime, Utc};
use db::notifications::About;
use db::record;
use db::AnyConnection;
use domain::routing::{self, Agent, Mode};
use domain::ticket::{Ticket, TicketFields};
use domain::{OrgId, TeamId, TicketId, UserId};
use serde_json::json;

use crate::error::ApiError;

/// How many waiting tickets one pass over a queue assigns at most; the next pass goes on.
pub const BATCH: i64 = 100;

/// Whether a ticket with these fields waits in its team's queue.
pub fn waits(fields: &TicketFields) -> bool {
    fields.team_id.is_some() && fields.assignee_id.is_none() && routing::is_open(fields.status)
}

/// Chooses among `agents` (read under their locks) for a ticket needing `needs`; records the
/// chosen one's turn and counts the ticket in their load.
fn pick(
    conn: &mut AnyConnection,
    org: OrgId,
    team: TeamId,
    mode: Mode,
    agents: &mut [Agent],
    needs: &[String],
) -> Result<Option<UserId>, ApiError> {
    let Some(user) = routing::choose(mode, agents, needs) else {
        return Ok(None);
    };
    let turn = db::routing::take_turn(conn, org, team, user)?;
    if let Some(agent) = agents.iter_mut().find(|a| a.user == user) {
        agent.last_turn = turn;
        agent.open += 1;
    }
    Ok(Some(user))
}

/// The agent a new or changed ticket goes to, when it waits in a routed queue and someone can
/// take it. Call inside the transaction that writes the ticket.
pub fn route(
    conn: &mut AnyConnection,
    org: OrgId,
    fields: &TicketFields,
) -> Result<Option<(UserId, Mode)>, ApiError> {
    let Some(team) = fields.team_id.filter(|_| waits(fields)) else {
        return Ok(None);
    };
    let mode = match db::routing::lock_queue(conn, org, team) {
        Ok(mode) => mode,
        // An unknown team: the ticket's own checks say so.
        Err(db::Error::NotFound) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    if mode == Mode::Manual {
        return Ok(None);
    }
    let mut agents = db::routing::agents(conn, org, team, mode)?;
    let needs = routing::needed_skills(fields.category.as_deref(), fields.language.as_deref());
    Ok(pick(conn, org, team, mode, &mut agents, &needs)?.map(|user| (user, mode)))
}

/// What routing found for a ticket about to be created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ahead {
    /// Create it with this agent as its assignee: their turn is taken.
    To(UserId, Mode),
    /// Route it in the transaction that creates it: choosing needs the agents' loads, which
    /// only count tickets written under the queue's lock.
    WithCreation,
    /// It stays as it is (no routed queue), or waits (nobody can take it now).
    Unrouted,
}

/// Routes a ticket before the transaction that creates it, when choosing needs no loads:
/// round robin among agents without a capacity. The turn is taken in a short transaction of
/// its own, so the queue's lock is held for three statements rather than the whole creation;
/// a creation that then fails has used a turn, which only moves the rotation on. That
/// transaction does not wait for the disk: a turn lost in a crash is one no later write
/// depends on, as the ticket's own commit waits for everything written before it.
pub fn ahead(
    conn: &mut AnyConnection,
    org: OrgId,
    fields: &TicketFields,
) -> Result<Ahead, ApiError> {
    let Some(team) = fields.team_id.filter(|_| waits(fields)) else {
        return Ok(Ahead::Unrouted);
    };
    record::in_transaction_without_waiting(conn, |conn| {
        let mode = match db::routing::lock_queue(conn, org, team) {
            Ok(mode) => mode,
            // An unknown team: the ticket's own checks say so.
            Err(db::Error::NotFound) => return Ok(Ahead::Unrouted),
            Err(e) => return Err(e.into()),
        };
        match mode {
            Mode::Manual => return Ok(Ahead::Unrouted),
            Mode::RoundRobin => {}
            Mode::LoadBalanced | Mode::Skills => return Ok(Ahead::WithCreation),
        }
        let Some(mut agents) = db::routing::round_robin_agents(conn, org, team)? else {
            return Ok(Ahead::WithCreation);
        };
        let picked = pick(conn, org, team, mode, &mut agents, &[])?;
        Ok(picked.map_or(Ahead::Unrouted, |user| Ahead::To(user, mode)))
    })
}

/// The timeline entry of a routed assignment.
pub fn routed_entry(user: UserId, mode: Mode) -> (&'static str, String) {
    (
        "routed",
        json!({"to": user.to_string(), "mode": mode.as_str()}).to_string(),
    )
}

/// Tells a user a ticket was assigned to them.
pub fn notify_assigned(
    conn: &mut AnyConnection,
    org: OrgId,
    user: UserId,
    ticket: &Ticket,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let message = format!(
        "#{} {} was assigned to you",
        ticket.number, ticket.fields.subject
    );
    db::notifications::notify(
        conn,
        org,
        user,
        "assigned",
        About::Ticket(ticket.id),
        &message,
        now,
    )?;
    Ok(())
}

/// Assigns the team's waiting tickets to whoever can take them, in one transaction; returns
/// how many were assigned.
pub fn drain(
    conn: &mut AnyConnection,
    org: OrgId,
    team: TeamId,
    now: DateTime<Utc>,
) -> Result<usize, ApiError> {
    record::in_transaction(conn, |conn| {
        let mode = match db::routing::lock_queue(conn, org, team) {
            Ok(mode) => mode,
            Err(db::Error::NotFound) => return Ok(0),
            Err(e) => return Err(e.into()),
        };
        if mode == Mode::Manual {
            return Ok(0);
        }
        let mut agents = db::routing::agents(conn, org, team, mode)?;
        let mut assigned = 0;
        for waiting in db::routing::waiting(conn, org, team, BATCH)? {
            if !agents.iter().any(Agent::can_take) {
                break;
            }
            let Some(user) = pick(conn, org, team, mode, &mut agents, &waiting.needs)? else {
                continue;
            };
            assign(conn, org, waiting.id, user, mode, now)?;
            assigned += 1;
        }
        Ok(assigned)
    })
}

/// Gives a waiting ticket to `user`, on its timeline and with a notification.
fn assign(
    conn: &mut AnyConnection,
    org: OrgId,
    id: TicketId,
    user: UserId,
    mode: Mode,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let ticket = record::modify::<Ticket, ApiError>(conn, org, id, now, |current| {
        Ok(TicketFields {
            assignee_id: Some(user),
            ..current.fields.clone()
        })
    })?;
    db::tickets::events::append(conn, org, id, now, None, &[routed_entry(user, mode)])?;
    notify_assigned(conn, org, user, &ticket, now)
}

/// One pass over every routed queue with waiting tickets (the background workers call it):
/// tickets wait when nobody could take them, and are assigned here once someone can.
pub fn sweep(conn: &mut AnyConnection, now: DateTime<Utc>) -> Result<usize, ApiError> {
    let mut assigned = 0;
    for (org, team) in db::routing::queues_with_waiting(conn, BATCH)? {
        // One queue failing (a deadlock the database broke) does not hold up the others.
        match drain(conn, org, team, now) {
            Ok(n) => assigned += n,
            Err(e) => tracing::warn!(error = %e, "routing a queue failed; the next pass retries"),
        }
    }
    Ok(assigned)
}
