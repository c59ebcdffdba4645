//! Business calendar: hand-checked answers and properties.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use domain::sla::calendar::{weekdays, BusinessCalendar, Holiday, HolidayDate, Interval};
use proptest::prelude::*;

const fn hm(h: u16, m: u16) -> u16 {
    h * 60 + m
}

fn local(tz: Tz, y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    tz.with_ymd_and_hms(y, mo, d, h, mi, 0)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| panic!("no such local time"))
}

fn calendar(tz: &str, weekly: [Vec<Interval>; 7], holidays: Vec<Holiday>) -> BusinessCalendar {
    BusinessCalendar::new(tz, false, weekly, holidays).unwrap_or_else(|e| panic!("{e}"))
}

fn berlin_office(holidays: Vec<Holiday>) -> BusinessCalendar {
    calendar("Europe/Berlin", weekdays(hm(9, 0), hm(17, 0)), holidays)
}

fn holiday(date: HolidayDate) -> Holiday {
    Holiday {
        name: "Holiday".into(),
        date,
        closed: None,
    }
}

const BERLIN: Tz = chrono_tz::Europe::Berlin;

#[test]
fn friday_afternoon_plus_four_hours_is_monday_lunchtime() {
    let cal = berlin_office(Vec::new());
    let start = local(BERLIN, 2026, 11, 20, 16, 30); // Friday
    assert_eq!(
        cal.add(start, Duration::hours(4)),
        Some(local(BERLIN, 2026, 11, 23, 12, 30))
    );
}

#[test]
fn a_public_holiday_on_monday_moves_the_deadline_to_tuesday() {
    let cal = berlin_office(vec![holiday(HolidayDate::Once(
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default(),
    ))]);
    let start = local(BERLIN, 2026, 11, 20, 16, 30);
    assert_eq!(
        cal.add(start, Duration::hours(4)),
        Some(local(BERLIN, 2026, 11, 24, 12, 30))
    );
}

#[test]
fn the_lunch_break_does_not_count() {
    let day = vec![
        Interval {
            start: hm(9, 0),
            end: hm(12, 0),
        },
        Interval {
            start: hm(13, 0),
            end: hm(17, 0),
        },
    ];
    let week = [
        day.clone(),
        day.clone(),
        day.clone(),
        day.clone(),
        day,
        Vec::new(),
        Vec::new(),
    ];
    let cal = calendar("Europe/Berlin", week, Vec::new());
    let start = local(BERLIN, 2026, 11, 23, 11, 0);
    assert_eq!(
        cal.add(start, Duration::hours(2)),
        Some(local(BERLIN, 2026, 11, 23, 14, 0))
    );
    assert_eq!(
        cal.business_between(start, local(BERLIN, 2026, 11, 23, 14, 0)),
        Duration::hours(2)
    );
    assert!(!cal.is_business_time(local(BERLIN, 2026, 11, 23, 12, 30)));
}

#[test]
fn the_weekend_the_clocks_go_back_is_still_exact() {
    // Berlin leaves summer time on Sunday 25 October 2026 (03:00 CEST becomes 02:00 CET).
    let cal = berlin_office(Vec::new());
    let friday = local(BERLIN, 2026, 10, 23, 16, 0);
    let monday = local(BERLIN, 2026, 10, 26, 10, 0);
    assert_eq!(cal.add(friday, Duration::hours(2)), Some(monday));
    assert_eq!(cal.business_between(friday, monday), Duration::hours(2));
    // In 24×7 business time is elapsed time: the repeated hour counts.
    let always = BusinessCalendar::new("Europe/Berlin", true, Default::default(), Vec::new())
        .unwrap_or_else(|e| panic!("{e}"));
    let saturday_noon = local(BERLIN, 2026, 10, 24, 12, 0);
    assert_eq!(
        always.add(saturday_noon, Duration::hours(24)),
        Some(local(BERLIN, 2026, 10, 25, 11, 0))
    );
}

#[test]
fn a_shift_across_the_spring_gap_is_an_hour_shorter() {
    // New York skips 02:00–03:00 on Sunday 8 March 2026.
    let ny: Tz = chrono_tz::America::New_York;
    let mut week: [Vec<Interval>; 7] = Default::default();
    week[6] = vec![Interval {
        start: hm(1, 0),
        end: hm(4, 0),
    }];
    let cal = calendar("America/New_York", week, Vec::new());
    let day_start = local(ny, 2026, 3, 8, 0, 0);
    let day_end = local(ny, 2026, 3, 9, 0, 0);
    assert_eq!(cal.business_between(day_start, day_end), Duration::hours(2));
    // And the autumn one an hour longer (1 November 2026, 02:00 EDT becomes 01:00 EST).
    assert_eq!(
        cal.business_between(local(ny, 2026, 11, 1, 0, 0), local(ny, 2026, 11, 2, 0, 0)),
        Duration::hours(4)
    );
}

