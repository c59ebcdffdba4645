//! Mailboxes, and the mail that reaches them.

use api_types::mail::{CreateMailbox, InboundAttachment, InboundEmail, Mailbox, UpdateMailbox};
use api_types::Page;

use super::{call, get, ApiError, Resource, Session};

impl Resource for Mailbox {
    const PATH: &'static str = "mailboxes";
    const KIND: &'static str = "mailbox";
    const TITLE: &'static str = "Mailboxes";
    const WRITE: domain::Permission = domain::Permission::ManageSettings;
    type Create = CreateMailbox;
    type Update = UpdateMailbox;
    type Filters = ();

    fn id(&self) -> &str {
        &self.id
    }

    fn deleted_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.deleted_at
    }

    fn title(&self) -> String {
        self.name.clone()
    }
}

/// Gives a mailbox a new inbound URL; the old one stops working.
pub async fn rotate(session: &Session, id: &str) -> Result<Mailbox, ApiError> {
    let path = format!("/api/v1/mailboxes/{id}/rotate-secret");
    Ok(
        call(session, "POST", &path, Some(&serde_json::json!({})), None)
            .await?
            .body,
    )
}

/// The latest mail of a mailbox, only that with `outcome` when given.
pub async fn emails(
    session: &Session,
    mailbox: &str,
    outcome: Option<&str>,
) -> Result<Page<InboundEmail>, ApiError> {
    let filter = outcome.map(|o| format!("&outcome={o}")).unwrap_or_default();
    let path = format!("/api/v1/mailboxes/{mailbox}/emails?limit=50{filter}");
    Ok(get(session, &path).await?.body)
}

/// The mail that opened or joined a ticket, oldest first.
pub async fn of_ticket(session: &Session, ticket: &str) -> Result<Vec<InboundEmail>, ApiError> {
    let path = format!("/api/v1/tickets/{ticket}/emails?limit=100");
    let page: Page<InboundEmail> = get(session, &path).await?.body;
    Ok(page.items)
}

/// One message that reached a mailbox.
pub async fn email(session: &Session, id: &str) -> Result<InboundEmail, ApiError> {
    Ok(get(session, &format!("/api/v1/inbound-emails/{id}"))
        .await?
        .body)
}

/// Saves a message, whole as it arrived, through the browser.
pub async fn save_original(session: &Session, email: &InboundEmail) -> Result<(), ApiError> {
    web_shared::http::save_file(*session, &email.original_path, "original.eml").await
}

/// Saves a file a message carried through the browser.
pub async fn save_attachment(session: &Session, file: &InboundAttachment) -> Result<(), ApiError> {
    web_shared::http::save_file(*session, &file.path, &file.filename).await
}

/// Where a mailbox's mail is fetched from over IMAP; `None` when it is not.
pub async fn imap(
    session: &Session,
    mailbox: &str,
) -> Result<Option<api_types::mail::ImapSource>, ApiError> {
    match get(session, &format!("/api/v1/mailboxes/{mailbox}/imap")).await {
        Ok(answer) => Ok(Some(answer.body)),
        Err(error) if error.status() == Some(404) => Ok(None),
        Err(error) => Err(error),
    }
}

/// Fetches a mailbox's mail from an IMAP server.
pub async fn save_imap(
    session: &Session,
    mailbox: &str,
    body: &api_types::mail::PutImapSource,
) -> Result<api_types::mail::ImapSource, ApiError> {
    let path = format!("/api/v1/mailboxes/{mailbox}/imap");
    Ok(call(session, "PUT", &path, Some(body), None).await?.body)
}

/// Stops fetching a mailbox's mail over IMAP.
pub async fn remove_imap(session: &Session, mailbox: &str) -> Result<(), ApiError> {
    let path = format!("/api/v1/mailboxes/{mailbox}/imap");
    call::<serde_json::Value>(session, "DELETE", &path, None::<&()>, None).await?;
    Ok(())
}
