//! Entitlements: what a contract covers — products or assets, the channels, the hours of
//! cover (a business calendar) and an allowance of incidents per period, or no limit. A new ticket of the
//! contract's account uses one incident of the entitlement that covers it; a ticket merged
//! away or deleted gives it back.

use chrono::{Months, NaiveDate};

use crate::account::string_enum;
use crate::contract::ContractFields;
use crate::id::{AssetId, ContactId, ProductId, SlaCalendarId};
use crate::ticket::Channel;
use crate::validation::{FieldError, Violations};

/// The longest name.
pub const MAX_NAME: usize = 200;
/// The largest allowance per period.
pub const MAX_ALLOWANCE: u32 = 1_000_000;
/// The most products, and the most assets, one entitlement names.
pub const MAX_COVERED: usize = 100;

/// What happens to a new ticket no entitlement covers (an organization's setting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntitlementCheck {
    /// Tickets are not checked.
    Off,
    /// It is opened, marked as not covered.
    Flag,
    /// It is not opened.
    Refuse,
}

string_enum!(EntitlementCheck, "invalid_entitlement_check", "must be one of off, flag, refuse", {
    EntitlementCheck::Off => "off",
    EntitlementCheck::Flag => "flag",
    EntitlementCheck::Refuse => "refuse",
});

/// What an allowance is counted over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AllowancePeriod {
    /// The contract's whole term.
    Contract,
    /// Each month from the contract's start.
    Month,
    /// Each three months from the contract's start.
    Quarter,
    /// Each year from the contract's start.
    Year,
}

string_enum!(AllowancePeriod, "invalid_period", "must be one of contract, month, quarter, year", {
    AllowancePeriod::Contract => "contract",
    AllowancePeriod::Month => "month",
    AllowancePeriod::Quarter => "quarter",
    AllowancePeriod::Year => "year",
});

impl AllowancePeriod {
    fn months(self) -> Option<u32> {
        match self {
            AllowancePeriod::Contract => None,
            AllowancePeriod::Month => Some(1),
            AllowancePeriod::Quarter => Some(3),
            AllowancePeriod::Year => Some(12),
        }
    }

    /// The period of a contract from `starts_on` to `ends_on` that holds `day` (a day within
    /// the contract): counted from the contract's start, the last one cut at its end.
    pub fn containing(
        self,
        starts_on: NaiveDate,
        ends_on: NaiveDate,
        day: NaiveDate,
    ) -> (NaiveDate, NaiveDate) {
        let Some(months) = self.months() else {
            return (starts_on, ends_on);
        };
        let mut start = starts_on;
        let mut k = 1;
        loop {
            let next = starts_on.checked_add_months(Months::new(months * k));
            match next {
                Some(next) if next <= day && next <= ends_on => {
                    start = next;
                    k += 1;
                }
                Some(next) => return (start, next.pred_opt().unwrap_or(next).min(ends_on)),
                None => return (start, ends_on),
            }
        }
    }
}

/// What an entitlement says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntitlementFields {
    /// What it is called ("Phone support, business hours").
    pub name: String,
    /// The products it covers: tickets about an asset of one of them (or a part of one).
    pub products: Vec<ProductId>,
    /// The assets it covers, with their parts: tickets about one of them.
    pub assets: Vec<AssetId>,
    /// The channels it covers; none means all.
    pub channels: Vec<Channel>,
    /// Its hours of cover; none means around the clock.
    pub calendar_id: Option<SlaCalendarId>,
    /// Incidents per period; none means no limit.
    pub allowance: Option<u32>,
    /// What the allowance is counted over.
    pub period: AllowancePeriod,
}

