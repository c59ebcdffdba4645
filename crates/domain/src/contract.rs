//! Service contracts: what an account bought in service, for how long, and under which SLA
//! policy. A contract is drafted, then active from its start to its end (inclusive), when it
//! expires on its own unless it renews; it may be cancelled at any time before it expires.

use chrono::{Months, NaiveDate};

use crate::account::string_enum;
use crate::id::{AccountId, ContactId, SlaPolicyId, UserId};
use crate::money::Money;
use crate::validation::{day_in_range, FieldError, Violations};

/// The longest contract number.
pub const MAX_NUMBER: usize = 40;
/// The longest notes.
pub const MAX_NOTES: usize = 10_000;
/// The most contacts authorised on one contract.
pub const MAX_AUTHORISED: usize = 200;
/// The longest renewal term, in months.
pub const MAX_TERM_MONTHS: u32 = 120;
/// The most days before the end its owners are told.
pub const MAX_NOTICE_DAYS: u32 = 365;

/// What a contract is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContractType {
    /// Help when something goes wrong.
    Support,
    /// Planned upkeep.
    Maintenance,
    /// Work on site, by the hour.
    Labour,
    /// Spare parts.
    Parts,
    /// Paid by use.
    UsageBased,
}

string_enum!(ContractType, "invalid_type", "must be one of support, maintenance, labour, parts, usage_based", {
    ContractType::Support => "support",
    ContractType::Maintenance => "maintenance",
    ContractType::Labour => "labour",
    ContractType::Parts => "parts",
    ContractType::UsageBased => "usage_based",
});

/// Where a contract stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContractStatus {
    /// Being written; covers nothing yet.
    Draft,
    /// In force between its dates.
    Active,
    /// Past its end.
    Expired,
    /// Ended early; final.
    Cancelled,
}

string_enum!(ContractStatus, "invalid_status", "must be one of draft, active, expired, cancelled", {
    ContractStatus::Draft => "draft",
    ContractStatus::Active => "active",
    ContractStatus::Expired => "expired",
    ContractStatus::Cancelled => "cancelled",
});

impl ContractStatus {
    /// The statuses a contract in this one may move to: a draft is activated or dropped; an
    /// active contract expires or is cancelled; an expired one is renewed (active again with
    /// new dates).
    pub fn next(self) -> &'static [ContractStatus] {
        match self {
            ContractStatus::Draft => &[ContractStatus::Active, ContractStatus::Cancelled],
            ContractStatus::Active => &[ContractStatus::Expired, ContractStatus::Cancelled],
            ContractStatus::Expired => &[ContractStatus::Active],
            ContractStatus::Cancelled => &[],
        }
    }

    /// Checks a move to `to` (staying is always allowed); the error names the allowed moves.
    pub fn check_move(self, to: ContractStatus) -> Result<(), FieldError> {
        if self == to || self.next().contains(&to) {
            return Ok(());
        }
        let article = match self {
            ContractStatus::Active | ContractStatus::Expired => "an",
            ContractStatus::Draft | ContractStatus::Cancelled => "a",
        };
        let detail = if self.next().is_empty() {
            format!("{article} {} contract is final", self.as_str())
        } else {
            let names: Vec<&str> = self.next().iter().map(|s| s.as_str()).collect();
            format!(
                "{article} {} contract can move to {}",
                self.as_str(),
                names.join(", ")
            )
        };
        Err(FieldError::new("/status", "invalid_transition", detail))
    }
}

/// How a contract renews when it ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Renewal {
    /// It renews by itself for another term.
    pub auto_renew: bool,
    /// The length of a renewal, in months.
    pub term_months: Option<u32>,
    /// How many days before its end its owner and the account's owner are told.
    pub notice_days: u32,
}

/// What a contract says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractFields {
    /// Its number, unique in the organization (`CON-00042` when none was given).
    pub number: String,
    /// The customer.
    pub account_id: AccountId,
    /// What it is for.
    pub contract_type: ContractType,
    /// Where it stands.
    pub status: ContractStatus,
    /// Its first day.
    pub starts_on: NaiveDate,
    /// Its last day.
    pub ends_on: NaiveDate,
    /// What it is worth.
    pub value: Option<Money>,
    /// How it renews.
    pub renewal: Renewal,
    /// Who looks after it.
    pub owner_id: UserId,
    /// The SLA policy tickets under it come under, before the policies' own order.
    pub sla_policy_id: Option<SlaPolicyId>,
    /// The contacts who may raise tickets under it; none means anyone at the account.
    pub authorised_contacts: Vec<ContactId>,
    /// Terms and remarks.
    pub notes: Option<String>,
}

