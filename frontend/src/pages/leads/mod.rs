//! Leads: the list, the lead page with its matches and conversion, and the forms.

pub mod capture;
pub mod form;
pub mod list;
pub mod page;
pub mod routing;

/// The statuses a user sets, as (value, label); `converted` comes only from conversion.
pub const STATUSES: [(&str, &str); 5] = [
    ("new", "New"),
    ("working", "Working"),
    ("nurturing", "Nurturing"),
    ("qualified", "Qualified"),
    ("disqualified", "Disqualified"),
];

/// Every status's label, converted too.
pub fn status_label(status: &str) -> &'static str {
    STATUSES
        .iter()
        .chain(&[("converted", "Converted")])
        .find(|(v, _)| *v == status)
        .map_or("", |(_, l)| *l)
}

/// Where leads come from, as (value, label).
pub const SOURCES: [(&str, &str); 11] = [
    ("web", "Web site"),
    ("email", "Email"),
    ("phone", "Phone"),
    ("referral", "Referral"),
    ("partner", "Partner"),
    ("event", "Event"),
    ("advertising", "Advertising"),
    ("social", "Social media"),
    ("cold_call", "Cold call"),
    ("import", "Import"),
    ("other", "Other"),
];

/// Head counts, as (value, label).
pub const SIZES: [(&str, &str); 6] = [
    ("1-10", "1–10"),
    ("11-50", "11–50"),
    ("51-200", "51–200"),
    ("201-1000", "201–1,000"),
    ("1001-5000", "1,001–5,000"),
    ("5001+", "More than 5,000"),
];

/// The open statuses, which the list shows by default.
pub const OPEN: &str = "new,working,nurturing,qualified";
