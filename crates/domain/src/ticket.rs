//! Tickets: what a customer asked for, and the rules of a ticket's life.
//!
//! The status machine: new → open → pending (waiting on the customer) / on hold (waiting on a
//! third party) → solved → closed. A solved ticket reopens within the organization's reopen
//! window; after it, and once closed, a customer's reply opens a linked follow-up instead.
//! Closed is final.

use chrono::{DateTime, Duration, Utc};

use crate::account::string_enum;
use crate::id::{AccountId, AssetId, ContactId, TeamId, UserId};
use crate::sla::simulation::Priority;
use crate::validation::FieldError;

/// Where a ticket stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// Nobody has looked at it yet.
    New,
    /// Being worked on.
    Open,
    /// Waiting on the customer.
    Pending,
    /// Waiting on a third party.
    OnHold,
    /// Answered; reopens if the customer writes back within the reopen window.
    Solved,
    /// Done for good.
    Closed,
}

string_enum!(Status, "invalid_status", "must be one of new, open, pending, on_hold, solved, closed", {
    Status::New => "new",
    Status::Open => "open",
    Status::Pending => "pending",
    Status::OnHold => "on_hold",
    Status::Solved => "solved",
    Status::Closed => "closed",
});

/// How a ticket reached the organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    /// An email.
    Email,
    /// A phone call.
    Phone,
    /// A web form.
    Web,
    /// The customer portal.
    Portal,
    /// A chat.
    Chat,
    /// The API.
    Api,
    /// Face to face.
    InPerson,
}

string_enum!(Channel, "invalid_channel", "must be one of email, phone, web, portal, chat, api, in_person", {
    Channel::Email => "email",
    Channel::Phone => "phone",
    Channel::Web => "web",
    Channel::Portal => "portal",
    Channel::Chat => "chat",
    Channel::Api => "api",
    Channel::InPerson => "in_person",
});

/// What kind of request a ticket is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TicketType {
    /// A question.
    Question,
    /// Something broke.
    Incident,
    /// The cause behind incidents.
    Problem,
    /// Work to do.
    Task,
}

string_enum!(TicketType, "invalid_type", "must be one of question, incident, problem, task", {
    TicketType::Question => "question",
    TicketType::Incident => "incident",
    TicketType::Problem => "problem",
    TicketType::Task => "task",
});

/// The reopen windows an organization may set, in days (0: a solved ticket never reopens).
pub const REOPEN_WINDOW_DAYS: std::ops::RangeInclusive<i32> = 0..=90;

/// The auto-close times an organization may set, in days.
pub const AUTO_CLOSE_DAYS: std::ops::RangeInclusive<i32> = 1..=90;

/// How long a solved ticket can be reopened, unless the organization sets another window.
pub const DEFAULT_REOPEN_WINDOW: Duration = Duration::days(7);

/// The statuses an agent may move a ticket to from `from`, ignoring the reopen window.
pub fn next_statuses(from: Status) -> &'static [Status] {
    use Status::*;
    match from {
        New => &[Open, Pending, OnHold, Solved],
        Open => &[Pending, OnHold, Solved],
        Pending => &[Open, OnHold, Solved],
        OnHold => &[Open, Pending, Solved],
        Solved => &[Open, Pending, OnHold, Closed],
        Closed => &[],
    }
}

/// Whether a solved ticket can still be reopened at `now`.
pub fn reopenable(solved_at: Option<DateTime<Utc>>, now: DateTime<Utc>, window: Duration) -> bool {
    solved_at.is_none_or(|at| now - at <= window)
}

/// The statuses a ticket may move to at `now`: [`next_statuses`] less the reopening ones once
/// the window has passed.
pub fn allowed_next(
    from: Status,
    solved_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    window: Duration,
) -> Vec<Status> {
    next_statuses(from)
        .iter()
        .copied()
        .filter(|to| {
            from != Status::Solved || *to == Status::Closed || reopenable(solved_at, now, window)
        })
        .collect()
}

/// What a status change does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    /// The status stays.
    Unchanged,
    /// The status moves on.
    Moved,
    /// A solved ticket is worked on again.
    Reopened,
}

/// A status change the machine does not allow, with what it does allow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// The current status.
    pub from: Status,
    /// The status asked for.
    pub to: Status,
    /// Where the ticket may go instead.
    pub allowed: Vec<Status>,
}