impl ContractFields {
    /// Checks what holds within one contract: its dates in order, a renewal term when it
    /// renews, the notice and the lists within bounds.
    pub fn check(&self) -> Result<(), Violations> {
        let mut v = Violations::new();
        if self.ends_on < self.starts_on {
            v.push(FieldError::new(
                "/ends_on",
                "inverted_dates",
                "a contract ends on or after the day it starts",
            ));
        }
        for (pointer, day) in [("/starts_on", self.starts_on), ("/ends_on", self.ends_on)] {
            v.check(day_in_range(pointer, day));
        }
        match self.renewal.term_months {
            Some(m) if !(1..=MAX_TERM_MONTHS).contains(&m) => v.push(FieldError::new(
                "/renewal_term_months",
                "out_of_range",
                format!("from 1 to {MAX_TERM_MONTHS} months"),
            )),
            None if self.renewal.auto_renew => v.push(FieldError::new(
                "/renewal_term_months",
                "required",
                "a contract that renews by itself needs the length of a renewal",
            )),
            _ => {}
        }
        if self.renewal.notice_days > MAX_NOTICE_DAYS {
            v.push(FieldError::new(
                "/expiry_notice_days",
                "out_of_range",
                format!("from 0 to {MAX_NOTICE_DAYS} days"),
            ));
        }
        if self.authorised_contacts.len() > MAX_AUTHORISED {
            v.push(FieldError::new(
                "/authorised_contact_ids",
                "too_many",
                format!("at most {MAX_AUTHORISED} contacts"),
            ));
        }
        if self.value.as_ref().is_some_and(|m| m.amount_minor < 0) {
            v.push(FieldError::new(
                "/value",
                "negative",
                "a contract's value is not negative",
            ));
        }
        if v.is_empty() {
            Ok(())
        } else {
            Err(v)
        }
    }

    /// Whether it is in force on `day`.
    pub fn in_force(&self, day: NaiveDate) -> bool {
        self.status == ContractStatus::Active && self.starts_on <= day && day <= self.ends_on
    }

    /// Whether its dates share a day with `other`'s.
    pub fn overlaps(&self, other: &ContractFields) -> bool {
        self.starts_on <= other.ends_on && other.starts_on <= self.ends_on
    }

    /// Whether `contact` may raise tickets under it.
    pub fn authorises(&self, contact: ContactId) -> bool {
        self.authorised_contacts.is_empty() || self.authorised_contacts.contains(&contact)
    }

    /// The day its owners are told it is ending.
    pub fn notice_on(&self) -> NaiveDate {
        self.ends_on - chrono::Days::new(u64::from(self.renewal.notice_days))
    }

    /// What `today` does to it by itself: an active contract past its end renews for its
    /// term when it renews by itself (as often as needed to cover `today`), else expires.
    pub fn lapse(&self, today: NaiveDate) -> Option<Lapse> {
        if self.status != ContractStatus::Active || today <= self.ends_on {
            return None;
        }
        match (self.renewal.auto_renew, self.renewal.term_months) {
            (true, Some(months)) if months > 0 => {
                let (mut starts_on, mut ends_on) = (self.starts_on, self.ends_on);
                while ends_on < today {
                    starts_on = ends_on.succ_opt()?;
                    ends_on = starts_on
                        .checked_add_months(Months::new(months))?
                        .pred_opt()?;
                }
                Some(Lapse::Renewed { starts_on, ends_on })
            }
            _ => Some(Lapse::Expired),
        }
    }
}

