//! `/api/v1/tickets` and a ticket's conversation.

use api_types::tickets::{
    CreateMessage, CreateTicket, Message, Ticket, TicketFilters, UpdateTicket,
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
