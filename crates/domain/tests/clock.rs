//! SLA clocks: hand-checked timelines and properties.

use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::Tz;
use domain::sla::calendar::weekdays;
use domain::sla::{BusinessCalendar, ClockEvent, ClockStatus, SlaClock};
use proptest::prelude::*;

const BERLIN: Tz = chrono_tz::Europe::Berlin;

fn at(d: u32, h: u32, m: u32) -> DateTime<Utc> {
    // November 2026: the 20th is a Friday, the 23rd a Monday.
    BERLIN
        .with_ymd_and_hms(2026, 11, d, h, m, 0)
        .single()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| panic!("bad time"))
}

fn office() -> BusinessCalendar {
    BusinessCalendar::new("Europe/Berlin", false, weekdays(540, 1020), Vec::new())
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_running_clock_projects_its_deadline_and_warning() {
    let cal = office();
    let clock = SlaClock::start(at(20, 16, 30), Duration::hours(4), 750);
    let friday_evening = clock.reading(&cal, at(20, 18, 0));
    assert_eq!(friday_evening.status, ClockStatus::Running);
    assert_eq!(friday_evening.elapsed, Duration::minutes(30));
    assert_eq!(friday_evening.deadline, Some(at(23, 12, 30)));
    assert_eq!(friday_evening.warn_at, Some(at(23, 11, 30)));
    assert_eq!(
        clock.reading(&cal, at(23, 11, 45)).status,
        ClockStatus::Warning
    );
    let late = clock.reading(&cal, at(23, 12, 31));
    assert_eq!(
        (late.status, late.remaining),
        (ClockStatus::Breached, Duration::minutes(-1))
    );
}

#[test]
fn an_overdue_clock_keeps_the_deadline_it_missed() {
    let cal = office();
    let mut clock = SlaClock::start(at(20, 16, 30), Duration::hours(4), 750);
    for read_at in [at(23, 12, 30), at(23, 12, 31), at(24, 9, 0), at(27, 23, 0)] {
        let reading = clock.reading(&cal, read_at);
        assert_eq!(reading.status, ClockStatus::Breached, "{read_at}");
        assert_eq!(reading.deadline, Some(at(23, 12, 30)), "{read_at}");
        assert_eq!(reading.warn_at, None);
    }
    // Paused after the breach: still the instant it was missed.
    clock.record(at(23, 15, 0), ClockEvent::Paused);
    assert_eq!(
        clock.reading(&cal, at(24, 10, 0)).deadline,
        Some(at(23, 12, 30))
    );
    // A lower target breaches at the moment it is set; a higher one clears the breach.
    let mut urgent = SlaClock::start(at(23, 9, 0), Duration::hours(8), 750);
    urgent.record(at(23, 11, 0), ClockEvent::Retargeted(Duration::hours(1)));
    assert_eq!(
        urgent.reading(&cal, at(23, 16, 0)).deadline,
        Some(at(23, 11, 0))
    );
    urgent.record(at(23, 12, 0), ClockEvent::Retargeted(Duration::hours(8)));
    let relaxed = urgent.reading(&cal, at(23, 12, 0));
    assert_eq!(
        (relaxed.status, relaxed.deadline),
        (ClockStatus::Running, Some(at(23, 17, 0)))
    );
}

#[test]
fn waiting_on_the_customer_stops_the_clock() {
    let cal = office();
    let mut clock = SlaClock::start(at(23, 9, 0), Duration::hours(4), 750);
    clock.record(at(23, 10, 0), ClockEvent::Paused);
    let paused = clock.reading(&cal, at(23, 12, 0));
    assert_eq!(
        (
            paused.status,
            paused.elapsed,
            paused.remaining,
            paused.deadline
        ),
        (
            ClockStatus::Paused,
            Duration::hours(1),
            Duration::hours(3),
            None
        )
    );
    clock.record(at(23, 14, 0), ClockEvent::Resumed);
    assert_eq!(
        clock.reading(&cal, at(23, 14, 0)).deadline,
        Some(at(23, 17, 0))
    );
}

#[test]
fn a_new_priority_keeps_the_time_already_spent() {
    let cal = office();
    let mut clock = SlaClock::start(at(23, 9, 0), Duration::hours(8), 750);
    clock.record(at(23, 11, 0), ClockEvent::Retargeted(Duration::hours(4)));
    assert_eq!(
        clock.reading(&cal, at(23, 11, 0)).deadline,
        Some(at(23, 13, 0))
    );
    let mut urgent = SlaClock::start(at(23, 9, 0), Duration::hours(8), 750);
    urgent.record(at(23, 11, 0), ClockEvent::Retargeted(Duration::hours(1)));
    let reading = urgent.reading(&cal, at(23, 11, 0));
    assert_eq!(
        (reading.status, reading.remaining),
        (ClockStatus::Breached, Duration::hours(-1))
    );
}

#[test]
fn meeting_the_target_stops_the_clock_for_good() {
    let cal = office();
    let mut on_time = SlaClock::start(at(23, 9, 0), Duration::hours(4), 750);
    on_time.record(at(23, 12, 0), ClockEvent::Met);
    on_time.record(at(23, 12, 30), ClockEvent::Resumed);
    let reading = on_time.reading(&cal, at(24, 9, 0));
    assert_eq!(
        (reading.status, reading.elapsed, reading.deadline),
        (ClockStatus::Met, Duration::hours(3), None)
    );
    assert_eq!(on_time.events().len(), 1, "events after Met are ignored");
    let mut late = SlaClock::start(at(23, 9, 0), Duration::hours(4), 750);
    late.record(at(23, 14, 0), ClockEvent::Met);
    assert_eq!(
        late.reading(&cal, at(23, 15, 0)).status,
        ClockStatus::MetLate
    );
}

fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    (0i64..60 * 24 * 60).prop_map(|m| at(2, 0, 0) + Duration::minutes(m))
}

