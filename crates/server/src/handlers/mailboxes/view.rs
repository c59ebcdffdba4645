//! Mailboxes and their messages as the API shows them.

use api_types::mail::{
    InboundAttachment, InboundEmail as InboundEmailBody, Mailbox as MailboxBody,
};
use db::inbound_emails::InboundEmail;
use db::mailboxes::Mailbox;
use db::AnyConnection;
use domain::mail::inbound_token;
use domain::OrgId;

use crate::error::ApiError;
use crate::kit::View;

impl View for Mailbox {
    type Body = MailboxBody;

    fn view(_: &mut AnyConnection, org: OrgId, mailbox: &Mailbox) -> Result<MailboxBody, ApiError> {
        Ok(self::mailbox(org, mailbox))
    }
}

impl View for InboundEmail {
    type Body = InboundEmailBody;

    fn view(
        _: &mut AnyConnection,
        _: OrgId,
        email: &InboundEmail,
    ) -> Result<InboundEmailBody, ApiError> {
        Ok(self::email(email))
    }
}

/// A mailbox as a response body.
pub fn mailbox(org: OrgId, mailbox: &Mailbox) -> MailboxBody {
    let f = &mailbox.fields;
    MailboxBody {
        id: mailbox.id.to_string(),
        name: f.name.clone(),
        address: f.address.clone(),
        team_id: f.team_id.map(|t| t.to_string()),
        active: f.active,
        inbound_path: format!(
            "/api/v1/inbound/email/{}",
            inbound_token(org, mailbox.id, &mailbox.secret)
        ),
        created_at: mailbox.created_at,
        updated_at: mailbox.updated_at,
        deleted_at: mailbox.deleted_at,
        version: mailbox.version,
    }
}

/// A message that arrived, as a response body.
pub fn email(email: &InboundEmail) -> InboundEmailBody {
    InboundEmailBody {
        id: email.id.to_string(),
        mailbox_id: email.mailbox_id.to_string(),
        message_id: email.message_id.clone(),
        from: email.from_address.clone(),
        subject: email.subject.clone(),
        sender: email.sender.as_str().to_owned(),
        outcome: email.outcome.as_str().to_owned(),
        detail: email.detail.clone(),
        ticket_id: email.ticket_id.map(|t| t.to_string()),
        ticket_message_id: email.ticket_message_id.map(|m| m.to_string()),
        size: email.size,
        received_at: email.received_at,
        attachments: email
            .attachments
            .iter()
            .enumerate()
            .map(|(i, a)| InboundAttachment {
                filename: a.filename.clone(),
                content_type: a.content_type.clone(),
                size: a.size,
                inline: a.inline,
                content_id: a.content_id.clone(),
                path: format!("/api/v1/inbound-emails/{}/attachments/{i}", email.id),
            })
            .collect(),
        original_path: format!("/api/v1/inbound-emails/{}/original", email.id),
        redacted_at: email.redacted_at,
    }
}
