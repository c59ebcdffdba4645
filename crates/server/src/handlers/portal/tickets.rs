//! A customer's tickets in the portal: their list, one ticket, and a new one.

use actix_web::web::{Path, Query};
use actix_web::{get, post, HttpResponse};
use std::collections::BTreeMap;

use api_types::custom_fields::TicketFieldAnswer;
use api_types::portal::{
    CreatePortalTicket, PortalAttachment, PortalRating, PortalTicket, PortalTicketFilters,
};
use api_types::{Page, PageQuery};
use db::tickets::TicketFilter;
use db::AnyConnection;
use domain::portal::ticket_fields::{self, RawAnswer};
use domain::sla::simulation::Priority;
use domain::ticket::{Channel, Status, Ticket, TicketFields, MAX_BODY};
use domain::{text, AssetId, AttachmentId, ContactId, FieldError, Violations};

use crate::auth::{PortalCaller, PortalPrincipal};
use crate::desk::tickets::{NewTicket, Requester};
use crate::desk::{self, Actor};
use crate::error::ApiError;
use crate::extract::path_id;
use crate::handlers::tickets::input::{category, MAX_SUBJECT};
use crate::kit::{self, Reply, State};
use crate::openapi::{Conflict, Id, Invalid};

/// How a status reads to the customer: whether the support team or they are to act.
fn customer_status(status: Status) -> &'static str {
    match status {
        Status::New | Status::Open | Status::OnHold => "open",
        Status::Pending => "awaiting_you",
        Status::Solved => "solved",
        Status::Closed => "closed",
    }
}

/// Tickets as the customer sees them, with their requesters' names read once.
fn bodies(
    conn: &mut AnyConnection,
    p: &PortalPrincipal,
    tickets: &[Ticket],
) -> Result<Vec<PortalTicket>, ApiError> {
    let mut requesters: Vec<ContactId> = tickets.iter().map(|t| t.fields.requester_id).collect();
    requesters.sort();
    requesters.dedup();
    let names = db::portal::names::contacts(conn, p.org, &requesters)?;
    let ids: Vec<_> = tickets.iter().map(|t| t.id).collect();
    let ratings = db::tickets::ratings::of_tickets(conn, p.org, &ids)?;
    let files = db::tickets::attachments::of_descriptions(conn, p.org, &ids)?;
    let answers = db::tickets::answers::of_tickets(conn, p.org, &ids)?;
    Ok(tickets
        .iter()
        .map(|t| {
            let requester_name = names
                .iter()
                .find(|(id, _)| *id == t.fields.requester_id)
                .map(|(_, name)| name.clone())
                .unwrap_or_default();
            let rating = ratings
                .iter()
                .find(|(id, _)| *id == t.id)
                .map(|(_, r)| PortalRating {
                    score: r.rating.score,
                    comment: r.rating.comment.clone(),
                    rated_at: r.at,
                });
            let files = files
                .iter()
                .filter(|a| a.ticket_id == Some(t.id))
                .map(super::attachments::portal_view)
                .collect();
            let answers = crate::handlers::tickets::view::answers_of(&answers, t.id);
            body(t, (requester_name, rating, files, answers), p.contact)
        })
        .collect())
}

fn body(
    t: &Ticket,
    (requester_name, rating, attachments, custom_fields): (
        String,
        Option<PortalRating>,
        Vec<PortalAttachment>,
        Vec<TicketFieldAnswer>,
    ),
    me: ContactId,
) -> PortalTicket {
    let f = &t.fields;
    PortalTicket {
        id: t.id.to_string(),
        number: t.number,
        subject: f.subject.clone(),
        description: f.description.clone(),
        status: customer_status(f.status).to_owned(),
        category: f.category.clone(),
        asset_id: f.asset_id.map(|a| a.to_string()),
        requester_name,
        mine: f.requester_id == me,
        created_at: t.created_at,
        updated_at: t.updated_at,
        solved_at: t.solved_at,
        rating,
        attachments,
        custom_fields,
    }
}

pub(super) fn one(
    conn: &mut AnyConnection,
    p: &PortalPrincipal,
    t: &Ticket,
) -> Result<PortalTicket, ApiError> {
    let mut list = bodies(conn, p, std::slice::from_ref(t))?;
    list.pop().ok_or(ApiError::NotFound)
}

