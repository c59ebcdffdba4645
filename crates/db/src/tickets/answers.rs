//! The answers a ticket keeps to its partner's questions (custom ticket fields), each with
//! the question as it was asked.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use diesel::prelude::*;
use domain::portal::ticket_fields::{Answer, AnswerValue, FieldKind, DATE_FORMAT};
use domain::text::whole_word_terms;
use domain::{OrgId, TicketId};

use crate::connection::AnyConnection;
use crate::convert::{bytes, id};
use crate::error::Result;
use crate::schema::ticket_field_answers as answers;
use crate::side;

use super::messages::CONVERSATION_TERMS;

/// An answer as JSON, as it is stored and as the API shows it.
pub fn json(value: &AnswerValue) -> serde_json::Value {
    match value {
        AnswerValue::Text(t) => t.as_str().into(),
        AnswerValue::Number(n) => (*n).into(),
        AnswerValue::Date(d) => AnswerValue::date_text(*d).into(),
        AnswerValue::Checkbox(b) => (*b).into(),
    }
}

/// An answer read back by its kind; `None` for one this code never wrote.
fn from_json(kind: FieldKind, json: &str) -> Option<AnswerValue> {
    let value: serde_json::Value = serde_json::from_str(json).ok()?;
    Some(match kind {
        FieldKind::Text | FieldKind::Choice => AnswerValue::Text(value.as_str()?.to_owned()),
        FieldKind::Number => AnswerValue::Number(value.as_f64()?),
        FieldKind::Date => {
            AnswerValue::Date(NaiveDate::parse_from_str(value.as_str()?, DATE_FORMAT).ok()?)
        }
        FieldKind::Checkbox => AnswerValue::Checkbox(value.as_bool()?),
    })
}

/// The words search finds a ticket's answers by: those of its text and choice answers.
fn words<'a>(answers: impl Iterator<Item = &'a AnswerValue>) -> BTreeSet<String> {
    answers
        .filter_map(|value| match value {
            AnswerValue::Text(t) => Some(whole_word_terms(t)),
            _ => None,
        })
        .flatten()
        .collect()
}

/// The search words of ticket `ticket`'s answers, for a conversation indexed anew.
pub(crate) fn search_words(
    conn: &mut AnyConnection,
    org: OrgId,
    ticket: TicketId,
) -> Result<BTreeSet<String>> {
    let answers = of_tickets(conn, org, &[ticket])?;
    Ok(words(answers.iter().map(|(_, a)| &a.value)))
}

/// Keeps the answers of a ticket being opened, in order, and makes them found by search as
/// its conversation is. Run it in the ticket's transaction.
pub fn add(conn: &mut AnyConnection, org: OrgId, ticket: TicketId, given: &[Answer]) -> Result<()> {
    // One row at a time: the connection serves either database, and batch inserts are not
    // one statement on both.
    for (a, position) in given.iter().zip(0_i64..) {
        diesel::insert_into(answers::table)
            .values((
                answers::org_id.eq(bytes(&org)),
                answers::ticket_id.eq(bytes(&ticket)),
                answers::position.eq(position),
                answers::field_key.eq(&a.key),
                answers::label.eq(&a.label),
                answers::kind.eq(a.kind.as_str()),
                answers::value.eq(json(&a.value).to_string()),
            ))
            .execute(conn)?;
    }
    side::add(
        conn,
        CONVERSATION_TERMS,
        org,
        &bytes(&ticket),
        &words(given.iter().map(|a| &a.value)),
    )
}

/// The answers of these tickets, each ticket's in the order they were asked.
pub fn of_tickets(
    conn: &mut AnyConnection,
    org: OrgId,
    tickets: &[TicketId],
) -> Result<Vec<(TicketId, Answer)>> {
    if tickets.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(Vec<u8>, String, String, String, String)> = answers::table
        .filter(answers::org_id.eq(bytes(&org)))
        .filter(answers::ticket_id.eq_any(tickets.iter().map(bytes)))
        .order((answers::ticket_id, answers::position))
        .select((
            answers::ticket_id,
            answers::field_key,
            answers::label,
            answers::kind,
            answers::value,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(ticket, key, label, kind, value)| {
            let kind = FieldKind::parse("", &kind).ok()?;
            let value = from_json(kind, &value)?;
            Some((
                id(&ticket),
                Answer {
                    key,
                    label,
                    kind,
                    value,
                },
            ))
        })
        .collect())
}
