//! Tickets and messages as the API shows them.

use std::collections::HashMap;

use api_types::attachments::Attachment as AttachmentBody;
use api_types::contracts::TicketEntitlement as TicketEntitlementBody;
use api_types::custom_fields::TicketFieldAnswer;
use api_types::tickets::{Message as MessageBody, Ticket as TicketBody};
use db::contracts::usage::TicketEntitlement;
use db::AnyConnection;
use domain::attachment::Attachment;
use domain::portal::ticket_fields::Answer;
use domain::sla::simulation::ClockReport;
use domain::ticket::{next_statuses, Author, Message, Ticket};
use domain::{OrgId, TicketId};

use crate::error::ApiError;
use crate::handlers::sla::simulate::clock_body;
use crate::kit::View;

impl View for Ticket {
    type Body = TicketBody;

    fn view(conn: &mut AnyConnection, org: OrgId, ticket: &Ticket) -> Result<TicketBody, ApiError> {
        full(conn, org, ticket, &[])
    }

    fn view_page(
        conn: &mut AnyConnection,
        org: OrgId,
        tickets: &[Ticket],
    ) -> Result<Vec<TicketBody>, ApiError> {
        let ids: Vec<_> = tickets.iter().map(|t| t.id).collect();
        let extras = Extras::of(conn, org, &ids)?;
        Ok(tickets.iter().map(|t| extras.body(t, &[])).collect())
    }
}

/// What a ticket's body shows beyond the ticket itself, read for a page of tickets at once:
/// what the entitlement check found, the files sent with the description and the answers to
/// a partner's questions.
pub struct Extras {
    found: HashMap<TicketId, TicketEntitlement>,
    files: Vec<Attachment>,
    answers: Vec<(TicketId, Answer)>,
}

impl Extras {
    /// The extras of tickets `ids`.
    pub fn of(conn: &mut AnyConnection, org: OrgId, ids: &[TicketId]) -> Result<Self, ApiError> {
        Ok(Self {
            found: db::contracts::usage::of_tickets(conn, org, ids)?,
            files: db::tickets::attachments::of_descriptions(conn, org, ids)?,
            answers: db::tickets::answers::of_tickets(conn, org, ids)?,
        })
    }

    /// Ticket `t` (one of those read) as a response body, with its clocks when they were read.
    pub fn body(&self, t: &Ticket, clocks: &[ClockReport]) -> TicketBody {
        let files = self
            .files
            .iter()
            .filter(|a| a.ticket_id == Some(t.id))
            .map(crate::handlers::attachments::view)
            .collect();
        ticket(
            t,
            clocks,
            self.found.get(&t.id),
            (files, answers_of(&self.answers, t.id)),
        )
    }
}

/// Ticket `ticket`'s answers to its partner's questions among `answers`, as the API shows
/// them.
pub fn answers_of(answers: &[(TicketId, Answer)], ticket: TicketId) -> Vec<TicketFieldAnswer> {
    answers
        .iter()
        .filter(|(t, _)| *t == ticket)
        .map(|(_, a)| TicketFieldAnswer {
            key: a.key.clone(),
            label: a.label.clone(),
            kind: a.kind.as_str().to_owned(),
            value: db::tickets::answers::json(&a.value),
        })
        .collect()
}

/// A ticket just read or written as a response body, with its clocks (when they were read),
/// what the entitlement check found and its description's files, read now.
pub fn full(
    conn: &mut AnyConnection,
    org: OrgId,
    t: &Ticket,
    clocks: &[ClockReport],
) -> Result<TicketBody, ApiError> {
    Ok(Extras::of(conn, org, &[t.id])?.body(t, clocks))
}

/// What the entitlement check found, as the API shows it.
fn entitlement(found: &TicketEntitlement) -> TicketEntitlementBody {
    let status = match (found.covered_by, found.returned_at) {
        (Some(_), Some(_)) => "returned",
        (Some(_), None) => "covered",
        (None, _) => "not_covered",
    };
    TicketEntitlementBody {
        status: status.to_owned(),
        contract_id: found.covered_by.map(|(c, _, _)| c.to_string()),
        entitlement_id: found.covered_by.map(|(_, e, _)| e.to_string()),
    }
}

/// A ticket as a response body, with its clocks when they were read, what covers it and its
/// description's files.
fn ticket(
    t: &Ticket,
    clocks: &[ClockReport],
    found: Option<&TicketEntitlement>,
    (attachments, custom_fields): (Vec<AttachmentBody>, Vec<TicketFieldAnswer>),
) -> TicketBody {
    let f = &t.fields;
    TicketBody {
        id: t.id.to_string(),
        number: t.number,
        subject: f.subject.clone(),
        description: f.description.clone(),
        requester_id: f.requester_id.to_string(),
        account_id: f.account_id.map(|a| a.to_string()),
        asset_id: f.asset_id.map(|a| a.to_string()),
        channel: f.channel.as_str().to_owned(),
        priority: f.priority.as_str().to_owned(),
        ticket_type: f.ticket_type.map(|k| k.as_str().to_owned()),
        category: f.category.clone(),
        language: f.language.clone(),
        status: f.status.as_str().to_owned(),
        next_statuses: next_statuses(f.status)
            .iter()
            .map(|s| s.as_str().to_owned())
            .collect(),
        assignee_id: f.assignee_id.map(|u| u.to_string()),
        team_id: f.team_id.map(|u| u.to_string()),
        tags: f.tags.clone(),
        sla_policy_id: t.sla.policy_id.map(|p| p.to_string()),
        sla_due_at: t.sla.due_at,
        clocks: clocks.iter().map(clock_body).collect(),
        first_responded_at: t.first_responded_at,
        solved_at: t.solved_at,
        closed_at: t.closed_at,
        follow_up_of_id: t.follow_up_of_id.map(|i| i.to_string()),
        merged_into_id: t.merged_into_id.map(|i| i.to_string()),
        entitlement: found.map(entitlement),
        attachments,
        custom_fields,
        created_at: t.created_at,
        updated_at: t.updated_at,
        deleted_at: t.deleted_at,
        version: t.version,
    }
}

impl View for Message {
    type Body = MessageBody;

    fn view(_: &mut AnyConnection, _: OrgId, message: &Message) -> Result<MessageBody, ApiError> {
        Ok(self::message(message))
    }
}

/// A message as a response body.
pub fn message(m: &Message) -> MessageBody {
    let (user, contact) = match m.author {
        Author::User(u) => (Some(u.to_string()), None),
        Author::Contact(c) => (None, Some(c.to_string())),
    };
    MessageBody {
        id: m.id.to_string(),
        ticket_id: m.ticket_id.to_string(),
        public: m.public,
        author_user_id: user,
        author_contact_id: contact,
        body: m.body.clone(),
        created_at: m.created_at,
        redacted_at: m.redacted.map(|(at, _)| at),
        redacted_by: m.redacted.map(|(_, by)| by.to_string()),
        attachments: m
            .attachments
            .iter()
            .map(crate::handlers::attachments::view)
            .collect(),
        inbound_email_id: m.inbound_email_id.map(|e| e.to_string()),
    }
}
