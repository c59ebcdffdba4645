//! An account's assets as a tree: checking what a write names and a new parent, and carrying an asset's parts along
//! when it moves to another account.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use domain::asset::{self, AssetFields, MAX_DEPTH};
use domain::{AssetId, FieldError, OrgId, ProductId, UserId};

use super::history::{self, Action, Change};
use crate::connection::AnyConnection;
use crate::convert::{bytes, id};
use crate::error::{Error, Result};
use crate::references::{self, Reference};
use crate::schema::assets;

/// Checks what `f` names that `before` did not: its account and product exist, its parent is
/// a live asset of the same account that is not below it. Call it with the account's lock.
pub(super) fn check(
    conn: &mut AnyConnection,
    org: OrgId,
    (asset, before): (AssetId, Option<&AssetFields>),
    f: &AssetFields,
) -> Result<()> {
    let mut refs = Vec::new();
    if before.is_none_or(|b| b.account_id != f.account_id) {
        refs.push(Reference::live("account_id", "accounts", &f.account_id));
    }
    if let Some(p) = f
        .product_id
        .filter(|p| before.is_none_or(|b| b.product_id != Some(*p)))
    {
        refs.push(Reference::any("product_id", "products", &p));
    }
    references::check(conn, org, &refs)?;
    let moved = before.is_none_or(|b| b.parent_id != f.parent_id || b.account_id != f.account_id);
    match f.parent_id {
        Some(parent) if moved => check_parent(conn, org, asset, before.is_some(), parent, f),
        _ => Ok(()),
    }
}

/// Checks `parent` for `asset` (of fields `f`): a live asset of the same account, not the
/// asset itself nor one of its parts, and no deeper than the tree allows. `existing` says
/// whether the asset is stored already (a new one has no parts).
pub(super) fn check_parent(
    conn: &mut AnyConnection,
    org: OrgId,
    asset: AssetId,
    existing: bool,
    parent: AssetId,
    f: &AssetFields,
) -> Result<()> {
    let found: Option<(Vec<u8>, bool)> = assets::table
        .filter(assets::org_id.eq(bytes(&org)))
        .filter(assets::id.eq(bytes(&parent)))
        .select((assets::account_id, assets::deleted_at.is_not_null()))
        .first(conn)
        .optional()?;
    match found {
        None | Some((_, true)) => return Err(Error::UnknownReference("parent_id")),
        Some((account, false)) if account != bytes(&f.account_id) => {
            return Err(Error::Invalid(FieldError::new(
                "/parent_id",
                "not_of_account",
                "an asset is part only of another asset of the same account",
            )))
        }
        Some(_) => {}
    }
    let ancestors = line_above(conn, org, parent)?;
    let below = if existing {
        depth_below(conn, org, asset)?
    } else {
        0
    };
    asset::check_parent(asset, &ancestors, below).map_err(Error::Invalid)
}

/// `from` and the assets above it, nearest first, as far as one past the deepest tree (or
/// until the line comes back on itself, which a stored tree never does), in the trash or not.
fn line_above(conn: &mut AnyConnection, org: OrgId, from: AssetId) -> Result<Vec<AssetId>> {
    Ok(walk_up(conn, org, from, false)?
        .into_iter()
        .map(|(a, _)| a)
        .collect())
}

/// `from` and the live assets above it, each with its product, as far as the first in the
/// trash: what an entitlement covering assets or products looks at for a ticket about `from`.
pub fn line(
    conn: &mut AnyConnection,
    org: OrgId,
    from: AssetId,
) -> Result<Vec<(AssetId, Option<ProductId>)>> {
    walk_up(conn, org, from, true)
}

/// An asset's parent and product, and whether it is in the trash, as stored.
type Above = (Option<Vec<u8>>, Option<Vec<u8>>, bool);

/// `from` and the assets above it with their products, nearest first; `live` stops at the
/// first in the trash.
fn walk_up(
    conn: &mut AnyConnection,
    org: OrgId,
    from: AssetId,
    live: bool,
) -> Result<Vec<(AssetId, Option<ProductId>)>> {
    let mut line: Vec<(AssetId, Option<ProductId>)> = Vec::new();
    let mut at = Some(from);
    while let Some(asset) = at.filter(|_| line.len() <= MAX_DEPTH) {
        let found: Option<Above> = assets::table
            .filter(assets::org_id.eq(bytes(&org)))
            .filter(assets::id.eq(bytes(&asset)))
            .select((
                assets::parent_id,
                assets::product_id,
                assets::deleted_at.is_not_null(),
            ))
            .first(conn)
            .optional()?;
        let Some((parent, product, _)) = found.filter(|(_, _, trashed)| !(live && *trashed)) else {
            break;
        };
        line.push((asset, product.map(|p| id(&p))));
        at = parent
            .map(|p| id::<domain::id::kind::Asset>(&p))
            .filter(|p| line.iter().all(|(a, _)| a != p));
    }
    Ok(line)
}

/// A part of an asset: its id and version.
type Part = (Vec<u8>, i64);

/// The parts of `asset` level by level (its direct parts first), in the trash or not.
fn parts_by_level(conn: &mut AnyConnection, org: OrgId, asset: AssetId) -> Result<Vec<Vec<Part>>> {
    let mut levels = Vec::new();
    let mut parents = vec![bytes(&asset)];
    while !parents.is_empty() && levels.len() <= MAX_DEPTH {
        let level: Vec<Part> = assets::table
            .filter(assets::org_id.eq(bytes(&org)))
            .filter(assets::parent_id.eq_any(&parents))
            .select((assets::id, assets::version))
            .load(conn)?;
        if level.is_empty() {
            break;
        }
        parents = level.iter().map(|(id, _)| id.clone()).collect();
        levels.push(level);
    }
    Ok(levels)
}

/// How many levels of parts hang below `asset` (0 for one without parts).
fn depth_below(conn: &mut AnyConnection, org: OrgId, asset: AssetId) -> Result<usize> {
    Ok(parts_by_level(conn, org, asset)?.len())
}

/// Moves the parts of `asset` (all levels, in the trash or not) to its new account, one
/// version later each, with a line in each part's history. Call it with both accounts'
/// locks held.
pub(super) fn move_parts(
    conn: &mut AnyConnection,
    org: OrgId,
    asset: AssetId,
    before: &AssetFields,
    after: &AssetFields,
    (now, by): (DateTime<Utc>, Option<UserId>),
) -> Result<()> {
    let change = [Change::new(
        "account_id",
        Some(before.account_id.to_string()),
        Some(after.account_id.to_string()),
    )];
    for (part, version) in parts_by_level(conn, org, asset)?.into_iter().flatten() {
        // Every writer of the tree holds the old account's lock, as this move does: the
        // version read is the one stored.
        let moved = diesel::update(assets::table)
            .filter(assets::org_id.eq(bytes(&org)))
            .filter(assets::id.eq(&part))
            .filter(assets::version.eq(version))
            .set((
                assets::account_id.eq(bytes(&after.account_id)),
                assets::updated_at.eq(crate::convert::to_db(now)),
                assets::version.eq(version + 1),
            ))
            .execute(conn)?;
        if moved != 1 {
            return Err(Error::Stale);
        }
        let part = id::<domain::id::kind::Asset>(&part);
        history::add(
            conn,
            org,
            part,
            version + 1,
            (now, by),
            Action::Updated,
            &change,
        )?;
    }
    Ok(())
}