#[test]
fn intervals_that_meet_in_real_time_on_dst_nights_count_once() {
    let every_day = |intervals: Vec<Interval>| -> [Vec<Interval>; 7] {
        std::array::from_fn(|_| intervals.clone())
    };
    // 29 March 2026: 02:05 does not exist and reads as 03:05, inside 03:00-03:06: 03:00-03:08.
    let spring = calendar(
        "Europe/Berlin",
        every_day(vec![
            Interval {
                start: hm(2, 5),
                end: hm(2, 8),
            },
            Interval {
                start: hm(3, 0),
                end: hm(3, 6),
            },
        ]),
        Vec::new(),
    );
    let day = |cal: &BusinessCalendar, d: u32, m: u32| {
        cal.business_between(
            local(BERLIN, 2026, m, d, 0, 0),
            local(BERLIN, 2026, m, d + 1, 0, 0),
        )
    };
    assert_eq!(day(&spring, 29, 3), Duration::minutes(8));
    assert_eq!(day(&spring, 30, 3), Duration::minutes(9));
    // 25 October 2026: 01:00-02:30 ends at the second 02:30, 02:30-04:00 starts at the first;
    // together they are 01:00 CEST to 04:00 CET, four real hours.
    let autumn = calendar(
        "Europe/Berlin",
        every_day(vec![
            Interval {
                start: hm(1, 0),
                end: hm(2, 30),
            },
            Interval {
                start: hm(2, 30),
                end: hm(4, 0),
            },
        ]),
        Vec::new(),
    );
    assert_eq!(day(&autumn, 25, 10), Duration::hours(4));
    assert_eq!(day(&autumn, 26, 10), Duration::hours(3));
}

#[test]
fn year_end_and_yearly_holidays() {
    let cal = berlin_office(vec![
        holiday(HolidayDate::Yearly { month: 1, day: 1 }),
        holiday(HolidayDate::Yearly { month: 12, day: 31 }),
    ]);
    // Wednesday 30 December 2026 16:00 + 2 h: 1 h on the 30th, 31st and 1st closed, then the
    // weekend, so Monday 4 January 2027 10:00.
    let start = local(BERLIN, 2026, 12, 30, 16, 0);
    assert_eq!(
        cal.add(start, Duration::hours(2)),
        Some(local(BERLIN, 2027, 1, 4, 10, 0))
    );
}

#[test]
fn partial_holidays_close_part_of_the_day() {
    let christmas_eve = Holiday {
        name: "Christmas Eve afternoon".into(),
        date: HolidayDate::Yearly { month: 12, day: 24 },
        closed: Some(Interval {
            start: hm(12, 0),
            end: hm(24, 0),
        }),
    };
    let cal = berlin_office(vec![christmas_eve]);
    // Thursday 24 December 2026 11:00 + 2 h: one hour that morning, then Friday 25th 10:00.
    assert_eq!(
        cal.add(local(BERLIN, 2026, 12, 24, 11, 0), Duration::hours(2)),
        Some(local(BERLIN, 2026, 12, 25, 10, 0))
    );
}

#[test]
fn next_business_instant_and_is_business_time() {
    let cal = berlin_office(Vec::new());
    let saturday = local(BERLIN, 2026, 11, 21, 10, 0);
    assert!(!cal.is_business_time(saturday));
    assert_eq!(
        cal.next_business_instant(saturday),
        Some(local(BERLIN, 2026, 11, 23, 9, 0))
    );
    let monday = local(BERLIN, 2026, 11, 23, 9, 0);
    assert!(cal.is_business_time(monday));
    assert_eq!(cal.next_business_instant(monday), Some(monday));
    assert!(
        !cal.is_business_time(local(BERLIN, 2026, 11, 23, 17, 0)),
        "the end of a day is not inside it"
    );
}

