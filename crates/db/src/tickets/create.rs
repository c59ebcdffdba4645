//! Creating a ticket with the organization's next number.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use domain::ticket::{SlaSummary, Status, Ticket, TicketFields};
use domain::{OrgId, TicketId};

use super::{check_references, no_deadline, TicketValues, TAGS, TERMS};
use crate::connection::AnyConnection;
use crate::convert::{bytes, to_db};
use crate::error::{Error, Result};
use crate::schema::tickets;
use crate::search;
use crate::side;
use crate::sql::{Sql, Value};

#[derive(QueryableByName)]
struct Number {
    #[diesel(sql_type = BigInt)]
    last_number: i64,
}

/// Takes the organization's next ticket number. Call it in its own statement, before the
/// transaction that creates the ticket: the counter's row is locked only while this statement
/// runs, so concurrent creations do not queue behind each other's transactions. Numbers always
/// increase and are never given twice; a creation that fails afterwards leaves a gap.
pub fn next_number(conn: &mut AnyConnection, org: OrgId) -> Result<i64> {
    let rows: Vec<Number> = Sql::new("INSERT INTO ticket_counters (org_id, last_number) VALUES (")
        .value(Value::Bytes(bytes(&org)))
        .push(
            ", 1) ON CONFLICT (org_id) DO UPDATE SET last_number = ticket_counters.last_number + 1",
        )
        .push(" RETURNING last_number")
        .load(conn)?;
    rows.first()
        .map(|n| n.last_number)
        .ok_or_else(|| Error::Other("no ticket number".into()))
}

/// Creates a ticket with the given id and number (from [`next_number`]), its SLA clocks
/// standing at `sla`. `follow_up_of` links it to the closed ticket it continues. Call it in
/// the transaction that writes the rest of the new ticket (its timeline).
pub fn create(
    conn: &mut AnyConnection,
    org: OrgId,
    (ticket, number): (TicketId, i64),
    fields: &TicketFields,
    sla: SlaSummary,
    follow_up_of: Option<TicketId>,
    now: DateTime<Utc>,
) -> Result<Ticket> {
    check_references(conn, org, None, fields)?;
    let (solved_at, closed_at) = match fields.status {
        Status::Solved => (Some(now), None),
        Status::Closed => (Some(now), Some(now)),
        _ => (None, None),
    };
    diesel::insert_into(tickets::table)
        .values((
            tickets::org_id.eq(bytes(&org)),
            tickets::id.eq(bytes(&ticket)),
            tickets::number.eq(number),
            TicketValues::of(fields, number)?,
            tickets::sla_policy_id.eq(sla.policy_id.as_ref().map(bytes)),
            tickets::sla_due_at.eq(sla.due_at.map_or_else(no_deadline, to_db)),
            tickets::sla_warn_at.eq(sla.warn_at.map(to_db)),
            tickets::sla_next_at.eq(sla.next_at.map(to_db)),
            tickets::solved_at.eq(solved_at.map(to_db)),
            tickets::closed_at.eq(closed_at.map(to_db)),
            tickets::follow_up_of_id.eq(follow_up_of.as_ref().map(bytes)),
            tickets::created_at.eq(to_db(now)),
            tickets::updated_at.eq(to_db(now)),
            tickets::version.eq(1_i64),
        ))
        .execute(conn)?;
    let owner = bytes(&ticket);
    side::sync(conn, TAGS, org, &owner, &[], &fields.tags)?;
    search::sync(conn, TERMS, org, &owner, "", &fields.search_text(number))?;
    Ok(Ticket {
        id: ticket,
        number,
        fields: fields.clone(),
        first_responded_at: None,
        solved_at,
        closed_at,
        sla,
        merged_into_id: None,
        follow_up_of_id: follow_up_of,
        created_at: now,
        updated_at: now,
        deleted_at: None,
        version: 1,
    })
}
