//! The rules of each list's query parameters, and the orders each list offers.

use serde_json::{json, Value};

use super::{id, id_pattern, one_of, pattern, plain, range, COUNTRY, EMAIL, IF_MATCH, TAG};
use domain::activity::{ActivityKind, ActivityStatus};
use domain::forecast::PeriodKind;
use domain::lead::{LeadSource, LeadStatus};
use domain::pipeline::StageKind;
use domain::sla::simulation::Priority;
use domain::ticket::{Channel, Status, TicketType};
use domain::{AccountType, Currency, Tier};

/// A body pattern for a parameter: parameters take spaces around a value, but no other
/// blank (line breaks are control characters).
fn in_parameter(body_pattern: &str) -> String {
    body_pattern.replace(r"\s*", " *")
}

/// A comma-separated list of `names`, any of them blank.
fn names_list(names: &[&str]) -> Value {
    let name = format!("(?:{})", names.join("|"));
    pattern(&format!("^ *{name}? *(?:, *{name}? *)*$"))
}

/// The rules of query and header parameters of the list at `path`, by name: its own filters.
pub(super) fn parameters(path: &str) -> Vec<(&'static str, Value)> {
    let tickets = match path {
        "/api/v1/tickets" => ticket_filters(),
        // Blank, or one status with spaces around it, as the list takes it.
        "/api/v1/admin/jobs" => vec![(
            "status",
            pattern(&format!(
                "^ *(?:{})? *$",
                crate::handlers::jobs::list::STATUSES.join("|")
            )),
        )],
        "/api/v1/mailboxes/{id}/emails" => {
            let names: Vec<&str> = domain::mail::Outcome::ALL
                .iter()
                .map(|o| o.as_str())
                .collect();
            vec![(
                "outcome",
                pattern(&format!("^ *(?:{})? *$", names.join("|"))),
            )]
        }
        // Not blank, no control characters, within a parameter's length.
        "/api/v1/attachments" => vec![(
            "filename",
            pattern(
                r"^[^\u0000-\u001F\u007F-\u009F]{0,250}[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]{0,249}$",
            ),
        )],
        "/api/v1/leads" => lead_filters(),
        "/api/v1/calls" => vec![
            ("status", one_of(ActivityStatus::NAMES.iter().copied())),
            ("agent_id", id("usr")),
            ("contact_id", id("con")),
            ("account_id", id("acc")),
            ("ticket_id", id("tkt")),
        ],
        "/api/v1/callbacks" => vec![
            ("status", one_of(ActivityStatus::NAMES.iter().copied())),
            (
                "assignee_id",
                pattern(&format!("^none$|{}", id_pattern("usr"))),
            ),
        ],
        "/api/v1/contracts" => vec![
            ("account_id", id("acc")),
            (
                "status",
                one_of(domain::contract::ContractStatus::NAMES.iter().copied()),
            ),
            (
                "type",
                one_of(domain::contract::ContractType::NAMES.iter().copied()),
            ),
            ("owner_id", id("usr")),
        ],
        "/api/v1/assets" => vec![
            ("account_id", id("acc")),
            ("parent_id", id("ast")),
            (
                "status",
                one_of(domain::asset::AssetStatus::NAMES.iter().copied()),
            ),
            ("product_id", id("prod")),
            ("serial_number", plain(domain::asset::MAX_SERIAL)),
        ],
        "/api/v1/rmas" => vec![
            (
                "status",
                one_of(domain::rma::RmaStatus::NAMES.iter().copied()),
            ),
            ("account_id", id("acc")),
            ("asset_id", id("ast")),
            ("ticket_id", id("tkt")),
        ],
        "/api/v1/lookup/phone" => vec![("number", pattern(r"^ *\+?[0-9][0-9 ().-]{5,30} *$"))],
        "/api/v1/opportunities" => vec![
            ("pipeline_id", id("pipe")),
            ("stage_id", id("stage")),
            ("status", one_of(StageKind::NAMES.iter().copied())),
            ("contact_id", id("con")),
        ],
        "/api/v1/exchange-rates" | "/api/v1/products" => {
            vec![("currency", one_of(Currency::codes()))]
        }
        "/api/v1/pipelines/{id}/board" => vec![("owner_id", id("usr"))],
        "/api/v1/quotas" => vec![
            ("user_id", id("usr")),
            ("team_id", id("team")),
            ("period", one_of(PeriodKind::NAMES.iter().copied())),
        ],
        "/api/v1/activities" => vec![
            ("kind", one_of(ActivityKind::NAMES.iter().copied())),
            ("status", one_of(ActivityStatus::NAMES.iter().copied())),
            ("assignee_id", id("usr")),
            ("contact_id", id("con")),
            ("lead_id", id("lead")),
            ("opportunity_id", id("opp")),
            ("ticket_id", id("tkt")),
        ],
        "/api/v1/me/tasks" => vec![("utc_offset_minutes", range(-840, 840))],
        timeline if timeline.ends_with("/timeline") => {
            vec![("kind", names_list(db::timeline::EntryKind::NAMES))]
        }
        "/api/v1/forecast" => vec![
            ("period", one_of(PeriodKind::NAMES.iter().copied())),
            ("group_by", one_of(["owner", "team", "territory"])),
            ("pipeline_id", id("pipe")),
        ],
        _ => super::kb::parameters(path)
            .or_else(|| super::portal::parameters(path))
            .unwrap_or_default(),
    };
    let shared = vec![
        ("limit", range(1, 100)),
        ("type", one_of(AccountType::NAMES.iter().copied())),
        ("tier", one_of(Tier::NAMES.iter().copied())),
        ("industry", plain(100)),
        ("owner_id", id("usr")),
        ("parent_id", id("acc")),
        ("account_id", id("acc")),
        ("tag", pattern(&in_parameter(TAG))),
        ("email", pattern(&in_parameter(EMAIL))),
        ("If-Match", json!({"type": "string", "pattern": IF_MATCH})),
    ];
    [tickets, shared].concat()
}

