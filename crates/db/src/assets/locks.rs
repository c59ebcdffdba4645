//! The account locks every writer of an asset takes first: an account's tree changes only
//! under its account's row lock, and a move to another account takes both in one order.

use diesel::prelude::*;
use domain::account::Account;
use domain::{AccountId, AssetId, OrgId};

use crate::connection::AnyConnection;
use crate::convert::{bytes, id};
use crate::error::{Error, Result};
use crate::record;
use crate::schema::assets;

/// The account an asset belongs to now.
fn account_of(conn: &mut AnyConnection, org: OrgId, asset: AssetId) -> Result<AccountId> {
    let raw: Vec<u8> = assets::table
        .filter(assets::org_id.eq(bytes(&org)))
        .filter(assets::id.eq(bytes(&asset)))
        .select(assets::account_id)
        .first(conn)?;
    Ok(id(&raw))
}

/// The account a live asset belongs to (none when there is no such live asset).
pub fn owner(conn: &mut AnyConnection, org: OrgId, asset: AssetId) -> Result<Option<AccountId>> {
    let raw: Option<Vec<u8>> = assets::table
        .filter(assets::org_id.eq(bytes(&org)))
        .filter(assets::id.eq(bytes(&asset)))
        .filter(assets::deleted_at.is_null())
        .select(assets::account_id)
        .first(conn)
        .optional()?;
    Ok(raw.map(|a| id(&a)))
}

/// Before a change that may move `asset` to `target`, takes the locks of both accounts in
/// one order (by id), so that two moves in opposite directions queue instead of waiting on
/// each other. Call it inside the change's transaction, before the change.
pub fn lock_for_move(
    conn: &mut AnyConnection,
    org: OrgId,
    asset: AssetId,
    target: AccountId,
) -> Result<()> {
    let Ok(source) = account_of(conn, org, asset) else {
        // No such asset: the change itself answers that.
        return Ok(());
    };
    let mut accounts = [source, target];
    accounts.sort();
    for account in accounts {
        match record::lock::<Account>(conn, org, account) {
            // An unknown target: the change's own checks name the field.
            Err(Error::NotFound) => {}
            other => other.map(|_| ())?,
        }
    }
    Ok(())
}

/// Takes the lock of the account `asset` belongs to (read again under the lock until it
/// holds still: the asset may move meanwhile, as a part of another).
pub(super) fn lock_account_of(conn: &mut AnyConnection, org: OrgId, asset: AssetId) -> Result<()> {
    let mut account = account_of(conn, org, asset)?;
    loop {
        record::lock::<Account>(conn, org, account)?;
        let now_of = account_of(conn, org, asset)?;
        if now_of == account {
            return Ok(());
        }
        account = now_of;
    }
}

/// Takes the lock of the account a write names (422 `unknown_reference` at `account_id`
/// when there is no such account).
pub(super) fn lock_named_account(
    conn: &mut AnyConnection,
    org: OrgId,
    account: AccountId,
) -> Result<()> {
    match record::lock::<Account>(conn, org, account) {
        Err(Error::NotFound) => Err(Error::UnknownReference("account_id")),
        other => other.map(|_| ()),
    }
}