proptest! {
    #[test]
    fn pauses_never_shorten_the_time_remaining(start in instant(), pause in 0i64..20_000, length in 0i64..20_000, probe in 0i64..40_000, target in 1i64..3_000) {
        let cal = office();
        let plain = SlaClock::start(start, Duration::minutes(target), 750);
        let mut paused = plain.clone();
        paused.record(start + Duration::minutes(pause), ClockEvent::Paused);
        paused.record(start + Duration::minutes(pause + length), ClockEvent::Resumed);
        let when = start + Duration::minutes(probe);
        prop_assert!(paused.reading(&cal, when).remaining >= plain.reading(&cal, when).remaining);
    }

    #[test]
    fn elapsed_time_only_grows(start in instant(), pause in 0i64..5_000, a in 0i64..20_000, b in 0i64..20_000) {
        let cal = office();
        let mut clock = SlaClock::start(start, Duration::hours(8), 750);
        clock.record(start + Duration::minutes(pause), ClockEvent::Paused);
        clock.record(start + Duration::minutes(pause * 2), ClockEvent::Resumed);
        let (early, late) = (start + Duration::minutes(a.min(b)), start + Duration::minutes(a.max(b)));
        prop_assert!(clock.reading(&cal, early).elapsed <= clock.reading(&cal, late).elapsed);
    }

    #[test]
    fn a_running_clock_breaches_exactly_at_its_deadline(start in instant(), target in 1i64..5_000, probe in 0i64..5_000) {
        let cal = office();
        let clock = SlaClock::start(start, Duration::minutes(target), 750);
        let deadline = clock.reading(&cal, start + Duration::minutes(probe)).deadline.ok_or_else(|| TestCaseError::fail("no deadline"))?;
        let reading = clock.reading(&cal, deadline);
        prop_assert_eq!(reading.status, ClockStatus::Breached);
        prop_assert!(reading.remaining <= Duration::zero());
    }

    #[test]
    fn the_deadline_read_before_a_breach_is_the_one_reported_after(start in instant(), target in 1i64..5_000, pause in 0i64..5_000, length in 0i64..5_000, later in 0i64..20_000) {
        let cal = office();
        let mut clock = SlaClock::start(start, Duration::minutes(target), 750);
        clock.record(start + Duration::minutes(pause), ClockEvent::Paused);
        clock.record(start + Duration::minutes(pause + length), ClockEvent::Resumed);
        let resumed = start + Duration::minutes(pause + length);
        let projected = clock.reading(&cal, resumed).deadline;
        if let Some(deadline) = projected.filter(|d| *d > resumed) {
            let reading = clock.reading(&cal, deadline + Duration::minutes(later));
            prop_assert_eq!(reading.status, ClockStatus::Breached);
            prop_assert_eq!(reading.deadline, Some(deadline));
        }
    }
}