/// The rules of the ticket list's own filters (query parameters, and a saved view's
/// `filters`).
pub(super) fn ticket_filters() -> Vec<(&'static str, Value)> {
    vec![
        ("type", one_of(TicketType::NAMES.iter().copied())),
        ("status", names_list(Status::NAMES)),
        ("priority", names_list(Priority::NAMES)),
        (
            "assignee_id",
            pattern(&format!("^me$|^none$|{}", id_pattern("usr"))),
        ),
        ("team_id", id("team")),
        ("requester_id", id("con")),
        ("account_id", id("acc")),
        ("asset_id", id("ast")),
        ("channel", one_of(Channel::NAMES.iter().copied())),
        ("category", pattern(&in_parameter(TAG))),
        ("tag", pattern(&in_parameter(TAG))),
        ("sla", one_of(["breached", "warning"])),
    ]
}

/// The rules of the lead list's own filters.
fn lead_filters() -> Vec<(&'static str, Value)> {
    vec![
        ("status", names_list(LeadStatus::NAMES)),
        (
            "owner_id",
            pattern(&format!("^none$|{}", id_pattern("usr"))),
        ),
        ("source", one_of(LeadSource::NAMES.iter().copied())),
        ("country", pattern(&in_parameter(COUNTRY))),
    ]
}

/// The orders a list offers, by its path.
pub(super) fn sorts(path: &str) -> Option<&'static db::list::Sorts> {
    match path {
        "/api/v1/accounts" => Some(&db::accounts::SORTS),
        "/api/v1/contacts" => Some(&db::contacts::SORTS),
        "/api/v1/leads" => Some(&db::leads::SORTS),
        "/api/v1/lead-forms" => Some(&db::lead_forms::SORTS),
        "/api/v1/mailboxes" => Some(&db::mailboxes::SORTS),
        "/api/v1/assignment-rules" => Some(&db::assignment_rules::SORTS),
        "/api/v1/territories" => Some(&db::territories::SORTS),
        "/api/v1/scoring-rules" => Some(&db::scoring_rules::SORTS),
        "/api/v1/pipelines" => Some(&db::pipelines::SORTS),
        "/api/v1/opportunities" => Some(&db::opportunities::SORTS),
        "/api/v1/products" => Some(&db::products::SORTS),
        "/api/v1/exchange-rates" => Some(&db::exchange_rates::SORTS),
        "/api/v1/quotas" => Some(&db::quotas::SORTS),
        "/api/v1/activities" | "/api/v1/calls" => Some(&db::activities::SORTS),
        "/api/v1/callbacks" => Some(&db::callbacks::SORTS),
        "/api/v1/contracts" => Some(&db::contracts::SORTS),
        "/api/v1/assets" => Some(&db::assets::SORTS),
        "/api/v1/rmas" => Some(&db::rmas::SORTS),
        "/api/v1/telephony/providers" => Some(&db::telephony::SORTS),
        "/api/v1/sla/calendars" => Some(&db::sla::CALENDAR_SORTS),
        "/api/v1/sla/policies" => Some(&db::sla::POLICY_SORTS),
        "/api/v1/tickets" => Some(&db::tickets::SORTS),
        "/api/v1/partners" => Some(&db::portal::partners::SORTS),
        "/api/v1/portal-users" => Some(&db::portal::users::SORTS),
        _ => super::kb::sorts(path),
    }
}
