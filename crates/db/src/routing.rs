//! What routing reads and writes: a team's queue under its lock, its agents with their load,
//! turns and skills, and the tickets waiting in the queue.
//!
//! Routing takes the team's queue lock first (an advisory lock), then its members' rows in id
//! order (`FOR NO KEY UPDATE`, which does not clash with the foreign-key checks of an
//! assignment or a notification), and only then reads their loads: exact even when two teams
//! share an agent and route at once. SQLite's write transaction already holds the whole database.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Binary};
use domain::routing::{self, Agent, Availability, LoadNeeded, Mode};
use domain::{OrgId, Permission, Role, TeamId, TicketId, UserId};

use crate::connection::AnyConnection;
use crate::convert::{bytes, id};
use crate::error::{Error, Result};
use crate::schema::user_skills;
use crate::sql::{Sql, Value};

/// The statuses of tickets that count towards an agent's load and wait in a queue.
pub const OPEN: [&str; 4] = ["new", "open", "pending", "on_hold"];

#[derive(QueryableByName)]
struct ModeRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    routing_mode: String,
}

/// The class of PostgreSQL's two-key advisory locks that stand for routing queues.
const QUEUE_LOCKS: i32 = 0x7175_6575; // "queu"

/// Locks the team's queue until the transaction ends and tells its mode; [`Error::NotFound`]
/// for an unknown team. The lock is an advisory one keyed by the team, not the team's row:
/// that row is under the foreign-key checks (`FOR KEY SHARE`) of every ticket written into the
/// queue meanwhile, and a row lock taken among those makes PostgreSQL queue them on the row.
pub fn lock_queue(conn: &mut AnyConnection, org: OrgId, team: TeamId) -> Result<Mode> {
    // One statement: the mode as it stood when it began (what matters is that everything
    // routing reads next is read after the lock), and the lock when the team exists and
    // routes (a manual queue needs none).
    let lock = match conn {
        AnyConnection::Postgresql(_) => {
            // Ids end in random bits: four of them key the lock. Two teams sharing a key only
            // take turns.
            let tail = team.as_bytes();
            let key = i32::from_be_bytes([tail[12], tail[13], tail[14], tail[15]]);
            let manual = Mode::Manual.as_str();
            format!(
                ", CASE WHEN routing_mode <> '{manual}' \
                 THEN CAST(pg_advisory_xact_lock({QUEUE_LOCKS}, {key}) AS TEXT) END AS locked"
            )
        }
        AnyConnection::Sqlite(_) => String::new(),
    };
    let rows: Vec<ModeRow> = Sql::new(format!(
        "SELECT routing_mode{lock} FROM teams WHERE org_id = "
    ))
    .value(Value::Bytes(bytes(&org)))
    .push(" AND id = ")
    .value(Value::Bytes(bytes(&team)))
    .load(conn)?;
    let row = rows.first().ok_or(Error::NotFound)?;
    Ok(Mode::parse("/routing_mode", &row.routing_mode).unwrap_or(Mode::Manual))
}

/// The team's active members who may work tickets, as routing in `mode` sees them.
pub fn agents(
    conn: &mut AnyConnection,
    org: OrgId,
    team: TeamId,
    mode: Mode,
) -> Result<Vec<Agent>> {
    Ok(read_agents(conn, org, team, mode, true)?.unwrap_or_default())
}

/// The team's agents as round robin sees them, unless one of them has a capacity: `None`
/// then, as choosing would need their loads (see [`routing::load_needed`]).
pub fn round_robin_agents(
    conn: &mut AnyConnection,
    org: OrgId,
    team: TeamId,
) -> Result<Option<Vec<Agent>>> {
    read_agents(conn, org, team, Mode::RoundRobin, false)
}

