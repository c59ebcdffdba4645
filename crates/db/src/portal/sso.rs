//! Single sign-on tokens already used: each `jti` signs a customer in once, and is kept
//! until the token would have expired anyway.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use domain::{OrgId, PartnerId};

use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, to_db};
use crate::error::{Error, Result};
use crate::schema::portal_sso_uses;

/// Notes the use of token `jti` of `partner`, which passes until `expires_at` (its leeway
/// included, so that it is remembered as long as it could be replayed): `false` when it
/// was used before (two concurrent uses: one wins). Uses past their expiry are forgotten on
/// the way.
pub fn use_once(
    conn: &mut AnyConnection,
    org: OrgId,
    partner: PartnerId,
    (jti, expires_at): (&str, DateTime<Utc>),
    now: DateTime<Utc>,
) -> Result<bool> {
    write_transaction(conn, |conn| {
        diesel::delete(
            portal_sso_uses::table
                .filter(portal_sso_uses::org_id.eq(bytes(&org)))
                .filter(portal_sso_uses::expires_at.lt(to_db(now))),
        )
        .execute(conn)?;
        let inserted = conn.transaction(|conn| {
            diesel::insert_into(portal_sso_uses::table)
                .values((
                    portal_sso_uses::org_id.eq(bytes(&org)),
                    portal_sso_uses::partner_id.eq(bytes(&partner)),
                    portal_sso_uses::jti.eq(jti),
                    portal_sso_uses::expires_at.eq(to_db(expires_at)),
                ))
                .execute(conn)
        });
        match inserted.map_err(Error::from) {
            Ok(_) => Ok(true),
            Err(Error::Conflict(_)) => Ok(false),
            Err(other) => Err(other),
        }
    })
}
