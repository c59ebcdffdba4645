//! The contacts authorised under each contract (`contract_contacts`).

use diesel::prelude::*;
use domain::{ContactId, ContractId, OrgId};

use crate::connection::AnyConnection;
use crate::convert::{bytes, id};
use crate::error::Result;
use crate::schema::contract_contacts;

/// The authorised contacts of `ids`' contracts, each list in a stable order.
pub(super) fn authorised_of(
    conn: &mut AnyConnection,
    org: OrgId,
    ids: &[Vec<u8>],
) -> Result<Vec<(Vec<u8>, ContactId)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(Vec<u8>, Vec<u8>)> = contract_contacts::table
        .filter(contract_contacts::org_id.eq(bytes(&org)))
        .filter(contract_contacts::contract_id.eq_any(ids))
        .select((
            contract_contacts::contract_id,
            contract_contacts::contact_id,
        ))
        .order((
            contract_contacts::contract_id,
            contract_contacts::contact_id,
        ))
        .load(conn)?;
    Ok(rows.into_iter().map(|(c, p)| (c, id(&p))).collect())
}

/// Takes `contract`'s contacts out of `all` (from [`authorised_of`]).
pub(super) fn take_authorised(
    all: &mut Vec<(Vec<u8>, ContactId)>,
    contract: &[u8],
) -> Vec<ContactId> {
    let mut mine = Vec::new();
    all.retain(|(c, contact)| {
        let is_mine = c.as_slice() == contract;
        if is_mine {
            mine.push(*contact);
        }
        !is_mine
    });
    mine
}

/// Makes the contract's authorised contacts `new`.
pub(super) fn sync_authorised(
    conn: &mut AnyConnection,
    org: OrgId,
    contract: ContractId,
    new: &[ContactId],
) -> Result<()> {
    diesel::delete(contract_contacts::table)
        .filter(contract_contacts::org_id.eq(bytes(&org)))
        .filter(contract_contacts::contract_id.eq(bytes(&contract)))
        .execute(conn)?;
    let mut contacts: Vec<&ContactId> = new.iter().collect();
    contacts.sort();
    contacts.dedup();
    for contact in contacts {
        diesel::insert_into(contract_contacts::table)
            .values((
                contract_contacts::org_id.eq(bytes(&org)),
                contract_contacts::contract_id.eq(bytes(&contract)),
                contract_contacts::contact_id.eq(bytes(contact)),
            ))
            .execute(conn)?;
    }
    Ok(())
}