/// Checks an agent's move from `from` to `to` at `now`.
pub fn transition(
    from: Status,
    to: Status,
    solved_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    window: Duration,
) -> Result<Transition, Refused> {
    if from == to {
        return Ok(Transition::Unchanged);
    }
    let allowed = allowed_next(from, solved_at, now, window);
    if !allowed.contains(&to) {
        return Err(Refused { from, to, allowed });
    }
    Ok(if from == Status::Solved && to != Status::Closed {
        Transition::Reopened
    } else {
        Transition::Moved
    })
}

/// What a customer's reply does to a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomerReply {
    /// It lands on the ticket, which moves to (or stays in) this status.
    Lands(Status),
    /// The ticket is closed, or solved too long ago: the reply opens a linked follow-up.
    FollowUp,
}

/// Where a customer's reply goes at `now`: a waiting or solved ticket comes back to the agents.
pub fn customer_reply(
    status: Status,
    solved_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    window: Duration,
) -> CustomerReply {
    match status {
        Status::New => CustomerReply::Lands(Status::New),
        Status::Open | Status::Pending | Status::OnHold => CustomerReply::Lands(Status::Open),
        Status::Solved if reopenable(solved_at, now, window) => CustomerReply::Lands(Status::Open),
        Status::Solved | Status::Closed => CustomerReply::FollowUp,
    }
}

/// The handles an internal note mentions (`@alex`, `@sam.rivera`), in lower case, each once:
/// an `@` that starts a word, then letters, digits, `.`, `_` or `-` (a final `.` ends the
/// sentence, not the handle).
pub fn mentions(body: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut previous = ' ';
    for (at, c) in body.char_indices() {
        if c == '@' && !previous.is_alphanumeric() {
            let handle: String = body[at + 1..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'))
                .collect();
            let handle = handle.trim_end_matches('.').to_lowercase();
            if !handle.is_empty() && !found.contains(&handle) {
                found.push(handle);
            }
        }
        previous = c;
    }
    found
}

/// Whether `handle` names the user with this email and name: the email's local part, the whole
/// name without spaces, or the first name.
pub fn handle_names(handle: &str, email: &str, name: &str) -> bool {
    let local = email.split('@').next().unwrap_or_default().to_lowercase();
    let whole: String = name.split_whitespace().collect::<String>().to_lowercase();
    let first = name
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_lowercase();
    handle == local || handle == whole || handle == first
}

/// The status after an agent's public reply that names none: a new ticket is now open.
pub fn after_agent_reply(status: Status) -> Status {
    match status {
        Status::New => Status::Open,
        other => other,
    }
}

/// A language tag as tickets keep it: a language of 2 or 3 letters and up to three subtags
/// (`de`, `pt-BR`, `zh-Hant-TW`), lower case; blank is none.
pub fn language(pointer: &str, raw: &str) -> Result<Option<String>, FieldError> {
    let tag = raw.trim().to_ascii_lowercase();
    if tag.is_empty() {
        return Ok(None);
    }
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or_default();
    let subtags: Vec<&str> = parts.collect();
    let fits = (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && subtags.len() <= 3
        && subtags
            .iter()
            .all(|s| (2..=8).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric()));
    if fits {
        Ok(Some(tag))
    } else {
        Err(FieldError::new(
            pointer,
            "invalid_language",
            "must be a language tag such as en, de or pt-BR",
        ))
    }
}

/// Everything a user sets on a ticket, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketFields {
    /// One line saying what it is about.
    pub subject: String,
    /// The request as first written.
    pub description: String,
    /// The customer who asked.
    pub requester_id: ContactId,
    /// The customer's company.
    pub account_id: Option<AccountId>,
    /// The asset it is about (one of the account's).
    pub asset_id: Option<AssetId>,
    /// How it came in.
    pub channel: Channel,
    /// How urgent it is.
    pub priority: Priority,
    /// What kind of request it is.
    pub ticket_type: Option<TicketType>,
    /// A free category such as `billing`, lowercase.
    pub category: Option<String>,
    /// The language the customer writes in, a lower-case language tag such as `de` or
    /// `pt-br`; skills routing gives the ticket to an agent holding the language (`pt`) as a
    /// skill.
    pub language: Option<String>,
    /// Where it stands.
    pub status: Status,
    /// The agent working on it.
    pub assignee_id: Option<UserId>,
    /// The team (queue) it belongs to.
    pub team_id: Option<TeamId>,
    /// Lowercase tags, no duplicates.
    pub tags: Vec<String>,
}

impl TicketFields {
    /// The words search matches against: the number and the subject. (The description and
    /// the conversation can be long; they want a full-text index, not word prefixes.)
    pub fn search_text(&self, number: i64) -> String {
        let number = number.to_string();
        crate::text::search_words([Some(number.as_str()), Some(self.subject.as_str())])
    }
}

