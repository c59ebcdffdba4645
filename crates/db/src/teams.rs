//! Teams of staff users.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::id::kind;
use domain::routing::Mode;
use domain::{OrgId, TeamId, UserId};

use crate::connection::AnyConnection;
use crate::convert::{bytes, from_db, id, opt_id, to_db};
use crate::error::{Error, Result};
use crate::list::{self, KeyValue, ListParams, Page, Positioned, SortKey, Sorts};
use crate::record::{self, at_version, Record, Store};
use crate::schema::{quotas, route_turns, team_members, teams, tickets};

/// A team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Team {
    /// Id.
    pub id: TeamId,
    /// Name, how it routes and who leads it.
    pub fields: TeamFields,
    /// Members.
    pub member_count: i64,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Version.
    pub version: i64,
}

/// What an admin sets on a team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamFields {
    /// Name, unique in the organization ignoring case.
    pub name: String,
    /// How its queue hands out tickets.
    pub routing_mode: Mode,
    /// Who is told of its tickets' SLA warnings and breaches besides the assignee.
    pub lead_id: Option<UserId>,
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
    routing_mode: String,
    lead_id: Option<Vec<u8>>,
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
        fields: TeamFields {
            name: row.name,
            routing_mode: Mode::parse("/routing_mode", &row.routing_mode).unwrap_or(Mode::Manual),
            lead_id: opt_id(row.lead_id.as_ref()),
        },
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

    /// A team is removed for good; its tickets leave its queue (one version later), its shared
    /// views become their owners' own, and its round-robin turns go with it. A team a live
    /// lead assignment rule names stays.
    fn trash(
        conn: &mut AnyConnection,
        org: OrgId,
        team: TeamId,
        expected: Option<i64>,
        deleted: bool,
        now: DateTime<Utc>,
    ) -> Result<()> {
        if !deleted {
            return Err(Error::NotFound);
        }
        record::remove::<Team>(conn, org, team, expected, |conn| {
            // A team's quotas are its targets: they go only when someone removes them.
            let quotas: i64 = quotas::table
                .filter(quotas::org_id.eq(bytes(&org)))
                .filter(quotas::team_id.eq(bytes(&team)))
                .count()
                .get_result(conn)?;
            if quotas > 0 {
                return Err(Error::Conflict("team_has_quotas"));
            }
            crate::assignment_rules::release_team(conn, org, team)?;
            crate::assignment::forget_pool(conn, org, crate::assignment::Pool::Team(team))?;
            diesel::update(tickets::table)
                .filter(tickets::org_id.eq(bytes(&org)))
                .filter(tickets::team_id.eq(bytes(&team)))
                .set((
                    tickets::team_id.eq(None::<Vec<u8>>),
                    tickets::updated_at.eq(to_db(now)),
                    tickets::version.eq(tickets::version + 1),
                ))
                .execute(conn)?;
            crate::ticket_views::unshare(conn, org, team)?;
            diesel::delete(
                route_turns::table
                    .filter(route_turns::org_id.eq(bytes(&org)))
                    .filter(route_turns::team_id.eq(bytes(&team))),
            )
            .execute(conn)?;
            Ok(())
        })
    }
}

impl Store for Team {
    type Fields = TeamFields;

    fn write(
        conn: &mut AnyConnection,
        org: OrgId,
        current: &Self,
        fields: &TeamFields,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        record::check_reference::<crate::users::User>(conn, org, fields.lead_id, "lead_id")?;
        diesel::update(teams::table)
            .filter(at_version(org, current.id, current.version))
            .set((
                teams::name.eq(&fields.name),
                teams::name_key.eq(domain::text::sort_key(&fields.name)),
                teams::routing_mode.eq(fields.routing_mode.as_str()),
                teams::lead_id.eq(fields.lead_id.as_ref().map(bytes)),
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
        fields: TeamFields,
        _now: DateTime<Utc>,
    ) -> Result<Self> {
        Ok(Team {
            fields,
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
    fields: TeamFields,
    now: DateTime<Utc>,
) -> Result<Team> {
    record::check_reference::<crate::users::User>(conn, org, fields.lead_id, "lead_id")?;
    let team = TeamId::mint();
    diesel::insert_into(teams::table)
        .values((
            teams::org_id.eq(bytes(&org)),
            teams::id.eq(bytes(&team)),
            teams::name.eq(&fields.name),
            teams::name_key.eq(domain::text::sort_key(&fields.name)),
            teams::routing_mode.eq(fields.routing_mode.as_str()),
            teams::lead_id.eq(fields.lead_id.as_ref().map(bytes)),
            teams::created_at.eq(to_db(now)),
            teams::updated_at.eq(to_db(now)),
            teams::version.eq(1_i64),
        ))
        .execute(conn)
        .map_err(map_unique)?;
    Ok(Team {
        id: team,
        fields,
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

/// The team's lead; `None` when it has none or is gone.
pub fn lead_of(conn: &mut AnyConnection, org: OrgId, team: TeamId) -> Result<Option<UserId>> {
    let lead: Option<Option<Vec<u8>>> = teams::table
        .filter(teams::org_id.eq(bytes(&org)))
        .filter(teams::id.eq(bytes(&team)))
        .select(teams::lead_id)
        .first(conn)
        .optional()?;
    Ok(lead.flatten().map(|u| id(&u)))
}

/// Whether the organization has the team.
pub fn exists(conn: &mut AnyConnection, org: OrgId, team: TeamId) -> Result<bool> {
    let count: i64 = teams::table
        .filter(teams::org_id.eq(bytes(&org)))
        .filter(teams::id.eq(bytes(&team)))
        .count()
        .get_result(conn)?;
    Ok(count > 0)
}

/// Whether `user` is a member of the team.
pub fn is_member(conn: &mut AnyConnection, org: OrgId, team: TeamId, user: UserId) -> Result<bool> {
    let count: i64 = team_members::table
        .filter(team_members::org_id.eq(bytes(&org)))
        .filter(team_members::team_id.eq(bytes(&team)))
        .filter(team_members::user_id.eq(bytes(&user)))
        .count()
        .get_result(conn)?;
    Ok(count > 0)
}
