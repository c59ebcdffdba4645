//! How fast SLA deadlines are computed: a million of them per iteration, on a split-shift
//! Berlin calendar with holidays, from starts spread over two years (DST changes included),
//! with targets from 15 minutes to two weeks of business time.

use chrono::{DateTime, Duration, Utc};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use domain::sla::{BusinessCalendar, Holiday, HolidayDate, Interval};

fn calendar() -> BusinessCalendar {
    let day = vec![
        Interval {
            start: 8 * 60,
            end: 12 * 60,
        },
        Interval {
            start: 13 * 60,
            end: 17 * 60 + 30,
        },
    ];
    let week = [
        day.clone(),
        day.clone(),
        day.clone(),
        day.clone(),
        day,
        vec![Interval {
            start: 10 * 60,
            end: 14 * 60,
        }],
        Vec::new(),
    ];
    let holidays = [(1, 1), (5, 1), (10, 3), (12, 25), (12, 26)]
        .into_iter()
        .map(|(month, day)| Holiday {
            name: "public holiday".into(),
            date: HolidayDate::Yearly { month, day },
            closed: None,
        })
        .collect();
    BusinessCalendar::new("Europe/Berlin", false, week, holidays).unwrap_or_else(|e| panic!("{e}"))
}

fn million_deadlines(c: &mut Criterion) {
    let cal = calendar();
    let base = DateTime::<Utc>::from_timestamp(1_767_225_600, 0).unwrap_or_default(); // 2026-01-01
    let inputs: Vec<(DateTime<Utc>, Duration)> = (0..1_000_000u64)
        .map(|i| {
            let mixed = i.wrapping_mul(0x9E37_79B9_7F4A_7C15);
            let start = base + Duration::minutes((mixed % (2 * 365 * 24 * 60)) as i64);
            let target = Duration::minutes(15 + ((mixed >> 32) % (10 * 8 * 60)) as i64);
            (start, target)
        })
        .collect();
    let mut group = c.benchmark_group("sla");
    group.sample_size(10);
    group.throughput(Throughput::Elements(inputs.len() as u64));
    group.bench_function("1M deadlines", |b| {
        b.iter(|| {
            inputs
                .iter()
                .filter_map(|(start, target)| cal.add(*start, *target))
                .count()
        })
    });
    group.finish();
}

criterion_group!(benches, million_deadlines);
criterion_main!(benches);
