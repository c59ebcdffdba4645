//! Tickets: created with the organization's next number, read, listed, changed, deleted and
//! restored; their conversation and timeline live in [`messages`] and [`events`].

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::id::kind;
use domain::sla::simulation::Priority;
use domain::ticket::{
    priority_rank, Channel, SlaSummary, Status, Ticket, TicketFields, TicketType,
};
use domain::{OrgId, TicketId, UserId};

use crate::connection::AnyConnection;
use crate::convert::{bytes, from_db, id, opt_id, to_db};
use crate::error::{Error, Result};
use crate::list::{KeyValue, Positioned, SortKey, Sorts};
use crate::record::{at_version, Record, Store};
use crate::references::{self, Reference};
use crate::schema::tickets;
use crate::search;
use crate::side::{self, SideTable};
use crate::tags;

pub mod answers;
pub mod attachments;
mod create;
pub mod events;
pub mod links;
mod listing;
pub mod messages;
pub mod ratings;
mod sla;
pub mod viewers;

pub use create::{create, next_number};
pub use listing::{count_up_to, list, SlaState, TicketFilter};
pub use sla::{due_for_sweep, fire_sla_event, set_sla, times_fired, SlaEventKey};

pub(crate) const TERMS: SideTable = SideTable {
    table: "ticket_terms",
    owner: "ticket_id",
    value: "term",
};

pub(crate) const TAGS: SideTable = SideTable {
    table: "ticket_tags",
    owner: "ticket_id",
    value: "tag",
};

/// The orders of the ticket list.
pub const SORTS: Sorts = Sorts {
    options: &[
        ("created_at", SortKey::Created),
        ("updated_at", SortKey::Updated),
        ("number", SortKey::Number),
        ("priority", SortKey::Priority),
        ("sla_due_at", SortKey::SlaDue),
    ],
    default: (SortKey::Created, true),
};

/// What `sla_due_at` holds when no clock counts: after every real deadline, so such tickets
/// sort last, and not NULL, so the column pages by keyset.
pub(crate) fn no_deadline() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(9999, 12, 31)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default()
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = tickets)]
struct TicketRow {
    id: Vec<u8>,
    number: i64,
    subject: String,
    description: String,
    requester_id: Vec<u8>,
    account_id: Option<Vec<u8>>,
    asset_id: Option<Vec<u8>>,
    channel: String,
    priority: String,
    priority_rank: i64,
    ticket_type: Option<String>,
    category: Option<String>,
    language: Option<String>,
    status: String,
    assignee_id: Option<Vec<u8>>,
    team_id: Option<Vec<u8>>,
    tags: String,
    sla_policy_id: Option<Vec<u8>>,
    sla_due_at: NaiveDateTime,
    sla_warn_at: Option<NaiveDateTime>,
    sla_next_at: Option<NaiveDateTime>,
    first_responded_at: Option<NaiveDateTime>,
    solved_at: Option<NaiveDateTime>,
    closed_at: Option<NaiveDateTime>,
    merged_into_id: Option<Vec<u8>>,
    follow_up_of_id: Option<Vec<u8>>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    deleted_at: Option<NaiveDateTime>,
    version: i64,
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = tickets, treat_none_as_null = true)]
pub(crate) struct TicketValues<'a> {
    subject: &'a str,
    description: &'a str,
    requester_id: Vec<u8>,
    account_id: Option<Vec<u8>>,
    asset_id: Option<Vec<u8>>,
    channel: &'static str,
    priority: &'static str,
    priority_rank: i64,
    ticket_type: Option<&'static str>,
    category: Option<&'a str>,
    language: Option<&'a str>,
    status: &'static str,
    assignee_id: Option<Vec<u8>>,
    team_id: Option<Vec<u8>>,
    tags: String,
    search_text: String,
}

impl<'a> TicketValues<'a> {
    pub(crate) fn of(fields: &'a TicketFields, number: i64) -> Result<Self> {
        Ok(Self {
            subject: &fields.subject,
            description: &fields.description,
            requester_id: bytes(&fields.requester_id),
            account_id: fields.account_id.as_ref().map(bytes),
            asset_id: fields.asset_id.as_ref().map(bytes),
            channel: fields.channel.as_str(),
            priority: fields.priority.as_str(),
            priority_rank: priority_rank(fields.priority),
            ticket_type: fields.ticket_type.map(TicketType::as_str),
            category: fields.category.as_deref(),
            language: fields.language.as_deref(),
            status: fields.status.as_str(),
            assignee_id: fields.assignee_id.as_ref().map(bytes),
            team_id: fields.team_id.as_ref().map(bytes),
            tags: tags::to_json(&fields.tags)?,
            search_text: fields.search_text(number),
        })
    }
}

