//! Teams of staff users.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use domain::{OrgId, TeamId};

use crate::connection::AnyConnection;
use crate::convert::{bytes, from_db, id, new_id, to_db};
use crate::error::{Error, Result};
use crate::schema::{team_members, teams};

/// A team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Team {
    /// Id.
    pub id: TeamId,
    /// Name.
    pub name: String,
    /// Members.
    pub member_count: i64,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Version.
    pub version: i64,
}

fn map_unique(error: diesel::result::Error) -> Error {
    match error {
        diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        ) => Error::Conflict("team_name_taken"),
        other => other.into(),
    }
}

/// Creates a team; names are unique per organization, ignoring case.
pub fn create(
    conn: &mut AnyConnection,
    org: OrgId,
    name: &str,
    now: DateTime<Utc>,
) -> Result<Team> {
    let team: TeamId = new_id();
    diesel::insert_into(teams::table)
        .values((
            teams::org_id.eq(bytes(&org)),
            teams::id.eq(bytes(&team)),
            teams::name.eq(name),
            teams::name_key.eq(domain::text::sort_key(name)),
            teams::created_at.eq(to_db(now)),
            teams::updated_at.eq(to_db(now)),
            teams::version.eq(1_i64),
        ))
        .execute(conn)
        .map_err(map_unique)?;
    get(conn, org, team)
}

/// One team.
pub fn get(conn: &mut AnyConnection, org: OrgId, team: TeamId) -> Result<Team> {
    let (team_id, name, created_at, version): (Vec<u8>, String, chrono::NaiveDateTime, i64) =
        teams::table
            .filter(teams::org_id.eq(bytes(&org)))
            .filter(teams::id.eq(bytes(&team)))
            .select((teams::id, teams::name, teams::created_at, teams::version))
            .first(conn)?;
    let member_count = team_members::table
        .filter(team_members::org_id.eq(bytes(&org)))
        .filter(team_members::team_id.eq(&team_id))
        .count()
        .get_result(conn)?;
    Ok(Team {
        id: id(&team_id),
        name,
        member_count,
        created_at: from_db(created_at),
        version,
    })
}

/// Every team of the organization, by name.
pub fn list(conn: &mut AnyConnection, org: OrgId) -> Result<Vec<Team>> {
    let rows: Vec<(Vec<u8>, String, chrono::NaiveDateTime, i64)> = teams::table
        .filter(teams::org_id.eq(bytes(&org)))
        .order(teams::name_key.asc())
        .select((teams::id, teams::name, teams::created_at, teams::version))
        .load(conn)?;
    // Member counts of all teams in one query, not one per team.
    let members: Vec<Vec<u8>> = team_members::table
        .filter(team_members::org_id.eq(bytes(&org)))
        .select(team_members::team_id)
        .load(conn)?;
    let mut counts: std::collections::HashMap<Vec<u8>, i64> = std::collections::HashMap::new();
    for team in members {
        *counts.entry(team).or_default() += 1;
    }
    Ok(rows
        .into_iter()
        .map(|(team_id, name, created_at, version)| Team {
            member_count: counts.get(&team_id).copied().unwrap_or(0),
            id: id(&team_id),
            name,
            created_at: from_db(created_at),
            version,
        })
        .collect())
}

/// Takes the team's row lock, so concurrent changes queue instead of failing on a version
/// that moved between read and write.
fn lock(conn: &mut AnyConnection, org: OrgId, team: TeamId) -> Result<()> {
    diesel::update(
        teams::table
            .filter(teams::org_id.eq(bytes(&org)))
            .filter(teams::id.eq(bytes(&team))),
    )
    .set(teams::version.eq(teams::version))
    .execute(conn)?;
    Ok(())
}

/// Renames a team.
pub fn rename(
    conn: &mut AnyConnection,
    org: OrgId,
    team: TeamId,
    expected_version: Option<i64>,
    name: &str,
    now: DateTime<Utc>,
) -> Result<Team> {
    crate::connection::write_transaction(conn, |conn| {
        lock(conn, org, team)?;
        let current = get(conn, org, team)?;
        if expected_version.is_some_and(|v| v != current.version) {
            return Err(Error::Stale);
        }
        diesel::update(
            teams::table
                .filter(teams::org_id.eq(bytes(&org)))
                .filter(teams::id.eq(bytes(&team))),
        )
        .set((
            teams::name.eq(name),
            teams::name_key.eq(domain::text::sort_key(name)),
            teams::updated_at.eq(to_db(now)),
            teams::version.eq(current.version + 1),
        ))
        .execute(conn)
        .map_err(map_unique)?;
        get(conn, org, team)
    })
}

/// Deletes a team and its memberships (the users stay).
pub fn delete(
    conn: &mut AnyConnection,
    org: OrgId,
    team: TeamId,
    expected_version: Option<i64>,
) -> Result<()> {
    crate::connection::write_transaction(conn, |conn| {
        lock(conn, org, team)?;
        let current = get(conn, org, team)?;
        if expected_version.is_some_and(|v| v != current.version) {
            return Err(Error::Stale);
        }
        diesel::delete(
            team_members::table
                .filter(team_members::org_id.eq(bytes(&org)))
                .filter(team_members::team_id.eq(bytes(&team))),
        )
        .execute(conn)?;
        diesel::delete(
            teams::table
                .filter(teams::org_id.eq(bytes(&org)))
                .filter(teams::id.eq(bytes(&team))),
        )
        .execute(conn)?;
        Ok(())
    })
}