#[test]
fn calendars_without_business_time_are_rejected() {
    let empty = BusinessCalendar::new("Europe/Berlin", false, Default::default(), Vec::new());
    assert_eq!(
        empty.map_err(|e| e.errors()[0].code),
        Err("no_business_time")
    );
    let mut week: [Vec<Interval>; 7] = Default::default();
    week[0] = vec![Interval {
        start: hm(9, 0),
        end: hm(17, 0),
    }];
    let every_monday_closed = (1..=31)
        .flat_map(|day| (1..=12).map(move |month| holiday(HolidayDate::Yearly { month, day })))
        .filter(|h| matches!(h.date, HolidayDate::Yearly { month, day } if NaiveDate::from_ymd_opt(2024, month, day).is_some()))
        .collect();
    let closed = BusinessCalendar::new("Europe/Berlin", false, week, every_monday_closed);
    assert_eq!(
        closed.map_err(|e| e.errors()[0].code),
        Err("no_business_time")
    );
    let bad_zone = BusinessCalendar::new("Mars/Olympus", false, weekdays(540, 1020), Vec::new());
    assert_eq!(
        bad_zone.map_err(|e| e.errors()[0].code),
        Err("invalid_time_zone")
    );
    let overlapping = {
        let mut week = weekdays(540, 1020);
        week[2].push(Interval {
            start: hm(16, 0),
            end: hm(18, 0),
        });
        BusinessCalendar::new("Europe/Berlin", false, week, Vec::new())
    };
    assert_eq!(
        overlapping.map_err(|e| e.errors()[0].pointer.clone()),
        Err("/weekly/2".to_owned())
    );
    assert!(Interval::parse("/i", 600, 600).is_err());
    assert!(Interval::parse("/i", 0, 1441).is_err());
}

fn any_calendar() -> impl Strategy<Value = BusinessCalendar> {
    let zones = prop::sample::select(vec![
        "Europe/Berlin",
        "America/New_York",
        "Asia/Kolkata",
        "Australia/Lord_Howe",
        "UTC",
    ]);
    let day = prop::collection::vec((0u16..1440, 1u16..600), 0..3).prop_map(|raw| {
        let mut intervals: Vec<Interval> = Vec::new();
        let mut cursor = 0u16;
        for (gap, len) in raw {
            let start = cursor.saturating_add(gap % 400);
            let end = start.saturating_add(len).min(1440);
            if start < end && start < 1440 {
                intervals.push(Interval { start, end });
                cursor = end;
            }
        }
        intervals
    });
    let week = prop::array::uniform7(day);
    let holidays = prop::collection::vec(
        (
            1u32..=12,
            1u32..=28,
            prop::option::of((0u16..1439, 1u16..600)),
        ),
        0..4,
    )
    .prop_map(|raw| {
        raw.into_iter()
            .map(|(month, day, part)| Holiday {
                name: "h".into(),
                date: HolidayDate::Yearly { month, day },
                closed: part.map(|(s, l)| Interval {
                    start: s,
                    end: (s + l).min(1440),
                }),
            })
            .collect::<Vec<_>>()
    });
    (zones, any::<bool>(), week, holidays)
        .prop_filter_map("has business time", |(tz, always, week, holidays)| {
            BusinessCalendar::new(tz, always, week, holidays).ok()
        })
}

/// Whether the ten years a deadline is searched in hold less business time than `duration`
/// (a calendar open one minute a week meets 523 minutes in ten years and a month): the only
/// reason a calendar with business time may give no deadline.
fn beyond_horizon(cal: &BusinessCalendar, start: DateTime<Utc>, duration: Duration) -> bool {
    cal.business_between(start, start + Duration::days(3650)) < duration
}

