//! Creating and changing tickets (an agent's replies are in [`super::replies`]). Each runs in
//! one transaction that also writes the timeline and refreshes the SLA clocks, so a ticket is
//! never seen half-changed.

use chrono::{DateTime, Utc};
use db::record::{self, Record, Visibility};
use db::AnyConnection;
use domain::contact::{Contact, ContactFields};
use domain::outbound::TemplateKind;
use domain::sla::simulation::ClockReport;
use domain::ticket::{self, Status, Ticket, TicketFields, Transition};
use domain::{ContactId, Email, FieldError, MessageId, OrgId, TicketId};
use serde_json::json;

use super::routing;
use super::{clocks, entitlements, Actor, Rules};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::IfMatch;

/// Who asked: a known contact, or an email address to find or create one by.
#[derive(Debug, Clone)]
pub enum Requester {
    /// This contact.
    Contact(ContactId),
    /// The contact with this address; a new one when there is none.
    Email(Email),
    /// Likewise, a new contact taking the name the sender's mail program gave (`Ada Byron`).
    Named(Email, String),
}

/// A ticket as its creator described it, the requester still to be resolved.
#[derive(Debug, Clone)]
pub struct NewTicket {
    /// Who asked.
    pub requester: Requester,
    /// Everything else; `requester_id` is replaced by the resolved requester, and an absent
    /// account by the requester's.
    pub fields: TicketFields,
}

/// The ticket with its clocks read at the time of the change.
pub type WithClocks = (Ticket, Vec<ClockReport>);

/// The contact `requester` names, created from the address when unknown.
pub(super) fn resolve(
    conn: &mut AnyConnection,
    org: OrgId,
    requester: &Requester,
    now: DateTime<Utc>,
) -> Result<Contact, ApiError> {
    let email = match requester {
        Requester::Contact(id) => {
            return record::get::<Contact>(conn, org, *id, Visibility::Live).map_err(|e| match e {
                db::Error::NotFound => db::Error::UnknownReference("requester_id").into(),
                other => other.into(),
            })
        }
        Requester::Email(email) | Requester::Named(email, _) => email,
    };
    if let Some(found) = db::contacts::find_by_email(conn, org, email)? {
        return Ok(found);
    }
    let name = match requester {
        Requester::Named(_, name) => Some(name.as_str()),
        _ => None,
    };
    let fields = ContactFields::of_address(email, name);
    Ok(db::contacts::create(
        conn,
        org,
        ContactId::mint(),
        &fields,
        now,
    )?)
}

/// What a creation takes before its transaction, so that concurrent creations wait neither
/// on the counter nor, where the choice allows, on the queue: the ticket's number and the
/// agent routing chose.
#[derive(Debug, Clone, Copy)]
pub struct Prepared {
    number: i64,
    routed: routing::Ahead,
}

/// Takes the next number and routes ahead a ticket with `fields`, each in a short
/// transaction of its own; call it outside any other transaction, or their locks are held
/// until that one ends.
pub fn prepare(
    conn: &mut AnyConnection,
    org: OrgId,
    fields: &TicketFields,
) -> Result<Prepared, ApiError> {
    Ok(Prepared {
        number: db::tickets::next_number(conn, org)?,
        routed: routing::ahead(conn, org, fields)?,
    })
}

/// Creates a ticket: resolves the requester, takes the next number, attaches the first
/// matching SLA policy, starts its clocks and routes it.
pub fn create(
    conn: &mut AnyConnection,
    p: Actor,
    new: NewTicket,
    now: DateTime<Utc>,
    rules: Rules,
) -> Result<WithClocks, ApiError> {
    let prepared = prepare(conn, p.org, &new.fields)?;
    create_prepared(conn, p, new, prepared, now, rules)
}

/// [`create`] with the number and routing [`prepare`]d.
pub fn create_prepared(
    conn: &mut AnyConnection,
    p: Actor,
    new: NewTicket,
    prepared: Prepared,
    now: DateTime<Utc>,
    rules: Rules,
) -> Result<WithClocks, ApiError> {
    record::in_transaction(conn, |conn| {
        let requester = resolve(conn, p.org, &new.requester, now)?;
        let mut fields = new.fields;
        fields.requester_id = requester.id;
        // The account: as given, else the asset's (a ticket is about the owner's unit), else
        // the requester's.
        let asset_account = match (fields.account_id, fields.asset_id) {
            (None, Some(asset)) => db::assets::owner(conn, p.org, asset)?,
            _ => None,
        };
        fields.account_id = fields
            .account_id
            .or(asset_account)
            .or(requester.fields.account_id);
        insert(
            conn,
            p,
            (fields, prepared.number),
            prepared.routed,
            None,
            now,
            rules,
        )
    })
}