impl Positioned for TicketRow {
    fn id_bytes(&self) -> &[u8] {
        &self.id
    }

    fn key(&self, key: SortKey) -> KeyValue {
        match key {
            SortKey::Updated => KeyValue::Time(self.updated_at),
            SortKey::SlaDue => KeyValue::Time(self.sla_due_at),
            SortKey::Number => KeyValue::Int(self.number),
            SortKey::Priority => KeyValue::Int(self.priority_rank),
            _ => KeyValue::None,
        }
    }
}

/// A stored name the schema's own writes produced; anything else reads as the default.
fn parsed<T>(raw: &str, parse: fn(&str, &str) -> Result<T, domain::FieldError>, or: T) -> T {
    parse("", raw).unwrap_or(or)
}

fn to_ticket(row: TicketRow) -> Ticket {
    let due = (row.sla_due_at != no_deadline()).then_some(row.sla_due_at);
    Ticket {
        id: id(&row.id),
        number: row.number,
        fields: TicketFields {
            subject: row.subject,
            description: row.description,
            requester_id: id(&row.requester_id),
            account_id: opt_id(row.account_id.as_ref()),
            asset_id: opt_id(row.asset_id.as_ref()),
            channel: parsed(&row.channel, Channel::parse, Channel::Api),
            priority: parsed(&row.priority, Priority::parse, Priority::Normal),
            ticket_type: row.ticket_type.and_then(|t| TicketType::parse("", &t).ok()),
            category: row.category,
            language: row.language,
            status: parsed(&row.status, Status::parse, Status::Open),
            assignee_id: opt_id(row.assignee_id.as_ref()),
            team_id: opt_id(row.team_id.as_ref()),
            tags: tags::from_json(&row.tags),
        },
        first_responded_at: row.first_responded_at.map(from_db),
        solved_at: row.solved_at.map(from_db),
        closed_at: row.closed_at.map(from_db),
        sla: SlaSummary {
            policy_id: opt_id(row.sla_policy_id.as_ref()),
            due_at: due.map(from_db),
            warn_at: row.sla_warn_at.map(from_db),
            next_at: row.sla_next_at.map(from_db),
        },
        merged_into_id: opt_id(row.merged_into_id.as_ref()),
        follow_up_of_id: opt_id(row.follow_up_of_id.as_ref()),
        created_at: from_db(row.created_at),
        updated_at: from_db(row.updated_at),
        deleted_at: row.deleted_at.map(from_db),
        version: row.version,
    }
}

/// Checks that the references that changed (all of them when `before` is `None`) name live
/// records of the organization: the requester, the account, the assignee and the team.
pub(crate) fn check_references(
    conn: &mut AnyConnection,
    org: OrgId,
    before: Option<&TicketFields>,
    fields: &TicketFields,
) -> Result<()> {
    let mut checks = Vec::new();
    if before.is_none_or(|b| b.requester_id != fields.requester_id) {
        checks.push(Reference::live(
            "requester_id",
            "contacts",
            &fields.requester_id,
        ));
    }
    if let Some(account) = fields
        .account_id
        .filter(|_| before.is_none_or(|b| b.account_id != fields.account_id))
    {
        checks.push(Reference::live("account_id", "accounts", &account));
    }
    if let Some(user) = fields
        .assignee_id
        .filter(|_| before.is_none_or(|b| b.assignee_id != fields.assignee_id))
    {
        checks.push(Reference::any("assignee_id", "users", &user));
    }
    if let Some(team) = fields
        .team_id
        .filter(|_| before.is_none_or(|b| b.team_id != fields.team_id))
    {
        checks.push(Reference::any("team_id", "teams", &team));
    }
    references::check(conn, org, &checks)?;
    let Some(asset) = fields.asset_id else {
        return Ok(());
    };
    match before {
        Some(b) if b.asset_id == fields.asset_id && b.account_id == fields.account_id => Ok(()),
        // The same asset, perhaps in the trash since: it must still be the account's.
        Some(b) if b.asset_id == fields.asset_id => {
            check_asset(conn, org, asset, fields.account_id, false)
        }
        _ => check_asset(conn, org, asset, fields.account_id, true),
    }
}

/// The asset a ticket is about must be an asset (a live one when `live`), of the ticket's
/// account when it has one.
fn check_asset(
    conn: &mut AnyConnection,
    org: OrgId,
    asset: domain::AssetId,
    account: Option<domain::AccountId>,
    live: bool,
) -> Result<()> {
    use crate::schema::assets;
    let found: Option<(Vec<u8>, bool)> = assets::table
        .filter(assets::org_id.eq(bytes(&org)))
        .filter(assets::id.eq(bytes(&asset)))
        .select((assets::account_id, assets::deleted_at.is_not_null()))
        .first(conn)
        .optional()?;
    let owner = found
        .filter(|(_, deleted)| !live || !deleted)
        .map(|(a, _)| a);
    match (owner, account) {
        (None, _) => Err(Error::UnknownReference("asset_id")),
        (Some(owner), Some(account)) if owner != bytes(&account) => {
            Err(Error::Invalid(domain::FieldError::new(
                "/asset_id",
                "not_of_account",
                "a ticket is about an asset of its own account",
            )))
        }
        _ => Ok(()),
    }
}

