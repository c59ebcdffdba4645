//! The E.164 phone numbers of contacts, accounts and leads, kept beside each record as it is
//! written, and the caller lookup that reads them: who has this number, and what is open
//! with them.

use diesel::prelude::*;
use domain::phone::{self, Region};
use domain::{AccountId, ContactId, LeadId, OpportunityId, OrgId, TicketId};

use crate::connection::AnyConnection;
use crate::convert::{bytes, id};
use crate::error::Result;
use crate::schema::{account_phones, contact_phones, lead_phones, leads, opportunities, tickets};
use crate::side::{self, SideTable};
use crate::sql::{Sql, Value};

/// A contact's numbers.
pub(crate) const CONTACT: SideTable = SideTable {
    table: "contact_phones",
    owner: "contact_id",
    value: "number",
};
/// An account's number.
pub(crate) const ACCOUNT: SideTable = SideTable {
    table: "account_phones",
    owner: "account_id",
    value: "number",
};
/// A lead's numbers.
pub(crate) const LEAD: SideTable = SideTable {
    table: "lead_phones",
    owner: "lead_id",
    value: "number",
};

/// The most records of each kind a lookup answers with.
pub const LOOKUP_LIMIT: i64 = 10;

/// Makes the record `owner`'s stored numbers the E.164 forms of `written` (read in the
/// organization's region); what was stored is read rather than recomputed, so a number
/// stored under an earlier region still goes when it goes.
pub(crate) fn sync<'a>(
    conn: &mut AnyConnection,
    side: SideTable,
    org: OrgId,
    owner: &[u8],
    written: impl IntoIterator<Item = &'a str>,
) -> Result<()> {
    let region = crate::orgs::phone_region(conn, org)?;
    let new = phone::e164_all(written, region);
    let old = stored(conn, side, org, owner)?;
    if old == new {
        return Ok(());
    }
    side::sync(conn, side, org, owner, &old, &new)
}

/// The numbers stored for `owner`.
fn stored(
    conn: &mut AnyConnection,
    side: SideTable,
    org: OrgId,
    owner: &[u8],
) -> Result<Vec<String>> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Text)]
        number: String,
    }
    let rows: Vec<Row> = Sql::new(format!(
        "SELECT {} AS number FROM {} WHERE org_id = ",
        side.value, side.table
    ))
    .value(Value::Bytes(bytes(&org)))
    .push(format!(" AND {} = ", side.owner))
    .value(Value::Bytes(owner.to_vec()))
    .push(format!(" ORDER BY {}", side.value))
    .load(conn)?;
    Ok(rows.into_iter().map(|r| r.number).collect())
}

/// Who has a number, and what is open with them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Caller {
    /// Live contacts with the number.
    pub contacts: Vec<ContactId>,
    /// Live accounts with the number, then the accounts of those contacts.
    pub accounts: Vec<AccountId>,
    /// Live, unconverted leads with the number.
    pub leads: Vec<LeadId>,
    /// Open tickets (not solved or closed) those contacts asked or those accounts have,
    /// latest change first.
    pub open_tickets: Vec<TicketId>,
    /// Open deals of those accounts, latest change first.
    pub open_opportunities: Vec<OpportunityId>,
}

/// Who has `number` (E.164) in the organization.
pub fn lookup(conn: &mut AnyConnection, org: OrgId, number: &str) -> Result<Caller> {
    use crate::schema::{accounts, contacts};
    let org_bytes = bytes(&org);
    let contact_ids: Vec<Vec<u8>> = contact_phones::table
        .inner_join(
            contacts::table.on(contacts::org_id
                .eq(contact_phones::org_id)
                .and(contacts::id.eq(contact_phones::contact_id))),
        )
        .filter(contact_phones::org_id.eq(&org_bytes))
        .filter(contact_phones::number.eq(number))
        .filter(contacts::deleted_at.is_null())
        .order(contacts::updated_at.desc())
        .select(contacts::id)
        .limit(LOOKUP_LIMIT)
        .load(conn)?;
    let of_contacts: Vec<Option<Vec<u8>>> = if contact_ids.is_empty() {
        vec![]
    } else {
        contacts::table
            .inner_join(
                accounts::table.on(accounts::org_id
                    .eq(contacts::org_id)
                    .and(contacts::account_id.eq(accounts::id.nullable()))),
            )
            .filter(contacts::org_id.eq(&org_bytes))
            .filter(contacts::id.eq_any(&contact_ids))
            .filter(accounts::deleted_at.is_null())
            .select(contacts::account_id)
            .load(conn)?
    };
    let mut account_ids: Vec<Vec<u8>> = account_phones::table
        .inner_join(
            accounts::table.on(accounts::org_id
                .eq(account_phones::org_id)
                .and(accounts::id.eq(account_phones::account_id))),
        )
        .filter(account_phones::org_id.eq(&org_bytes))
        .filter(account_phones::number.eq(number))
        .filter(accounts::deleted_at.is_null())
        .select(accounts::id)
        .limit(LOOKUP_LIMIT)
        .load(conn)?;
    for account in of_contacts.into_iter().flatten() {
        if !account_ids.contains(&account) {
            account_ids.push(account);
        }
    }
    let lead_ids: Vec<Vec<u8>> = lead_phones::table
        .inner_join(
            leads::table.on(leads::org_id
                .eq(lead_phones::org_id)
                .and(leads::id.eq(lead_phones::lead_id))),
        )
        .filter(lead_phones::org_id.eq(&org_bytes))
        .filter(lead_phones::number.eq(number))
        .filter(leads::deleted_at.is_null())
        .filter(leads::converted_at.is_null())
        .select(leads::id)
        .limit(LOOKUP_LIMIT)
        .load(conn)?;
    let open_tickets: Vec<Vec<u8>> = if contact_ids.is_empty() && account_ids.is_empty() {
        vec![]
    } else {
        tickets::table
            .filter(tickets::org_id.eq(&org_bytes))
            .filter(
                tickets::requester_id
                    .eq_any(&contact_ids)
                    .or(tickets::account_id.eq_any(account_ids.clone())),
            )
            .filter(tickets::status.ne_all(["solved", "closed"]))
            .filter(tickets::deleted_at.is_null())
            .order(tickets::updated_at.desc())
            .select(tickets::id)
            .limit(LOOKUP_LIMIT)
            .load(conn)?
    };
    let open_opportunities: Vec<Vec<u8>> = if account_ids.is_empty() {
        vec![]
    } else {
        opportunities::table
            .filter(opportunities::org_id.eq(&org_bytes))
            .filter(opportunities::account_id.eq_any(&account_ids))
            .filter(opportunities::status.eq("open"))
            .filter(opportunities::deleted_at.is_null())
            .order(opportunities::updated_at.desc())
            .select(opportunities::id)
            .limit(LOOKUP_LIMIT)
            .load(conn)?
    };
    fn ids<K: domain::id::IdKind>(list: Vec<Vec<u8>>) -> Vec<domain::id::Id<K>> {
        list.iter().map(|b| id(b)).collect()
    }
    Ok(Caller {
        contacts: ids(contact_ids),
        accounts: ids(account_ids),
        leads: ids(lead_ids),
        open_tickets: ids(open_tickets),
        open_opportunities: ids(open_opportunities),
    })
}

