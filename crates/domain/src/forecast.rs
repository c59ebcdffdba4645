//! Forecasts: the deals closing in a period, summed by forecast category, and quotas.
//!
//! The roll-ups follow the usual sales practice: *commit* is what is won plus what owners
//! commit to, *best case* adds what could also close, the *pipeline* is every open deal, and
//! the weighted pipeline counts each open deal at its probability (won deals in full).

use chrono::{Datelike, NaiveDate};

use crate::account::string_enum;
use crate::opportunity::ForecastCategory;
use crate::pipeline::StageKind;
use crate::validation::FieldError;

/// How long a forecast or quota period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PeriodKind {
    /// A calendar month.
    Month,
    /// A calendar quarter.
    Quarter,
    /// A calendar year.
    Year,
}

string_enum!(PeriodKind, "invalid_period", "must be one of month, quarter, year", {
    PeriodKind::Month => "month",
    PeriodKind::Quarter => "quarter",
    PeriodKind::Year => "year",
});

/// A calendar period: its kind and first and last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    /// Month, quarter or year.
    pub kind: PeriodKind,
    /// The first day.
    pub start: NaiveDate,
    /// The last day.
    pub end: NaiveDate,
}

impl Period {
    /// The period of `kind` that holds `day`.
    pub fn containing(kind: PeriodKind, day: NaiveDate) -> Option<Self> {
        let first_month = match kind {
            PeriodKind::Month => day.month(),
            PeriodKind::Quarter => day.month0() / 3 * 3 + 1,
            PeriodKind::Year => 1,
        };
        let months = match kind {
            PeriodKind::Month => 1,
            PeriodKind::Quarter => 3,
            PeriodKind::Year => 12,
        };
        let start = NaiveDate::from_ymd_opt(day.year(), first_month, 1)?;
        let next = start.checked_add_months(chrono::Months::new(months))?;
        Some(Self {
            kind,
            start,
            end: next.pred_opt()?,
        })
    }

    /// The period of `kind` starting on `start`, which must be such a period's first day (a
    /// quota's period), else an error at `pointer`.
    pub fn starting(pointer: &str, kind: PeriodKind, start: NaiveDate) -> Result<Self, FieldError> {
        match Self::containing(kind, start) {
            Some(period) if period.start == start => Ok(period),
            _ => Err(FieldError::new(
                pointer,
                "not_a_period_start",
                format!("must be the first day of a {}", kind.as_str()),
            )),
        }
    }
}

/// What a forecast sums for a group of deals closing in a period, in minor units of the base
/// currency.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    /// How many deals, won, lost and open.
    pub deals: i64,
    /// Won.
    pub closed: i64,
    /// Open, committed.
    pub commit: i64,
    /// Open, best case.
    pub best_case: i64,
    /// Open, in the pipeline category.
    pub pipeline: i64,
    /// Open deals at their probability, plus the won ones.
    pub weighted: i64,
    /// Every open deal (whatever its category, omitted ones too).
    pub open: i64,
    /// Lost.
    pub lost: i64,
}

impl Totals {
    /// Adds `count` deals of `amount` (their sum) in a stage of `kind` with `probability`, with
    /// their owner's category `chosen`.
    pub fn add(
        &mut self,
        (kind, probability, chosen): (StageKind, u8, Option<ForecastCategory>),
        count: i64,
        amount: i64,
    ) {
        self.deals += count;
        match kind {
            StageKind::Won => self.closed += amount,
            StageKind::Lost => self.lost += amount,
            StageKind::Open => self.open += amount,
        }
        if kind != StageKind::Lost {
            let weighted = i128::from(amount) * i128::from(probability) / 100;
            self.weighted += i64::try_from(weighted).unwrap_or(i64::MAX);
        }
        match ForecastCategory::of(kind, probability, chosen) {
            ForecastCategory::Commit => self.commit += amount,
            ForecastCategory::BestCase => self.best_case += amount,
            ForecastCategory::Pipeline => self.pipeline += amount,
            ForecastCategory::Closed | ForecastCategory::Omitted => {}
        }
    }

    /// Won plus committed.
    pub fn commit_forecast(&self) -> i64 {
        self.closed + self.commit
    }

    /// Won plus committed plus best case.
    pub fn best_case_forecast(&self) -> i64 {
        self.commit_forecast() + self.best_case
    }

