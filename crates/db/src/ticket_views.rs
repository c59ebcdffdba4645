//! Saved ticket lists, personal or shared with a team.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::id::kind;
use domain::{OrgId, TeamId, TicketViewId, UserId};

use crate::connection::AnyConnection;
use crate::convert::{bytes, from_db, id, opt_id, to_db};
use crate::error::Result;
use crate::list::{self, KeyValue, ListParams, Page, Positioned, SortKey, Sorts};
use crate::record::{self, at_version, Record, Store};
use crate::schema::{team_members, ticket_views};

/// What a view's owner sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewFields {
    /// Its name.
    pub name: String,
    /// The team it is shared with; `None` for a personal view.
    pub team_id: Option<TeamId>,
    /// The list's query parameters as JSON.
    pub filters: String,
    /// The list's order.
    pub sort: Option<String>,
}

/// A saved view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketView {
    /// Id.
    pub id: TicketViewId,
    /// Who made it.
    pub owner_id: UserId,
    /// What it shows.
    pub fields: ViewFields,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// Version.
    pub version: i64,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = ticket_views)]
struct ViewRow {
    id: Vec<u8>,
    name: String,
    name_key: String,
    owner_id: Vec<u8>,
    team_id: Option<Vec<u8>>,
    filters: String,
    sort: Option<String>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    version: i64,
}

impl Positioned for ViewRow {
    fn id_bytes(&self) -> &[u8] {
        &self.id
    }

    fn key(&self, _key: SortKey) -> KeyValue {
        KeyValue::Text(self.name_key.clone())
    }
}

fn to_view(row: ViewRow) -> TicketView {
    TicketView {
        id: id(&row.id),
        owner_id: id(&row.owner_id),
        fields: ViewFields {
            name: row.name,
            team_id: opt_id(row.team_id.as_ref()),
            filters: row.filters,
            sort: row.sort,
        },
        created_at: from_db(row.created_at),
        updated_at: from_db(row.updated_at),
        version: row.version,
    }
}

/// Views are listed by name.
pub const SORTS: Sorts = Sorts {
    options: &[("name", SortKey::Name)],
    default: (SortKey::Name, false),
};

impl Record for TicketView {
    type Kind = kind::TicketView;
    const TABLE: &'static str = "ticket_views";
    const SOFT_DELETE: bool = false;

    fn read(conn: &mut AnyConnection, org: OrgId, view: TicketViewId) -> Result<Self> {
        let row: ViewRow = ticket_views::table
            .filter(ticket_views::org_id.eq(bytes(&org)))
            .filter(ticket_views::id.eq(bytes(&view)))
            .select(ViewRow::as_select())
            .first(conn)?;
        Ok(to_view(row))
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn is_deleted(&self) -> bool {
        false
    }
}

impl Store for TicketView {
    type Fields = ViewFields;

    fn write(
        conn: &mut AnyConnection,
        org: OrgId,
        current: &Self,
        fields: &ViewFields,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        record::check_reference::<crate::teams::Team>(conn, org, fields.team_id, "team_id")?;
        Ok(diesel::update(ticket_views::table)
            .filter(at_version(org, current.id, current.version))
            .set((
                ticket_views::name.eq(&fields.name),
                ticket_views::name_key.eq(domain::text::sort_key(&fields.name)),
                ticket_views::team_id.eq(fields.team_id.as_ref().map(bytes)),
                ticket_views::filters.eq(&fields.filters),
                ticket_views::sort.eq(&fields.sort),
                ticket_views::updated_at.eq(to_db(now)),
                ticket_views::version.eq(current.version + 1),
            ))
            .execute(conn)?)
    }

    fn updated(
        _conn: &mut AnyConnection,
        _org: OrgId,
        current: Self,
        fields: ViewFields,
        now: DateTime<Utc>,
    ) -> Result<Self> {
        Ok(TicketView {
            fields,
            updated_at: now,
            version: current.version + 1,
            ..current
        })
    }
}

/// Saves a new view of `owner`.
pub fn create(
    conn: &mut AnyConnection,
    org: OrgId,
    owner: UserId,
    fields: ViewFields,
    now: DateTime<Utc>,
) -> Result<TicketView> {
    record::check_reference::<crate::teams::Team>(conn, org, fields.team_id, "team_id")?;
    let view = TicketViewId::mint();
    diesel::insert_into(ticket_views::table)
        .values((
            ticket_views::org_id.eq(bytes(&org)),
            ticket_views::id.eq(bytes(&view)),
            ticket_views::name.eq(&fields.name),
            ticket_views::name_key.eq(domain::text::sort_key(&fields.name)),
            ticket_views::owner_id.eq(bytes(&owner)),
            ticket_views::team_id.eq(fields.team_id.as_ref().map(bytes)),
            ticket_views::filters.eq(&fields.filters),
            ticket_views::sort.eq(&fields.sort),
            ticket_views::created_at.eq(to_db(now)),
            ticket_views::updated_at.eq(to_db(now)),
            ticket_views::version.eq(1_i64),
        ))
        .execute(conn)?;
    Ok(TicketView {
        id: view,
        owner_id: owner,
        fields,
        created_at: now,
        updated_at: now,
        version: 1,
    })
}

/// The teams `user` belongs to.
pub fn teams_of(conn: &mut AnyConnection, org: OrgId, user: UserId) -> Result<Vec<TeamId>> {
    let rows: Vec<Vec<u8>> = team_members::table
        .filter(team_members::org_id.eq(bytes(&org)))
        .filter(team_members::user_id.eq(bytes(&user)))
        .select(team_members::team_id)
        .load(conn)?;
    Ok(rows.iter().map(|t| id(t)).collect())
}

/// One page of the views `user` sees, by name: their own and those shared with their teams.
pub fn list(
    conn: &mut AnyConnection,
    org: OrgId,
    user: UserId,
    params: &ListParams,
) -> Result<Page<TicketView>> {
    let teams: Vec<Vec<u8>> = teams_of(conn, org, user)?.iter().map(bytes).collect();
    let query = || {
        ticket_views::table
            .filter(ticket_views::org_id.eq(bytes(&org)))
            .filter(
                ticket_views::owner_id
                    .eq(bytes(&user))
                    .or(ticket_views::team_id.eq_any(teams.clone())),
            )
            .select(ViewRow::as_select())
            .into_boxed()
    };
    let page = list::load_page::<TicketView, _, _>(conn, query, None, params)?;
    Ok(page.map(to_view))
}

/// A deleted team's shared views become their owners' personal ones.
pub fn unshare(conn: &mut AnyConnection, org: OrgId, team: TeamId) -> Result<()> {
    diesel::update(ticket_views::table)
        .filter(ticket_views::org_id.eq(bytes(&org)))
        .filter(ticket_views::team_id.eq(bytes(&team)))
        .set(ticket_views::team_id.eq(None::<Vec<u8>>))
        .execute(conn)?;
    Ok(())
}