/// The E.164 form of `raw` in the organization's region.
pub fn normalize(conn: &mut AnyConnection, org: OrgId, raw: &str) -> Result<Option<String>> {
    let region: Region = crate::orgs::phone_region(conn, org)?;
    Ok(phone::e164(raw, region))
}

/// Writes the E.164 numbers of every contact, account and lead when none is kept yet but
/// some record has a number (the tables are new), in one transaction; how many numbers.
pub fn index_if_unindexed(conn: &mut AnyConnection) -> Result<usize> {
    use crate::schema::{accounts, contacts};
    let kept = contact_phones::table
        .select(contact_phones::org_id)
        .first::<Vec<u8>>(conn)
        .optional()?
        .or(account_phones::table
            .select(account_phones::org_id)
            .first::<Vec<u8>>(conn)
            .optional()?)
        .or(lead_phones::table
            .select(lead_phones::org_id)
            .first::<Vec<u8>>(conn)
            .optional()?);
    if kept.is_some() {
        return Ok(0);
    }
    // Each record's numbers as written: (organization, record, numbers).
    type Written = Vec<(Vec<u8>, Vec<u8>, Vec<String>)>;
    let listed = |json: &str| -> Vec<String> {
        serde_json::from_str::<Vec<domain::contact::PhoneEntry>>(json)
            .map(|list| list.into_iter().map(|p| p.number).collect())
            .unwrap_or_default()
    };
    let of_contacts: Written = contacts::table
        .filter(contacts::phones.ne("[]"))
        .select((contacts::org_id, contacts::id, contacts::phones))
        .load::<(Vec<u8>, Vec<u8>, String)>(conn)?
        .into_iter()
        .map(|(org, id, json)| (org, id, listed(&json)))
        .collect();
    let of_accounts: Written = accounts::table
        .filter(accounts::phone.is_not_null())
        .select((accounts::org_id, accounts::id, accounts::phone))
        .load::<(Vec<u8>, Vec<u8>, Option<String>)>(conn)?
        .into_iter()
        .map(|(org, id, phone)| (org, id, phone.into_iter().collect()))
        .collect();
    let of_leads: Written = leads::table
        .filter(leads::phones.ne("[]"))
        .select((leads::org_id, leads::id, leads::phones))
        .load::<(Vec<u8>, Vec<u8>, String)>(conn)?
        .into_iter()
        .map(|(org, id, json)| (org, id, listed(&json)))
        .collect();
    if of_contacts.is_empty() && of_accounts.is_empty() && of_leads.is_empty() {
        return Ok(0);
    }
    crate::connection::write_transaction(conn, |conn| {
        let mut regions = std::collections::HashMap::new();
        let mut written = 0;
        for (side, records) in [
            (CONTACT, of_contacts),
            (ACCOUNT, of_accounts),
            (LEAD, of_leads),
        ] {
            for (org, owner, numbers) in records {
                let org: OrgId = id(&org);
                let region = match regions.get(&org) {
                    Some(region) => *region,
                    None => *regions
                        .entry(org)
                        .or_insert(crate::orgs::phone_region(conn, org)?),
                };
                let numbers = phone::e164_all(numbers.iter().map(String::as_str), region);
                written += numbers.len();
                side::sync(conn, side, org, &owner, &[], &numbers)?;
            }
        }
        Ok(written)
    })
}
