//! Who has a ticket open: each viewer's page renews its row while it stays open, and a row
//! whose time has passed is someone who left without saying so.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use domain::{OrgId, TicketId, UserId};

use crate::connection::AnyConnection;
use crate::convert::{bytes, from_db, id, to_db};
use crate::error::Result;
use crate::schema::{ticket_viewers as viewers, users};
use crate::sql::{Sql, Value};

/// Someone viewing a ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewer {
    /// The staff user.
    pub user_id: UserId,
    /// Their name.
    pub name: String,
    /// Until when they count as viewing unless their page renews it.
    pub expires_at: DateTime<Utc>,
}

/// Records that `user` has the ticket open until `until`, and forgets viewers whose time
/// passed before `now`.
pub fn renew(
    conn: &mut AnyConnection,
    org: OrgId,
    ticket: TicketId,
    user: UserId,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<()> {
    diesel::delete(
        viewers::table
            .filter(viewers::org_id.eq(bytes(&org)))
            .filter(viewers::ticket_id.eq(bytes(&ticket)))
            .filter(viewers::expires_at.le(to_db(now))),
    )
    .execute(conn)?;
    Sql::new("INSERT INTO ticket_viewers (org_id, ticket_id, user_id, expires_at) VALUES (")
        .values([
            Value::Bytes(bytes(&org)),
            Value::Bytes(bytes(&ticket)),
            Value::Bytes(bytes(&user)),
            Value::Time(Some(to_db(until))),
        ])
        .push(
            ") ON CONFLICT (org_id, ticket_id, user_id) \
             DO UPDATE SET expires_at = excluded.expires_at",
        )
        .execute(conn)?;
    Ok(())
}

/// Records that `user` closed the ticket.
pub fn leave(conn: &mut AnyConnection, org: OrgId, ticket: TicketId, user: UserId) -> Result<()> {
    diesel::delete(
        viewers::table
            .filter(viewers::org_id.eq(bytes(&org)))
            .filter(viewers::ticket_id.eq(bytes(&ticket)))
            .filter(viewers::user_id.eq(bytes(&user))),
    )
    .execute(conn)?;
    Ok(())
}

/// Who is viewing the ticket at `now`, by name.
pub fn current(
    conn: &mut AnyConnection,
    org: OrgId,
    ticket: TicketId,
    now: DateTime<Utc>,
) -> Result<Vec<Viewer>> {
    let rows: Vec<(Vec<u8>, String, chrono::NaiveDateTime)> = viewers::table
        .inner_join(
            users::table.on(users::org_id
                .eq(viewers::org_id)
                .and(users::id.eq(viewers::user_id))),
        )
        .filter(viewers::org_id.eq(bytes(&org)))
        .filter(viewers::ticket_id.eq(bytes(&ticket)))
        .filter(viewers::expires_at.gt(to_db(now)))
        .order((users::name.asc(), users::id.asc()))
        .select((users::id, users::name, viewers::expires_at))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(user, name, until)| Viewer {
            user_id: id(&user),
            name,
            expires_at: from_db(until),
        })
        .collect())
}

/// Forgets, in every organization, viewers whose time passed before `now`; how many.
pub fn prune(conn: &mut AnyConnection, now: DateTime<Utc>) -> Result<usize> {
    Ok(diesel::delete(viewers::table.filter(viewers::expires_at.le(to_db(now)))).execute(conn)?)
}
