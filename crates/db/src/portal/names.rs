//! The names a customer sees beside a conversation: the staff who answered (never their
//! addresses) and the customer's colleagues.

use diesel::prelude::*;
use domain::{ContactId, OrgId, UserId};

use crate::connection::AnyConnection;
use crate::convert::{bytes, id};
use crate::error::Result;
use crate::schema::{contacts, users};

/// The names of these staff users of `org`.
pub fn users(
    conn: &mut AnyConnection,
    org: OrgId,
    ids: &[UserId],
) -> Result<Vec<(UserId, String)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let wanted: Vec<Vec<u8>> = ids.iter().map(bytes).collect();
    let rows: Vec<(Vec<u8>, String)> = users::table
        .filter(users::org_id.eq(bytes(&org)))
        .filter(users::id.eq_any(&wanted))
        .select((users::id, users::name))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(user, name)| (id(&user), name))
        .collect())
}

/// The names of these contacts of `org`, first name then last name.
pub fn contacts(
    conn: &mut AnyConnection,
    org: OrgId,
    ids: &[ContactId],
) -> Result<Vec<(ContactId, String)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let wanted: Vec<Vec<u8>> = ids.iter().map(bytes).collect();
    let rows: Vec<(Vec<u8>, Option<String>, String)> = contacts::table
        .filter(contacts::org_id.eq(bytes(&org)))
        .filter(contacts::id.eq_any(&wanted))
        .select((contacts::id, contacts::first_name, contacts::last_name))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(contact, first, last)| {
            let name = match first {
                Some(first) => format!("{first} {last}"),
                None => last,
            };
            (id(&contact), name)
        })
        .collect())
}
