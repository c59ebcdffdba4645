//! The installed base: what each customer owns of what the organization sells or services.
//! Assets form a tree within an account (a site, its machines, their modules); each may be
//! under warranty between two days.

use chrono::NaiveDate;

use crate::account::string_enum;
use crate::id::{AccountId, AssetId, ProductId};
use crate::validation::{day_in_range, FieldError, Violations};

/// The longest name.
pub const MAX_NAME: usize = 200;
/// The longest serial number.
pub const MAX_SERIAL: usize = 100;
/// The longest location.
pub const MAX_LOCATION: usize = 500;
/// The longest notes.
pub const MAX_NOTES: usize = 10_000;
/// The deepest an asset may sit below its root (a site, a machine, a module, a part …).
pub const MAX_DEPTH: usize = 10;

/// Where an asset stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AssetStatus {
    /// Ordered or delivered, not yet in use.
    Planned,
    /// In use at the customer.
    Installed,
    /// Away for repair.
    InRepair,
    /// Out of use for good.
    Retired,
}

string_enum!(AssetStatus, "invalid_status", "must be one of planned, installed, in_repair, retired", {
    AssetStatus::Planned => "planned",
    AssetStatus::Installed => "installed",
    AssetStatus::InRepair => "in_repair",
    AssetStatus::Retired => "retired",
});

/// What an asset record says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetFields {
    /// What the customer calls it ("Line 2 compressor").
    pub name: String,
    /// The product of the catalogue it is, if it is one.
    pub product_id: Option<ProductId>,
    /// Its serial number, unique in the organization.
    pub serial_number: Option<String>,
    /// The customer who owns it.
    pub account_id: AccountId,
    /// Where it stands (a site, a building, a room).
    pub location: Option<String>,
    /// The day it was installed.
    pub installed_on: Option<NaiveDate>,
    /// The asset it is part of.
    pub parent_id: Option<AssetId>,
    /// Where it stands.
    pub status: AssetStatus,
    /// The first day of its warranty.
    pub warranty_starts_on: Option<NaiveDate>,
    /// The last day of its warranty.
    pub warranty_ends_on: Option<NaiveDate>,
    /// Remarks.
    pub notes: Option<String>,
}

fn in_years(v: &mut Violations, pointer: &str, day: Option<NaiveDate>) {
    if let Some(day) = day {
        v.check(day_in_range(pointer, day));
    }
}

impl AssetFields {
    /// Checks what holds within one asset: its days within bounds, its warranty's in order.
    pub fn check(&self) -> Result<(), Violations> {
        let mut v = Violations::new();
        in_years(&mut v, "/installed_on", self.installed_on);
        in_years(&mut v, "/warranty_starts_on", self.warranty_starts_on);
        in_years(&mut v, "/warranty_ends_on", self.warranty_ends_on);
        if let (Some(start), Some(end)) = (self.warranty_starts_on, self.warranty_ends_on) {
            if end < start {
                v.push(FieldError::new(
                    "/warranty_ends_on",
                    "inverted_dates",
                    "a warranty ends on or after the day it starts",
                ));
            }
        }
        if v.is_empty() {
            Ok(())
        } else {
            Err(v)
        }
    }

    /// Whether it is under warranty on `day`: a warranty with an end covers up to that day
    /// (from its start, when it has one); one without an end covers nothing.
    pub fn under_warranty(&self, day: NaiveDate) -> bool {
        match self.warranty_ends_on {
            Some(end) => day <= end && self.warranty_starts_on.is_none_or(|s| s <= day),
            None => false,
        }
    }
}

/// Checks a new parent for `asset`: `ancestors` are the parent's own line upwards (the
/// parent first, then its parent, and so on, as stored). The asset must not be among them,
/// and the tree may grow no deeper than [`MAX_DEPTH`] below `asset` (`below` is how deep its
/// own subtree already goes: 0 for a leaf).
pub fn check_parent(asset: AssetId, ancestors: &[AssetId], below: usize) -> Result<(), FieldError> {
    if ancestors.contains(&asset) {
        return Err(FieldError::new(
            "/parent_id",
            "parent_cycle",
            "an asset cannot sit below itself or below one of its own parts",
        ));
    }
    if ancestors.len() + 1 + below > MAX_DEPTH {
        return Err(FieldError::new(
            "/parent_id",
            "too_deep",
            format!("assets nest at most {MAX_DEPTH} levels deep"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    fn asset(n: u8) -> AssetId {
        AssetId::from_bytes(&[n; 16]).unwrap_or_else(|| panic!("an id"))
    }

    fn fields() -> AssetFields {
        AssetFields {
            name: "Compressor".into(),
            product_id: None,
            serial_number: Some("SN-1".into()),
            account_id: AccountId::from_bytes(&[9; 16]).unwrap_or_else(|| panic!("an id")),
            location: None,
            installed_on: Some(day("2026-01-10")),
            parent_id: None,
            status: AssetStatus::Installed,
            warranty_starts_on: Some(day("2026-01-10")),
            warranty_ends_on: Some(day("2027-01-09")),
            notes: None,
        }
    }

    #[test]
    fn warranty_covers_its_days_inclusive() {
        let f = fields();
        assert!(!f.under_warranty(day("2026-01-09")));
        assert!(f.under_warranty(day("2026-01-10")));
        assert!(f.under_warranty(day("2027-01-09")));
        assert!(!f.under_warranty(day("2027-01-10")));
        let open_start = AssetFields {
            warranty_starts_on: None,
            ..fields()
        };
        assert!(open_start.under_warranty(day("2000-01-01")));
        let no_end = AssetFields {
            warranty_ends_on: None,
            ..fields()
        };
        assert!(!no_end.under_warranty(day("2026-06-01")));
    }

    #[test]
    fn inverted_warranty_and_far_days_are_refused() {
        let inverted = AssetFields {
            warranty_ends_on: Some(day("2025-01-01")),
            ..fields()
        };
        let errors = inverted.check().err().map(Violations::into_errors);
        assert_eq!(
            errors.map(|e| e.iter().map(|e| e.code).collect::<Vec<_>>()),
            Some(vec!["inverted_dates"])
        );
        let far = AssetFields {
            installed_on: NaiveDate::from_ymd_opt(10_000, 1, 1),
            ..fields()
        };
        assert!(far.check().is_err());
        assert!(fields().check().is_ok());
    }

    #[test]
    fn a_parent_below_the_asset_is_a_cycle() {
        let (a, b, c) = (asset(1), asset(2), asset(3));
        assert!(check_parent(a, &[b, c], 0).is_ok());
        assert_eq!(
            check_parent(a, &[b, a], 0).map_err(|e| e.code),
            Err("parent_cycle")
        );
        assert_eq!(
            check_parent(a, &[a], 0).map_err(|e| e.code),
            Err("parent_cycle")
        );
    }

    #[test]
    fn the_tree_stays_within_its_depth() {
        let line: Vec<AssetId> = (2..=9).map(asset).collect();
        assert!(check_parent(asset(1), &line, 1).is_ok());
        assert_eq!(
            check_parent(asset(1), &line, 2).map_err(|e| e.code),
            Err("too_deep")
        );
    }
}
