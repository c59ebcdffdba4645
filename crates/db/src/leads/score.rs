//! A lead's score, kept in its row: what the scoring rules make of its fields and events,
//! computed again when the lead changes, when a note about it comes or goes, when the rules
//! change (in batches, [`rescore`]) and daily while rules fade.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::lead::{Lead, LeadFields};
use domain::scoring::{self, Score, ScoreEvent, ScoringRule, MAX_EVENTS};
use domain::{LeadId, OrgId};

use crate::connection::AnyConnection;
use crate::convert::{bytes, from_db, id};
use crate::error::Result;
use crate::record::Record;
use crate::schema::{leads, notes};

/// How many leads one rescoring job scores.
pub const RESCORE_BATCH: i64 = 1_000;

/// The events of a lead: its capture, and its live notes (the most recent ones).
fn events(
    conn: &mut AnyConnection,
    org: OrgId,
    lead: LeadId,
    captured: Option<DateTime<Utc>>,
) -> Result<Vec<(ScoreEvent, DateTime<Utc>)>> {
    let noted: Vec<NaiveDateTime> = notes::table
        .filter(notes::org_id.eq(bytes(&org)))
        .filter(notes::lead_id.eq(bytes(&lead)))
        .filter(notes::deleted_at.is_null())
        .order(notes::created_at.desc())
        .limit(MAX_EVENTS as i64)
        .select(notes::created_at)
        .load(conn)?;
    Ok(captured
        .map(|at| (ScoreEvent::FormSubmission, at))
        .into_iter()
        .chain(noted.into_iter().map(|at| (ScoreEvent::Note, from_db(at))))
        .collect())
}

/// The score of a lead with `fields` (captured by a form at `captured`, if it was) at `now`,
/// with its parts.
pub fn explain(
    conn: &mut AnyConnection,
    org: OrgId,
    lead: LeadId,
    fields: &LeadFields,
    captured: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<Score> {
    let rules = crate::scoring_rules::live(conn, org)?;
    score_with(conn, org, &rules, lead, fields, captured, now)
}

fn score_with(
    conn: &mut AnyConnection,
    org: OrgId,
    rules: &[ScoringRule],
    lead: LeadId,
    fields: &LeadFields,
    captured: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<Score> {
    if rules.is_empty() {
        return Ok(Score {
            total: 0,
            parts: Vec::new(),
        });
    }
    let events = events(conn, org, lead, captured)?;
    Ok(scoring::score(rules, fields, &events, now))
}

/// The score of a lead about to be written for the first time: no note is about it yet.
pub fn of_new(
    conn: &mut AnyConnection,
    org: OrgId,
    fields: &LeadFields,
    captured: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<i64> {
    let rules = crate::scoring_rules::live(conn, org)?;
    let events: Vec<(ScoreEvent, DateTime<Utc>)> = captured
        .map(|at| (ScoreEvent::FormSubmission, at))
        .into_iter()
        .collect();
    Ok(scoring::score(&rules, fields, &events, now).total)
}

/// When the lead was captured by a form, if it was.
pub fn captured(lead: &Lead) -> Option<DateTime<Utc>> {
    lead.form_id.map(|_| lead.created_at)
}

/// Scores the lead again and keeps the score; its version stays, as a score is derived.
pub fn refresh(
    conn: &mut AnyConnection,
    org: OrgId,
    lead: LeadId,
    now: DateTime<Utc>,
) -> Result<i64> {
    let current = Lead::read(conn, org, lead)?;
    let score = explain(conn, org, lead, &current.fields, captured(&current), now)?;
    if score.total != current.score {
        keep(conn, org, lead, score.total)?;
    }
    Ok(score.total)
}

fn keep(conn: &mut AnyConnection, org: OrgId, lead: LeadId, score: i64) -> Result<()> {
    diesel::update(
        leads::table
            .filter(leads::org_id.eq(bytes(&org)))
            .filter(leads::id.eq(bytes(&lead))),
    )
    .set(leads::score.eq(score))
    .execute(conn)?;
    Ok(())
}

/// Scores the live, unconverted leads after `after` (from the first when `None`), at most
/// [`RESCORE_BATCH`] of them in id order, keeping the scores that changed; returns the last
/// one when more may follow.
pub fn rescore(
    conn: &mut AnyConnection,
    org: OrgId,
    after: Option<LeadId>,
    now: DateTime<Utc>,
) -> Result<Option<LeadId>> {
    let rules = crate::scoring_rules::live(conn, org)?;
    let mut query = leads::table
        .filter(leads::org_id.eq(bytes(&org)))
        .filter(leads::deleted_at.is_null())
        .filter(leads::converted_at.is_null())
        .order(leads::id.asc())
        .limit(RESCORE_BATCH)
        .select(leads::id)
        .into_boxed();
    if let Some(after) = after {
        query = query.filter(leads::id.gt(bytes(&after)));
    }
    let ids: Vec<Vec<u8>> = query.load(conn)?;
    for raw in &ids {
        let lead = Lead::read(conn, org, id(raw))?;
        let score = score_with(
            conn,
            org,
            &rules,
            lead.id,
            &lead.fields,
            captured(&lead),
            now,
        )?;
        if score.total != lead.score {
            keep(conn, org, lead.id, score.total)?;
        }
    }
    Ok((ids.len() as i64 == RESCORE_BATCH)
        .then(|| ids.last().map(|raw| id(raw)))
        .flatten())
}
