//! The entitlement check of a new ticket, whichever way it comes in (staff, email, phone,
//! portal): the entitlement of the account's contracts that covers it uses one incident, and
//! the contract's SLA policy applies; a ticket nothing covers is flagged, or refused where the
//! organization says so.

use chrono::{DateTime, NaiveDate, Utc};
use db::contracts::entitlements::Entitlement;
use db::contracts::{usage, Contract};
use db::record::{self, Record, Visibility};
use db::AnyConnection;
use domain::entitlement::{choose, Candidate, Claim, EntitlementCheck};
use domain::ticket::TicketFields;
use domain::{ContractId, EntitlementId, FieldError, OrgId, SlaPolicyId, TicketId};

use crate::error::ApiError;
use crate::handlers::sla::documents;

/// What covers a new ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Coverage {
    /// The contract and entitlement whose incident it uses, and the first day of the
    /// allowance period it counts in; none when nothing covers it.
    pub covered_by: Option<(ContractId, EntitlementId, NaiveDate)>,
    /// The SLA policy the covering contract grants.
    pub policy: Option<SlaPolicyId>,
    /// Whether the account has a contract in force (the policies' `has_contract`).
    pub has_contract: bool,
    /// Whether the organization checks entitlements (else nothing is recorded).
    pub checked: bool,
}

/// An entitlement of a contract in force, with what it knows today.
struct Counted {
    contract: Contract,
    entitlement: Entitlement,
    period_start: NaiveDate,
    used: u32,
    in_hours: bool,
}

/// What covers a new ticket with `fields` opened at `now` (nothing, unchecked, when the
/// organization does not check). The limited entitlements counted stay locked (PostgreSQL
/// `FOR UPDATE`, in id order) until the creation commits, so two tickets at once cannot both take the last
/// incident. A ticket nothing covers is refused (422 `not_entitled`) when the organization
/// says so, unless it is a follow-up of a closed one (`may_refuse` false).
pub fn check(
    conn: &mut AnyConnection,
    org: OrgId,
    fields: &TicketFields,
    may_refuse: bool,
    now: DateTime<Utc>,
) -> Result<Coverage, ApiError> {
    let setting = db::orgs::entitlement_check(conn, org)?;
    let today = now.date_naive();
    let contracts = match fields.account_id {
        Some(account) => db::contracts::in_force(conn, org, account, today)?,
        None => Vec::new(),
    };
    if setting == EntitlementCheck::Off {
        return Ok(Coverage {
            covered_by: None,
            policy: None,
            has_contract: !contracts.is_empty(),
            checked: false,
        });
    }
    let ids: Vec<ContractId> = contracts.iter().map(|c| c.id).collect();
    let mut counted = Vec::new();
    for entitlement in db::contracts::entitlements::of_contracts(conn, org, &ids, false)? {
        let Some(contract) = contracts.iter().find(|c| c.id == entitlement.contract_id) else {
            continue;
        };
        // A limited one is counted under its lock, as it stands then (changed or deleted
        // since it was listed).
        let entitlement = match entitlement.fields.allowance {
            Some(_) => {
                if record::lock::<Entitlement>(conn, org, entitlement.id)?.deleted {
                    continue;
                }
                Entitlement::read(conn, org, entitlement.id)?
            }
            None => entitlement,
        };
        let f = &entitlement.fields;
        let (period_start, _) =
            f.period
                .containing(contract.fields.starts_on, contract.fields.ends_on, today);
        let used = match f.allowance {
            Some(_) => usage::used(conn, org, entitlement.id, period_start)?,
            None => 0,
        };
        let in_hours = match f.calendar_id {
            Some(calendar) => {
                let stored: db::sla::Calendar = record::get(conn, org, calendar, Visibility::Any)?;
                documents::business_calendar(&stored)?.is_business_time(now)
            }
            None => true,
        };
        counted.push(Counted {
            contract: contract.clone(),
            entitlement,
            period_start,
            used,
            in_hours,
        });
    }
    let candidates: Vec<Candidate<'_>> = counted
        .iter()
        .map(|c| Candidate {
            contract: &c.contract.fields,
            entitlement: &c.entitlement.fields,
            used: c.used,
            in_hours: c.in_hours,
        })
        .collect();
    // The asset's line matters only to an entitlement naming what it covers.
    let assets = match fields.asset_id {
        Some(asset) if candidates.iter().any(|c| !c.entitlement.covers_any_asset()) => {
            db::assets::line(conn, org, asset)?
        }
        _ => Vec::new(),
    };
    let claim = Claim {
        day: today,
        channel: fields.channel,
        requester: fields.requester_id,
        assets: &assets,
    };
    match choose(&candidates, &claim).and_then(|i| counted.get(i)) {
        Some(c) => Ok(Coverage {
            covered_by: Some((c.contract.id, c.entitlement.id, c.period_start)),
            policy: c.contract.fields.sla_policy_id,
            has_contract: true,
            checked: true,
        }),
        None if setting == EntitlementCheck::Refuse && may_refuse => {
            Err(ApiError::Validation(vec![FieldError::new(
                "/account_id",
                "not_entitled",
                "no contract of this account covers a ticket from this contact, about this asset, by this channel, now",
            )]))
        }
        None => Ok(Coverage {
            covered_by: None,
            policy: None,
            has_contract: !contracts.is_empty(),
            checked: true,
        }),
    }
}

/// Records what the check found for the new `ticket` (in its creation's transaction).
pub fn record(
    conn: &mut AnyConnection,
    org: OrgId,
    ticket: TicketId,
    coverage: &Coverage,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    if coverage.checked {
        usage::record(conn, org, ticket, coverage.covered_by, now)?;
    }
    Ok(())
}
