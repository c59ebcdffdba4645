//! Business calendars: when an organization is at work, in its own time zone.
//!
//! A calendar has an IANA time zone, a weekly schedule with any number of intervals per day
//! (split shifts, lunch breaks) or a 24×7 mode, and holidays (whole or partial days, once or
//! every year). It answers four questions exactly, across daylight-saving changes and year
//! ends: is an instant business time; when is the next business instant; what instant is a
//! business duration after another; how much business time lies between two instants.
//!
//! Work is proportional to the number of days spanned, never to minutes.
//!
//! Wall-clock rules on daylight-saving days: a time that happens twice (the autumn hour) starts
//! an interval at its first occurrence and ends one at its second; a time that does not exist
//! (the spring hour) is read with the offset in force before the change (as RFC 5545 does),
//! so 02:30 on a night the clocks jump from 02:00 to 03:00 is 03:30.

use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc,
};
use chrono_tz::Tz;

use crate::validation::{FieldError, Violations};

/// Minutes in a day.
pub const DAY_MINUTES: u16 = 24 * 60;

/// How many days a search for business time may look ahead before giving up (ten years).
const HORIZON_DAYS: u32 = 3660;

/// A span of a local day, in minutes after midnight: `start` inclusive, `end` exclusive, with
/// `end` up to 1440 (midnight at the end of the day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Interval {
    /// Minutes after midnight when it starts.
    pub start: u16,
    /// Minutes after midnight when it ends.
    pub end: u16,
}

impl Interval {
    /// An interval; `start` must be before `end`, `end` at most 1440.
    pub fn parse(pointer: &str, start: u16, end: u16) -> Result<Self, FieldError> {
        if start < end && end <= DAY_MINUTES {
            Ok(Self { start, end })
        } else {
            Err(FieldError::new(
                pointer,
                "invalid_interval",
                "an interval starts before it ends, within one day (00:00 to 24:00)",
            ))
        }
    }

    /// The whole day.
    pub const WHOLE_DAY: Interval = Interval {
        start: 0,
        end: DAY_MINUTES,
    };
}

/// When a holiday falls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HolidayDate {
    /// One date.
    Once(NaiveDate),
    /// The same month and day every year (29 February only in leap years).
    Yearly {
        /// 1 to 12.
        month: u32,
        /// 1 to 31.
        day: u32,
    },
}

/// A day (or part of a day) without business hours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    /// Its name, e.g. "New Year's Day".
    pub name: String,
    /// When.
    pub date: HolidayDate,
    /// The closed part of the day; `None` closes the whole day.
    pub closed: Option<Interval>,
}

impl Holiday {
    fn falls_on(&self, date: NaiveDate) -> bool {
        match self.date {
            HolidayDate::Once(d) => d == date,
            HolidayDate::Yearly { month, day } => date.month() == month && date.day() == day,
        }
    }
}

/// A validated business calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct BusinessCalendar {
    tz: Tz,
    always_open: bool,
    /// Monday first; each day's intervals sorted and disjoint.
    weekly: [Vec<Interval>; 7],
    holidays: Vec<Holiday>,
}

