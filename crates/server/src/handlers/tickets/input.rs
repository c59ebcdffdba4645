//! Turning ticket request bodies into validated domain values.

use api_types::tickets::{CreateCustomerReply, CreateMessage, CreateTicket, UpdateTicket};
use domain::sla::simulation::Priority;
use domain::text::{self, Tag};
use domain::ticket::{self, Channel, Status, Ticket, TicketFields, TicketType, MAX_BODY};
use domain::{
    AccountId, AssetId, AttachmentId, ContactId, Email, FieldError, TeamId, UserId, Violations,
};

use crate::desk::replies::NewMessage;
use crate::desk::tickets::{NewTicket, Requester};
use crate::error::ApiError;
use crate::handlers::attachments;

/// The longest subject, in characters.
pub(crate) const MAX_SUBJECT: usize = 250;

/// The fields every ticket body shares, parsed into `v`.
struct Common {
    subject: Option<String>,
    description: Option<String>,
    account_id: Option<AccountId>,
    asset_id: Option<AssetId>,
    channel: Option<Channel>,
    priority: Option<Priority>,
    ticket_type: Option<TicketType>,
    category: Option<String>,
    language: Option<String>,
    status: Option<Status>,
    assignee_id: Option<UserId>,
    team_id: Option<TeamId>,
    tags: Option<Vec<String>>,
}

/// Reads a ticket described with every field, absent ones already given their defaults.
fn common(v: &mut Violations, body: &CreateTicket) -> Common {
    Common {
        subject: v.check(text::required("/subject", &body.subject, MAX_SUBJECT)),
        description: v.check(text::required("/description", &body.description, MAX_BODY)),
        account_id: v.check_opt(body.account_id.as_deref(), |a| {
            AccountId::parse("/account_id", a)
        }),
        asset_id: v.check_opt(body.asset_id.as_deref(), |a| AssetId::parse("/asset_id", a)),
        channel: v.check(Channel::parse(
            "/channel",
            body.channel.as_deref().unwrap_or("api"),
        )),
        priority: v.check(Priority::parse(
            "/priority",
            body.priority.as_deref().unwrap_or("normal"),
        )),
        ticket_type: v.check_opt(body.ticket_type.as_deref(), |t| {
            TicketType::parse("/type", t)
        }),
        category: v
            .check_opt(body.category.as_deref(), |c| category("/category", c))
            .flatten(),
        language: v
            .check_opt(body.language.as_deref(), |l| {
                ticket::language("/language", l)
            })
            .flatten(),
        status: v.check(Status::parse(
            "/status",
            body.status.as_deref().unwrap_or("new"),
        )),
        assignee_id: v.check_opt(body.assignee_id.as_deref(), |u| {
            UserId::parse("/assignee_id", u)
        }),
        team_id: v.check_opt(body.team_id.as_deref(), |t| TeamId::parse("/team_id", t)),
        tags: v
            .check(Tag::parse_list("/tags", &body.tags))
            .map(|tags| tags.iter().map(|t| t.as_str().to_owned()).collect()),
    }
}

/// A category: like a tag, lowercase words.
pub(crate) fn category(pointer: &str, raw: &str) -> Result<Option<String>, FieldError> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    Tag::parse(pointer, raw).map(|t| Some(t.as_str().to_owned()))
}

fn fields(c: Common, requester_id: ContactId) -> Option<TicketFields> {
    Some(TicketFields {
        subject: c.subject?,
        description: c.description?,
        requester_id,
        account_id: c.account_id,
        asset_id: c.asset_id,
        channel: c.channel?,
        priority: c.priority?,
        ticket_type: c.ticket_type,
        category: c.category,
        language: c.language,
        status: c.status?,
        assignee_id: c.assignee_id,
        team_id: c.team_id,
        tags: c.tags?,
    })
}