fn any_instant() -> impl Strategy<Value = DateTime<Utc>> {
    // 2020 to 2035, minute precision.
    (1_577_836_800i64 / 60..2_051_222_400i64 / 60)
        .prop_map(|m| DateTime::from_timestamp(m * 60, 0).unwrap_or_default())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn adding_then_measuring_gives_the_duration_back(cal in any_calendar(), start in any_instant(), minutes in 0i64..20_000) {
        let duration = Duration::minutes(minutes);
        let Some(deadline) = cal.add(start, duration) else {
            prop_assert!(beyond_horizon(&cal, start, duration));
            return Ok(());
        };
        prop_assert_eq!(cal.business_between(start, deadline), duration);
    }

    #[test]
    fn deadlines_are_monotonic(cal in any_calendar(), start in any_instant(), a in 0i64..10_000, b in 0i64..10_000, shift in 0i64..5_000) {
        let (short, long) = (Duration::minutes(a.min(b)), Duration::minutes(a.max(b)));
        prop_assert!(cal.add(start, short) <= cal.add(start, long));
        prop_assert!(cal.add(start, short) <= cal.add(start + Duration::minutes(shift), short));
    }

    #[test]
    fn deadlines_land_inside_business_hours(cal in any_calendar(), start in any_instant(), minutes in 1i64..20_000) {
        let Some(deadline) = cal.add(start, Duration::minutes(minutes)) else {
            prop_assert!(beyond_horizon(&cal, start, Duration::minutes(minutes)));
            return Ok(());
        };
        // The deadline is where business time runs out: the moment just before it is business time.
        prop_assert!(cal.is_business_time(deadline - Duration::seconds(1)));
    }

    #[test]
    fn no_business_time_on_whole_day_holidays(start in any_instant(), hours in 0i64..24) {
        let cal = berlin_office(vec![holiday(HolidayDate::Yearly { month: 5, day: 1 })]);
        let year = start.with_timezone(&BERLIN).date_naive().year();
        let at = local(BERLIN, year, 5, 1, 0, 0) + Duration::hours(hours);
        prop_assert!(!cal.is_business_time(at));
    }

    #[test]
    fn measured_time_never_exceeds_elapsed_time(cal in any_calendar(), from in any_instant(), minutes in 0i64..100_000) {
        let to = from + Duration::minutes(minutes);
        let business = cal.business_between(from, to);
        prop_assert!(business >= Duration::zero() && business <= to - from);
    }
}

/// The local dates in `year` on which `zone`'s UTC offset changes.
fn transition_days(zone: Tz, year: i32) -> Vec<NaiveDate> {
    use chrono::Offset;
    let start = Utc.with_ymd_and_hms(year, 1, 1, 0, 0, 0).single();
    let Some(start) = start else {
        return Vec::new();
    };
    let offset = |at: DateTime<Utc>| at.with_timezone(&zone).offset().fix();
    (0..366 * 24)
        .map(|h| start + Duration::hours(h))
        .filter(|at| offset(*at) != offset(*at - Duration::minutes(30)))
        .map(|at| at.with_timezone(&zone).date_naive())
        .collect()
}

fn dst_calendar() -> impl Strategy<Value = (BusinessCalendar, Tz)> {
    let zones = prop::sample::select(vec![
        chrono_tz::Europe::Berlin,
        chrono_tz::America::New_York,
        chrono_tz::Australia::Lord_Howe,
    ]);
    // Every day the same, so the transition day is a working day; ranges often cross 01:00-04:00.
    let day = prop::collection::vec((0u16..300, 1u16..400), 1..4).prop_map(|raw| {
        let mut intervals: Vec<Interval> = Vec::new();
        let mut cursor = 0u16;
        for (gap, len) in raw {
            let start = cursor.saturating_add(gap);
            let end = start.saturating_add(len).min(1440);
            if start < end && start < 1440 {
                intervals.push(Interval { start, end });
                cursor = end;
            }
        }
        intervals
    });
    (zones, day).prop_filter_map("has business time", |(zone, day)| {
        let week: [Vec<Interval>; 7] = std::array::from_fn(|_| day.clone());
        BusinessCalendar::new(zone.name(), false, week, Vec::new())
            .ok()
            .map(|cal| (cal, zone))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(60))]

    /// On the days the clocks change, measuring agrees minute by minute with asking "is this
    /// business time?", and adding then measuring gives the duration back.
    #[test]
    fn daylight_saving_days_hold((cal, zone) in dst_calendar(), year in 2020i32..2036, which in 0usize..2, offset in 0i64..1440, minutes in 1i64..600) {
        let days = transition_days(zone, year);
        let day = *days.get(which % days.len().max(1)).ok_or_else(|| TestCaseError::reject("no DST"))?;
        let midnight = |d: NaiveDate| zone
            .from_local_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default())
            .earliest()
            .map(|t| t.with_timezone(&Utc));
        let (from, to) = (midnight(day), day.succ_opt().and_then(midnight));
        let (Some(from), Some(to)) = (from, to) else { return Err(TestCaseError::reject("no midnight")) };
        let by_minute = (0..(to - from).num_minutes())
            .filter(|m| cal.is_business_time(from + Duration::minutes(*m)))
            .count();
        prop_assert_eq!(cal.business_between(from, to), Duration::minutes(i64::try_from(by_minute).unwrap_or(-1)));
        let start = from + Duration::minutes(offset);
        let deadline = cal.add(start, Duration::minutes(minutes)).ok_or_else(|| TestCaseError::fail("no deadline"))?;
        prop_assert_eq!(cal.business_between(start, deadline), Duration::minutes(minutes));
        prop_assert!(cal.is_business_time(deadline - Duration::seconds(1)));
    }
}