impl BusinessCalendar {
    /// Builds a calendar. `weekly` lists Monday's intervals first; it is ignored when
    /// `always_open`. Rejected: an unknown time zone, overlapping intervals, invalid holiday
    /// dates, and a calendar with no business time at all.
    pub fn new(
        time_zone: &str,
        always_open: bool,
        weekly: [Vec<Interval>; 7],
        holidays: Vec<Holiday>,
    ) -> Result<Self, Violations> {
        let mut v = Violations::new();
        let tz = v.check(time_zone.parse::<Tz>().map_err(|_| {
            FieldError::new(
                "/time_zone",
                "invalid_time_zone",
                "must be an IANA time zone such as Europe/Berlin",
            )
        }));
        let mut days: [Vec<Interval>; 7] = Default::default();
        if !always_open {
            for (index, intervals) in weekly.into_iter().enumerate() {
                let mut sorted = intervals;
                sorted.sort();
                if sorted.windows(2).any(|pair| pair[0].end > pair[1].start) {
                    v.push(FieldError::new(
                        format!("/weekly/{index}"),
                        "overlapping_intervals",
                        "a day's intervals must not overlap",
                    ));
                }
                days[index] = sorted;
            }
            if days.iter().all(Vec::is_empty) {
                v.push(FieldError::new(
                    "/weekly",
                    "no_business_time",
                    "a calendar needs business hours on at least one day, or 24×7",
                ));
            }
        }
        for (index, holiday) in holidays.iter().enumerate() {
            if let HolidayDate::Yearly { month, day } = holiday.date {
                // 2024 is a leap year, so 29 February is accepted.
                if NaiveDate::from_ymd_opt(2024, month, day).is_none() {
                    v.push(FieldError::new(
                        format!("/holidays/{index}/date"),
                        "invalid_date",
                        "no such day of the year",
                    ));
                }
            }
        }
        let calendar = v.finish(|| {
            Some(Self {
                tz: tz?,
                always_open,
                weekly: days,
                holidays,
            })
        })?;
        if calendar
            .add(DateTime::<Utc>::UNIX_EPOCH, Duration::minutes(1))
            .is_none()
        {
            return Err(FieldError::new(
                "/holidays",
                "no_business_time",
                "the holidays leave no business time at all",
            )
            .into());
        }
        Ok(calendar)
    }

    /// The calendar's time zone.
    pub fn time_zone(&self) -> Tz {
        self.tz
    }

    /// The business intervals of a local date, in local minutes, holidays removed.
    pub fn local_intervals(&self, date: NaiveDate) -> Vec<Interval> {
        let mut open: Vec<Interval> = if self.always_open {
            vec![Interval::WHOLE_DAY]
        } else {
            self.weekly[date.weekday().num_days_from_monday() as usize].clone()
        };
        for holiday in self.holidays.iter().filter(|h| h.falls_on(date)) {
            let closed = holiday.closed.unwrap_or(Interval::WHOLE_DAY);
            open = open
                .into_iter()
                .flat_map(|i| {
                    let before = Interval {
                        start: i.start,
                        end: i.end.min(closed.start),
                    };
                    let after = Interval {
                        start: i.start.max(closed.end),
                        end: i.end,
                    };
                    [before, after]
                        .into_iter()
                        .filter(|part| part.start < part.end)
                })
                .collect();
        }
        open
    }