/// Validates a new ticket. Its requester is a contact id or an email address, not both.
pub fn parse(body: CreateTicket) -> Result<NewTicket, ApiError> {
    let mut v = Violations::new();
    let requester = match (&body.requester_id, &body.requester_email) {
        (Some(id), None) => v
            .check(ContactId::parse("/requester_id", id))
            .map(Requester::Contact),
        (None, Some(email)) => v
            .check(Email::parse("/requester_email", email))
            .map(Requester::Email),
        (Some(_), Some(_)) => {
            v.push(FieldError::new(
                "/requester_email",
                "conflicts_with_requester_id",
                "give requester_id or requester_email, not both",
            ));
            None
        }
        (None, None) => {
            v.push(FieldError::new(
                "/requester_id",
                "required",
                "give requester_id (a contact) or requester_email",
            ));
            None
        }
    };
    let common = common(&mut v, &body);
    if common.status == Some(Status::Closed) {
        v.push(FieldError::new(
            "/status",
            "invalid_status",
            "a new ticket cannot be closed; solve it instead",
        ));
    }
    // The requester's id is known once it is resolved; this one is replaced then.
    let placeholder = match &requester {
        Some(Requester::Contact(id)) => *id,
        _ => ContactId::mint(),
    };
    v.finish(|| {
        Some(NewTicket {
            requester: requester?,
            fields: fields(common, placeholder)?,
        })
    })
    .map_err(ApiError::from)
}

/// The fields of `current` with `patch` applied, validated exactly like a creation. The
/// status machine is checked by the change itself.
pub fn merge(current: &Ticket, patch: UpdateTicket) -> Result<TicketFields, ApiError> {
    let f = &current.fields;
    let merged = CreateTicket {
        // `null` becomes empty, which validation refuses.
        subject: patch.subject.or_default(f.subject.clone()),
        description: patch.description.or_default(f.description.clone()),
        requester_id: None,
        requester_email: None,
        account_id: patch.account_id.or(f.account_id.map(|a| a.to_string())),
        asset_id: patch.asset_id.or(f.asset_id.map(|a| a.to_string())),
        channel: Some(
            patch
                .channel
                .unwrap_or_else(|| f.channel.as_str().to_owned()),
        ),
        priority: Some(
            patch
                .priority
                .unwrap_or_else(|| f.priority.as_str().to_owned()),
        ),
        ticket_type: patch
            .ticket_type
            .or(f.ticket_type.map(|t| t.as_str().to_owned())),
        category: patch.category.or(f.category.clone()),
        language: patch.language.or(f.language.clone()),
        status: Some(patch.status.unwrap_or_else(|| f.status.as_str().to_owned())),
        assignee_id: patch.assignee_id.or(f.assignee_id.map(|u| u.to_string())),
        team_id: patch.team_id.or(f.team_id.map(|t| t.to_string())),
        tags: patch.tags.unwrap_or_else(|| f.tags.clone()),
    };
    let mut v = Violations::new();
    let requester_id = match patch.requester_id {
        Some(raw) => v.check(ContactId::parse("/requester_id", &raw)),
        None => Some(f.requester_id),
    };
    let common = common(&mut v, &merged);
    v.finish(|| fields(common, requester_id?))
        .map_err(ApiError::from)
}

/// Validates a reply or note.
pub fn message(body: CreateMessage) -> Result<NewMessage, ApiError> {
    let mut v = Violations::new();
    let text = v.check(text::required("/body", &body.body, MAX_BODY));
    let status = v.check_opt(body.status.as_deref(), |s| Status::parse("/status", s));
    let attachments = v.check(attachments::ids(&body.attachment_ids));
    v.finish(|| {
        Some(NewMessage {
            body: text?,
            public: body.public.unwrap_or(true),
            status,
            attachments: attachments?,
        })
    })
    .map_err(ApiError::from)
}

/// Validates a customer's reply: its text and the uploads sent with it.
pub fn customer_reply(body: CreateCustomerReply) -> Result<(String, Vec<AttachmentId>), ApiError> {
    let mut v = Violations::new();
    let text = v.check(text::required("/body", &body.body, MAX_BODY));
    let attachments = v.check(attachments::ids(&body.attachment_ids));
    v.finish(|| Some((text?, attachments?)))
        .map_err(ApiError::from)
}