impl EntitlementFields {
    /// Checks the allowance and the channels (the name is checked where it is read).
    pub fn check(&self) -> Result<(), Violations> {
        let mut v = Violations::new();
        if self
            .allowance
            .is_some_and(|a| !(1..=MAX_ALLOWANCE).contains(&a))
        {
            v.push(FieldError::new(
                "/allowance",
                "out_of_range",
                format!("from 1 to {MAX_ALLOWANCE} incidents, or null for no limit"),
            ));
        }
        once_each(&mut v, "channels", &self.channels);
        once_each(&mut v, "product_ids", &self.products);
        once_each(&mut v, "asset_ids", &self.assets);
        for (field, n) in [
            ("product_ids", self.products.len()),
            ("asset_ids", self.assets.len()),
        ] {
            if n > MAX_COVERED {
                v.push(FieldError::new(
                    format!("/{field}"),
                    "too_many",
                    format!("at most {MAX_COVERED}"),
                ));
            }
        }
        if v.is_empty() {
            Ok(())
        } else {
            Err(v)
        }
    }

    /// Whether it names no product and no asset, and so covers a ticket about any asset or
    /// none.
    pub fn covers_any_asset(&self) -> bool {
        self.products.is_empty() && self.assets.is_empty()
    }

    /// Whether it covers a ticket about the assets `line` (the ticket's asset and those above
    /// it, with their products; empty for a ticket about no asset): when it names no product
    /// and no asset, it covers anything; else one of the line must be named, or of a named
    /// product.
    pub fn covers_assets(&self, line: &[(AssetId, Option<ProductId>)]) -> bool {
        self.covers_any_asset()
            || line.iter().any(|(asset, product)| {
                self.assets.contains(asset) || product.is_some_and(|p| self.products.contains(&p))
            })
    }

    /// Incidents left when `used` of this period's are used; none means no limit.
    pub fn remaining(&self, used: u32) -> Option<u32> {
        self.allowance.map(|a| a.saturating_sub(used))
    }
}

/// Flags each repeat in `list` (named `field`).
fn once_each<T: PartialEq>(v: &mut Violations, field: &str, list: &[T]) {
    for (i, item) in list.iter().enumerate() {
        if list[..i].contains(item) {
            v.push(FieldError::new(
                format!("/{field}/{i}"),
                "duplicate",
                "each once",
            ));
        }
    }
}

/// A new ticket, as entitlements see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Claim<'a> {
    /// The day it is opened (in the organization's reckoning: UTC).
    pub day: NaiveDate,
    /// How it came in.
    pub channel: Channel,
    /// Who raised it.
    pub requester: ContactId,
    /// The asset it is about and those above it, nearest first, each with its product.
    pub assets: &'a [(AssetId, Option<ProductId>)],
}

/// An entitlement of one of the account's contracts, with what it knows now.
#[derive(Debug, Clone, Copy)]
pub struct Candidate<'a> {
    /// Its contract.
    pub contract: &'a ContractFields,
    /// It.
    pub entitlement: &'a EntitlementFields,
    /// Incidents used in the period holding the claim's day.
    pub used: u32,
    /// Whether the claim falls within its hours of cover.
    pub in_hours: bool,
}

impl Candidate<'_> {
    /// Whether it covers `claim`: its contract in force that day and open to the requester,
    /// the asset and channel covered, within hours, an incident left.
    pub fn covers(&self, claim: &Claim<'_>) -> bool {
        self.contract.in_force(claim.day)
            && self.contract.authorises(claim.requester)
            && self.entitlement.covers_assets(claim.assets)
            && (self.entitlement.channels.is_empty()
                || self.entitlement.channels.contains(&claim.channel))
            && self.in_hours
            && self.entitlement.remaining(self.used) != Some(0)
    }
}

