//! One timeline per record: its activities, notes, stage changes and ticket events merged
//! newest first. An account's timeline also holds what happened on its contacts, deals and
//! tickets; a contact's the tickets it opened.
//!
//! Each source is read from its own index, at most one page (and one entry more) of it, and
//! the sources are merged here. Entries are ordered by time and then by a key unique across
//! sources, and the cursor carries both; the entries at exactly the cursor's time are read
//! apart, so a page boundary inside a run of equal times loses and repeats nothing.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::activity::ActivityKind;
use domain::{
    AccountId, ContactId, FieldError, LeadId, OpportunityId, OrgId, StageId, TicketId, UserId,
};

use crate::activities::{self, Activity};
use crate::connection::AnyConnection;
use crate::convert::{bytes, from_db, id, opt_id, to_db};
use crate::error::{Error, Result};
use crate::notes::{self, Note};
use crate::schema::{opportunities, opportunity_stage_changes as changes};
use crate::schema::{ticket_events, tickets};

/// The record a timeline is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// An account, with its contacts', deals' and tickets' entries.
    Account(AccountId),
    /// A contact, with the tickets it opened.
    Contact(ContactId),
    /// A lead.
    Lead(LeadId),
    /// A deal, with its stage changes.
    Opportunity(OpportunityId),
    /// A ticket, with its events.
    Ticket(TicketId),
}

/// What kinds of entry a timeline shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// Activities of one kind.
    Activity(ActivityKind),
    /// Notes.
    Note,
    /// A deal entering a stage.
    StageChange,
    /// Something that happened to a ticket.
    TicketEvent,
}

impl EntryKind {
    /// Every name a filter may use.
    pub const NAMES: &'static [&'static str] = &[
        "task",
        "call",
        "meeting",
        "email",
        "note",
        "stage_change",
        "ticket_event",
    ];

    /// Parses a name.
    pub fn parse(pointer: &str, raw: &str) -> std::result::Result<Self, FieldError> {
        match raw {
            "note" => Ok(EntryKind::Note),
            "stage_change" => Ok(EntryKind::StageChange),
            "ticket_event" => Ok(EntryKind::TicketEvent),
            other => ActivityKind::parse(pointer, other)
                .map(EntryKind::Activity)
                .map_err(|_| {
                    FieldError::new(
                        pointer,
                        "invalid_kind",
                        format!("must be one of {}", Self::NAMES.join(", ")),
                    )
                }),
        }
    }
}

/// A deal entering a stage, as a timeline shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageEntry {
    /// The deal.
    pub opportunity_id: OpportunityId,
    /// Its name.
    pub opportunity_name: String,
    /// Who moved it.
    pub by: Option<UserId>,
    /// The stage it left.
    pub from_stage: Option<(StageId, String)>,
    /// The stage it entered.
    pub to_stage: (StageId, String),
    /// Why it closed.
    pub reason: Option<String>,
}

/// Something that happened to a ticket, as a timeline shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketEntry {
    /// The ticket.
    pub ticket_id: TicketId,
    /// Its number.
    pub number: i64,
    /// Its subject.
    pub subject: String,
    /// What happened, e.g. `created` or `status_changed`.
    pub kind: String,
    /// Who did it.
    pub actor_id: Option<UserId>,
    /// The details, a JSON object.
    pub data: String,
}

/// What an entry is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A task, call, meeting or email.
    Activity(Box<Activity>),
    /// A note.
    Note(Note),
    /// A stage change.
    Stage(StageEntry),
    /// A ticket event.
    Ticket(TicketEntry),
}

/// One entry of a timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Where it sits.
    pub at: DateTime<Utc>,
    /// Unique across the sources; orders entries of the same time.
    pub key: String,
    /// What it is.
    pub item: Item,
}

/// Which stretch of time a source is read in.
#[derive(Debug, Clone, Copy)]
enum Span {
    /// From the newest.
    All,
    /// Strictly before this time.
    Before(NaiveDateTime),
    /// At exactly this time.
    At(NaiveDateTime),
}

/// The most entries a source gives at exactly one time.
const MAX_AT_ONE_TIME: i64 = 1_000;

impl Span {
    /// The span as (strictly before, exactly at) for sources that take it so.
    fn bounds(self) -> (Option<NaiveDateTime>, Option<NaiveDateTime>) {
        match self {
            Span::All => (None, None),
            Span::Before(t) => (Some(t), None),
            Span::At(t) => (None, Some(t)),
        }
    }

    fn limit(self, page: i64) -> i64 {
        match self {
            Span::At(_) => MAX_AT_ONE_TIME,
            _ => page + 1,
        }
    }
}

fn encode(at: DateTime<Utc>, key: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("{}|{key}", at.timestamp_micros()))
}

