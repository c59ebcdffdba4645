//! What a contract's write must hold: what it names exists and is the account's, it overlaps
//! no other contract of its account and type, its number is its own.

use diesel::prelude::*;
use domain::contract::{ContractFields, ContractStatus};
use domain::{ContractId, OrgId};

use super::ContractRow;
use crate::connection::AnyConnection;
use crate::convert::bytes;
use crate::error::{Error, Result};
use crate::exchange_rates::day;
use crate::references::{self, Reference};
use crate::schema::{contacts, contracts};

/// Checks what `f` names that `before` did not: its account, owner and policy, and that the
/// authorised contacts are the account's.
fn check_references(
    conn: &mut AnyConnection,
    org: OrgId,
    before: Option<&ContractFields>,
    f: &ContractFields,
) -> Result<()> {
    let mut refs = Vec::new();
    if before.is_none_or(|b| b.account_id != f.account_id) {
        refs.push(Reference::live("account_id", "accounts", &f.account_id));
    }
    if before.is_none_or(|b| b.owner_id != f.owner_id) {
        refs.push(Reference::any("owner_id", "users", &f.owner_id));
    }
    if let Some(p) = f
        .sla_policy_id
        .filter(|p| before.is_none_or(|b| b.sla_policy_id != Some(*p)))
    {
        refs.push(Reference::live("sla_policy_id", "sla_policies", &p));
    }
    references::check(conn, org, &refs)?;
    let changed = before.is_none_or(|b| {
        b.account_id != f.account_id || b.authorised_contacts != f.authorised_contacts
    });
    if changed && !f.authorised_contacts.is_empty() {
        let ids: Vec<Vec<u8>> = f.authorised_contacts.iter().map(bytes).collect();
        let theirs: i64 = contacts::table
            .filter(contacts::org_id.eq(bytes(&org)))
            .filter(contacts::id.eq_any(ids))
            .filter(contacts::account_id.eq(bytes(&f.account_id)))
            .filter(contacts::deleted_at.is_null())
            .count()
            .get_result(conn)?;
        if usize::try_from(theirs).ok() != Some(f.authorised_contacts.len()) {
            return Err(Error::Invalid(domain::FieldError::new(
                "/authorised_contact_ids",
                "not_of_account",
                "authorise only live contacts of the contract's account",
            )));
        }
    }
    Ok(())
}

/// Whether a change from `before` to `f` may make it overlap another contract: a new one,
/// or one whose account, type or days moved, or that comes back from cancelled.
fn may_overlap(before: Option<&ContractFields>, f: &ContractFields) -> bool {
    f.status != ContractStatus::Cancelled
        && before.is_none_or(|b| {
            b.account_id != f.account_id
                || b.contract_type != f.contract_type
                || b.starts_on != f.starts_on
                || b.ends_on != f.ends_on
                || b.status == ContractStatus::Cancelled
        })
}

/// Fails with `overlapping_contract` when another live contract of `f`'s account and type,
/// not cancelled, shares a day with it. Call it with the account's row lock held.
pub(super) fn check_overlap(
    conn: &mut AnyConnection,
    org: OrgId,
    contract: ContractId,
    f: &ContractFields,
) -> Result<()> {
    let others: Vec<ContractRow> = contracts::table
        .filter(contracts::org_id.eq(bytes(&org)))
        .filter(contracts::account_id.eq(bytes(&f.account_id)))
        .filter(contracts::contract_type.eq(f.contract_type.as_str()))
        .filter(contracts::status.ne(ContractStatus::Cancelled.as_str()))
        .filter(contracts::deleted_at.is_null())
        .filter(contracts::id.ne(bytes(&contract)))
        .filter(contracts::starts_on.le(day(f.ends_on)))
        .filter(contracts::ends_on.ge(day(f.starts_on)))
        .select(ContractRow::as_select())
        .limit(1)
        .load(conn)?;
    match others.first() {
        Some(other) => Err(Error::Invalid(domain::FieldError::new(
            "/starts_on",
            "overlapping_contract",
            format!(
                "{} of this account, of the same type, runs from {} to {}",
                other.number, other.starts_on, other.ends_on
            ),
        ))),
        None => Ok(()),
    }
}

/// [`check_references`] and, where the change may make it overlap, [`check_overlap`].
pub(super) fn check(
    conn: &mut AnyConnection,
    org: OrgId,
    (contract, before): (ContractId, Option<&ContractFields>),
    f: &ContractFields,
) -> Result<()> {
    check_references(conn, org, before, f)?;
    if may_overlap(before, f) {
        check_overlap(conn, org, contract, f)?;
    }
    Ok(())
}

/// Takes the next contract number of the organization that no contract has (one may have
/// been given by hand): `CON-00001`, `CON-00002`…
pub(super) fn next_number(conn: &mut AnyConnection, org: OrgId) -> Result<String> {
    loop {
        let number = format!("CON-{:05}", crate::counters::next(conn, org, "contract")?);
        let taken: i64 = contracts::table
            .filter(contracts::org_id.eq(bytes(&org)))
            .filter(contracts::number.eq(&number))
            .count()
            .get_result(conn)?;
        if taken == 0 {
            return Ok(number);
        }
    }
}

/// A taken number is the number field's conflict, whoever took it first.
pub(super) fn number_taken(e: Error) -> Error {
    match e {
        Error::Conflict(_) => Error::Conflict("contract_number_taken"),
        other => other,
    }
}