/// Stores a new ticket with its number, whose requester is resolved (a follow-up of a closed
/// ticket when `follow_up_of` is given): under the first matching SLA policy, its clocks
/// started, given to the agent routing chose ahead or routed now.
pub(super) fn insert(
    conn: &mut AnyConnection,
    p: Actor,
    (mut fields, number): (TicketFields, i64),
    routed: routing::Ahead,
    follow_up_of: Option<TicketId>,
    now: DateTime<Utc>,
    rules: Rules,
) -> Result<WithClocks, ApiError> {
    if let routing::Ahead::To(user, _) = routed {
        fields.assignee_id = Some(user);
    }
    let coverage = entitlements::check(conn, p.org, &fields, follow_up_of.is_none(), now)?;
    let policy = clocks::choose_policy(conn, p.org, &fields, &coverage)?;
    let mut entries = vec![(
        "created",
        json!({"priority": fields.priority.as_str(), "status": fields.status.as_str(),
               "policy_id": policy.as_ref().map(|chosen| chosen.id.to_string()),
               "follow_up_of": follow_up_of.map(|id| id.to_string())})
        .to_string(),
    )];
    if fields.status != Status::New {
        entries.push(status_entry(Status::New, fields.status));
    }
    let clocks = clocks::at_creation(policy.as_ref(), fields.priority, &entries, now);
    let sla = clocks::summary(policy.map(|chosen| chosen.id), &clocks, now);
    let id = (TicketId::mint(), number);
    let mut ticket = db::tickets::create(conn, p.org, id, &fields, sla, follow_up_of, now)?;
    entitlements::record(conn, p.org, ticket.id, &coverage, now)?;
    match routed {
        routing::Ahead::To(user, mode) => entries.push(routing::routed_entry(user, mode)),
        routing::Ahead::Unrouted => {}
        // Routed last: the team's queue stays locked from here to the commit, so concurrent
        // creations take turns only for these few statements.
        routing::Ahead::WithCreation => {
            if let Some((user, mode)) = routing::route(conn, p.org, &fields)? {
                db::tickets::set_routed_assignee(conn, p.org, ticket.id, user)?;
                ticket.fields.assignee_id = Some(user);
                entries.push(routing::routed_entry(user, mode));
            }
        }
    }
    db::tickets::events::append(conn, p.org, ticket.id, now, p.user, &entries)?;
    follow_up(conn, p, None, &ticket, now, rules)?;
    Ok((ticket, clocks))
}

pub(super) fn status_entry(from: Status, to: Status) -> (&'static str, String) {
    (
        "status_changed",
        json!({"from": from.as_str(), "to": to.as_str()}).to_string(),
    )
}

/// The field error for a move the status machine refuses, naming the allowed ones.
fn refused(pointer: &str, refusal: &ticket::Refused) -> FieldError {
    let detail = if refusal.allowed.is_empty() {
        format!("a {} ticket is final", refusal.from.as_str())
    } else {
        let names: Vec<&str> = refusal.allowed.iter().map(|s| s.as_str()).collect();
        format!(
            "a {} ticket can move to {}",
            refusal.from.as_str(),
            names.join(", ")
        )
    };
    FieldError::new(pointer, "invalid_transition", detail)
}

/// Checks a move of `current` to `to` at `now`.
pub(super) fn check_move(
    current: &Ticket,
    to: Status,
    now: DateTime<Utc>,
    rules: Rules,
) -> Result<Transition, ApiError> {
    ticket::transition(
        current.fields.status,
        to,
        current.solved_at,
        now,
        rules.reopen_window,
    )
    .map_err(|r| refused("/status", &r).into())
}

/// The kind of the job that closes a solved ticket.
pub const AUTO_CLOSE: &str = "ticket.auto_close";