/// The candidate a claim uses, if any covers it: the one whose contract ends first, and
/// between those, one without a limit before one that would spend an incident.
pub fn choose(candidates: &[Candidate<'_>], claim: &Claim<'_>) -> Option<usize> {
    candidates
        .iter()
        .enumerate()
        .filter(|(_, c)| c.covers(claim))
        .min_by_key(|(i, c)| (c.contract.ends_on, c.entitlement.allowance.is_some(), *i))
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::{ContractStatus, ContractType, Renewal};
    use crate::id::{AccountId, UserId};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_else(|| panic!("{y}-{m}-{d}"))
    }

    fn contract(ends_on: NaiveDate) -> ContractFields {
        ContractFields {
            number: "CON-1".into(),
            account_id: AccountId::from_bytes(&[1; 16]).unwrap_or_else(|| panic!("an id")),
            contract_type: ContractType::Support,
            status: ContractStatus::Active,
            starts_on: day(2026, 1, 31),
            ends_on,
            value: None,
            renewal: Renewal {
                auto_renew: false,
                term_months: None,
                notice_days: 30,
            },
            owner_id: UserId::from_bytes(&[2; 16]).unwrap_or_else(|| panic!("an id")),
            sla_policy_id: None,
            authorised_contacts: Vec::new(),
            notes: None,
        }
    }

    fn candidate<'a>(
        contract: &'a ContractFields,
        entitlement: &'a EntitlementFields,
        in_hours: bool,
    ) -> Candidate<'a> {
        Candidate {
            contract,
            entitlement,
            used: 0,
            in_hours,
        }
    }

    fn entitlement(allowance: Option<u32>, channels: Vec<Channel>) -> EntitlementFields {
        EntitlementFields {
            name: "Support".into(),
            products: Vec::new(),
            assets: Vec::new(),
            channels,
            calendar_id: None,
            allowance,
            period: AllowancePeriod::Month,
        }
    }

    #[test]
    fn periods_count_from_the_contract_start_and_stop_at_its_end() {
        let (start, end) = (day(2026, 1, 31), day(2026, 6, 15));
        let month = |d| AllowancePeriod::Month.containing(start, end, d);
        assert_eq!(
            month(day(2026, 1, 31)),
            (day(2026, 1, 31), day(2026, 2, 27))
        );
        assert_eq!(
            month(day(2026, 2, 28)),
            (day(2026, 2, 28), day(2026, 3, 30))
        );
        assert_eq!(
            month(day(2026, 6, 15)),
            (day(2026, 5, 31), day(2026, 6, 15))
        );
        assert_eq!(
            AllowancePeriod::Year.containing(start, end, day(2026, 3, 1)),
            (start, end)
        );
        assert_eq!(
            AllowancePeriod::Contract.containing(start, end, day(2026, 3, 1)),
            (start, end)
        );
        let quarter = AllowancePeriod::Quarter.containing(start, end, day(2026, 5, 1));
        assert_eq!(quarter, (day(2026, 4, 30), day(2026, 6, 15)));
    }

    #[test]
    fn an_allowance_is_spent_then_refused() {
        let c = contract(day(2026, 12, 31));
        let e = entitlement(Some(2), vec![]);
        let claim = Claim {
            day: day(2026, 3, 1),
            channel: Channel::Email,
            requester: ContactId::from_bytes(&[3; 16]).unwrap_or_else(|| panic!("an id")),
            assets: &[],
        };
        let with = |used| Candidate {
            contract: &c,
            entitlement: &e,
            used,
            in_hours: true,
        };
        assert_eq!(choose(&[with(1)], &claim), Some(0));
        assert_eq!(choose(&[with(2)], &claim), None);
        assert_eq!(e.remaining(1), Some(1));
        assert_eq!(entitlement(None, vec![]).remaining(1_000), None);
    }

    #[test]
    fn channel_hours_contact_and_dates_must_all_hold() {
        let mut c = contract(day(2026, 12, 31));
        let phone_only = entitlement(None, vec![Channel::Phone]);
        let requester = ContactId::from_bytes(&[4; 16]).unwrap_or_else(|| panic!("an id"));
        let claim = Claim {
            day: day(2026, 3, 1),
            channel: Channel::Email,
            requester,
            assets: &[],
        };
        assert_eq!(choose(&[candidate(&c, &phone_only, true)], &claim), None);
        let by_phone = Claim {
            channel: Channel::Phone,
            ..claim
        };
        assert_eq!(
            choose(&[candidate(&c, &phone_only, true)], &by_phone),
            Some(0)
        );
        assert_eq!(
            choose(&[candidate(&c, &phone_only, false)], &by_phone),
            None
        );
        c.authorised_contacts =
            vec![ContactId::from_bytes(&[5; 16]).unwrap_or_else(|| panic!("an id"))];
        assert_eq!(choose(&[candidate(&c, &phone_only, true)], &by_phone), None);
        c.authorised_contacts.push(requester);
        assert_eq!(
            choose(&[candidate(&c, &phone_only, true)], &by_phone),
            Some(0)
        );
        let late = Claim {
            day: day(2027, 1, 1),
            ..by_phone
        };
        assert_eq!(choose(&[candidate(&c, &phone_only, true)], &late), None);
    }

    #[test]
    fn the_contract_ending_first_is_used_first_and_unlimited_before_limited() {
        let (soon, later) = (contract(day(2026, 6, 30)), contract(day(2026, 12, 31)));
        let (limited, unlimited) = (entitlement(Some(5), vec![]), entitlement(None, vec![]));
        let claim = Claim {
            day: day(2026, 3, 1),
            channel: Channel::Web,
            requester: ContactId::from_bytes(&[6; 16]).unwrap_or_else(|| panic!("an id")),
            assets: &[],
        };
        let all = [
            candidate(&later, &unlimited, true),
            candidate(&soon, &limited, true),
            candidate(&soon, &unlimited, true),
        ];
        assert_eq!(choose(&all, &claim), Some(2));
        assert_eq!(choose(&all[..2], &claim), Some(1));
    }

    #[test]
    fn allowance_and_channels_are_checked() {
        let mut e = entitlement(Some(0), vec![Channel::Phone, Channel::Phone]);
        let codes: Vec<_> = e
            .check()
            .err()
            .map(|v| {
                v.into_errors()
                    .into_iter()
                    .map(|e| (e.pointer, e.code))
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(
            codes,
            vec![
                ("/allowance".to_owned(), "out_of_range"),
                ("/channels/1".to_owned(), "duplicate")
            ]
        );
        e.allowance = None;
        e.channels.pop();
        assert!(e.check().is_ok());
    }

    #[test]
    fn products_and_assets_cover_an_asset_and_its_parts() {
        let asset = |n: u8| AssetId::from_bytes(&[n; 16]).unwrap_or_else(|| panic!("an id"));
        let product = |n: u8| ProductId::from_bytes(&[n; 16]).unwrap_or_else(|| panic!("an id"));
        let mut e = entitlement(None, Vec::new());
        // Naming nothing covers anything, a ticket about no asset too.
        assert!(e.covers_assets(&[]));
        assert!(e.covers_assets(&[(asset(1), None)]));
        // A module (3) of a machine (2) of product 9 at a site (1).
        let module = [
            (asset(3), None),
            (asset(2), Some(product(9))),
            (asset(1), None),
        ];
        e.assets = vec![asset(1)];
        assert!(e.covers_assets(&module), "the site covers its parts");
        assert!(!e.covers_assets(&[(asset(4), None)]));
        assert!(!e.covers_assets(&[]), "a ticket about no asset");
        e.assets = vec![asset(3)];
        assert!(
            !e.covers_assets(&[(asset(2), Some(product(9)))]),
            "not what is above"
        );
        e.assets = Vec::new();
        e.products = vec![product(9)];
        assert!(e.covers_assets(&module));
        assert!(!e.covers_assets(&[(asset(5), Some(product(8)))]));
        e.products = vec![product(9), product(9)];
        e.assets = vec![asset(1), asset(2), asset(1)];
        let codes: Vec<String> = e
            .check()
            .err()
            .map(|v| v.into_errors().into_iter().map(|f| f.pointer).collect())
            .unwrap_or_default();
        assert_eq!(codes, ["/product_ids/1", "/asset_ids/2"]);
    }
}
