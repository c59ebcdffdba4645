//! What routing reads and writes: a team's queue under its lock, its agents with their load,
//! turns and skills, and the tickets waiting in the queue.
//!
//! Routing takes the team's row lock first, then its members' rows in id order (`FOR NO KEY
//! UPDATE`, which does not clash with the foreign-key checks of an assignment or a
//! notification), and only then reads their loads: exact even when two teams share an agent
//! and route at once. SQLite's write transaction already holds the whole database.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Binary};
use domain::routing::{self, Agent, Availability, Mode};
use domain::{OrgId, Permission, Role, TeamId, TicketId, UserId};

use crate::connection::AnyConnection;
use crate::convert::{bytes, id};
use crate::error::{Error, Result};
use crate::record;
use crate::schema::{route_turns, team_members, teams, user_skills, users};
use crate::sql::{Sql, Value};
use crate::teams::Team;

/// The statuses of tickets that count towards an agent's load and wait in a queue.
pub const OPEN: [&str; 4] = ["new", "open", "pending", "on_hold"];

/// Locks the team's queue (its row) until the transaction ends and tells its mode.
pub fn lock_queue(conn: &mut AnyConnection, org: OrgId, team: TeamId) -> Result<Mode> {
    record::lock::<Team>(conn, org, team)?;
    let mode: String = teams::table
        .filter(teams::org_id.eq(bytes(&org)))
        .filter(teams::id.eq(bytes(&team)))
        .select(teams::routing_mode)
        .first(conn)?;
    Ok(Mode::parse("/routing_mode", &mode).unwrap_or(Mode::Manual))
}

/// The team's active members who may work tickets, as routing in `mode` sees them.
pub fn agents(
    conn: &mut AnyConnection,
    org: OrgId,
    team: TeamId,
    mode: Mode,
) -> Result<Vec<Agent>> {
    let org_bytes = bytes(&org);
    let members: Vec<Vec<u8>> = team_members::table
        .filter(team_members::org_id.eq(&org_bytes))
        .filter(team_members::team_id.eq(bytes(&team)))
        .order(team_members::user_id.asc())
        .select(team_members::user_id)
        .load(conn)?;
    lock_members(conn, org, &members)?;
    let people: Vec<(Vec<u8>, String, Option<i64>, String)> = users::table
        .filter(users::org_id.eq(&org_bytes))
        .filter(users::id.eq_any(&members))
        .filter(users::active.eq(true))
        .select((users::id, users::availability, users::capacity, users::role))
        .load(conn)?;
    // Only those who may work tickets receive them.
    let people: Vec<(Vec<u8>, String, Option<i64>)> = people
        .into_iter()
        .filter(|(_, _, _, role)| {
            Role::parse("/role", role).is_ok_and(|r| r.allows(Permission::WriteTickets))
        })
        .map(|(user, availability, capacity, _)| (user, availability, capacity))
        .collect();
    let ids: Vec<Vec<u8>> = people.iter().map(|(u, _, _)| u.clone()).collect();
    let turns: Vec<(Vec<u8>, i64)> = route_turns::table
        .filter(route_turns::org_id.eq(&org_bytes))
        .filter(route_turns::team_id.eq(bytes(&team)))
        .filter(route_turns::user_id.eq_any(&ids))
        .select((route_turns::user_id, route_turns::last_turn))
        .load(conn)?;
    let skills: Vec<(Vec<u8>, String)> = user_skills::table
        .filter(user_skills::org_id.eq(&org_bytes))
        .filter(user_skills::user_id.eq_any(&ids))
        .select((user_skills::user_id, user_skills::skill))
        .load(conn)?;
    let capacities: Vec<(Vec<u8>, Option<i64>)> =
        people.iter().map(|(u, _, c)| (u.clone(), *c)).collect();
    let loads = open_counts(conn, org, mode, &capacities)?;
    Ok(people
        .into_iter()
        .map(|(user, availability, capacity)| Agent {
            user: id(&user),
            availability: Availability::parse("/availability", &availability)
                .unwrap_or(Availability::Offline),
            capacity,
            open: loads
                .iter()
                .find(|(u, _)| *u == user)
                .map_or(0, |(_, n)| *n),
            last_turn: turns
                .iter()
                .find(|(u, _)| *u == user)
                .map_or(0, |(_, t)| *t),
            skills: skills
                .iter()
                .filter(|(u, _)| *u == user)
                .map(|(_, s)| s.clone())
                .collect(),
        })
        .collect())
}

/// Locks these users' rows (PostgreSQL), in the order given: always id order, so two routing
/// passes that share agents queue instead of deadlocking.
fn lock_members(conn: &mut AnyConnection, org: OrgId, users: &[Vec<u8>]) -> Result<()> {
    if users.is_empty() || matches!(conn, AnyConnection::Sqlite(_)) {
        return Ok(());
    }
    Sql::new("SELECT id FROM users WHERE org_id = ")
        .value(Value::Bytes(bytes(&org)))
        .push(" AND id IN (")
        .values(users.iter().map(|u| Value::Bytes(u.clone())))
        .push(") ORDER BY id FOR NO KEY UPDATE")
        .execute(conn)?;
    Ok(())
}

#[derive(QueryableByName)]
struct Load {
    #[diesel(sql_type = Binary)]
    assignee_id: Vec<u8>,
    #[diesel(sql_type = BigInt)]
    open: i64,
}

