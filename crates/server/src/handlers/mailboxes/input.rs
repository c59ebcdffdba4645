//! Turning mailbox request bodies into validated domain fields.

use api_types::mail::{CreateMailbox, UpdateMailbox};
use db::mailboxes::Mailbox;
use domain::mail::MailboxFields;
use domain::{text, Email, TeamId, Violations};

use crate::auth::Principal;
use crate::error::ApiError;

/// Validates a whole mailbox.
pub fn parse(body: CreateMailbox) -> Result<MailboxFields, ApiError> {
    let mut v = Violations::new();
    let name = v.check(text::required("/name", &body.name, 100));
    let address = v.check(Email::parse("/address", &body.address));
    let team_id = v.check_opt(body.team_id, |t| TeamId::parse("/team_id", &t));
    v.finish(|| {
        Some(MailboxFields {
            name: name?,
            address: address?.as_str().to_owned(),
            team_id,
            active: body.active.unwrap_or(true),
        })
    })
    .map_err(ApiError::from)
}

/// The fields of `current` with `patch` applied, validated exactly like a creation.
pub fn merge(
    current: &Mailbox,
    patch: UpdateMailbox,
    _caller: &Principal,
) -> Result<MailboxFields, ApiError> {
    let now = &current.fields;
    parse(CreateMailbox {
        name: patch.name.unwrap_or_else(|| now.name.clone()),
        address: patch.address.unwrap_or_else(|| now.address.clone()),
        team_id: patch.team_id.or(now.team_id.map(|t| t.to_string())),
        active: Some(patch.active.unwrap_or(now.active)),
    })
}
