//! What lead assignment reads and writes: who may receive leads, and whose turn it is in a
//! pool (a team, or a territory's owners).
//!
//! Two leads assigned from one pool at once take turns one after the other (see
//! [`take_next_turn`]); pools sharing members do not wait on each other.

use diesel::prelude::*;
use diesel::sql_types::Binary;
use domain::{OrgId, Permission, Role, TeamId, TerritoryId, UserId};

use crate::connection::AnyConnection;
use crate::convert::{bytes, id};
use crate::error::Result;
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

/// Active and allowed to work leads.
fn may_receive(active: bool, role: &str) -> bool {
    active && Role::parse("/role", role).is_ok_and(|r| r.allows(Permission::WriteSales))
}

/// The class of PostgreSQL's two-key advisory locks that stand for lead pools.
const POOL_LOCKS: i32 = 0x6c65_6164; // "lead"

#[derive(QueryableByName)]
struct Taken {
    #[diesel(sql_type = Binary)]
    user_id: Vec<u8>,
}

/// Gives the pool's next turn to whichever member who may receive leads waited longest (the
/// lowest pool count at their last lead, none counting as 0; then the lowest id, so every
/// process agrees) and returns them; `None` when nobody in the pool may receive leads. Run
/// in a transaction of its own: on PostgreSQL the pool's advisory lock, keyed by the pool,
/// is held from the first statement to the commit, and the choice and the turn are one
/// statement begun after the lock was had, so it reads the turn the last holder wrote.
/// SQLite's write transaction already holds the whole database.
pub fn take_next_turn(conn: &mut AnyConnection, org: OrgId, pool: Pool) -> Result<Option<UserId>> {
    if let AnyConnection::Postgresql(_) = conn {
        // Ids end in random bits: four of them key the lock. Two pools sharing a key only
        // take turns.
        let key = pool.key();
        let key = i32::from_be_bytes([key[12], key[13], key[14], key[15]]);
        Sql::new(format!("SELECT pg_advisory_xact_lock({POOL_LOCKS}, {key})")).execute(conn)?;
    }
    let (table, column) = pool.members();
    // The roles that may work leads, as literals the statement compares with.
    let roles: Vec<String> = Role::ALL
        .iter()
        .filter(|r| may_receive(true, r.as_str()))
        .map(|r| format!("'{}'", r.as_str()))
        .collect();
    let (org, pool_key) = (bytes(&org), pool.key());
    let taken: Vec<Taken> = Sql::new(
        "INSERT INTO lead_turns (org_id, pool_id, user_id, last_turn) SELECT m.org_id, ",
    )
    .value(Value::Bytes(pool_key.clone()))
    .push(", m.user_id, (SELECT COALESCE(MAX(last_turn), 0) + 1 FROM lead_turns WHERE org_id = ")
    .value(Value::Bytes(org.clone()))
    .push(" AND pool_id = ")
    .value(Value::Bytes(pool_key.clone()))
    .push(format!(
        ") FROM {table} m JOIN users u ON u.org_id = m.org_id AND u.id = m.user_id \
         LEFT JOIN lead_turns t ON t.org_id = m.org_id AND t.pool_id = m.{column} AND t.user_id = m.user_id \
         WHERE m.org_id = "
    ))
    .value(Value::Bytes(org))
    .push(format!(" AND m.{column} = "))
    .value(Value::Bytes(pool_key))
    .push(format!(
        " AND u.active AND u.role IN ({}) ORDER BY COALESCE(t.last_turn, 0), m.user_id LIMIT 1 \
         ON CONFLICT (org_id, pool_id, user_id) DO UPDATE SET last_turn = excluded.last_turn \
         RETURNING user_id",
        roles.join(", ")
    ))
    .load(conn)?;
    Ok(taken.first().map(|t| id(&t.user_id)))
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