impl Record for Ticket {
    type Kind = kind::Ticket;
    const TABLE: &'static str = "tickets";

    fn read(conn: &mut AnyConnection, org: OrgId, ticket: TicketId) -> Result<Self> {
        let row: TicketRow = tickets::table
            .filter(tickets::org_id.eq(bytes(&org)))
            .filter(tickets::id.eq(bytes(&ticket)))
            .select(TicketRow::as_select())
            .first(conn)?;
        Ok(to_ticket(row))
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn is_deleted(&self) -> bool {
        self.deleted_at.is_some()
    }
}

impl Store for Ticket {
    type Fields = TicketFields;

    fn write(
        conn: &mut AnyConnection,
        org: OrgId,
        current: &Self,
        fields: &TicketFields,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        check_references(conn, org, Some(&current.fields), fields)?;
        let (solved_at, closed_at) = current.status_instants(fields.status, now);
        let changed = diesel::update(tickets::table)
            .filter(at_version(org, current.id, current.version))
            .set((
                TicketValues::of(fields, current.number)?,
                tickets::solved_at.eq(solved_at.map(to_db)),
                tickets::closed_at.eq(closed_at.map(to_db)),
                tickets::updated_at.eq(to_db(now)),
                tickets::version.eq(current.version + 1),
            ))
            .execute(conn)?;
        let owner = bytes(&current.id);
        side::sync(conn, TAGS, org, &owner, &current.fields.tags, &fields.tags)?;
        let old = current.fields.search_text(current.number);
        let new = fields.search_text(current.number);
        search::sync(conn, TERMS, org, &owner, &old, &new)?;
        Ok(changed)
    }

    fn updated(
        _conn: &mut AnyConnection,
        _org: OrgId,
        current: Self,
        fields: TicketFields,
        now: DateTime<Utc>,
    ) -> Result<Self> {
        let (solved_at, closed_at) = current.status_instants(fields.status, now);
        Ok(Ticket {
            fields,
            solved_at,
            closed_at,
            updated_at: now,
            version: current.version + 1,
            ..current
        })
    }
}

/// Records the first public reply of an agent, once.
pub fn set_first_response(
    conn: &mut AnyConnection,
    org: OrgId,
    ticket: TicketId,
    at: DateTime<Utc>,
) -> Result<()> {
    diesel::update(tickets::table)
        .filter(tickets::org_id.eq(bytes(&org)))
        .filter(tickets::id.eq(bytes(&ticket)))
        .filter(tickets::first_responded_at.is_null())
        .set(tickets::first_responded_at.eq(to_db(at)))
        .execute(conn)?;
    Ok(())
}

/// Gives a ticket created in this transaction to the agent routing chose. Its version stays:
/// nobody has seen the ticket without the assignee.
pub fn set_routed_assignee(
    conn: &mut AnyConnection,
    org: OrgId,
    ticket: TicketId,
    user: UserId,
) -> Result<()> {
    diesel::update(tickets::table)
        .filter(tickets::org_id.eq(bytes(&org)))
        .filter(tickets::id.eq(bytes(&ticket)))
        .set(tickets::assignee_id.eq(bytes(&user)))
        .execute(conn)?;
    Ok(())
}

/// Records that a ticket was merged into another.
pub fn set_merged_into(
    conn: &mut AnyConnection,
    org: OrgId,
    ticket: TicketId,
    into: TicketId,
) -> Result<()> {
    diesel::update(tickets::table)
        .filter(tickets::org_id.eq(bytes(&org)))
        .filter(tickets::id.eq(bytes(&ticket)))
        .set(tickets::merged_into_id.eq(bytes(&into)))
        .execute(conn)?;
    Ok(())
}

/// The live ticket with this number, if there is one.
pub fn by_number(conn: &mut AnyConnection, org: OrgId, number: i64) -> Result<Option<TicketId>> {
    let found: Option<Vec<u8>> = tickets::table
        .filter(tickets::org_id.eq(bytes(&org)))
        .filter(tickets::number.eq(number))
        .filter(tickets::deleted_at.is_null())
        .select(tickets::id)
        .first(conn)
        .optional()?;
    Ok(found.map(|ticket| id(&ticket)))
}
