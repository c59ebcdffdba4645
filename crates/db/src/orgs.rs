//! Organizations (tenants).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use domain::OrgId;

use crate::connection::AnyConnection;
use crate::convert::{bytes, to_db};
use crate::error::Result;
use crate::schema::organizations;

/// Creates an organization and returns its id.
pub fn create(conn: &mut AnyConnection, name: &str, now: DateTime<Utc>) -> Result<OrgId> {
    let id = OrgId::mint();
    diesel::insert_into(organizations::table)
        .values((
            organizations::id.eq(bytes(&id)),
            organizations::name.eq(name),
            organizations::created_at.eq(to_db(now)),
            organizations::updated_at.eq(to_db(now)),
        ))
        .execute(conn)?;
    Ok(id)
}

/// The organization's name.
pub fn name(conn: &mut AnyConnection, org: OrgId) -> Result<String> {
    Ok(organizations::table
        .find(bytes(&org))
        .select(organizations::name)
        .first(conn)?)
}

/// How many organizations the database holds.
pub fn count(conn: &mut AnyConnection) -> Result<i64> {
    Ok(organizations::table.count().get_result(conn)?)
}
