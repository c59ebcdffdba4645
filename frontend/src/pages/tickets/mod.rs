//! The agent inbox: the ticket list with its views, a ticket's page, the new-ticket form.

mod attachments;
mod bulk;
mod composer;
mod conversation;
pub mod form;
mod keys;
mod links;
pub mod list;
mod merge;
pub mod page;
pub mod presence;
pub mod related;
mod saved;

use chrono::{DateTime, Utc};

/// Statuses and how they read.
pub const STATUSES: [(&str, &str); 6] = [
    ("new", "New"),
    ("open", "Open"),
    ("pending", "Pending"),
    ("on_hold", "On hold"),
    ("solved", "Solved"),
    ("closed", "Closed"),
];

/// Priorities and how they read.
pub const PRIORITIES: [(&str, &str); 4] = [
    ("low", "Low"),
    ("normal", "Normal"),
    ("high", "High"),
    ("urgent", "Urgent"),
];

/// Channels and how they read.
pub const CHANNELS: [(&str, &str); 7] = [
    ("email", "Email"),
    ("phone", "Phone"),
    ("web", "Web form"),
    ("portal", "Portal"),
    ("chat", "Chat"),
    ("api", "API"),
    ("in_person", "In person"),
];

/// The label of `value` among `options`.
pub fn label(options: &[(&'static str, &'static str)], value: &str) -> String {
    options
        .iter()
        .find(|(v, _)| *v == value)
        .map_or_else(|| value.to_owned(), |(_, l)| (*l).to_owned())
}

/// The ticket number typed in a field, with or without its `#`.
pub fn typed_number(text: &str) -> Option<i64> {
    text.trim().trim_start_matches('#').parse().ok()
}

/// What went wrong, in a sentence: the first field's complaint, or the whole problem.
pub fn problem_sentence(error: &crate::api::ApiError) -> String {
    error
        .field_errors()
        .first()
        .map(|(_, detail)| crate::api::sentence(detail))
        .unwrap_or_else(|| error.message())
}

/// An SLA deadline as a badge: its class and its words, counted from `now`.
pub fn due_badge(due: Option<DateTime<Utc>>, now: DateTime<Utc>) -> (&'static str, String) {
    let Some(due) = due else {
        return ("badge", "No clock running".into());
    };
    let minutes = (due - now).num_minutes();
    let span = |m: i64| match m {
        0..=59 => format!("{m} min"),
        60..=2879 => format!("{} h {} min", m / 60, m % 60),
        _ => format!("{} days", m / 1440),
    };
    if due <= now {
        (
            "badge clock-breached",
            format!("Overdue {}", span(-minutes)),
        )
    } else if minutes < 60 {
        ("badge clock-warning", format!("Due in {}", span(minutes)))
    } else {
        ("badge clock-running", format!("Due in {}", span(minutes)))
    }
}

/// The instant now, as a signal that moves on every half minute (SLA badges count down).
pub fn ticking_now() -> leptos::prelude::RwSignal<DateTime<Utc>> {
    use leptos::prelude::*;
    let now = RwSignal::new(Utc::now());
    let handle = set_interval_with_handle(
        move || now.set(Utc::now()),
        std::time::Duration::from_secs(30),
    );
    if let Ok(handle) = handle {
        on_cleanup(move || handle.clear());
    }
    now
}
