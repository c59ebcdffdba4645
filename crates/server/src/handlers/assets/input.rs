//! What the asset routes read: a new asset, a change, the list's filters.

use api_types::assets::{AssetFilters, CreateAsset, UpdateAsset};
use api_types::Patch;
use chrono::NaiveDate;
use db::assets::{Asset, AssetChange, AssetFilter};
use domain::asset::{AssetFields, AssetStatus, MAX_LOCATION, MAX_NAME, MAX_NOTES, MAX_SERIAL};
use domain::validation::day_in_range;
use domain::{text, AccountId, AssetId, ProductId, Violations};

use crate::auth::Principal;
use crate::error::ApiError;

fn serial(v: &mut Violations, raw: &str) -> Option<String> {
    v.check(text::optional_line("/serial_number", raw, MAX_SERIAL))
        .flatten()
}

fn location(v: &mut Violations, raw: &str) -> Option<String> {
    v.check(text::optional("/location", raw, MAX_LOCATION))
        .flatten()
}

fn notes(v: &mut Violations, raw: &str) -> Option<String> {
    v.check(text::optional("/notes", raw, MAX_NOTES)).flatten()
}

/// Checks a new asset: installed unless it says otherwise.
pub(super) fn parse(body: CreateAsset) -> Result<AssetFields, ApiError> {
    let mut v = Violations::new();
    let account_id = v.check(AccountId::parse("/account_id", &body.account_id));
    let name = v.check(text::one_line("/name", &body.name, MAX_NAME));
    let product_id = v.check_opt(body.product_id.as_deref(), |p| {
        ProductId::parse("/product_id", p)
    });
    let serial_number = body
        .serial_number
        .as_deref()
        .and_then(|s| serial(&mut v, s));
    let location = body.location.as_deref().and_then(|l| location(&mut v, l));
    let parent_id = v.check_opt(body.parent_id.as_deref(), |p| {
        AssetId::parse("/parent_id", p)
    });
    let status = match body.status.as_deref() {
        None => Some(AssetStatus::Installed),
        Some(raw) => v.check(AssetStatus::parse("/status", raw)),
    };
    let notes = body.notes.as_deref().and_then(|n| notes(&mut v, n));
    let fields = v.finish(|| {
        Some(AssetFields {
            name: name?,
            product_id,
            serial_number,
            account_id: account_id?,
            location,
            installed_on: body.installed_on,
            parent_id,
            status: status?,
            warranty_starts_on: body.warranty_starts_on,
            warranty_ends_on: body.warranty_ends_on,
            notes,
        })
    })?;
    fields.check()?;
    Ok(fields)
}

fn day(patch: Patch<NaiveDate>, current: Option<NaiveDate>) -> Option<NaiveDate> {
    match patch {
        Patch::Absent => current,
        Patch::Null => None,
        Patch::Value(d) => Some(d),
    }
}

/// `current` with `patch` applied, and the caller (for the history).
pub(super) fn merge(
    current: &Asset,
    patch: UpdateAsset,
    caller: &Principal,
) -> Result<AssetChange, ApiError> {
    let mut v = Violations::new();
    let mut f = current.fields.clone();
    if let Some(a) = patch.account_id.as_deref() {
        if let Some(a) = v.check(AccountId::parse("/account_id", a)) {
            f.account_id = a;
        }
    }
    if let Some(n) = patch.name.as_deref() {
        if let Some(n) = v.check(text::one_line("/name", n, MAX_NAME)) {
            f.name = n;
        }
    }
    match &patch.product_id {
        Patch::Absent => {}
        Patch::Null => f.product_id = None,
        Patch::Value(p) => f.product_id = v.check(ProductId::parse("/product_id", p)),
    }
    match &patch.serial_number {
        Patch::Absent => {}
        Patch::Null => f.serial_number = None,
        Patch::Value(s) => f.serial_number = serial(&mut v, s),
    }
    match &patch.location {
        Patch::Absent => {}
        Patch::Null => f.location = None,
        Patch::Value(l) => f.location = location(&mut v, l),
    }
    f.installed_on = day(patch.installed_on, f.installed_on);
    match &patch.parent_id {
        Patch::Absent => {}
        Patch::Null => f.parent_id = None,
        Patch::Value(p) => f.parent_id = v.check(AssetId::parse("/parent_id", p)),
    }
    if let Some(s) = patch.status.as_deref() {
        if let Some(s) = v.check(AssetStatus::parse("/status", s)) {
            f.status = s;
        }
    }
    f.warranty_starts_on = day(patch.warranty_starts_on, f.warranty_starts_on);
    f.warranty_ends_on = day(patch.warranty_ends_on, f.warranty_ends_on);
    match &patch.notes {
        Patch::Absent => {}
        Patch::Null => f.notes = None,
        Patch::Value(n) => f.notes = notes(&mut v, n),
    }
    v.finish(|| Some(()))?;
    f.check()?;
    Ok(AssetChange {
        fields: f,
        by: Some(caller.user),
    })
}

pub(super) fn filter(f: &AssetFilters) -> Result<AssetFilter, ApiError> {
    let mut v = Violations::new();
    let filter = AssetFilter {
        account_id: v.check_opt(f.account_id.as_deref(), |a| {
            AccountId::parse("/query/account_id", a)
        }),
        parent_id: v.check_opt(f.parent_id.as_deref(), |p| {
            AssetId::parse("/query/parent_id", p)
        }),
        status: v.check_opt(f.status.as_deref(), |s| {
            AssetStatus::parse("/query/status", s)
        }),
        product_id: v.check_opt(f.product_id.as_deref(), |p| {
            ProductId::parse("/query/product_id", p)
        }),
        serial_number: v
            .check_opt(f.serial_number.as_deref(), |s| {
                text::optional_line("/query/serial_number", s, MAX_SERIAL)
            })
            .flatten(),
        warranty_ends_before: v.check_opt(f.warranty_ends_before, |d| {
            day_in_range("/query/warranty_ends_before", d)
        }),
    };
    if v.is_empty() {
        Ok(filter)
    } else {
        Err(ApiError::InvalidParameters(v.into_errors()))
    }
}
