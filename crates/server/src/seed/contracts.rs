//! The demo's service contracts: some in force with an allowance, one ending soon that
//! renews by itself, one expired; and the installed base of the same customers.

use chrono::{DateTime, Days, Utc};
use domain::asset::{AssetFields, AssetStatus};
use domain::contract::{ContractFields, ContractStatus, ContractType, Renewal};
use domain::entitlement::{AllowancePeriod, EntitlementFields};
use domain::ticket::Channel;
use domain::{AccountId, AssetId, ContactId, Money, OrgId, UserId};

use crate::commands::CommandError;

/// Contracts for the first accounts that buy: in force for most, one ending in three weeks
/// (renewing by itself, its maintenance visits for the account's press line, `presses` holding
/// each buyer's), one that ended last month.
pub(super) fn demo_contracts(
    conn: &mut db::AnyConnection,
    org: OrgId,
    owner: UserId,
    buyers: &[(AccountId, ContactId)],
    presses: &[AssetId],
    now: DateTime<Utc>,
) -> Result<(), CommandError> {
    let today = now.date_naive();
    let currency = db::orgs::get(conn, org)?.base_currency;
    for (i, (account, _)) in buyers.iter().take(8).enumerate() {
        let (starts, ends, status, auto_renew) = match i % 4 {
            0 | 1 => (200, 165, ContractStatus::Active, false),
            2 => (345, 20, ContractStatus::Active, true),
            _ => (400, 0, ContractStatus::Expired, false),
        };
        let ends_on = if status == ContractStatus::Expired {
            today - Days::new(35)
        } else {
            today + Days::new(ends)
        };
        let fields = ContractFields {
            number: String::new(),
            account_id: *account,
            contract_type: if i % 4 == 2 {
                ContractType::Maintenance
            } else {
                ContractType::Support
            },
            status,
            starts_on: today - Days::new(starts),
            ends_on,
            value: Some(Money {
                amount_minor: 1_200_000 + 300_000 * i64::try_from(i).unwrap_or(0),
                currency,
            }),
            renewal: Renewal {
                auto_renew,
                term_months: auto_renew.then_some(12),
                notice_days: 30,
            },
            owner_id: owner,
            sla_policy_id: None,
            authorised_contacts: Vec::new(),
            notes: None,
        };
        let contract = db::contracts::create(conn, org, &fields, Some(owner), now)?;
        let cover = if i % 4 == 2 {
            EntitlementFields {
                name: "Preventive maintenance visits".into(),
                products: Vec::new(),
                assets: presses.get(i).copied().into_iter().collect(),
                channels: vec![Channel::Phone, Channel::InPerson],
                calendar_id: None,
                allowance: None,
                period: AllowancePeriod::Contract,
            }
        } else {
            EntitlementFields {
                name: "Email, web and phone support".into(),
                products: Vec::new(),
                assets: Vec::new(),
                channels: vec![Channel::Email, Channel::Web, Channel::Phone],
                calendar_id: None,
                allowance: Some(10),
                period: AllowancePeriod::Month,
            }
        };
        db::contracts::entitlements::create(conn, org, contract.id, &cover, now)?;
    }
    Ok(())
}

/// A unit to return: the asset, who raises the ticket, and its account.
pub(super) type Returnable = (AssetId, ContactId, AccountId);

/// An installed base for the first accounts that buy: a site, two machines on it (one under
/// warranty, one whose warranty ended), and a module of the first machine. Answers each
/// account's press, and the first account's with its contact and the account, for a return.
pub(super) fn demo_assets(
    conn: &mut db::AnyConnection,
    org: OrgId,
    owner: UserId,
    buyers: &[(AccountId, ContactId)],
    now: DateTime<Utc>,
) -> Result<(Vec<AssetId>, Option<Returnable>), CommandError> {
    let today = now.date_naive();
    let mut presses = Vec::new();
    let mut first_press = None;
    for (i, (account, _)) in buyers.iter().take(8).enumerate() {
        let n = i + 1;
        let mut add = |fields: AssetFields| -> Result<AssetId, CommandError> {
            Ok(db::assets::create(conn, org, &fields, Some(owner), now)?.id)
        };
        let blank = AssetFields {
            name: String::new(),
            product_id: None,
            serial_number: None,
            account_id: *account,
            location: None,
            installed_on: None,
            parent_id: None,
            status: AssetStatus::Installed,
            warranty_starts_on: None,
            warranty_ends_on: None,
            notes: None,
        };
        let site = add(AssetFields {
            name: "Main plant".into(),
            location: Some(["Hamburg", "Lyon", "Leeds", "Turin", "Graz", "Ghent"][i % 6].into()),
            installed_on: Some(today - Days::new(900)),
            ..blank.clone()
        })?;
        let press = add(AssetFields {
            name: "Press line 1".into(),
            serial_number: Some(format!("PL-{:05}", 1000 + n)),
            parent_id: Some(site),
            location: Some("Hall A".into()),
            installed_on: Some(today - Days::new(300)),
            warranty_starts_on: Some(today - Days::new(300)),
            warranty_ends_on: Some(today + Days::new(430)),
            ..blank.clone()
        })?;
        presses.push(press);
        if i == 0 {
            first_press = buyers.first().map(|(a, c)| (press, *c, *a));
        }
        add(AssetFields {
            name: "Hydraulic unit".into(),
            serial_number: Some(format!("HU-{:05}", 2000 + n)),
            parent_id: Some(press),
            installed_on: Some(today - Days::new(300)),
            ..blank.clone()
        })?;
        add(AssetFields {
            name: "Compressor".into(),
            serial_number: Some(format!("CX-{:05}", 3000 + n)),
            parent_id: Some(site),
            location: Some("Hall B".into()),
            status: if i == 1 {
                AssetStatus::InRepair
            } else {
                AssetStatus::Installed
            },
            installed_on: Some(today - Days::new(1200)),
            warranty_starts_on: Some(today - Days::new(1200)),
            warranty_ends_on: Some(today - Days::new(470)),
            ..blank
        })?;
    }
    Ok((presses, first_press))
}