/// List your tickets, newest first.
///
/// A portal user sees the tickets they asked; an account admin every ticket of their
/// account (`scope=mine` for their own). `state=open` lists those not yet solved,
/// `state=closed` the solved and closed ones.
#[utoipa::path(
    tag = "portal",
    params(PortalTicketFilters),
    responses((status = 200, description = "A page of tickets", body = Page<PortalTicket>)),
)]
#[get("/portal/tickets")]
pub async fn list_portal_tickets(
    state: State,
    caller: PortalCaller,
    filters: Query<PortalTicketFilters>,
) -> Reply {
    let filters = filters.into_inner();
    let paging = PageQuery {
        limit: filters.limit,
        cursor: filters.cursor.clone(),
    };
    let params = kit::page_params(&paging, &db::tickets::SORTS)?;
    let mut v = Violations::new();
    let statuses = match filters.state.as_deref() {
        None => Vec::new(),
        Some("open") => vec![Status::New, Status::Open, Status::Pending, Status::OnHold],
        Some("closed") => vec![Status::Solved, Status::Closed],
        Some(_) => {
            v.push(FieldError::new(
                "/query/state",
                "invalid_state",
                "must be open or closed",
            ));
            Vec::new()
        }
    };
    let only_mine = match filters.scope.as_deref() {
        None => false,
        Some("mine") => true,
        Some(_) => {
            v.push(FieldError::new(
                "/query/scope",
                "invalid_scope",
                "must be mine",
            ));
            false
        }
    };
    if !v.is_empty() {
        return Err(ApiError::InvalidParameters(v.into_errors()));
    }
    let page = state
        .run_portal(caller, move |conn, p| {
            let mut filter = TicketFilter {
                statuses,
                ..TicketFilter::default()
            };
            match p.whole_account().filter(|_| !only_mine) {
                Some(account) => filter.account_id = Some(account),
                None => filter.requester_id = Some(p.contact),
            }
            let page = db::tickets::list(conn, p.org, &filter, &params)?;
            Ok(Page::new(bodies(conn, &p, &page.items)?, page.next_cursor))
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Get one of your tickets.
#[utoipa::path(
    tag = "portal",
    params(Id),
    responses((status = 200, description = "The ticket", body = PortalTicket)),
)]
#[get("/portal/tickets/{id}")]
pub async fn get_portal_ticket(state: State, caller: PortalCaller, id: Path<String>) -> Reply {
    let id = path_id(&id)?;
    let ticket = state
        .run_portal(caller, move |conn, p| {
            let ticket = super::visible_ticket(conn, &p, id)?;
            one(conn, &p, &ticket)
        })
        .await?;
    Ok(HttpResponse::Ok().json(ticket))
}

/// What a new portal ticket says, checked.
struct Asked {
    subject: String,
    description: String,
    category: Option<String>,
    asset_id: Option<AssetId>,
    files: Vec<AttachmentId>,
    /// The answers to the partner's questions, checked once the partner is read.
    custom_fields: BTreeMap<String, RawAnswer>,
}

/// An answer as JSON carried it.
fn raw_answer(value: serde_json::Value) -> RawAnswer {
    match value {
        serde_json::Value::Null => RawAnswer::Null,
        serde_json::Value::Bool(b) => RawAnswer::Bool(b),
        serde_json::Value::Number(n) => RawAnswer::Number(n.as_f64()),
        serde_json::Value::String(s) => RawAnswer::Text(s),
        serde_json::Value::Array(_) | serde_json::Value::Object(_) => RawAnswer::Other,
    }
}

fn parse(body: CreatePortalTicket) -> Result<Asked, ApiError> {
    let mut v = Violations::new();
    let subject = v.check(text::required("/subject", &body.subject, MAX_SUBJECT));
    let description = v.check(text::required("/description", &body.description, MAX_BODY));
    let category = v
        .check_opt(body.category.as_deref(), |c| category("/category", c))
        .flatten();
    let asset_id = v.check_opt(body.asset_id.as_deref(), |a| AssetId::parse("/asset_id", a));
    let files = v.check(crate::handlers::attachments::ids(&body.attachment_ids));
    v.finish(|| {
        Some(Asked {
            subject: subject?,
            description: description?,
            category,
            asset_id,
            files: files?,
            custom_fields: body
                .custom_fields
                .into_iter()
                .map(|(key, value)| (key, raw_answer(value)))
                .collect(),
        })
    })
    .map_err(ApiError::from)
}

/// An asset that is not one of the caller's account's, as a field error.
fn check_asset(
    conn: &mut AnyConnection,
    p: &PortalPrincipal,
    asset: AssetId,
) -> Result<Option<FieldError>, ApiError> {
    let owner = db::assets::owner(conn, p.org, asset)?;
    Ok((owner.is_none() || owner != p.account).then(|| {
        FieldError::new(
            "/asset_id",
            "unknown_asset",
            "not one of your company's assets",
        )
    }))
}

/// Refuses a category the partner's portal does not offer (any goes where it offers none).
fn check_category(offered: &[String], category: Option<&str>) -> Result<(), FieldError> {
    match category {
        Some(c) if !offered.is_empty() && !offered.iter().any(|o| o == c) => Err(FieldError::new(
            "/category",
            "unknown_category",
            format!("must be one of {}", offered.join(", ")),
        )),
        _ => Ok(()),
    }
}

/// Open a ticket.
///
/// You are its requester, and your company its account; it comes in through the portal
/// channel, at normal priority, in the partner's language, under the organization's SLA
/// policies and routing, and your service contract's entitlement applies as for any ticket.
/// Where the partner offers ticket categories (`ticket_categories` of
/// `GET /api/v1/portal/partners/{key}`), a `category` must be one of them (422
/// `unknown_category`); where it asks questions of its own (`ticket_fields`), the answers
/// go in `custom_fields` by key and are checked by the question's kind: a required one
/// unanswered is 422 `required`, a wrong kind (or a date outside 1900 to 2200)
/// `invalid_answer`, a choice not offered `unknown_option`, a key not asked
/// `unknown_field`; an optional checkbox sent `false` is kept as a "no". Your uploads in
/// `attachment_ids` go with the description. A partner that turned ticket creation off
/// answers 409 `ticket_creation_off`.
#[utoipa::path(
    tag = "portal",
    request_body = CreatePortalTicket,
    responses(
        (status = 201, description = "Opened", body = PortalTicket, headers(("Location" = String))),
        Conflict,
        Invalid,
    ),
)]
#[post("/portal/tickets")]
pub async fn create_portal_ticket(
    state: State,
    caller: PortalCaller,
    body: crate::extract::Json<CreatePortalTicket>,
) -> Reply {
    let asked = parse(body.into_inner())?;
    let now = state.now();
    let ticket = state
        .run_portal(caller, move |conn, p| {
            let partner = super::feature(conn, &p, |f| f.ticket_creation, "ticket_creation_off")?;
            // What only the partner and the account can tell, said all at once.
            let mut v = Violations::new();
            if let Some(asset) = asked.asset_id {
                check_asset(conn, &p, asset)?
                    .into_iter()
                    .for_each(|e| v.push(e));
            }
            v.check(check_category(
                &partner.fields.ticket_categories,
                asked.category.as_deref(),
            ));
            let answers = ticket_fields::answers(
                "/custom_fields",
                &partner.fields.ticket_fields,
                &asked.custom_fields,
            )
            .unwrap_or_else(|errors| {
                errors.into_iter().for_each(|e| v.push(e));
                Vec::new()
            });
            v.finish(|| Some(())).map_err(ApiError::from)?;
            let fields = TicketFields {
                subject: asked.subject,
                description: asked.description,
                requester_id: p.contact,
                account_id: p.account,
                asset_id: asked.asset_id,
                channel: Channel::Portal,
                priority: Priority::Normal,
                ticket_type: None,
                category: asked.category,
                language: partner.fields.language,
                status: Status::New,
                assignee_id: None,
                team_id: None,
                tags: Vec::new(),
            };
            let new = NewTicket {
                requester: Requester::Contact(p.contact),
                fields,
            };
            let rules = desk::Rules::of(conn, p.org)?;
            let actor = Actor::from(&p);
            // The number and routing first, in short transactions of their own; then the
            // ticket and its files together, or neither.
            let prepared = desk::tickets::prepare(conn, p.org, &new.fields)?;
            db::record::in_transaction(conn, |conn| {
                let (ticket, _) =
                    desk::tickets::create_prepared(conn, actor, new, prepared, now, rules)?;
                desk::send_files(conn, actor, (ticket.id, None), &asked.files)?;
                db::tickets::answers::add(conn, p.org, ticket.id, &answers)?;
                one(conn, &p, &ticket)
            })
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            actix_web::http::header::LOCATION,
            format!("/api/v1/portal/tickets/{}", ticket.id),
        ))
        .json(ticket))
}