/// What happens to a contract past its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lapse {
    /// It ends.
    Expired,
    /// It runs on with these dates.
    Renewed {
        /// The renewal's first day.
        starts_on: NaiveDate,
        /// Its last.
        ends_on: NaiveDate,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_else(|| panic!("{y}-{m}-{d}"))
    }

    fn contract(starts_on: NaiveDate, ends_on: NaiveDate) -> ContractFields {
        ContractFields {
            number: "CON-00001".into(),
            account_id: AccountId::from_bytes(&[1; 16]).unwrap_or_else(|| panic!("an id")),
            contract_type: ContractType::Support,
            status: ContractStatus::Active,
            starts_on,
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

    #[test]
    fn dates_must_be_in_order_and_a_renewing_contract_needs_a_term() {
        let inverted = contract(day(2026, 2, 1), day(2026, 1, 31));
        let codes = |c: &ContractFields| -> Vec<(String, &'static str)> {
            c.check()
                .err()
                .map(|v| {
                    v.into_errors()
                        .into_iter()
                        .map(|e| (e.pointer, e.code))
                        .collect()
                })
                .unwrap_or_default()
        };
        assert_eq!(
            codes(&inverted),
            vec![("/ends_on".into(), "inverted_dates")]
        );
        let one_day = contract(day(2026, 2, 1), day(2026, 2, 1));
        assert!(one_day.check().is_ok());
        let mut renewing = one_day.clone();
        renewing.renewal.auto_renew = true;
        assert_eq!(
            codes(&renewing),
            vec![("/renewal_term_months".into(), "required")]
        );
        renewing.renewal.term_months = Some(0);
        assert_eq!(
            codes(&renewing),
            vec![("/renewal_term_months".into(), "out_of_range")]
        );
        renewing.renewal.term_months = Some(12);
        assert!(renewing.check().is_ok());
    }

    #[test]
    fn moves_follow_the_lifecycle_and_name_the_allowed_ones() {
        use ContractStatus::*;
        assert!(Draft.check_move(Active).is_ok());
        assert!(Active.check_move(Active).is_ok());
        assert!(Expired.check_move(Active).is_ok());
        let refused = Cancelled.check_move(Active).err().map(|e| e.detail);
        assert_eq!(refused.as_deref(), Some("a cancelled contract is final"));
        let refused = Draft.check_move(Expired).err().map(|e| e.detail);
        assert_eq!(
            refused.as_deref(),
            Some("a draft contract can move to active, cancelled")
        );
    }

    #[test]
    fn in_force_from_the_first_to_the_last_day_when_active() {
        let c = contract(day(2026, 1, 1), day(2026, 12, 31));
        assert!(!c.in_force(day(2025, 12, 31)));
        assert!(c.in_force(day(2026, 1, 1)));
        assert!(c.in_force(day(2026, 12, 31)));
        assert!(!c.in_force(day(2027, 1, 1)));
        let draft = ContractFields {
            status: ContractStatus::Draft,
            ..c
        };
        assert!(!draft.in_force(day(2026, 6, 1)));
    }

    #[test]
    fn overlap_is_sharing_a_day() {
        let a = contract(day(2026, 1, 1), day(2026, 6, 30));
        assert!(a.overlaps(&contract(day(2026, 6, 30), day(2026, 12, 31))));
        assert!(!a.overlaps(&contract(day(2026, 7, 1), day(2026, 12, 31))));
        assert!(a.overlaps(&contract(day(2025, 1, 1), day(2027, 1, 1))));
    }

    #[test]
    fn past_its_end_a_contract_expires_or_renews_for_whole_terms() {
        let mut c = contract(day(2026, 1, 1), day(2026, 12, 31));
        assert_eq!(c.lapse(day(2026, 12, 31)), None);
        assert_eq!(c.lapse(day(2027, 1, 1)), Some(Lapse::Expired));
        c.renewal = Renewal {
            auto_renew: true,
            term_months: Some(12),
            notice_days: 30,
        };
        assert_eq!(
            c.lapse(day(2027, 1, 1)),
            Some(Lapse::Renewed {
                starts_on: day(2027, 1, 1),
                ends_on: day(2027, 12, 31)
            })
        );
        // Missed for more than a term (the server was off): as many terms as it takes.
        assert_eq!(
            c.lapse(day(2028, 3, 1)),
            Some(Lapse::Renewed {
                starts_on: day(2028, 1, 1),
                ends_on: day(2028, 12, 31)
            })
        );
        assert_eq!(c.notice_on(), day(2026, 12, 1));
    }
}
