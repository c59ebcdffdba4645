//! `POST /api/v1/calls/{id}/ticket`: a ticket from a call in one click.

use actix_web::post;
use actix_web::web::Path;
use api_types::phone::TicketFromCall;
use api_types::tickets::CreateTicket;
use chrono::{DateTime, Utc};
use db::activities::Call;
use db::record::{self, Visibility};
use db::AnyConnection;
use domain::activity::ActivityFields;
use domain::contact::{ContactFields, PhoneEntry, PhoneKind};
use domain::{text, ContactId, OrgId};

use crate::auth::Caller;
use crate::desk;
use crate::error::ApiError;
use crate::extract::{path_id, Json};
use crate::handlers::tickets;
use crate::kit::{self, Reply, State};
use crate::openapi::{Conflict, Id, Invalid};

/// The contact a ticket from `call` is for: the call's, else the one who has its number,
/// else a new contact named by the number.
fn requester(
    conn: &mut AnyConnection,
    org: OrgId,
    call: &ActivityFields,
    now: DateTime<Utc>,
) -> Result<ContactId, ApiError> {
    if let Some(contact) = call.links.contact_id {
        return Ok(contact);
    }
    let Some(number) = call.call.customer(call.direction).map(str::to_owned) else {
        return Err(ApiError::Conflict("call_without_caller"));
    };
    if let Some(e164) = db::phones::normalize(conn, org, &number)? {
        if let Some(found) = db::phones::lookup(conn, org, &e164)?.contacts.first() {
            return Ok(*found);
        }
    }
    // A number a contact may not have ("anonymous", "unknown") only names them.
    let phones = text::Phone::parse("", &number)
        .map(|n| PhoneEntry {
            kind: PhoneKind::Other,
            number: n.as_str().to_owned(),
        })
        .into_iter()
        .collect();
    let fields = ContactFields {
        first_name: None,
        last_name: number.chars().take(100).collect(),
        email: None,
        phones,
        title: None,
        account_id: call.links.account_id,
        owner_id: None,
        preferred_channel: domain::PreferredChannel::Phone,
        consent: Default::default(),
        tags: Vec::new(),
    };
    Ok(db::contacts::create(conn, org, ContactId::mint(), &fields, now)?.id)
}

/// Make a ticket from a call.
///
/// The caller is the requester (the call's contact; else whoever has the number; else a new
/// contact named by it), the channel `phone`, the subject and description the call's unless
/// given; the call is linked to the ticket and its requester, and shows on the ticket's
/// timeline. A call already on a ticket answers 409 `call_has_ticket`; one without a
/// contact or a number, 409 `call_without_caller`.
#[utoipa::path(
    tag = "phone",
    params(Id),
    request_body = TicketFromCall,
    responses(
        (status = 201, description = "The new ticket", body = api_types::tickets::Ticket, headers(("ETag" = String), ("Location" = String))),
        Conflict,
        Invalid,
    ),
)]
#[post("/calls/{id}/ticket")]
pub async fn ticket_from_call(
    state: State,
    caller: Caller,
    id: Path<String>,
    body: Json<TicketFromCall>,
) -> Reply {
    let call_id = path_id(&id)?;
    let given = body.into_inner();
    let now = state.now();
    let body = state
        .run(caller, move |conn, p| {
            record::in_transaction(conn, |conn| {
                // Two clicks at once make one ticket: the second waits here, then finds it.
                record::lock::<Call>(conn, p.org, call_id)?;
                let call: Call = record::get(conn, p.org, call_id, Visibility::Live)?;
                let fields = &call.0.fields;
                if fields.links.ticket_id.is_some() {
                    return Err(ApiError::Conflict("call_has_ticket"));
                }
                let requester = requester(conn, p.org, fields, now)?;
                let description = given
                    .description
                    .or_else(|| fields.description.clone())
                    .unwrap_or_else(|| fields.subject.clone());
                let new = tickets::input::parse(CreateTicket {
                    subject: given.subject.unwrap_or_else(|| fields.subject.clone()),
                    description,
                    requester_id: Some(requester.to_string()),
                    channel: Some("phone".into()),
                    priority: given.priority,
                    ..CreateTicket::default()
                })?;
                let rules = desk::Rules::of(conn, p.org)?;
                let (ticket, clocks) = desk::tickets::create(conn, (&p).into(), new, now, rules)?;
                record::modify::<Call, ApiError>(conn, p.org, call_id, now, |current| {
                    let mut linked = current.0.fields.clone();
                    linked.links.ticket_id = Some(ticket.id);
                    linked.links.contact_id = Some(requester);
                    linked.links.account_id = linked.links.account_id.or(ticket.fields.account_id);
                    Ok(linked)
                })?;
                tickets::view::full(conn, p.org, &ticket, &clocks)
            })
        })
        .await?;
    Ok(kit::created(
        format!("/api/v1/tickets/{}", body.id),
        body.version,
        &body,
    ))
}
