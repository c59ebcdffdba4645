//! Turning calendar and target bodies into the domain's SLA engine types.

use api_types::sla::{CalendarBody, HolidayBody, PriorityTargets, TimeRange};
use chrono::{Datelike, Duration, NaiveDate};
use domain::sla::calendar::{clock_time, Interval};
use domain::sla::simulation::{PolicyTargets, Priority, Targets};
use domain::sla::{BusinessCalendar, Holiday, HolidayDate};
use domain::{FieldError, Violations};

use crate::error::ApiError;

fn range(v: &mut Violations, pointer: &str, range: &TimeRange) -> Option<Interval> {
    let start = v.check(clock_time(&format!("{pointer}/start"), &range.start));
    let end = v.check(clock_time(&format!("{pointer}/end"), &range.end));
    v.check(Interval::parse(pointer, start?, end?))
}

fn holiday(v: &mut Violations, pointer: &str, body: &HolidayBody) -> Option<Holiday> {
    let name = v.check(domain::text::required(
        &format!("{pointer}/name"),
        &body.name,
        100,
    ));
    let date = v.check(
        NaiveDate::parse_from_str(body.date.trim(), "%Y-%m-%d").map_err(|_| {
            FieldError::new(
                format!("{pointer}/date"),
                "invalid_date",
                "must be a date such as 2026-12-25",
            )
        }),
    );
    let closed = match &body.closed {
        Some(r) => Some(range(v, &format!("{pointer}/closed"), r)?),
        None => None,
    };
    let date = date?;
    let date = if body.yearly {
        HolidayDate::Yearly {
            month: date.month(),
            day: date.day(),
        }
    } else {
        HolidayDate::Once(date)
    };
    Some(Holiday {
        name: name?,
        date,
        closed,
    })
}

/// The most open intervals a calendar day may have.
pub const MAX_DAY_INTERVALS: usize = 24;
/// The most holidays a calendar may list: every business-time sum looks at them.
pub const MAX_HOLIDAYS: usize = 500;

/// A validated business calendar; errors point below `prefix` (e.g. `/calendar`).
pub fn calendar(prefix: &str, body: &CalendarBody) -> Result<BusinessCalendar, ApiError> {
    let mut v = Violations::new();
    let mut weekly: [Vec<Interval>; 7] = Default::default();
    if !body.always_open && body.weekly.len() != 7 {
        v.push(FieldError::new(
            format!("{prefix}/weekly"),
            "seven_days",
            "list seven days, Monday first",
        ));
    }
    for (day, ranges) in body.weekly.iter().enumerate().take(7) {
        if ranges.len() > MAX_DAY_INTERVALS {
            v.push(FieldError::new(
                format!("{prefix}/weekly/{day}"),
                "too_many",
                format!("at most {MAX_DAY_INTERVALS} intervals a day"),
            ));
            continue;
        }
        for (index, r) in ranges.iter().enumerate() {
            if let Some(interval) = range(&mut v, &format!("{prefix}/weekly/{day}/{index}"), r) {
                weekly[day].push(interval);
            }
        }
    }
    if body.holidays.len() > MAX_HOLIDAYS {
        v.push(FieldError::new(
            format!("{prefix}/holidays"),
            "too_many",
            format!("at most {MAX_HOLIDAYS} holidays"),
        ));
    }
    let holidays: Vec<Holiday> = body
        .holidays
        .iter()
        .enumerate()
        .filter_map(|(i, h)| holiday(&mut v, &format!("{prefix}/holidays/{i}"), h))
        .collect();
    if !v.is_empty() {
        return Err(v.into());
    }
    BusinessCalendar::new(&body.time_zone, body.always_open, weekly, holidays).map_err(|errors| {
        ApiError::Validation(
            errors
                .into_errors()
                .into_iter()
                .map(|e| e.nested(prefix))
                .collect(),
        )
    })
}

fn minutes(v: &mut Violations, pointer: String, value: Option<i64>) -> Option<Duration> {
    let value = value?;
    if (1..=525_600).contains(&value) {
        Some(Duration::minutes(value))
    } else {
        v.push(FieldError::new(
            pointer,
            "out_of_range",
            "must be between 1 minute and 365 days",
        ));
        None
    }
}

/// Targets per priority, the warning threshold and the pausing statuses.
pub fn policy_targets(
    targets: &[PriorityTargets],
    warning_percent: Option<i64>,
    pausing: Option<&[String]>,
) -> Result<PolicyTargets, ApiError> {
    let mut v = Violations::new();
    let mut by_priority = [
        (Priority::Low, Targets::default()),
        (Priority::Normal, Targets::default()),
        (Priority::High, Targets::default()),
        (Priority::Urgent, Targets::default()),
    ];
    let mut seen = Vec::new();
    for (i, t) in targets.iter().enumerate() {
        let Some(priority) = v.check(Priority::parse(
            &format!("/targets/{i}/priority"),
            &t.priority,
        )) else {
            continue;
        };
        if seen.contains(&priority) {
            v.push(FieldError::new(
                format!("/targets/{i}/priority"),
                "duplicate_priority",
                "each priority is listed once",
            ));
        }
        seen.push(priority);
        let parsed = Targets {
            first_response: minutes(
                &mut v,
                format!("/targets/{i}/first_response_minutes"),
                t.first_response_minutes,
            ),
            next_response: minutes(
                &mut v,
                format!("/targets/{i}/next_response_minutes"),
                t.next_response_minutes,
            ),
            resolution: minutes(
                &mut v,
                format!("/targets/{i}/resolution_minutes"),
                t.resolution_minutes,
            ),
        };
        if let Some(slot) = by_priority.iter_mut().find(|(p, _)| *p == priority) {
            slot.1 = parsed;
        }
    }
    let warning = warning_percent.unwrap_or(75);
    if !(1..=100).contains(&warning) {
        v.push(FieldError::new(
            "/warning_percent",
            "out_of_range",
            "must be between 1 and 100",
        ));
    }
    let pausing_statuses = match pausing {
        Some(list) => list
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                v.check(domain::sla::simulation::status_name(
                    &format!("/pausing_statuses/{i}"),
                    s,
                ))
            })
            .collect(),
        None => vec!["pending".to_owned(), "on_hold".to_owned()],
    };
    v.finish(|| {
        Some(PolicyTargets {
            by_priority,
            warn_per_mille: warning * 10,
            pausing_statuses,
        })
    })
    .map_err(ApiError::from)
}
