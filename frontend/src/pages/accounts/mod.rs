//! Accounts: the list, the 360° page, and the create and edit forms.

pub mod form;
pub mod list;
pub mod page;

/// The account types, as (value, label).
pub const TYPES: [(&str, &str); 3] = [
    ("customer", "Customer"),
    ("prospect", "Prospect"),
    ("partner", "Partner"),
];

/// The tiers, as (value, label).
pub const TIERS: [(&str, &str); 4] = [
    ("platinum", "Platinum"),
    ("gold", "Gold"),
    ("silver", "Silver"),
    ("bronze", "Bronze"),
];

/// The label of a value in a (value, label) list.
pub fn label_of(list: &[(&'static str, &'static str)], value: &str) -> String {
    list.iter()
        .find(|(v, _)| *v == value)
        .map_or_else(|| value.to_owned(), |(_, l)| (*l).to_owned())
}
