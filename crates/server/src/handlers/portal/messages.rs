//! A ticket's public conversation in the portal: reading it and replying.

use actix_web::web::{Path, Query};
use actix_web::{get, post, HttpResponse};
use api_types::portal::{CreatePortalMessage, PortalMessage};
use api_types::{Page, PageQuery};
use domain::ticket::{Author, Message, MAX_BODY};
use domain::{text, ContactId, UserId, Violations};

use crate::auth::PortalCaller;
use crate::desk::{self, Actor};
use crate::error::ApiError;
use crate::extract::{path_id, Json};
use crate::kit::{self, Reply, State};
use crate::openapi::{Conflict, Id, Invalid};

/// Messages as the customer sees them: who wrote each by name only.
fn bodies(
    conn: &mut db::AnyConnection,
    org: domain::OrgId,
    messages: &[Message],
) -> Result<Vec<PortalMessage>, ApiError> {
    let users: Vec<UserId> = messages
        .iter()
        .filter_map(|m| match m.author {
            Author::User(u) => Some(u),
            Author::Contact(_) => None,
        })
        .collect();
    let contacts: Vec<ContactId> = messages
        .iter()
        .filter_map(|m| match m.author {
            Author::Contact(c) => Some(c),
            Author::User(_) => None,
        })
        .collect();
    let user_names = db::portal::names::users(conn, org, &users)?;
    let contact_names = db::portal::names::contacts(conn, org, &contacts)?;
    Ok(messages
        .iter()
        .map(|m| {
            let (from, name) = match m.author {
                Author::User(u) => (
                    "support",
                    user_names.iter().find(|(id, _)| *id == u).map(|(_, n)| n),
                ),
                Author::Contact(c) => (
                    "customer",
                    contact_names
                        .iter()
                        .find(|(id, _)| *id == c)
                        .map(|(_, n)| n),
                ),
            };
            PortalMessage {
                id: m.id.to_string(),
                from: from.to_owned(),
                author_name: name.cloned().unwrap_or_default(),
                body: m.body.clone(),
                created_at: m.created_at,
                attachments: m
                    .attachments
                    .iter()
                    .map(super::attachments::portal_view)
                    .collect(),
            }
        })
        .collect())
}

/// Read a ticket's conversation, oldest first: the replies between you and the support
/// team, never its internal notes.
#[utoipa::path(
    tag = "portal",
    params(Id, PageQuery),
    responses((status = 200, description = "A page of messages", body = Page<PortalMessage>)),
)]
#[get("/portal/tickets/{id}/messages")]
pub async fn list_portal_messages(
    state: State,
    caller: PortalCaller,
    id: Path<String>,
    query: Query<PageQuery>,
) -> Reply {
    let id = path_id(&id)?;
    let params = kit::page_params(&query, &db::tickets::messages::SORTS)?;
    let page = state
        .run_portal(caller, move |conn, p| {
            super::visible_ticket(conn, &p, id)?;
            let page = db::tickets::messages::list(conn, p.org, id, true, &params)?;
            Ok(Page::new(
                bodies(conn, p.org, &page.items)?,
                page.next_cursor,
            ))
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Reply on a ticket.
///
/// A ticket waiting for you, on hold or recently solved comes back to the support team; on
/// a closed ticket, or one solved longer ago than the reopen window, your reply opens a
/// follow-up ticket linked to it, whose first message it is (the answer's `Location` names
/// that ticket's messages). A ticket merged into another takes no reply (409
/// `ticket_merged`): the conversation goes on where it was merged.
#[utoipa::path(
    tag = "portal",
    params(Id),
    request_body = CreatePortalMessage,
    responses(
        (status = 201, description = "Sent", body = PortalMessage, headers(("Location" = String))),
        Conflict,
        Invalid,
    ),
)]
#[post("/portal/tickets/{id}/messages")]
pub async fn create_portal_message(
    state: State,
    caller: PortalCaller,
    id: Path<String>,
    body: Json<CreatePortalMessage>,
) -> Reply {
    let id = path_id(&id)?;
    let body = body.into_inner();
    let mut v = Violations::new();
    let text = v.check(text::required("/body", &body.body, MAX_BODY));
    let files = v.check(crate::handlers::attachments::ids(&body.attachment_ids));
    let (text, files) = v.finish(|| Some((text?, files?))).map_err(ApiError::from)?;
    let now = state.now();
    let message = state
        .run_portal(caller, move |conn, p| {
            // Under the ticket's lock: a merge waits until the reply is in, so the reply
            // never follows a merge to a ticket the caller cannot see.
            db::record::in_transaction(conn, |conn| {
                db::record::lock::<domain::ticket::Ticket>(conn, p.org, id)?;
                let ticket = super::visible_ticket(conn, &p, id)?;
                if ticket.merged_into_id.is_some() {
                    return Err(ApiError::Conflict("ticket_merged"));
                }
                // A colleague's reply is theirs, not the requester's.
                let writer = (ticket.fields.requester_id != p.contact).then_some(p.contact);
                let rules = desk::Rules::of(conn, p.org)?;
                let actor = Actor::from(&p);
                let said = (text, files);
                let message =
                    desk::customer::reply_by(conn, actor, (id, writer), said, now, rules)?;
                let mut list = bodies(conn, p.org, std::slice::from_ref(&message))?;
                Ok((message.ticket_id, list.pop().ok_or(ApiError::NotFound)?))
            })
        })
        .await?;
    let (ticket, body) = message;
    Ok(HttpResponse::Created()
        .insert_header((
            actix_web::http::header::LOCATION,
            format!("/api/v1/portal/tickets/{ticket}/messages"),
        ))
        .json(body))
}
