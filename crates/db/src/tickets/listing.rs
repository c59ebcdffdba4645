//! The ticket list: its filters, search and one page.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use domain::sla::simulation::Priority;
use domain::ticket::{Channel, Status, Ticket, TicketType};
use domain::{AccountId, ContactId, OrgId, TeamId, UserId};

use super::{to_ticket, TicketRow, TERMS};
use crate::connection::AnyConnection;
use crate::convert::{bytes, to_db};
use crate::error::Result;
use crate::list::{self, ListParams, Page};
use crate::schema::{ticket_tags, tickets};

/// The ticket list's query before paging: boxed, selecting [`TicketRow`]s.
type TicketQuery<'a> = diesel::helper_types::IntoBoxed<
    'a,
    diesel::helper_types::Select<
        diesel::helper_types::Filter<
            tickets::table,
            diesel::helper_types::Eq<tickets::org_id, Vec<u8>>,
        >,
        diesel::helper_types::AsSelect<TicketRow, <AnyConnection as diesel::Connection>::Backend>,
    >,
    <AnyConnection as diesel::Connection>::Backend,
>;
use crate::search::Search;
use crate::sql::Sql;

/// Where a ticket's most urgent SLA clock stands at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlaState {
    /// Past its deadline.
    Breached,
    /// Past its warning threshold, not yet breached.
    Warning,
}

/// Filters of the ticket list; every one given must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TicketFilter {
    /// Search words (already split), matched as word prefixes of the number and subject, or
    /// as whole words of the conversation.
    pub words: Vec<String>,
    /// In one of these statuses (any when empty).
    pub statuses: Vec<Status>,
    /// Of one of these priorities (any when empty).
    pub priorities: Vec<Priority>,
    /// Assigned to this user (`Some(Some(..))`) or to nobody (`Some(None)`).
    pub assignee: Option<Option<UserId>>,
    /// In this team's queue.
    pub team_id: Option<TeamId>,
    /// Asked by this contact.
    pub requester_id: Option<ContactId>,
    /// For this account.
    pub account_id: Option<AccountId>,
    /// About this asset.
    pub asset_id: Option<domain::AssetId>,
    /// Came in through this channel.
    pub channel: Option<Channel>,
    /// Of this type.
    pub ticket_type: Option<TicketType>,
    /// In this category.
    pub category: Option<String>,
    /// Carries this tag.
    pub tag: Option<String>,
    /// Its SLA stands so at `now`.
    pub sla: Option<(SlaState, DateTime<Utc>)>,
    /// Its next SLA deadline is before this instant.
    pub sla_due_before: Option<DateTime<Utc>>,
}

/// The tickets of the organization `org_bytes` that pass `filter`, before the search words.
fn matching<'f>(
    org_bytes: &'f [u8],
    filter: &'f TicketFilter,
) -> impl Fn() -> TicketQuery<'static> + 'f {
    move || {
        let mut query = tickets::table
            .filter(tickets::org_id.eq(org_bytes.to_vec()))
            .select(TicketRow::as_select())
            .into_boxed();
        if !filter.statuses.is_empty() {
            // Written out, not bound: the planner then sees that open statuses lie within the
            // partial index of open tickets, in prepared (generic) plans too.
            let names: Vec<String> = filter
                .statuses
                .iter()
                .map(|s| format!("'{}'", s.as_str()))
                .collect();
            query = query
                .filter(Sql::new(format!("tickets.status IN ({})", names.join(", "))).condition());
        }
        if !filter.priorities.is_empty() {
            let names: Vec<&str> = filter.priorities.iter().map(|p| p.as_str()).collect();
            query = query.filter(tickets::priority.eq_any(names));
        }
        match filter.assignee {
            Some(Some(user)) => query = query.filter(tickets::assignee_id.eq(bytes(&user))),
            Some(None) => query = query.filter(tickets::assignee_id.is_null()),
            None => {}
        }
        if let Some(team) = filter.team_id {
            query = query.filter(tickets::team_id.eq(bytes(&team)));
        }
        if let Some(requester) = filter.requester_id {
            query = query.filter(tickets::requester_id.eq(bytes(&requester)));
        }
        if let Some(account) = filter.account_id {
            query = query.filter(tickets::account_id.eq(bytes(&account)));
        }
        if let Some(asset) = filter.asset_id {
            query = query.filter(tickets::asset_id.eq(bytes(&asset)));
        }
        if let Some(channel) = filter.channel {
            query = query.filter(tickets::channel.eq(channel.as_str()));
        }
        if let Some(kind) = filter.ticket_type {
            query = query.filter(tickets::ticket_type.eq(kind.as_str()));
        }
        if let Some(category) = &filter.category {
            query = query.filter(tickets::category.eq(category.clone()));
        }
        if let Some(tag) = &filter.tag {
            let tagged = ticket_tags::table
                .filter(ticket_tags::org_id.eq(org_bytes.to_vec()))
                .filter(ticket_tags::tag.eq(tag.clone()))
                .select(ticket_tags::ticket_id);
            query = query.filter(tickets::id.eq_any(tagged));
        }
        match filter.sla {
            Some((SlaState::Breached, now)) => {
                query = query.filter(tickets::sla_due_at.le(to_db(now)));
            }
            Some((SlaState::Warning, now)) => {
                query = query
                    .filter(tickets::sla_warn_at.le(to_db(now)))
                    .filter(tickets::sla_due_at.gt(to_db(now)));
            }
            None => {}
        }
        if let Some(before) = filter.sla_due_before {
            query = query.filter(tickets::sla_due_at.lt(to_db(before)));
        }
        query
    }
}

/// The search `filter`'s words make, if any.
fn search(org: OrgId, filter: &TicketFilter) -> Option<Search> {
    Search::new(TERMS, org, filter.words.clone())
        .map(|s| s.or_in(super::messages::CONVERSATION_TERMS))
}

/// One page of tickets.
pub fn list(
    conn: &mut AnyConnection,
    org: OrgId,
    filter: &TicketFilter,
    params: &ListParams,
) -> Result<Page<Ticket>> {
    let org_bytes = bytes(&org);
    let search = search(org, filter);
    let page = list::load_page::<Ticket, _, _>(
        conn,
        matching(&org_bytes, filter),
        search.as_ref(),
        params,
    )?;
    Ok(page.map(to_ticket))
}

/// How many tickets pass `filter` (and the list's shared `params`), counting at most `cap`.
pub fn count_up_to(
    conn: &mut AnyConnection,
    org: OrgId,
    filter: &TicketFilter,
    params: &ListParams,
    cap: i64,
) -> Result<i64> {
    let org_bytes = bytes(&org);
    let search = search(org, filter);
    let query = matching(&org_bytes, filter)();
    list::count_up_to::<Ticket, _, TicketRow>(conn, query, search.as_ref(), params, cap)
}