    /// Won against `quota`, in whole percent; none without a quota above zero.
    pub fn attainment(&self, quota: i64) -> Option<i64> {
        (quota > 0).then(|| {
            i64::try_from(i128::from(self.closed) * 100 / i128::from(quota)).unwrap_or(i64::MAX)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn periods_are_calendar_months_quarters_and_years() {
        let q = Period::containing(PeriodKind::Quarter, day(2026, 11, 25));
        assert_eq!(
            q.map(|p| (p.start, p.end)),
            Some((day(2026, 10, 1), day(2026, 12, 31)))
        );
        let m = Period::containing(PeriodKind::Month, day(2028, 2, 10));
        assert_eq!(m.map(|p| p.end), Some(day(2028, 2, 29)));
        let y = Period::containing(PeriodKind::Year, day(2027, 6, 1));
        assert_eq!(
            y.map(|p| (p.start, p.end)),
            Some((day(2027, 1, 1), day(2027, 12, 31)))
        );
        assert!(Period::starting("/s", PeriodKind::Quarter, day(2026, 11, 1)).is_err());
        assert!(Period::starting("/s", PeriodKind::Quarter, day(2026, 10, 1)).is_ok());
    }

    #[test]
    fn the_roll_ups_follow_the_categories() {
        let mut t = Totals::default();
        t.add((StageKind::Won, 100, None), 1, 1000);
        t.add((StageKind::Lost, 0, None), 1, 700);
        t.add((StageKind::Open, 90, None), 1, 500);
        t.add((StageKind::Open, 60, None), 1, 300);
        t.add(
            (StageKind::Open, 20, Some(ForecastCategory::Commit)),
            1,
            200,
        );
        t.add((StageKind::Open, 10, None), 1, 100);
        t.add(
            (StageKind::Open, 80, Some(ForecastCategory::Omitted)),
            1,
            50,
        );
        assert_eq!(
            (t.closed, t.commit, t.best_case, t.pipeline),
            (1000, 700, 300, 100)
        );
        assert_eq!((t.commit_forecast(), t.best_case_forecast()), (1700, 2000));
        assert_eq!((t.open, t.lost, t.deals), (1150, 700, 7));
        assert_eq!(t.weighted, 1000 + 450 + 180 + 40 + 10 + 40);
        assert_eq!(t.attainment(4000), Some(25));
        assert_eq!(t.attainment(0), None);
    }

    fn kind() -> impl Strategy<Value = StageKind> {
        prop_oneof![
            Just(StageKind::Open),
            Just(StageKind::Won),
            Just(StageKind::Lost)
        ]
    }

    proptest! {
        #[test]
        fn every_day_lies_in_its_period(days in 0_i64..80_000, k in 0_usize..3) {
            let kind = [PeriodKind::Month, PeriodKind::Quarter, PeriodKind::Year][k];
            let d = day(1970, 1, 1) + chrono::Duration::days(days);
            let p = Period::containing(kind, d).ok_or_else(|| TestCaseError::fail("no period"))?;
            prop_assert!(p.start <= d && d <= p.end);
            prop_assert_eq!(Period::containing(kind, p.end), Some(p));
            prop_assert_eq!(Period::containing(kind, p.end + chrono::Duration::days(1)).map(|n| n.start), Some(p.end + chrono::Duration::days(1)));
        }

        #[test]
        fn the_forecasts_nest_and_nothing_open_is_counted_twice(
            deals in proptest::collection::vec((kind(), 0_u8..=100, 0_i64..1_000_000, proptest::option::of(0_usize..4)), 0..40)
        ) {
            let choices = [ForecastCategory::Pipeline, ForecastCategory::BestCase, ForecastCategory::Commit, ForecastCategory::Omitted];
            let mut t = Totals::default();
            for (kind, probability, amount, chosen) in &deals {
                let probability = match kind { StageKind::Won => 100, StageKind::Lost => 0, StageKind::Open => *probability };
                t.add((*kind, probability, chosen.map(|c| choices[c])), 1, *amount);
            }
            prop_assert!(t.closed <= t.commit_forecast());
            prop_assert!(t.commit_forecast() <= t.best_case_forecast());
            prop_assert!(t.commit + t.best_case + t.pipeline <= t.open);
            prop_assert!(t.weighted <= t.open + t.closed);
            prop_assert!(t.weighted >= t.closed);
            prop_assert_eq!(t.deals, deals.len() as i64);
        }
    }
}