/// How many open tickets each of these users holds, counted only as far as choosing in
/// `mode` needs ([`routing::load_needed`]); users holding none, or whose load is not needed,
/// are left out. One statement whatever the number of users; each count reads the partial
/// index of open assigned tickets and stops at the user's capacity.
fn open_counts(
    conn: &mut AnyConnection,
    org: OrgId,
    mode: Mode,
    users: &[(Vec<u8>, Option<i64>)],
) -> Result<Vec<(Vec<u8>, i64)>> {
    // Literal statuses, so that both databases see the query within the index's condition.
    let open = OPEN.map(|s| format!("'{s}'")).join(", ");
    let needed: Vec<(&Vec<u8>, String)> = users
        .iter()
        .filter_map(
            |(user, capacity)| match routing::load_needed(mode, *capacity) {
                routing::LoadNeeded::Nothing => None,
                routing::LoadNeeded::UpTo(n) => Some((user, format!(" LIMIT {n}"))),
                routing::LoadNeeded::All => Some((user, String::new())),
            },
        )
        .collect();
    let mut loads = Vec::new();
    // SQLite takes at most 500 SELECTs in one compound statement.
    for batch in needed.chunks(200) {
        let mut sql = Sql::new("");
        for (i, (user, limit)) in batch.iter().enumerate() {
            if i > 0 {
                sql = sql.push(" UNION ALL ");
            }
            sql = sql
                .push("SELECT assignee_id, COUNT(*) AS open FROM (SELECT assignee_id FROM tickets WHERE org_id = ")
                .value(Value::Bytes(bytes(&org)))
                .push(" AND assignee_id = ")
                .value(Value::Bytes((*user).clone()))
                .push(format!(" AND deleted_at IS NULL AND status IN ({open}){limit}) AS held GROUP BY assignee_id"));
        }
        let rows: Vec<Load> = sql.load(conn)?;
        loads.extend(rows.into_iter().map(|r| (r.assignee_id, r.open)));
    }
    Ok(loads)
}

#[derive(QueryableByName)]
struct Turn {
    #[diesel(sql_type = BigInt)]
    route_seq: i64,
}

/// Records that `user` received the team's next ticket; returns that turn's number.
pub fn take_turn(conn: &mut AnyConnection, org: OrgId, team: TeamId, user: UserId) -> Result<i64> {
    let turns: Vec<Turn> = Sql::new("UPDATE teams SET route_seq = route_seq + 1 WHERE org_id = ")
        .value(Value::Bytes(bytes(&org)))
        .push(" AND id = ")
        .value(Value::Bytes(bytes(&team)))
        .push(" RETURNING route_seq")
        .load(conn)?;
    let turn = turns.first().ok_or(Error::NotFound)?.route_seq;
    Sql::new("INSERT INTO route_turns (org_id, team_id, user_id, last_turn) VALUES (")
        .values([
            Value::Bytes(bytes(&org)),
            Value::Bytes(bytes(&team)),
            Value::Bytes(bytes(&user)),
            Value::Int(turn),
        ])
        .push(
            ") ON CONFLICT (org_id, team_id, user_id) DO UPDATE SET last_turn = excluded.last_turn",
        )
        .execute(conn)?;
    Ok(turn)
}

/// A ticket waiting in a queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting {
    /// Which.
    pub id: TicketId,
    /// The skills it needs.
    pub needs: Vec<String>,
}

#[derive(QueryableByName)]
struct WaitingRow {
    #[diesel(sql_type = Binary)]
    id: Vec<u8>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    category: Option<String>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    language: Option<String>,
}

/// Up to `limit` tickets waiting in the team's queue, nearest SLA deadline first, locked
/// (PostgreSQL skips those another transaction is changing).
pub fn waiting(
    conn: &mut AnyConnection,
    org: OrgId,
    team: TeamId,
    limit: i64,
) -> Result<Vec<Waiting>> {
    let skip_locked = match conn {
        AnyConnection::Postgresql(_) => " FOR UPDATE SKIP LOCKED",
        AnyConnection::Sqlite(_) => "",
    };
    let rows: Vec<WaitingRow> = Sql::new(
        "SELECT id, category, language FROM tickets WHERE org_id = ",
    )
    .value(Value::Bytes(bytes(&org)))
    .push(" AND team_id = ")
    .value(Value::Bytes(bytes(&team)))
    .push(" AND assignee_id IS NULL AND team_id IS NOT NULL AND deleted_at IS NULL AND status IN (")
    .values(OPEN.iter().map(|s| Value::Text((*s).to_owned())))
    .push(") ORDER BY sla_due_at, id LIMIT ")
    .value(Value::Int(limit))
    .push(skip_locked)
    .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| Waiting {
            id: id(&r.id),
            needs: routing::needed_skills(r.category.as_deref(), r.language.as_deref()),
        })
        .collect())
}

#[derive(QueryableByName)]
struct QueueRow {
    #[diesel(sql_type = Binary)]
    org_id: Vec<u8>,
    #[diesel(sql_type = Binary)]
    team_id: Vec<u8>,
}

/// The routed queues (of every organization) with tickets waiting, at most `limit`, a
/// different choice each time.
pub fn queues_with_waiting(conn: &mut AnyConnection, limit: i64) -> Result<Vec<(OrgId, TeamId)>> {
    // In random order: with more queues than `limit`, each pass reaches different ones.
    let rows: Vec<QueueRow> = Sql::new(
        "SELECT org_id, team_id FROM (SELECT DISTINCT t.org_id, t.team_id FROM tickets t \
         JOIN teams q ON q.org_id = t.org_id AND q.id = t.team_id \
         WHERE t.assignee_id IS NULL AND t.team_id IS NOT NULL AND t.deleted_at IS NULL \
         AND q.routing_mode <> 'manual' AND t.status IN (",
    )
    .values(OPEN.iter().map(|s| Value::Text((*s).to_owned())))
    .push(")) queues ORDER BY random() LIMIT ")
    .value(Value::Int(limit))
    .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| (id(&r.org_id), id(&r.team_id)))
        .collect())
}