/// What follows a change from `before` to the ticket as it is now: a solved ticket is
/// scheduled to close (once per solving), a new assignee is told.
pub(super) fn follow_up(
    conn: &mut AnyConnection,
    p: Actor,
    before: Option<&TicketFields>,
    ticket: &Ticket,
    now: DateTime<Utc>,
    rules: Rules,
) -> Result<(), ApiError> {
    let was = |f: fn(&TicketFields) -> bool| before.is_some_and(f);
    // Tickets a customer opened (by mail, later the portal) are confirmed; one an agent
    // opened for them is not: the agent is already talking to them.
    if before.is_none() && p.user.is_none() {
        tell_requester(
            conn,
            p.org,
            TemplateKind::TicketReceived,
            ticket.id,
            None,
            now,
        )?;
    }
    if ticket.fields.status == Status::Solved && !was(|b| b.status == Status::Solved) {
        tell_requester(
            conn,
            p.org,
            TemplateKind::TicketSolved,
            ticket.id,
            None,
            now,
        )?;
        if let Some(solved_at) = ticket.solved_at {
            let job = db::jobs::NewJob {
                kind: AUTO_CLOSE,
                payload: json!({"ticket_id": ticket.id.to_string(), "solved_at": solved_at})
                    .to_string(),
                run_at: solved_at + rules.auto_close_after,
                max_attempts: 10,
                dedupe_key: Some(format!(
                    "{AUTO_CLOSE}:{}:{}",
                    ticket.id,
                    solved_at.timestamp()
                )),
            };
            db::jobs::enqueue(conn, p.org, &job, now)?;
        }
    }
    let assignee = ticket.fields.assignee_id;
    if let Some(user) =
        assignee.filter(|u| Some(*u) != p.user && before.is_none_or(|b| b.assignee_id != assignee))
    {
        routing::notify_assigned(conn, p.org, user, ticket, now)?;
    }
    Ok(())
}

/// Queues a mail to a ticket's requester (when the organization sends mail).
pub(super) fn tell_requester(
    conn: &mut AnyConnection,
    org: OrgId,
    kind: TemplateKind,
    ticket: TicketId,
    message: Option<MessageId>,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let about = db::outbound_emails::About {
        kind,
        ticket_id: Some(ticket),
        ticket_message_id: message,
        user_id: None,
        notification_id: None,
    };
    db::outbound_emails::queue(conn, org, &about, now)?;
    Ok(())
}

/// The timeline entries of a change from `before` to `after`.
pub(super) fn changes(before: &TicketFields, after: &TicketFields) -> Vec<(&'static str, String)> {
    let mut entries = Vec::new();
    if before.status != after.status {
        entries.push(status_entry(before.status, after.status));
    }
    if before.priority != after.priority {
        entries.push((
            "priority_changed",
            json!({"from": before.priority.as_str(), "to": after.priority.as_str()}).to_string(),
        ));
    }
    let id = |v: Option<String>| v.map_or(serde_json::Value::Null, serde_json::Value::String);
    if before.assignee_id != after.assignee_id {
        entries.push((
            "assignee_changed",
            json!({"from": id(before.assignee_id.map(|u| u.to_string())),
                   "to": id(after.assignee_id.map(|u| u.to_string()))})
            .to_string(),
        ));
    }
    if before.team_id != after.team_id {
        entries.push((
            "team_changed",
            json!({"from": id(before.team_id.map(|t| t.to_string())),
                   "to": id(after.team_id.map(|t| t.to_string()))})
            .to_string(),
        ));
    }
    let edited: Vec<&str> = [
        ("subject", before.subject != after.subject),
        ("description", before.description != after.description),
        ("requester_id", before.requester_id != after.requester_id),
        ("account_id", before.account_id != after.account_id),
        ("asset_id", before.asset_id != after.asset_id),
        ("channel", before.channel != after.channel),
        ("type", before.ticket_type != after.ticket_type),
        ("category", before.category != after.category),
        ("language", before.language != after.language),
        ("tags", before.tags != after.tags),
    ]
    .into_iter()
    .filter_map(|(field, changed)| changed.then_some(field))
    .collect();
    if !edited.is_empty() {
        entries.push(("edited", json!({ "fields": edited }).to_string()));
    }
    entries
}