    /// The business intervals of a local date as UTC instants, in order.
    pub fn spans(&self, date: NaiveDate) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        let mut spans: Vec<(DateTime<Utc>, DateTime<Utc>)> = self
            .local_intervals(date)
            .into_iter()
            .map(|i| {
                (
                    self.instant(date, i.start, false),
                    self.instant(date, i.end, true),
                )
            })
            .filter(|(start, end)| start < end)
            .collect();
        // Separate wall-clock intervals can overlap in real time on daylight-saving days (02:05
        // in the spring gap is 03:05; an interval ending at the second 02:30 of an autumn night
        // meets one starting at the first): merge them so no instant counts twice.
        if spans.windows(2).all(|pair| pair[0].1 < pair[1].0) {
            return spans; // the usual day: in order and apart
        }
        spans.sort_unstable();
        let mut merged: Vec<(DateTime<Utc>, DateTime<Utc>)> = Vec::with_capacity(spans.len());
        for (start, end) in spans {
            match merged.last_mut() {
                Some(last) if start <= last.1 => last.1 = last.1.max(end),
                _ => merged.push((start, end)),
            }
        }
        merged
    }

    /// The UTC instant of a local wall-clock time (see the module's daylight-saving rules).
    fn instant(&self, date: NaiveDate, minute: u16, is_end: bool) -> DateTime<Utc> {
        let wall: NaiveDateTime =
            date.and_time(chrono::NaiveTime::MIN) + Duration::minutes(i64::from(minute));
        match self.tz.from_local_datetime(&wall) {
            LocalResult::Single(t) => t.with_timezone(&Utc),
            LocalResult::Ambiguous(first, second) => {
                if is_end { second } else { first }.with_timezone(&Utc)
            }
            LocalResult::None => {
                // In the spring gap: use the offset in force a few hours earlier.
                let offset = self
                    .tz
                    .offset_from_utc_datetime(&(wall - Duration::hours(6)))
                    .fix();
                (wall - Duration::seconds(i64::from(offset.local_minus_utc()))).and_utc()
            }
        }
    }

    fn local_date(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.tz).date_naive()
    }

    /// Whether `at` is within business hours.
    pub fn is_business_time(&self, at: DateTime<Utc>) -> bool {
        let date = self.local_date(at);
        // A span of the day before can reach past local midnight only by a DST hour; look at both.
        [date.pred_opt(), Some(date)]
            .into_iter()
            .flatten()
            .flat_map(|d| self.spans(d))
            .any(|(start, end)| start <= at && at < end)
    }

    /// `at` itself if it is business time, otherwise the start of the next business interval.
    pub fn next_business_instant(&self, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.add(at, Duration::zero())
    }

    /// The instant at which `duration` of business time has passed since `start`. A zero
    /// duration gives the next business instant. `None` if no such instant is within ten years.
    pub fn add(&self, start: DateTime<Utc>, duration: Duration) -> Option<DateTime<Utc>> {
        let mut remaining = duration.max(Duration::zero());
        let mut date = self.local_date(start).pred_opt()?;
        for _ in 0..HORIZON_DAYS {
            for (span_start, span_end) in self.spans(date) {
                let from = span_start.max(start);
                if span_end <= from {
                    continue;
                }
                let available = span_end - from;
                // A zero remainder stops at the first open instant; otherwise a span that
                // exactly finishes the duration ends the search at its end.
                if remaining < available || (remaining == available && !remaining.is_zero()) {
                    return Some(from + remaining);
                }
                remaining -= available;
            }
            date = date.succ_opt()?;
        }
        None
    }

    /// Business time between `from` and `to` (zero when `to` is not after `from`).
    pub fn business_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Duration {
        if to <= from {
            return Duration::zero();
        }
        let mut total = Duration::zero();
        let Some(mut date) = self.local_date(from).pred_opt() else {
            return total;
        };
        let last = self.local_date(to);
        while date <= last {
            for (start, end) in self.spans(date) {
                let (a, b) = (start.max(from), end.min(to));
                if a < b {
                    total += b - a;
                }
            }
            match date.succ_opt() {
                Some(next) => date = next,
                None => break,
            }
        }
        total
    }
}

/// Every IANA time zone name a calendar accepts.
pub fn time_zone_names() -> impl Iterator<Item = &'static str> {
    chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name())
}

/// Monday to Friday, one interval a day, e.g. 09:00–17:00 as `(540, 1020)`.
pub fn weekdays(start: u16, end: u16) -> [Vec<Interval>; 7] {
    let day = vec![Interval { start, end }];
    [
        day.clone(),
        day.clone(),
        day.clone(),
        day.clone(),
        day,
        Vec::new(),
        Vec::new(),
    ]
}

/// Parses a wall-clock time `HH:MM` (00:00 to 24:00) into minutes after midnight.
pub fn clock_time(pointer: &str, raw: &str) -> Result<u16, FieldError> {
    let invalid = || {
        FieldError::new(
            pointer,
            "invalid_time",
            "must be a time of day such as 09:30 (00:00 to 24:00)",
        )
    };
    let (hours, minutes) = raw.trim().split_once(':').ok_or_else(invalid)?;
    let (hours, minutes): (u16, u16) = (
        hours.parse().map_err(|_| invalid())?,
        minutes.parse().map_err(|_| invalid())?,
    );
    if minutes >= 60 || hours > 24 || (hours == 24 && minutes != 0) || raw.trim().len() != 5 {
        return Err(invalid());
    }
    Ok(hours * 60 + minutes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_times() {
        assert_eq!(clock_time("/t", "09:30"), Ok(570));
        assert_eq!(clock_time("/t", "24:00"), Ok(1440));
        for bad in ["9:30", "24:01", "12:60", "noon", ""] {
            assert!(clock_time("/t", bad).is_err(), "{bad}");
        }
    }
}