fn decode(raw: &str) -> Option<(DateTime<Utc>, String)> {
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(raw).ok()?).ok()?;
    let (micros, key) = text.split_once('|')?;
    let at = DateTime::from_timestamp_micros(micros.parse().ok()?)?;
    Some((at, key.to_owned()))
}

/// One page of the timeline of `subject` (which the caller has found live), of the kinds in
/// `kinds` (all when empty), after `cursor`; and the cursor of the next page.
pub fn page(
    conn: &mut AnyConnection,
    org: OrgId,
    subject: Subject,
    kinds: &[EntryKind],
    cursor: Option<&str>,
    limit: i64,
) -> Result<(Vec<Entry>, Option<String>)> {
    let after = match cursor {
        Some(raw) => Some(decode(raw).ok_or_else(|| {
            Error::Invalid(FieldError::new(
                "/query/cursor",
                "invalid_cursor",
                "not a cursor of this timeline",
            ))
        })?),
        None => None,
    };
    let spans = match &after {
        Some((at, _)) => vec![Span::At(to_db(*at)), Span::Before(to_db(*at))],
        None => vec![Span::All],
    };
    let wants = |k: EntryKind| kinds.is_empty() || kinds.contains(&k);
    let activity_kinds: Vec<ActivityKind> = kinds
        .iter()
        .filter_map(|k| match k {
            EntryKind::Activity(a) => Some(*a),
            _ => None,
        })
        .collect();
    let mut entries = Vec::new();
    for span in spans {
        if kinds.is_empty() || !activity_kinds.is_empty() {
            entries.extend(activity_entries(
                conn,
                org,
                subject,
                &activity_kinds,
                span,
                limit,
            )?);
        }
        if wants(EntryKind::Note) {
            entries.extend(note_entries(conn, org, subject, span, limit)?);
        }
        if wants(EntryKind::StageChange) {
            entries.extend(stage_entries(conn, org, subject, span, limit)?);
        }
        if wants(EntryKind::TicketEvent) {
            entries.extend(ticket_entries(conn, org, subject, span, limit)?);
        }
    }
    if let Some((at, key)) = &after {
        entries.retain(|e| (e.at, e.key.as_str()) < (*at, key.as_str()));
    }
    entries.sort_by(|a, b| (b.at, &b.key).cmp(&(a.at, &a.key)));
    let next = if entries.len() as i64 > limit {
        entries.truncate(limit as usize);
        entries.last().map(|e| encode(e.at, &e.key))
    } else {
        None
    };
    Ok((entries, next))
}

fn activity_entries(
    conn: &mut AnyConnection,
    org: OrgId,
    subject: Subject,
    kinds: &[ActivityKind],
    span: Span,
    limit: i64,
) -> Result<Vec<Entry>> {
    let (before, at) = span.bounds();
    let found =
        activities::on_timeline(conn, org, subject, kinds, (before, at), span.limit(limit))?;
    Ok(found
        .into_iter()
        .map(|(placed, activity)| Entry {
            at: placed,
            key: format!("activity:{}", activity.id),
            item: Item::Activity(Box::new(activity)),
        })
        .collect())
}

fn note_entries(
    conn: &mut AnyConnection,
    org: OrgId,
    subject: Subject,
    span: Span,
    limit: i64,
) -> Result<Vec<Entry>> {
    let (before, at) = span.bounds();
    let found = notes::on_timeline(conn, org, subject, (before, at), span.limit(limit))?;
    Ok(found
        .into_iter()
        .map(|note| Entry {
            at: note.created_at,
            key: format!("note:{}", note.id),
            item: Item::Note(note),
        })
        .collect())
}

type ChangeRow = (
    Vec<u8>,
    i64,
    NaiveDateTime,
    Option<Vec<u8>>,
    Option<Vec<u8>>,
    Vec<u8>,
    Option<String>,
);