/// Where a ticket's SLA clocks stand, kept on the ticket so lists filter and sort by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SlaSummary {
    /// The policy whose clocks run on the ticket.
    pub policy_id: Option<crate::id::SlaPolicyId>,
    /// The deadline of the most urgent clock still counting (or breached and not met).
    pub due_at: Option<DateTime<Utc>>,
    /// When that clock warns.
    pub warn_at: Option<DateTime<Utc>>,
    /// The next instant any clock warns or breaches, for the escalation sweep.
    pub next_at: Option<DateTime<Utc>>,
}

/// A stored ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticket {
    /// Its id.
    pub id: crate::id::TicketId,
    /// Its number in the organization (`#1042`).
    pub number: i64,
    /// What users set.
    pub fields: TicketFields,
    /// The first public reply by an agent.
    pub first_responded_at: Option<DateTime<Utc>>,
    /// When it was last solved (cleared on reopening).
    pub solved_at: Option<DateTime<Utc>>,
    /// When it was closed.
    pub closed_at: Option<DateTime<Utc>>,
    /// The SLA clocks in short.
    pub sla: SlaSummary,
    /// The ticket this one was merged into.
    pub merged_into_id: Option<crate::id::TicketId>,
    /// The closed ticket this one follows up.
    pub follow_up_of_id: Option<crate::id::TicketId>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// Soft-deleted.
    pub deleted_at: Option<DateTime<Utc>>,
    /// Optimistic-concurrency version.
    pub version: i64,
}

impl Ticket {
    /// The instants that follow from a move to `status` at `now`: when it was solved and
    /// closed.
    pub fn status_instants(
        &self,
        status: Status,
        now: DateTime<Utc>,
    ) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
        if status == self.fields.status {
            return (self.solved_at, self.closed_at);
        }
        match status {
            Status::Solved => (Some(now), None),
            Status::Closed => (self.solved_at.or(Some(now)), Some(now)),
            _ => (None, None),
        }
    }
}

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Author {
    /// A staff user.
    User(UserId),
    /// The customer (a contact).
    Contact(ContactId),
}

/// A public reply or an internal note on a ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// Its id.
    pub id: crate::id::MessageId,
    /// The ticket it is on.
    pub ticket_id: crate::id::TicketId,
    /// Seen by the customer (a reply) or by staff only (an internal note).
    pub public: bool,
    /// Who wrote it.
    pub author: Author,
    /// The text; empty once redacted.
    pub body: String,
    /// When it was written.
    pub created_at: DateTime<Utc>,
    /// When an admin redacted it, and who.
    pub redacted: Option<(DateTime<Utc>, UserId)>,
    /// The files sent with it (none once redacted).
    pub attachments: Vec<crate::attachment::Attachment>,
    /// The mail it came in as, when the customer wrote it by email.
    pub inbound_email_id: Option<crate::id::InboundEmailId>,
}

/// The longest message body, in characters.
pub const MAX_BODY: usize = 65_536;

/// Sort rank of a priority: low 1 to urgent 4.
pub fn priority_rank(priority: Priority) -> i64 {
    match priority {
        Priority::Low => 1,
        Priority::Normal => 2,
        Priority::High => 3,
        Priority::Urgent => 4,
    }
}

/// How a linked ticket relates to the one it is seen from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkKind {
    /// An agent linked the two (it reads the same from both ends).
    Related,
    /// This ticket follows up the linked one, which was closed when the customer wrote again.
    FollowUpOf,
    /// The linked ticket follows up this one.
    FollowedUpBy,
    /// This ticket was merged into the linked one.
    MergedInto,
    /// The linked ticket was merged into this one.
    MergedFrom,
}

string_enum!(LinkKind, "invalid_link", "must be one of related, follow_up_of, followed_up_by, merged_into, merged_from", {
    LinkKind::Related => "related",
    LinkKind::FollowUpOf => "follow_up_of",
    LinkKind::FollowedUpBy => "followed_up_by",
    LinkKind::MergedInto => "merged_into",
    LinkKind::MergedFrom => "merged_from",
});

/// The most tickets an agent may link to one ticket as related.
pub const MAX_RELATED: i64 = 50;

/// The description of the ticket a customer's reply to a closed ticket opens: the reply
/// itself is its first message.
pub fn follow_up_description(closed_number: i64, closed_subject: &str) -> String {
    format!("Follow-up to #{closed_number} \u{201c}{closed_subject}\u{201d}, which was closed.")
}
