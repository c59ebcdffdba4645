//! What lead assignment reads and writes: who may receive leads, and whose turn it is in a
//! pool (a team, or a territory's owners).
//!
//! Taking a turn locks the pool's members' user rows in id order first (`FOR NO KEY UPDATE`,
//! which does not clash with the foreign-key checks of leads given to them), so two leads
//! assigned from one pool at once take turns one after the other, and pools sharing members
//! never wait on each other in a circle. SQLite's write transaction already holds the whole
//! database.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Binary, Bool, Text};
use domain::{OrgId, Permission, Role, TeamId, TerritoryId, UserId};

use crate::connection::AnyConnection;
use crate::convert::{bytes, id};
use crate::error::{Error, Result};
use crate::schema::lead_turns;
use crate::sql::{Sql, Value};

/// A group whose members receive leads in turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pool {
    /// A team's members.
    Team(TeamId),
    /// A territory's owners.
    Territory(TerritoryId),
}

impl Pool {
    fn key(self) -> Vec<u8> {
        match self {
            Pool::Team(team) => bytes(&team),
            Pool::Territory(territory) => bytes(&territory),
        }
    }

    /// The membership table and the column naming the pool in it.
    fn members(self) -> (&'static str, &'static str) {
        match self {
            Pool::Team(_) => ("team_members", "team_id"),
            Pool::Territory(_) => ("territory_owners", "territory_id"),
        }
    }
}

#[derive(QueryableByName)]
struct MemberRow {
    #[diesel(sql_type = Binary)]
    id: Vec<u8>,
    #[diesel(sql_type = Bool)]
    active: bool,
    #[diesel(sql_type = Text)]
    role: String,
}

/// Active and allowed to work leads.
fn may_receive(active: bool, role: &str) -> bool {
    active && Role::parse("/role", role).is_ok_and(|r| r.allows(Permission::WriteSales))
}

/// The pool's members who may receive leads, each with the pool's count at their last lead
/// (0 for none), their rows locked until the transaction ends.
pub fn lock_members(
    conn: &mut AnyConnection,
    org: OrgId,
    pool: Pool,
) -> Result<Vec<(UserId, i64)>> {
    let (table, column) = pool.members();
    let lock = match conn {
        AnyConnection::Postgresql(_) => " FOR NO KEY UPDATE OF u",
        AnyConnection::Sqlite(_) => "",
    };
    let rows: Vec<MemberRow> = Sql::new(format!(
        "SELECT u.id, u.active, u.role FROM {table} m \
         JOIN users u ON u.org_id = m.org_id AND u.id = m.user_id WHERE m.org_id = "
    ))
    .value(Value::Bytes(bytes(&org)))
    .push(format!(" AND m.{column} = "))
    .value(Value::Bytes(pool.key()))
    .push(" ORDER BY u.id")
    .push(lock)
    .load(conn)?;
    // The turns in a statement of their own: one begun after the locks were had reads what the
    // transaction that held them last wrote (a statement that waited reads the rows it locked
    // anew, but not the rows it joined them with).
    let turns: Vec<(Vec<u8>, i64)> = lead_turns::table
        .filter(lead_turns::org_id.eq(bytes(&org)))
        .filter(lead_turns::pool_id.eq(pool.key()))
        .select((lead_turns::user_id, lead_turns::last_turn))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|m| may_receive(m.active, &m.role))
        .map(|m| {
            let last = turns
                .iter()
                .find(|(u, _)| *u == m.id)
                .map_or(0, |(_, t)| *t);
            (id(&m.id), last)
        })
        .collect())
}

#[derive(QueryableByName)]
struct Turn {
    #[diesel(sql_type = BigInt)]
    last_turn: i64,
}

/// Records that `user` received the pool's next lead; returns that turn's number, one more
/// than any member's last (the members' locks make it so).
pub fn take_turn(conn: &mut AnyConnection, org: OrgId, pool: Pool, user: UserId) -> Result<i64> {
    let org = bytes(&org);
    let turns: Vec<Turn> = Sql::new(
        "INSERT INTO lead_turns (org_id, pool_id, user_id, last_turn) SELECT ",
    )
    .values([
        Value::Bytes(org.clone()),
        Value::Bytes(pool.key()),
        Value::Bytes(bytes(&user)),
    ])
    .push(", COALESCE(MAX(last_turn), 0) + 1 FROM lead_turns WHERE org_id = ")
    .value(Value::Bytes(org))
    .push(" AND pool_id = ")
    .value(Value::Bytes(pool.key()))
    .push(
        " ON CONFLICT (org_id, pool_id, user_id) DO UPDATE SET last_turn = excluded.last_turn \
             RETURNING last_turn",
    )
    .load(conn)?;
    Ok(turns.first().ok_or(Error::NotFound)?.last_turn)
}

/// Forgets the turns of a pool that is gone.
pub fn forget_pool(conn: &mut AnyConnection, org: OrgId, pool: Pool) -> Result<()> {
    Sql::new("DELETE FROM lead_turns WHERE org_id = ")
        .value(Value::Bytes(bytes(&org)))
        .push(" AND pool_id = ")
        .value(Value::Bytes(pool.key()))
        .execute(conn)?;
    Ok(())
}

/// Whether the user may receive leads now.
pub fn may_receive_leads(conn: &mut AnyConnection, org: OrgId, user: UserId) -> Result<bool> {
    use crate::schema::users;
    let found: Option<(bool, String)> = users::table
        .filter(users::org_id.eq(bytes(&org)))
        .filter(users::id.eq(bytes(&user)))
        .select((users::active, users::role))
        .first(conn)
        .optional()?;
    Ok(found.is_some_and(|(active, role)| may_receive(active, &role)))
}
