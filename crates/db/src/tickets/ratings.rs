//! Customers' ratings of solved tickets: one per ticket, and their sum for analytics.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::portal::Rating;
use domain::{ContactId, OrgId, TicketId};

use crate::connection::AnyConnection;
use crate::convert::{bytes, from_db, id, to_db};
use crate::error::{unique, Result};
use crate::schema::ticket_ratings;

/// A stored rating.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rated {
    /// What was given.
    pub rating: Rating,
    /// Who gave it.
    pub by: ContactId,
    /// When.
    pub at: DateTime<Utc>,
}

type RatingRow = (i32, Option<String>, Vec<u8>, NaiveDateTime);

fn to_rated((score, comment, by, at): RatingRow) -> Rated {
    Rated {
        rating: Rating { score, comment },
        by: id(&by),
        at: from_db(at),
    }
}

/// Stores the rating of `ticket`; a ticket rated before is 409 `already_rated`. Run it in
/// the transaction that holds the ticket's lock.
pub fn add(
    conn: &mut AnyConnection,
    org: OrgId,
    ticket: TicketId,
    (rating, by): (&Rating, ContactId),
    now: DateTime<Utc>,
) -> Result<()> {
    diesel::insert_into(ticket_ratings::table)
        .values((
            ticket_ratings::org_id.eq(bytes(&org)),
            ticket_ratings::ticket_id.eq(bytes(&ticket)),
            ticket_ratings::score.eq(rating.score),
            ticket_ratings::comment.eq(rating.comment.as_deref()),
            ticket_ratings::rated_by.eq(bytes(&by)),
            ticket_ratings::rated_at.eq(to_db(now)),
        ))
        .execute(conn)
        .map_err(unique("already_rated"))?;
    Ok(())
}

/// The ratings of these tickets, by ticket.
pub fn of_tickets(
    conn: &mut AnyConnection,
    org: OrgId,
    tickets: &[TicketId],
) -> Result<Vec<(TicketId, Rated)>> {
    if tickets.is_empty() {
        return Ok(Vec::new());
    }
    let wanted: Vec<Vec<u8>> = tickets.iter().map(bytes).collect();
    let rows: Vec<(Vec<u8>, RatingRow)> = ticket_ratings::table
        .filter(ticket_ratings::org_id.eq(bytes(&org)))
        .filter(ticket_ratings::ticket_id.eq_any(&wanted))
        .select((
            ticket_ratings::ticket_id,
            (
                ticket_ratings::score,
                ticket_ratings::comment,
                ticket_ratings::rated_by,
                ticket_ratings::rated_at,
            ),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(ticket, row)| (id(&ticket), to_rated(row)))
        .collect())
}

/// How many ratings of each score (1 to 5) were given in `[from, to)`.
pub fn counts(
    conn: &mut AnyConnection,
    org: OrgId,
    (from, to): (Option<DateTime<Utc>>, Option<DateTime<Utc>>),
) -> Result<[i64; 5]> {
    // Within what both databases store.
    let from = from.map_or(DateTime::UNIX_EPOCH.naive_utc(), to_db);
    let end_of_time = chrono::NaiveDate::from_ymd_opt(9999, 12, 31)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default();
    let to = to.map_or(end_of_time, to_db);
    let rows: Vec<(i32, i64)> = ticket_ratings::table
        .filter(ticket_ratings::org_id.eq(bytes(&org)))
        .filter(ticket_ratings::rated_at.ge(from))
        .filter(ticket_ratings::rated_at.lt(to))
        .group_by(ticket_ratings::score)
        .select((ticket_ratings::score, diesel::dsl::count_star()))
        .load(conn)?;
    let mut counts = [0; 5];
    for (score, n) in rows {
        if let Some(slot) = usize::try_from(score - 1)
            .ok()
            .and_then(|i| counts.get_mut(i))
        {
            *slot = n;
        }
    }
    Ok(counts)
}
