//! `/api/v1/tickets` and a ticket's conversation.

use api_types::attachments::Attachment;
use api_types::live::{TicketViewer, TicketViewers};
use api_types::tickets::{
    BulkUpdateTickets, BulkUpdated, CreateMessage, CreateTicket, CreateTicketView, Message, Ticket,
    TicketFilters, TicketLink, TicketLinks, TicketView, UpdateTicket,
};
use api_types::Page;

use super::{call, get, ApiError, Resource, Session};

impl Resource for Ticket {
    const PATH: &'static str = "tickets";
    const KIND: &'static str = "ticket";
    const TITLE: &'static str = "Tickets";
    const WRITE: domain::Permission = domain::Permission::WriteTickets;
    type Create = CreateTicket;
    type Update = UpdateTicket;
    type Filters = TicketFilters;

    fn id(&self) -> &str {
        &self.id
    }

    fn deleted_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.deleted_at
    }

    /// `#1042 Printer on fire`.
    fn title(&self) -> String {
        format!("#{} {}", self.number, self.subject)
    }
}

/// The ticket's conversation, oldest first (the first 100 messages).
pub async fn messages(session: &Session, ticket: &str) -> Result<Vec<Message>, ApiError> {
    let path = format!("/api/v1/tickets/{ticket}/messages?limit=100");
    let page: Page<Message> = get(session, &path).await?.body;
    Ok(page.items)
}

/// Adds a reply or an internal note.
pub async fn add_message(
    session: &Session,
    ticket: &str,
    body: &CreateMessage,
) -> Result<Message, ApiError> {
    let path = format!("/api/v1/tickets/{ticket}/messages");
    Ok(call(session, "POST", &path, Some(body), None).await?.body)
}

/// Blanks a message's text for good (admins).
pub async fn redact(session: &Session, ticket: &str, message: &str) -> Result<(), ApiError> {
    let path = format!("/api/v1/tickets/{ticket}/messages/{message}/redact");
    call::<serde_json::Value>(session, "POST", &path, None::<&()>, None).await?;
    Ok(())
}

/// The tickets linked to a ticket, by number.
pub async fn links(session: &Session, ticket: &str) -> Result<Vec<TicketLink>, ApiError> {
    let path = format!("/api/v1/tickets/{ticket}/links");
    let found: TicketLinks = get(session, &path).await?.body;
    Ok(found.links)
}

/// Links two tickets as related (`link`), or unlinks them.
pub async fn set_link(
    session: &Session,
    ticket: &str,
    other: &str,
    link: bool,
) -> Result<(), ApiError> {
    let path = format!("/api/v1/tickets/{ticket}/links/{other}");
    let method = if link { "PUT" } else { "DELETE" };
    call::<serde_json::Value>(session, method, &path, None::<&()>, None).await?;
    Ok(())
}

/// The saved views the user sees, with their counts (the first 100, by name).
pub async fn saved_views(session: &Session) -> Result<Vec<TicketView>, ApiError> {
    let page: Page<TicketView> = get(session, "/api/v1/ticket-views?counts=true&limit=100")
        .await?
        .body;
    Ok(page.items)
}

/// Saves the list as it is filtered and sorted now.
pub async fn save_view(session: &Session, body: &CreateTicketView) -> Result<TicketView, ApiError> {
    Ok(
        call(session, "POST", "/api/v1/ticket-views", Some(body), None)
            .await?
            .body,
    )
}

/// Deletes a saved view, if it is still at the version shown.
pub async fn delete_view(session: &Session, view: &TicketView) -> Result<(), ApiError> {
    let path = format!("/api/v1/ticket-views/{}", view.id);
    let etag = format!("\"{}\"", view.version);
    call::<serde_json::Value>(session, "DELETE", &path, None::<&()>, Some(&etag)).await?;
    Ok(())
}

/// Changes many tickets at once, all or none.
pub async fn bulk_update(
    session: &Session,
    body: &BulkUpdateTickets,
) -> Result<BulkUpdated, ApiError> {
    Ok(
        call(session, "POST", "/api/v1/tickets/bulk", Some(body), None)
            .await?
            .body,
    )
}

/// The ticket numbered `number`, if there is one.
pub async fn by_number(session: &Session, number: i64) -> Result<Option<Ticket>, ApiError> {
    let filters = TicketFilters {
        q: Some(number.to_string()),
        ..TicketFilters::default()
    };
    let query = api_types::ListQuery {
        limit: Some(25),
        ..api_types::ListQuery::default()
    };
    let page = super::list::<Ticket>(session, &query, &filters).await?;
    Ok(page.items.into_iter().find(|t| t.number == number))
}

/// Merges ticket `from` into ticket `into`; answers the ticket that goes on.
pub async fn merge(session: &Session, from: &str, into: &str) -> Result<Ticket, ApiError> {
    let path = format!("/api/v1/tickets/{from}/merge");
    let body = api_types::tickets::MergeTicket {
        into_id: into.to_owned(),
    };
    Ok(call(session, "POST", &path, Some(&body), None).await?.body)
}

/// Says that the signed-in user has the ticket open; answers who has it open.
pub async fn view(session: &Session, ticket: &str) -> Result<Vec<TicketViewer>, ApiError> {
    let path = format!("/api/v1/tickets/{ticket}/viewers/me");
    let found: TicketViewers = call(session, "PUT", &path, None::<&()>, None).await?.body;
    Ok(found.viewers)
}

/// Says that the signed-in user closed the ticket.
pub async fn leave(session: &Session, ticket: &str) -> Result<(), ApiError> {
    let path = format!("/api/v1/tickets/{ticket}/viewers/me");
    call::<serde_json::Value>(session, "DELETE", &path, None::<&()>, None).await?;
    Ok(())
}

/// Uploads a file to send with a message; it waits for the caller until a message names it.
pub async fn upload(session: &Session, file: &web_sys::File) -> Result<Attachment, ApiError> {
    web_shared::http::upload(*session, "/api/v1/attachments", file).await
}

/// Discards an upload not sent.
pub async fn discard(session: &Session, attachment: &Attachment) -> Result<(), ApiError> {
    call::<serde_json::Value>(session, "DELETE", &attachment.url, None::<&()>, None).await?;
    Ok(())
}

/// Saves an attachment through the browser.
pub async fn download(session: &Session, attachment: &Attachment) -> Result<(), ApiError> {
    web_shared::http::save_file(*session, &attachment.url, &attachment.filename).await
}
