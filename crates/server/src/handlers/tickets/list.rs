use actix_web::{get, HttpResponse};
use api_types::tickets::{Ticket, TicketFilters};
use api_types::{ListQuery, Page};
use chrono::{DateTime, Utc};
use db::tickets::{SlaState, TicketFilter};
use domain::sla::simulation::Priority;
use domain::text::Tag;
use domain::ticket::{Channel, Status, TicketType};
use domain::{AccountId, ContactId, FieldError, TeamId, UserId, Violations};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::Listing;
use crate::kit::{self, Reply, State};

/// List tickets.
///
/// Sorts: `created_at` (the default, newest first), `updated_at`, `number`, `priority`
/// (`-priority` puts urgent first), `sla_due_at` (the next SLA deadline; tickets without a
/// running clock last). Filters combine; `status` and `priority` take several values,
/// comma-separated.
#[utoipa::path(
    tag = "tickets",
    params(ListQuery, TicketFilters),
    responses((status = 200, description = "A page of tickets", body = Page<Ticket>)),
)]
#[get("/tickets")]
pub async fn list_tickets(state: State, caller: Caller, listing: Listing<TicketFilters>) -> Reply {
    let params = kit::list_params(&listing.list, &db::tickets::SORTS)?;
    let now = state.now();
    let filters = listing.filters;
    let page = state
        .run(caller, move |conn, p| {
            let filter = filter(&filters, p.user, now)?;
            let page = db::tickets::list(conn, p.org, &filter, &params)?;
            kit::page(conn, p.org, page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Parses a comma-separated list of names.
fn names<T>(
    pointer: &str,
    raw: &str,
    parse: fn(&str, &str) -> Result<T, FieldError>,
) -> Result<Vec<T>, FieldError> {
    raw.split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|n| parse(pointer, n))
        .collect()
}

/// The list filter the query parameters give; `assignee_id=me` is `me`.
pub fn filter(q: &TicketFilters, me: UserId, now: DateTime<Utc>) -> Result<TicketFilter, ApiError> {
    let mut v = Violations::new();
    let assignee = v.check_opt(q.assignee_id.as_deref(), |a| match a {
        "me" => Ok(Some(me)),
        "none" => Ok(None),
        id => UserId::parse("/query/assignee_id", id).map(Some),
    });
    let sla = v.check_opt(q.sla.as_deref(), |s| match s {
        "breached" => Ok((SlaState::Breached, now)),
        "warning" => Ok((SlaState::Warning, now)),
        _ => Err(FieldError::new(
            "/query/sla",
            "invalid_sla_state",
            "must be breached or warning",
        )),
    });
    let filter = TicketFilter {
        words: q
            .q
            .as_deref()
            .map(|q| domain::text::query_words(q.trim_start_matches('#')))
            .unwrap_or_default(),
        statuses: v
            .check_opt(q.status.as_deref(), |s| {
                names("/query/status", s, Status::parse)
            })
            .unwrap_or_default(),
        priorities: v
            .check_opt(q.priority.as_deref(), |s| {
                names("/query/priority", s, Priority::parse)
            })
            .unwrap_or_default(),
        assignee,
        team_id: v.check_opt(q.team_id.as_deref(), |t| TeamId::parse("/query/team_id", t)),
        requester_id: v.check_opt(q.requester_id.as_deref(), |c| {
            ContactId::parse("/query/requester_id", c)
        }),
        account_id: v.check_opt(q.account_id.as_deref(), |a| {
            AccountId::parse("/query/account_id", a)
        }),
        asset_id: v.check_opt(q.asset_id.as_deref(), |a| {
            domain::AssetId::parse("/query/asset_id", a)
        }),
        channel: v.check_opt(q.channel.as_deref(), |c| {
            Channel::parse("/query/channel", c)
        }),
        ticket_type: v.check_opt(q.ticket_type.as_deref(), |t| {
            TicketType::parse("/query/type", t)
        }),
        category: v.check_opt(q.category.as_deref(), |c| {
            Tag::parse("/query/category", c).map(|t| t.as_str().to_owned())
        }),
        tag: v.check_opt(q.tag.as_deref(), |t| {
            Tag::parse("/query/tag", t).map(|t| t.as_str().to_owned())
        }),
        sla,
        sla_due_before: q.sla_due_before,
    };
    if v.is_empty() {
        Ok(filter)
    } else {
        Err(ApiError::InvalidParameters(v.into_errors()))
    }
}