/// The agents, or `None` when choosing needs a load and `count_loads` says not to count them.
fn read_agents(
    conn: &mut AnyConnection,
    org: OrgId,
    team: TeamId,
    mode: Mode,
    count_loads: bool,
) -> Result<Option<Vec<Agent>>> {
    let org_bytes = bytes(&org);
    // The members, locked in id order, with their last turns: one statement.
    let lock = match conn {
        AnyConnection::Postgresql(_) => " FOR NO KEY UPDATE OF u",
        AnyConnection::Sqlite(_) => "",
    };
    let members: Vec<MemberRow> = Sql::new(
        "SELECT u.id, u.active, u.availability, u.capacity, u.role, t.last_turn \
         FROM team_members m JOIN users u ON u.org_id = m.org_id AND u.id = m.user_id \
         LEFT JOIN route_turns t ON t.org_id = m.org_id AND t.team_id = m.team_id AND t.user_id = m.user_id \
         WHERE m.org_id = ",
    )
    .value(Value::Bytes(org_bytes.clone()))
    .push(" AND m.team_id = ")
    .value(Value::Bytes(bytes(&team)))
    .push(" ORDER BY u.id")
    .push(lock)
    .load(conn)?;
    // Only the active who may work tickets receive them.
    let people: Vec<MemberRow> = members
        .into_iter()
        .filter(|m| {
            m.active
                && Role::parse("/role", &m.role).is_ok_and(|r| r.allows(Permission::WriteTickets))
        })
        .collect();
    let needs_load = |m: &MemberRow| routing::load_needed(mode, m.capacity) != LoadNeeded::Nothing;
    if !count_loads && people.iter().any(needs_load) {
        return Ok(None);
    }
    let ids: Vec<Vec<u8>> = people.iter().map(|m| m.id.clone()).collect();
    // Only routing by skills looks at them.
    let skills: Vec<(Vec<u8>, String)> = if mode == Mode::Skills {
        user_skills::table
            .filter(user_skills::org_id.eq(&org_bytes))
            .filter(user_skills::user_id.eq_any(&ids))
            .select((user_skills::user_id, user_skills::skill))
            .load(conn)?
    } else {
        Vec::new()
    };
    let capacities: Vec<(Vec<u8>, Option<i64>)> =
        people.iter().map(|m| (m.id.clone(), m.capacity)).collect();
    let loads = open_counts(conn, org, mode, &capacities)?;
    Ok(Some(
        people
            .into_iter()
            .map(|m| Agent {
                user: id(&m.id),
                availability: Availability::parse("/availability", &m.availability)
                    .unwrap_or(Availability::Offline),
                capacity: m.capacity,
                open: loads
                    .iter()
                    .find(|(u, _)| *u == m.id)
                    .map_or(0, |(_, n)| *n),
                last_turn: m.last_turn.unwrap_or(0),
                skills: skills
                    .iter()
                    .filter(|(u, _)| *u == m.id)
                    .map(|(_, s)| s.clone())
                    .collect(),
            })
            .collect(),
    ))
}

#[derive(QueryableByName)]
struct MemberRow {
    #[diesel(sql_type = Binary)]
    id: Vec<u8>,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    active: bool,
    #[diesel(sql_type = diesel::sql_types::Text)]
    availability: String,
    #[diesel(sql_type = diesel::sql_types::Nullable<BigInt>)]
    capacity: Option<i64>,
    #[diesel(sql_type = diesel::sql_types::Text)]
    role: String,
    #[diesel(sql_type = diesel::sql_types::Nullable<BigInt>)]
    last_turn: Option<i64>,
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
    last_turn: i64,
}

/// Records that `user` received the team's next ticket; returns that turn's number, one more
/// than any member's last (the queue's lock makes it so).
pub fn take_turn(conn: &mut AnyConnection, org: OrgId, team: TeamId, user: UserId) -> Result<i64> {
    let (org, team) = (bytes(&org), bytes(&team));
    let turns: Vec<Turn> = Sql::new(
        "INSERT INTO route_turns (org_id, team_id, user_id, last_turn) SELECT ",
    )
    .values([
        Value::Bytes(org.clone()),
        Value::Bytes(team.clone()),
        Value::Bytes(bytes(&user)),
    ])
    .push(", COALESCE(MAX(last_turn), 0) + 1 FROM route_turns WHERE org_id = ")
    .value(Value::Bytes(org))
    .push(" AND team_id = ")
    .value(Value::Bytes(team))
    .push(
        " ON CONFLICT (org_id, team_id, user_id) DO UPDATE SET last_turn = excluded.last_turn \
                 RETURNING last_turn",
    )
    .load(conn)?;
    Ok(turns.first().ok_or(Error::NotFound)?.last_turn)
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