/// Changes a ticket under its lock: `merge` gives the new fields from the current ticket, the
/// status machine checks the move, a stale `If-Match` is refused; the timeline records what
/// changed and the clocks follow.
pub fn change(
    conn: &mut AnyConnection,
    p: &Principal,
    id: TicketId,
    if_match: IfMatch,
    merge: impl FnOnce(&Ticket) -> Result<TicketFields, ApiError>,
    now: DateTime<Utc>,
    rules: Rules,
) -> Result<WithClocks, ApiError> {
    record::in_transaction(conn, |conn| {
        let mut before = None;
        let mut ticket = record::modify::<Ticket, ApiError>(conn, p.org, id, now, |current| {
            let fields = merge(current)?;
            check_move(current, fields.status, now, rules)?;
            if if_match.0.is_some_and(|v| v != current.version) {
                return Err(ApiError::VersionMismatch);
            }
            before = Some(current.fields.clone());
            Ok(fields)
        })?;
        if let Some(before) = &before {
            let entries = changes(before, &ticket.fields);
            db::tickets::events::append(conn, p.org, id, now, Some(p.user), &entries)?;
            let queued = !routing::waits(before) || before.team_id != ticket.fields.team_id;
            if routing::waits(&ticket.fields) && queued {
                if let Some((user, mode)) = routing::route(conn, p.org, &ticket.fields)? {
                    ticket = record::modify::<Ticket, ApiError>(conn, p.org, id, now, |current| {
                        Ok(TicketFields {
                            assignee_id: Some(user),
                            ..current.fields.clone()
                        })
                    })?;
                    let entries = [routing::routed_entry(user, mode)];
                    db::tickets::events::append(conn, p.org, id, now, None, &entries)?;
                }
            }
        }
        let clocks = clocks::refresh(conn, p.org, &mut ticket, now)?;
        follow_up(conn, p.into(), before.as_ref(), &ticket, now, rules)?;
        Ok((ticket, clocks))
    })
}

/// Deletes a ticket (`deleted`) or brings it back, with the timeline entry that tells whoever
/// is watching it (the live feed), in one transaction. `expected` is the version an
/// `If-Match` names.
pub fn trash(
    conn: &mut AnyConnection,
    p: &Principal,
    id: TicketId,
    expected: Option<i64>,
    deleted: bool,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    record::in_transaction(conn, |conn| {
        <Ticket as Record>::trash(conn, p.org, id, expected, deleted, now)?;
        // A deleted ticket gives its incident back; restored, it counts again (unless it was
        // merged away, which gave it back for good).
        if deleted {
            db::contracts::usage::give_back(conn, p.org, id, now)?;
        } else if record::get::<Ticket>(conn, p.org, id, Visibility::Live)?
            .merged_into_id
            .is_none()
        {
            db::contracts::usage::take_back(conn, p.org, id)?;
        }
        let kind = if deleted { "deleted" } else { "restored" };
        let entries = [(kind, "{}".to_owned())];
        db::tickets::events::append(conn, p.org, id, now, Some(p.user), &entries)?;
        Ok(())
    })
}

/// Closes a solved ticket whose time has come (the `ticket.auto_close` job): only if it is
/// still solved since `solved_at`; a reopened or already closed ticket is left alone.
pub fn auto_close(
    conn: &mut AnyConnection,
    org: OrgId,
    id: TicketId,
    solved_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<bool, ApiError> {
    let ticket: Ticket = match record::get(conn, org, id, Visibility::Live) {
        Ok(ticket) => ticket,
        // Deleted since: nothing to close.
        Err(db::Error::NotFound) => return Ok(false),
        Err(e) => return Err(e.into()),
    };
    let due = ticket.fields.status == Status::Solved
        && ticket.solved_at.map(|at| at.timestamp()) == Some(solved_at.timestamp());
    if !due {
        return Ok(false);
    }
    let mut ticket = record::modify::<Ticket, ApiError>(conn, org, id, now, |current| {
        Ok(TicketFields {
            status: Status::Closed,
            ..current.fields.clone()
        })
    })?;
    let entries = [status_entry(Status::Solved, Status::Closed)];
    db::tickets::events::append(conn, org, id, now, None, &entries)?;
    clocks::refresh(conn, org, &mut ticket, now)?;
    Ok(true)
}
