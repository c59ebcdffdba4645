//! Links mailed to prove an address: one signs a portal user in without a password, another
//! finishes a customer's own sign-up. Each is kept hashed, works once, and is forgotten when
//! used or past its expiry.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::{AccountId, Email, OrgId, PartnerId, PortalUserId};

use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, from_db, id, to_db};
use crate::error::{Error, Result};
use crate::schema::portal_links;
use crate::sql::{Sql, Value};

/// The most links of one purpose that may wait at one address at once: asking for more
/// sends nothing, so nobody can fill a mailbox with them.
pub const MAX_WAITING: i64 = 3;

/// What a link is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    /// Signs this portal user in.
    SignIn(PortalUserId),
    /// Gives the address portal access at this account, under the name typed.
    SignUp {
        /// The account whose domain the address is at.
        account: AccountId,
        /// The name the customer gave.
        name: String,
    },
}

/// A link waiting to be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// What it does.
    pub purpose: Purpose,
    /// The portal it opens.
    pub partner: PartnerId,
    /// The address it was mailed to.
    pub email: Email,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = portal_links)]
struct LinkRow {
    purpose: String,
    partner_id: Vec<u8>,
    email: String,
    portal_user_id: Option<Vec<u8>>,
    account_id: Option<Vec<u8>>,
    name: Option<String>,
    expires_at: NaiveDateTime,
}

fn to_link(row: LinkRow) -> Result<Link> {
    let broken = || Error::Other(format!("portal link of purpose {}", row.purpose));
    let purpose = match (row.purpose.as_str(), &row.portal_user_id, &row.account_id) {
        ("sign_in", Some(user), _) => Purpose::SignIn(id(user)),
        ("sign_up", _, Some(account)) => Purpose::SignUp {
            account: id(account),
            name: row.name.clone().unwrap_or_default(),
        },
        _ => return Err(broken()),
    };
    Ok(Link {
        purpose,
        partner: id(&row.partner_id),
        email: Email::parse("", &row.email).map_err(|e| Error::Other(e.detail))?,
        expires_at: from_db(row.expires_at),
    })
}

/// Keeps `link` under `token_hash`, unless [`MAX_WAITING`] links of its purpose wait at its
/// address already (`false`: nothing kept). Expired links are forgotten on the way.
pub fn create(
    conn: &mut AnyConnection,
    org: OrgId,
    token_hash: &str,
    link: &Link,
    now: DateTime<Utc>,
) -> Result<bool> {
    write_transaction(conn, |conn| {
        diesel::delete(
            portal_links::table
                .filter(portal_links::org_id.eq(bytes(&org)))
                .filter(portal_links::expires_at.le(to_db(now))),
        )
        .execute(conn)?;
        let (purpose, user, account, name) = match &link.purpose {
            Purpose::SignIn(user) => ("sign_in", Some(bytes(user)), None, None),
            Purpose::SignUp { account, name } => {
                ("sign_up", None, Some(bytes(account)), Some(name.as_str()))
            }
        };
        let waiting: i64 = portal_links::table
            .filter(portal_links::org_id.eq(bytes(&org)))
            .filter(portal_links::email_normalized.eq(link.email.normalized()))
            .filter(portal_links::purpose.eq(purpose))
            .count()
            .get_result(conn)?;
        if waiting >= MAX_WAITING {
            return Ok(false);
        }
        diesel::insert_into(portal_links::table)
            .values((
                portal_links::org_id.eq(bytes(&org)),
                portal_links::token_hash.eq(token_hash),
                portal_links::purpose.eq(purpose),
                portal_links::partner_id.eq(bytes(&link.partner)),
                portal_links::email.eq(link.email.as_str()),
                portal_links::email_normalized.eq(link.email.normalized()),
                portal_links::portal_user_id.eq(user),
                portal_links::account_id.eq(account),
                portal_links::name.eq(name),
                portal_links::created_at.eq(to_db(now)),
                portal_links::expires_at.eq(to_db(link.expires_at)),
            ))
            .execute(conn)?;
        Ok(true)
    })
}

/// The link `token_hash` names, if it still works.
pub fn waiting(
    conn: &mut AnyConnection,
    org: OrgId,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<Link>> {
    let row: Option<LinkRow> = portal_links::table
        .filter(portal_links::org_id.eq(bytes(&org)))
        .filter(portal_links::token_hash.eq(token_hash))
        .filter(portal_links::expires_at.gt(to_db(now)))
        .select(LinkRow::as_select())
        .first(conn)
        .optional()?;
    row.map(to_link).transpose()
}

/// Uses the link `token_hash` names, if it still works: it is forgotten, so of two uses at
/// once only one gets it. Call it in the transaction that does what the link is for.
pub fn take(
    conn: &mut AnyConnection,
    org: OrgId,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<Link>> {
    let Some(link) = waiting(conn, org, token_hash, now)? else {
        return Ok(None);
    };
    // Every link at the address, held in one order until the transaction ends: two links to
    // one address used at once (two sign-ups finished together) wait on each other rather
    // than each hold one and deadlock. (SQLite writes one transaction at a time anyway.)
    if matches!(conn, AnyConnection::Postgresql(_)) {
        Sql::new("SELECT token_hash FROM portal_links WHERE org_id = ")
            .value(Value::Bytes(bytes(&org)))
            .push(" AND email_normalized = ")
            .value(Value::Text(link.email.normalized()))
            .push(" ORDER BY token_hash FOR UPDATE")
            .execute(conn)?;
    }
    let taken = diesel::delete(
        portal_links::table
            .filter(portal_links::org_id.eq(bytes(&org)))
            .filter(portal_links::token_hash.eq(token_hash)),
    )
    .execute(conn)?;
    Ok((taken == 1).then_some(link))
}

/// Forgets every link waiting at `email`: its sign-up is done, or its access ended.
pub fn forget_address(conn: &mut AnyConnection, org: OrgId, email: &Email) -> Result<()> {
    diesel::delete(
        portal_links::table
            .filter(portal_links::org_id.eq(bytes(&org)))
            .filter(portal_links::email_normalized.eq(email.normalized())),
    )
    .execute(conn)?;
    Ok(())
}
