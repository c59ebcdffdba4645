//! A ticket's clocks driven by its events.

use chrono::{DateTime, Duration, TimeZone, Utc};
use domain::sla::calendar::weekdays;
use domain::sla::simulation::{simulate, ClockKind, PolicyTargets, Priority, Targets, TicketEvent};
use domain::sla::{BusinessCalendar, ClockStatus};

fn at(h: u32, m: u32) -> DateTime<Utc> {
    // Monday 23 November 2026 in Berlin.
    chrono_tz::Europe::Berlin
        .with_ymd_and_hms(2026, 11, 23, h, m, 0)
        .single()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| panic!("bad time"))
}

fn policy() -> PolicyTargets {
    let t = |f: i64, n: i64, r: i64| Targets {
        first_response: Some(Duration::hours(f)),
        next_response: Some(Duration::hours(n)),
        resolution: Some(Duration::hours(r)),
    };
    PolicyTargets {
        by_priority: [
            (Priority::Low, t(8, 16, 40)),
            (Priority::Normal, t(4, 8, 16)),
            (Priority::High, t(2, 4, 8)),
            (Priority::Urgent, t(1, 2, 8)),
        ],
        warn_per_mille: 750,
        pausing_statuses: vec!["pending".into(), "on_hold".into()],
    }
}

#[test]
fn a_ticket_day_in_the_life() {
    let cal = BusinessCalendar::new("Europe/Berlin", false, weekdays(540, 1020), Vec::new())
        .unwrap_or_else(|e| panic!("{e}"));
    let events = vec![
        (at(9, 30), TicketEvent::AgentReplied),
        (at(10, 0), TicketEvent::StatusChanged("pending".into())),
        (at(13, 0), TicketEvent::CustomerReplied),
        (at(13, 0), TicketEvent::StatusChanged("open".into())),
        (at(14, 0), TicketEvent::AgentReplied),
        (at(15, 0), TicketEvent::PriorityChanged(Priority::Normal)),
        (at(16, 0), TicketEvent::StatusChanged("resolved".into())),
    ];
    let clocks = simulate(
        &cal,
        &policy(),
        Priority::Urgent,
        at(9, 0),
        &events,
        at(17, 0),
    );
    let summary: Vec<(ClockKind, ClockStatus, Duration)> = clocks
        .iter()
        .map(|c| (c.kind, c.reading.status, c.reading.elapsed))
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                ClockKind::FirstResponse,
                ClockStatus::Met,
                Duration::minutes(30)
            ),
            // Paused from 10:00 to 13:00 while waiting on the customer.
            (ClockKind::Resolution, ClockStatus::Met, Duration::hours(4)),
            (
                ClockKind::NextResponse,
                ClockStatus::Met,
                Duration::hours(1)
            ),
        ]
    );
    assert_eq!(
        clocks[1].target,
        Duration::hours(16),
        "the resolution target follows the new priority"
    );
}

#[test]
fn an_unanswered_urgent_ticket_breaches_and_a_priority_change_moves_deadlines() {
    let cal = BusinessCalendar::new("Europe/Berlin", false, weekdays(540, 1020), Vec::new())
        .unwrap_or_else(|e| panic!("{e}"));
    let quiet = simulate(&cal, &policy(), Priority::Urgent, at(9, 0), &[], at(10, 30));
    assert_eq!(quiet[0].reading.status, ClockStatus::Breached);
    assert_eq!(quiet[0].reading.remaining, Duration::minutes(-30));
    let raised = simulate(
        &cal,
        &policy(),
        Priority::Normal,
        at(9, 0),
        &[(at(10, 0), TicketEvent::PriorityChanged(Priority::High))],
        at(10, 0),
    );
    assert_eq!(
        raised[0].reading.deadline,
        Some(at(11, 0)),
        "2 h first response, 1 h already spent"
    );
}

#[test]
fn a_reopened_ticket_resumes_its_resolution_clock_where_it_stopped() {
    let cal = BusinessCalendar::new("Europe/Berlin", false, weekdays(540, 1020), Vec::new())
        .unwrap_or_else(|e| panic!("{e}"));
    let events = vec![
        (at(9, 30), TicketEvent::AgentReplied),
        (at(11, 0), TicketEvent::StatusChanged("solved".into())),
        (at(13, 0), TicketEvent::CustomerReplied),
        (at(13, 0), TicketEvent::StatusChanged("open".into())),
        (at(14, 0), TicketEvent::StatusChanged("pending".into())),
    ];
    let clocks = simulate(
        &cal,
        &policy(),
        Priority::Normal,
        at(9, 0),
        &events,
        at(16, 0),
    );
    let resolution = clocks
        .iter()
        .find(|c| c.kind == ClockKind::Resolution)
        .unwrap_or_else(|| panic!("no resolution clock"));
    // 9:00–11:00 before solving, 13:00–14:00 after the reopen; paused since.
    assert_eq!(
        (resolution.reading.status, resolution.reading.elapsed),
        (ClockStatus::Paused, Duration::hours(3))
    );
    let solved_again = [
        events.clone(),
        vec![(at(15, 0), TicketEvent::StatusChanged("solved".into()))],
    ]
    .concat();
    let clocks = simulate(
        &cal,
        &policy(),
        Priority::Normal,
        at(9, 0),
        &solved_again,
        at(16, 0),
    );
    assert_eq!(
        clocks.iter().map(|c| c.reading.status).collect::<Vec<_>>(),
        vec![ClockStatus::Met, ClockStatus::Met, ClockStatus::Met],
        "first response, resolution and the next response the reply started"
    );
}
