//! What the return routes read: a new return, a change, the list's filters.

use api_types::rmas::{CreateRma, RmaFilters, UpdateRma};
use api_types::{MoneyBody, Patch};
use db::rmas::{NewRma, Rma, RmaFilter};
use domain::money::check_amount;
use domain::rma::{RmaFields, RmaStatus, Shipping, MAX_SHIPPING, MAX_TEXT};
use domain::{text, AccountId, AssetId, Money, TicketId, Violations};

use crate::auth::Principal;
use crate::error::ApiError;

fn money(v: &mut Violations, pointer: &str, raw: &MoneyBody) -> Option<Money> {
    let m = v.check(Money::parse(pointer, raw.amount_minor, &raw.currency, true))?;
    v.check(check_amount(pointer, &m)).map(|()| m)
}

fn line(v: &mut Violations, pointer: &str, raw: &str) -> Option<String> {
    v.check(text::optional_line(pointer, raw, MAX_SHIPPING))
        .flatten()
}

fn notes(v: &mut Violations, pointer: &str, raw: &str) -> Option<String> {
    v.check(text::optional(pointer, raw, MAX_TEXT)).flatten()
}

/// Checks a new return (whether the unit is under warranty is known once it is read).
pub(super) fn parse(body: CreateRma) -> Result<NewRma, ApiError> {
    let mut v = Violations::new();
    let ticket_id = v.check(TicketId::parse("/ticket_id", &body.ticket_id));
    let asset_id = v.check_opt(body.asset_id.as_deref(), |a| AssetId::parse("/asset_id", a));
    let reason = v.check(text::required("/reason", &body.reason, MAX_TEXT));
    let shipping = Shipping {
        carrier: body
            .carrier
            .as_deref()
            .and_then(|c| line(&mut v, "/carrier", c)),
        tracking_number: body
            .tracking_number
            .as_deref()
            .and_then(|t| line(&mut v, "/tracking_number", t)),
    };
    let charge = body
        .charge
        .as_ref()
        .and_then(|c| money(&mut v, "/charge", c));
    let notes = body
        .notes
        .as_deref()
        .and_then(|n| notes(&mut v, "/notes", n));
    v.finish(|| {
        Some(NewRma {
            ticket_id: ticket_id?,
            asset_id,
            reason: reason?,
            shipping,
            charge,
            notes,
        })
    })
    .map_err(ApiError::from)
}

fn patched(
    v: &mut Violations,
    patch: &Patch<String>,
    current: Option<String>,
    read: impl FnOnce(&mut Violations, &str) -> Option<String>,
) -> Option<String> {
    match patch {
        Patch::Absent => current,
        Patch::Null => None,
        Patch::Value(raw) => read(v, raw),
    }
}

/// `current` with `patch` applied; a status change must be one the lifecycle allows, and
/// the step reached must have what it needs.
pub(super) fn merge(current: &Rma, patch: UpdateRma, _: &Principal) -> Result<RmaFields, ApiError> {
    let mut v = Violations::new();
    let mut f = current.fields.clone();
    if let Some(s) = patch.status.as_deref() {
        if let Some(s) = v.check(RmaStatus::parse("/status", s)) {
            if v.check(current.fields.status.check_move(s)).is_some() {
                f.status = s;
            }
        }
    }
    if let Some(r) = patch.reason.as_deref() {
        if let Some(r) = v.check(text::required("/reason", r, MAX_TEXT)) {
            f.reason = r;
        }
    }
    f.shipping.carrier = patched(&mut v, &patch.carrier, f.shipping.carrier, |v, raw| {
        line(v, "/carrier", raw)
    });
    f.shipping.tracking_number = patched(
        &mut v,
        &patch.tracking_number,
        f.shipping.tracking_number,
        |v, raw| line(v, "/tracking_number", raw),
    );
    f.inspection_notes = patched(
        &mut v,
        &patch.inspection_notes,
        f.inspection_notes,
        |v, raw| notes(v, "/inspection_notes", raw),
    );
    f.notes = patched(&mut v, &patch.notes, f.notes, |v, raw| {
        notes(v, "/notes", raw)
    });
    match &patch.charge {
        Patch::Absent => {}
        Patch::Null => f.charge = None,
        Patch::Value(m) => f.charge = money(&mut v, "/charge", m).or(f.charge),
    }
    match &patch.credit {
        Patch::Absent => {}
        Patch::Null => f.credit = None,
        Patch::Value(m) => f.credit = money(&mut v, "/credit", m).or(f.credit),
    }
    v.finish(|| Some(()))?;
    f.check()?;
    Ok(f)
}

pub(super) fn filter(f: &RmaFilters) -> Result<RmaFilter, ApiError> {
    let mut v = Violations::new();
    let filter = RmaFilter {
        status: v.check_opt(f.status.as_deref(), |s| {
            RmaStatus::parse("/query/status", s)
        }),
        account_id: v.check_opt(f.account_id.as_deref(), |a| {
            AccountId::parse("/query/account_id", a)
        }),
        asset_id: v.check_opt(f.asset_id.as_deref(), |a| {
            AssetId::parse("/query/asset_id", a)
        }),
        ticket_id: v.check_opt(f.ticket_id.as_deref(), |t| {
            TicketId::parse("/query/ticket_id", t)
        }),
    };
    if v.is_empty() {
        Ok(filter)
    } else {
        Err(ApiError::InvalidParameters(v.into_errors()))
    }
}
