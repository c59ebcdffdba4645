//! Teams of staff users.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::id::kind;
use domain::{OrgId, TeamId};

use crate::connection::AnyConnection;
use crate::convert::{bytes, from_db, id, to_db};
use crate::error::{Error, Result};
use crate::list::{self, KeyValue, ListParams, Page, Positioned, SortKey, Sorts};
use crate::record::{at_version, Record, Store};
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

#[derive(Queryable, Selectable)]
#[diesel(table_name = teams)]
struct TeamRow {
    id: Vec<u8>,
    name: String,
    name_key: String,
    created_at: NaiveDateTime,
    version: i64,
}

impl Positioned for TeamRow {
    fn id_bytes(&self) -> &[u8] {
        &self.id
    }

    fn key(&self, _key: SortKey) -> KeyValue {
        KeyValue::Text(self.name_key.clone())
    }
}

fn to_team(row: TeamRow, member_count: i64) -> Team {
    Team {
        id: id(&row.id),
        name: row.name,
        member_count,
        created_at: from_db(row.created_at),
        version: row.version,
    }
}

/// Teams are listed by name.
pub const SORTS: Sorts = Sorts {
    options: &[("name", SortKey::Name)],
    default: (SortKey::Name, false),
};

impl Record for Team {
    type Kind = kind::Team;
    const TABLE: &'static str = "teams";
    const SOFT_DELETE: bool = false;

    fn read(conn: &mut AnyConnection, org: OrgId, team: TeamId) -> Result<Self> {
        let row: TeamRow = teams::table
            .filter(teams::org_id.eq(bytes(&org)))
            .filter(teams::id.eq(bytes(&team)))
            .select(TeamRow::as_select())
            .first(conn)?;
        let members = member_counts(conn, org, std::slice::from_ref(&row.id))?;
        Ok(to_team(row, members.first().map_or(0, |(_, n)| *n)))
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn is_deleted(&self) -> bool {
        false
    }
}

impl Store for Team {
    /// The team's name.
    type Fields = String;

    fn write(
        conn: &mut AnyConnection,
        org: OrgId,
        current: &Self,
        name: &String,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        diesel::update(teams::table)
            .filter(at_version(org, current.id, current.version))
            .set((
                teams::name.eq(name),
                teams::name_key.eq(domain::text::sort_key(name)),
                teams::updated_at.eq(to_db(now)),
                teams::version.eq(current.version + 1),
            ))
            .execute(conn)
            .map_err(map_unique)
    }

    fn updated(
        _conn: &mut AnyConnection,
        _org: OrgId,
        current: Self,
        name: String,
        _now: DateTime<Utc>,
    ) -> Result<Self> {
        Ok(Team {
            name,
            version: current.version + 1,
            ..current
        })
    }
}

/// How many members each of these teams has (teams without members are left out).
fn member_counts(
    conn: &mut AnyConnection,
    org: OrgId,
    teams: &[Vec<u8>],
) -> Result<Vec<(Vec<u8>, i64)>> {
    let members: Vec<Vec<u8>> = team_members::table
        .filter(team_members::org_id.eq(bytes(&org)))
        .filter(team_members::team_id.eq_any(teams))
        .select(team_members::team_id)
        .load(conn)?;
    let mut counts: Vec<(Vec<u8>, i64)> = Vec::new();
    for team in members {
        match counts.iter_mut().find(|(t, _)| *t == team) {
            Some((_, n)) => *n += 1,
            None => counts.push((team, 1)),
        }
    }
    Ok(counts)
}

/// Creates a team; names are unique per organization, ignoring case.
pub fn create(
    conn: &mut AnyConnection,
    org: OrgId,
    name: &str,
    now: DateTime<Utc>,
) -> Result<Team> {
    let team = TeamId::mint();
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
    Ok(Team {
        id: team,
        name: name.to_owned(),
        member_count: 0,
        created_at: now,
        version: 1,
    })
}

/// One page of the organization's teams, by name.
pub fn list(conn: &mut AnyConnection, org: OrgId, params: &ListParams) -> Result<Page<Team>> {
    let query = || {
        teams::table
            .filter(teams::org_id.eq(bytes(&org)))
            .select(TeamRow::as_select())
            .into_boxed()
    };
    let page = list::load_page::<Team, _, _>(conn, query, None, params)?;
    let ids: Vec<Vec<u8>> = page.items.iter().map(|row| row.id.clone()).collect();
    let counts = member_counts(conn, org, &ids)?;
    Ok(page.map(|row| {
        let members = counts
            .iter()
            .find(|(t, _)| *t == row.id)
            .map_or(0, |(_, n)| *n);
        to_team(row, members)
    }))
}
