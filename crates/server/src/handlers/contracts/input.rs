//! What the contract routes read: a new contract, a change, the list's filters.

use api_types::contracts::{ContractFilters, CreateContract, UpdateContract};
use api_types::{MoneyBody, Patch};
use db::contracts::{Contract, ContractFilter};
use domain::contract::{
    ContractFields, ContractStatus, ContractType, Renewal, MAX_NOTES, MAX_NUMBER,
};
use domain::money::check_amount;
use domain::validation::day_in_range;
use domain::{text, AccountId, ContactId, FieldError, Money, SlaPolicyId, UserId, Violations};

use crate::auth::Principal;
use crate::error::ApiError;

fn value(v: &mut Violations, raw: &MoneyBody) -> Option<Money> {
    let m = v.check(Money::parse(
        "/value",
        raw.amount_minor,
        &raw.currency,
        true,
    ))?;
    v.check(check_amount("/value", &m)).map(|()| m)
}

/// The authorised contacts, each once, in the order they are stored (so that what a change
/// answers is what a read answers).
fn contacts(v: &mut Violations, raw: &[String]) -> Vec<ContactId> {
    let mut ids: Vec<ContactId> = raw
        .iter()
        .enumerate()
        .filter_map(|(i, c)| v.check(ContactId::parse(&format!("/authorised_contact_ids/{i}"), c)))
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

fn notes(v: &mut Violations, raw: &str) -> Option<String> {
    v.check(text::optional("/notes", raw, MAX_NOTES)).flatten()
}

/// Checks a new contract: draft unless it says active, the caller its owner unless it names
/// one, told 30 days before its end unless it says otherwise.
pub(super) fn parse(body: CreateContract, caller: UserId) -> Result<ContractFields, ApiError> {
    let mut v = Violations::new();
    let number = v
        .check_opt(body.number.as_deref(), |n| {
            text::optional("/number", n, MAX_NUMBER)
        })
        .flatten()
        .unwrap_or_default();
    let account_id = v.check(AccountId::parse("/account_id", &body.account_id));
    let contract_type = v.check(ContractType::parse("/type", &body.contract_type));
    let status = match body.status.as_deref() {
        None => Some(ContractStatus::Draft),
        Some(raw) => v.check(ContractStatus::parse("/status", raw).and_then(|s| match s {
            ContractStatus::Draft | ContractStatus::Active => Ok(s),
            _ => Err(FieldError::new(
                "/status",
                "invalid_status",
                "a new contract is draft or active",
            )),
        })),
    };
    let value = body.value.as_ref().and_then(|m| value(&mut v, m));
    let owner_id = match body.owner_id.as_deref() {
        Some(o) => v.check(UserId::parse("/owner_id", o)),
        None => Some(caller),
    };
    let sla_policy_id = v.check_opt(body.sla_policy_id.as_deref(), |p| {
        SlaPolicyId::parse("/sla_policy_id", p)
    });
    let authorised_contacts = contacts(
        &mut v,
        body.authorised_contact_ids.as_deref().unwrap_or(&[]),
    );
    let notes = body.notes.as_deref().and_then(|n| notes(&mut v, n));
    let fields = v.finish(|| {
        Some(ContractFields {
            number,
            account_id: account_id?,
            contract_type: contract_type?,
            status: status?,
            starts_on: body.starts_on,
            ends_on: body.ends_on,
            value,
            renewal: Renewal {
                auto_renew: body.auto_renew.unwrap_or(false),
                term_months: body.renewal_term_months,
                notice_days: body.expiry_notice_days.unwrap_or(30),
            },
            owner_id: owner_id?,
            sla_policy_id,
            authorised_contacts,
            notes,
        })
    })?;
    fields.check()?;
    Ok(fields)
}

/// `current` with `patch` applied; a status change must be one the lifecycle allows.
pub(super) fn merge(
    current: &Contract,
    patch: UpdateContract,
    _: &Principal,
) -> Result<ContractFields, ApiError> {
    let mut v = Violations::new();
    let mut f = current.fields.clone();
    if let Some(n) = patch.number.as_deref() {
        if let Some(n) = v.check(text::required("/number", n, MAX_NUMBER)) {
            f.number = n;
        }
    }
    if let Some(t) = patch.contract_type.as_deref() {
        if let Some(t) = v.check(ContractType::parse("/type", t)) {
            f.contract_type = t;
        }
    }
    if let Some(s) = patch.status.as_deref() {
        if let Some(s) = v.check(ContractStatus::parse("/status", s)) {
            if v.check(current.fields.status.check_move(s)).is_some() {
                f.status = s;
            }
        }
    }
    f.starts_on = patch.starts_on.unwrap_or(f.starts_on);
    f.ends_on = patch.ends_on.unwrap_or(f.ends_on);
    match &patch.value {
        Patch::Absent => {}
        Patch::Null => f.value = None,
        Patch::Value(m) => f.value = value(&mut v, m).or(f.value),
    }
    f.renewal.auto_renew = patch.auto_renew.unwrap_or(f.renewal.auto_renew);
    match patch.renewal_term_months {
        Patch::Absent => {}
        Patch::Null => f.renewal.term_months = None,
        Patch::Value(m) => f.renewal.term_months = Some(m),
    }
    f.renewal.notice_days = patch.expiry_notice_days.unwrap_or(f.renewal.notice_days);
    if let Some(o) = patch.owner_id.as_deref() {
        if let Some(o) = v.check(UserId::parse("/owner_id", o)) {
            f.owner_id = o;
        }
    }
    match &patch.sla_policy_id {
        Patch::Absent => {}
        Patch::Null => f.sla_policy_id = None,
        Patch::Value(p) => f.sla_policy_id = v.check(SlaPolicyId::parse("/sla_policy_id", p)),
    }
    if let Some(list) = patch.authorised_contact_ids.as_deref() {
        f.authorised_contacts = contacts(&mut v, list);
    }
    match &patch.notes {
        Patch::Absent => {}
        Patch::Null => f.notes = None,
        Patch::Value(n) => f.notes = notes(&mut v, n),
    }
    v.finish(|| Some(()))?;
    f.check()?;
    Ok(f)
}

pub(super) fn filter(f: &ContractFilters) -> Result<ContractFilter, ApiError> {
    let mut v = Violations::new();
    let filter = ContractFilter {
        account_id: v.check_opt(f.account_id.as_deref(), |a| {
            AccountId::parse("/query/account_id", a)
        }),
        status: v.check_opt(f.status.as_deref(), |s| {
            ContractStatus::parse("/query/status", s)
        }),
        contract_type: v.check_opt(f.contract_type.as_deref(), |t| {
            ContractType::parse("/query/type", t)
        }),
        owner_id: v.check_opt(f.owner_id.as_deref(), |o| {
            UserId::parse("/query/owner_id", o)
        }),
        ends_before: v.check_opt(f.ends_before, |d| day_in_range("/query/ends_before", d)),
    };
    if v.is_empty() {
        Ok(filter)
    } else {
        Err(ApiError::InvalidParameters(v.into_errors()))
    }
}
