//! The service desk's work that handlers and the background workers share: tickets created,
//! changed and answered in one transaction each, their SLA clocks, the escalation sweep and
//! the jobs tickets schedule.

pub mod clocks;
pub mod customer;
pub mod links;
pub mod mentions;
pub mod merge;
pub mod routing;
pub mod sweep;
pub mod tickets;

use chrono::Duration;

use crate::settings::Settings;

/// The service desk's rules of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// How long a solved ticket can be reopened.
    pub reopen_window: Duration,
    /// How long a solved ticket stays solved before it closes by itself.
    pub auto_close_after: Duration,
}

impl Rules {
    /// The rules the settings give.
    pub fn of(settings: &Settings) -> Self {
        Self {
            reopen_window: domain::ticket::DEFAULT_REOPEN_WINDOW,
            auto_close_after: Duration::seconds(settings.ticket_auto_close_seconds.max(0)),
        }
    }
}