fn stage_entries(
    conn: &mut AnyConnection,
    org: OrgId,
    subject: Subject,
    span: Span,
    limit: i64,
) -> Result<Vec<Entry>> {
    let o = bytes(&org);
    let mut query = changes::table
        .filter(changes::org_id.eq(o.clone()))
        .select((
            changes::opportunity_id,
            changes::seq,
            changes::changed_at,
            changes::changed_by,
            changes::from_stage_id,
            changes::to_stage_id,
            changes::reason,
        ))
        .into_boxed();
    query = match subject {
        Subject::Opportunity(deal) => query.filter(changes::opportunity_id.eq(bytes(&deal))),
        Subject::Account(account) => query.filter(
            changes::opportunity_id.eq_any(
                opportunities::table
                    .filter(opportunities::org_id.eq(o.clone()))
                    .filter(opportunities::account_id.eq(bytes(&account)))
                    .filter(opportunities::deleted_at.is_null())
                    .select(opportunities::id),
            ),
        ),
        _ => return Ok(vec![]),
    };
    query = match span {
        Span::All => query,
        Span::Before(t) => query.filter(changes::changed_at.lt(t)),
        Span::At(t) => query.filter(changes::changed_at.eq(t)),
    };
    let rows: Vec<ChangeRow> = query
        .order((changes::changed_at.desc(), changes::seq.desc()))
        .limit(span.limit(limit))
        .load(conn)?;
    let mut stages: Vec<StageId> = rows.iter().map(|r| id(&r.5)).collect();
    stages.extend(rows.iter().filter_map(|r| opt_id(r.4.as_ref())));
    let stage_names = crate::pipelines::stage_names(conn, org, &stages)?;
    let deals: Vec<Vec<u8>> = rows.iter().map(|r| r.0.clone()).collect();
    let deal_names: Vec<(Vec<u8>, String)> = opportunities::table
        .filter(opportunities::org_id.eq(o))
        .filter(opportunities::id.eq_any(deals))
        .select((opportunities::id, opportunities::name))
        .load(conn)?;
    let stage = |s: StageId| {
        let name = stage_names
            .iter()
            .find(|(i, _)| *i == s)
            .map(|(_, n)| n.clone());
        (s, name.unwrap_or_default())
    };
    Ok(rows
        .into_iter()
        .map(|(deal, seq, at, by, from, to, reason)| {
            let name = deal_names.iter().find(|(d, _)| *d == deal);
            let deal_id: OpportunityId = id(&deal);
            Entry {
                at: from_db(at),
                key: format!("stage_change:{deal_id}:{seq:012}"),
                item: Item::Stage(StageEntry {
                    opportunity_id: deal_id,
                    opportunity_name: name.map(|(_, n)| n.clone()).unwrap_or_default(),
                    by: opt_id(by.as_ref()),
                    from_stage: opt_id(from.as_ref()).map(stage),
                    to_stage: stage(id(&to)),
                    reason,
                }),
            }
        })
        .collect())
}

type EventRow = (
    Vec<u8>,
    i64,
    NaiveDateTime,
    String,
    Option<Vec<u8>>,
    String,
    i64,
    String,
);

fn ticket_entries(
    conn: &mut AnyConnection,
    org: OrgId,
    subject: Subject,
    span: Span,
    limit: i64,
) -> Result<Vec<Entry>> {
    let o = bytes(&org);
    let mut query = ticket_events::table
        .inner_join(
            tickets::table.on(tickets::org_id
                .eq(ticket_events::org_id)
                .and(tickets::id.eq(ticket_events::ticket_id))),
        )
        .filter(ticket_events::org_id.eq(o.clone()))
        .filter(tickets::deleted_at.is_null())
        .select((
            ticket_events::ticket_id,
            ticket_events::seq,
            ticket_events::at,
            ticket_events::kind,
            ticket_events::actor_id,
            ticket_events::data,
            tickets::number,
            tickets::subject,
        ))
        .into_boxed();
    // A ticket shows all it went through; an account or a contact only that tickets opened.
    query = match subject {
        Subject::Ticket(t) => query.filter(ticket_events::ticket_id.eq(bytes(&t))),
        Subject::Account(a) => query
            .filter(tickets::account_id.eq(bytes(&a)))
            .filter(ticket_events::kind.eq("created")),
        Subject::Contact(c) => query
            .filter(tickets::requester_id.eq(bytes(&c)))
            .filter(ticket_events::kind.eq("created")),
        _ => return Ok(vec![]),
    };
    query = match span {
        Span::All => query,
        Span::Before(t) => query.filter(ticket_events::at.lt(t)),
        Span::At(t) => query.filter(ticket_events::at.eq(t)),
    };
    let rows: Vec<EventRow> = query
        .order((ticket_events::at.desc(), ticket_events::seq.desc()))
        .limit(span.limit(limit))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(ticket, seq, at, kind, actor, data, number, subject)| {
            let ticket_id: TicketId = id(&ticket);
            Entry {
                at: from_db(at),
                key: format!("ticket_event:{ticket_id}:{seq:012}"),
                item: Item::Ticket(TicketEntry {
                    ticket_id,
                    number,
                    subject,
                    kind,
                    actor_id: opt_id(actor.as_ref()),
                    data,
                }),
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip() {
        let at = DateTime::from_timestamp_micros(1_764_000_000_123_456).unwrap_or_default();
        let raw = encode(at, "note:note_x|y");
        assert_eq!(decode(&raw), Some((at, "note:note_x|y".to_owned())));
        assert_eq!(decode("not base64!"), None);
    }
}
