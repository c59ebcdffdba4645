//! Dated exchange rates into the organization's base currency, and pricing deals with them.
//!
//! A deal's amount is converted at the rate of its currency in force on its close date (the
//! latest rate from that day or before), or at the currency's earliest rate for a date before
//! every rate. A new or removed rate reprices the deals in its currency in the background
//! ([`REPRICE`]), in batches.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::id::kind;
use domain::money::{convert, Rate};
use domain::{Currency, ExchangeRateId, FieldError, Money, OpportunityId, OrgId};

use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, from_db, id, to_db};
use crate::error::{unique, Error, Result};
use crate::jobs::{self, NewJob};
use crate::list::{self, KeyValue, ListParams, Page, Positioned, SortKey, Sorts};
use crate::orgs;
use crate::record::{self, Record};
use crate::schema::{exchange_rates, opportunities};

/// The job kind that reprices a batch of deals in one currency.
pub const REPRICE: &str = "opportunity.reprice";

/// How many deals one repricing job reads.
pub const REPRICE_BATCH: i64 = 2_000;

/// A stored rate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExchangeRate {
    /// Its id.
    pub id: ExchangeRateId,
    /// The currency it prices.
    pub currency: Currency,
    /// The first day it applies.
    pub valid_from: NaiveDate,
    /// Base-currency units per unit of `currency`.
    pub rate: Rate,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Version (rates do not change; a new one is added instead).
    pub version: i64,
}

/// Rates are listed as created.
pub const SORTS: Sorts = Sorts {
    options: &[("created_at", SortKey::Created)],
    default: (SortKey::Created, true),
};

#[derive(Queryable, Selectable)]
#[diesel(table_name = exchange_rates)]
struct RateRow {
    id: Vec<u8>,
    currency: String,
    valid_from: String,
    rate_nanos: i64,
    created_at: NaiveDateTime,
    version: i64,
}

impl Positioned for RateRow {
    fn id_bytes(&self) -> &[u8] {
        &self.id
    }

    fn key(&self, _key: SortKey) -> KeyValue {
        KeyValue::None
    }
}

/// A day as stored: `YYYY-MM-DD`, which sorts as text.
pub fn day(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// A stored day back.
pub fn parse_day(raw: &str) -> NaiveDate {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").unwrap_or_default()
}

fn to_rate(row: RateRow) -> Result<ExchangeRate> {
    let bad = |what: &str| Error::Other(format!("stored exchange rate has a bad {what}"));
    Ok(ExchangeRate {
        id: id(&row.id),
        currency: Currency::parse("", &row.currency).map_err(|_| bad("currency"))?,
        valid_from: parse_day(&row.valid_from),
        rate: Rate::from_nanos(row.rate_nanos).ok_or_else(|| bad("rate"))?,
        created_at: from_db(row.created_at),
        version: row.version,
    })
}

impl Record for ExchangeRate {
    type Kind = kind::ExchangeRate;
    const TABLE: &'static str = "exchange_rates";
    const SOFT_DELETE: bool = false;

    fn read(conn: &mut AnyConnection, org: OrgId, rate: ExchangeRateId) -> Result<Self> {
        let row: RateRow = exchange_rates::table
            .filter(exchange_rates::org_id.eq(bytes(&org)))
            .filter(exchange_rates::id.eq(bytes(&rate)))
            .select(RateRow::as_select())
            .first(conn)?;
        to_rate(row)
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn is_deleted(&self) -> bool {
        false
    }

    /// The last rate of a currency live deals are priced in stays; removing another reprices
    /// its currency's deals.
    fn trash(
        conn: &mut AnyConnection,
        org: OrgId,
        rate: ExchangeRateId,
        expected: Option<i64>,
        deleted: bool,
        now: DateTime<Utc>,
    ) -> Result<()> {
        if !deleted {
            return Err(Error::NotFound);
        }
        record::remove::<ExchangeRate>(conn, org, rate, expected, |conn| {
            let current = ExchangeRate::read(conn, org, rate)?;
            let code = current.currency.code();
            let rates: i64 = exchange_rates::table
                .filter(exchange_rates::org_id.eq(bytes(&org)))
                .filter(exchange_rates::currency.eq(code))
                .count()
                .get_result(conn)?;
            let deals: Vec<Vec<u8>> = opportunities::table
                .filter(opportunities::org_id.eq(bytes(&org)))
                .filter(opportunities::currency.eq(code))
                .filter(opportunities::deleted_at.is_null())
                .select(opportunities::id)
                .limit(1)
                .load(conn)?;
            if rates == 1 && !deals.is_empty() {
                return Err(Error::Conflict("exchange_rate_in_use"));
            }
            reprice_later(conn, org, current.currency, None, now)
        })
    }
}

/// Adds a rate for `currency` from `valid_from` on and reprices the currency's deals. The base
/// currency takes no rate (422); a second rate for the same day is 409
/// `exchange_rate_exists`.
pub fn create(
    conn: &mut AnyConnection,
    org: OrgId,
    (currency, valid_from, rate): (Currency, NaiveDate, Rate),
    now: DateTime<Utc>,
) -> Result<ExchangeRate> {
    let created = ExchangeRateId::mint();
    write_transaction(conn, |conn| {
        if orgs::base_currency_for_pricing(conn, org)? == currency {
            return Err(Error::Invalid(FieldError::new(
                "/currency",
                "base_currency",
                "is the base currency, which needs no rate",
            )));
        }
        diesel::insert_into(exchange_rates::table)
            .values((
                exchange_rates::org_id.eq(bytes(&org)),
                exchange_rates::id.eq(bytes(&created)),
                exchange_rates::currency.eq(currency.code()),
                exchange_rates::valid_from.eq(day(valid_from)),
                exchange_rates::rate_nanos.eq(rate.nanos()),
                exchange_rates::created_at.eq(to_db(now)),
                exchange_rates::updated_at.eq(to_db(now)),
                exchange_rates::version.eq(1_i64),
            ))
            .execute(conn)
            .map_err(unique("exchange_rate_exists"))?;
        reprice_later(conn, org, currency, None, now)?;
        Ok(ExchangeRate {
            id: created,
            currency,
            valid_from,
            rate,
            created_at: now,
            version: 1,
        })
    })
}

/// One page of rates, newest first, of one currency or all.
pub fn list(
    conn: &mut AnyConnection,
    org: OrgId,
    currency: Option<Currency>,
    params: &ListParams,
) -> Result<Page<ExchangeRate>> {
    let query = || {
        let mut query = exchange_rates::table
            .filter(exchange_rates::org_id.eq(bytes(&org)))
            .select(RateRow::as_select())
            .into_boxed();
        if let Some(currency) = currency {
            query = query.filter(exchange_rates::currency.eq(currency.code()));
        }
        query
    };
    let page = list::load_page::<ExchangeRate, _, _>(conn, query, None, params)?;
    let items = page
        .items
        .into_iter()
        .map(to_rate)
        .collect::<Result<Vec<_>>>()?;
    Ok(Page {
        items,
        next_cursor: page.next_cursor,
        total: page.total,
    })
}

/// A currency's rates by the day they start, earliest first.
#[derive(Debug, Clone, Default)]
pub struct RateTable(Vec<(NaiveDate, Rate)>);

impl RateTable {
    /// The rate on `date`: the latest from that day or before, else the earliest.
    pub fn on(&self, date: NaiveDate) -> Option<Rate> {
        self.0
            .iter()
            .rev()
            .find(|(from, _)| *from <= date)
            .or(self.0.first())
            .map(|(_, rate)| *rate)
    }
}

/// The rates of `currency`.
pub fn rates_of(conn: &mut AnyConnection, org: OrgId, currency: Currency) -> Result<RateTable> {
    let rows: Vec<(String, i64)> = exchange_rates::table
        .filter(exchange_rates::org_id.eq(bytes(&org)))
        .filter(exchange_rates::currency.eq(currency.code()))
        .order(exchange_rates::valid_from.asc())
        .select((exchange_rates::valid_from, exchange_rates::rate_nanos))
        .load(conn)?;
    Ok(RateTable(
        rows.into_iter()
            .filter_map(|(from, nanos)| Some((parse_day(&from), Rate::from_nanos(nanos)?)))
            .collect(),
    ))
}

/// `amount` in `base` on `date`: as it is when in the base currency, else at the rate then
/// (422 at `/amount/currency` when the currency has no rate).
pub fn in_base(
    conn: &mut AnyConnection,
    org: OrgId,
    base: Currency,
    amount: Money,
    date: NaiveDate,
) -> Result<i64> {
    if amount.currency == base {
        return Ok(amount.amount_minor);
    }
    let rate = rates_of(conn, org, amount.currency)?
        .on(date)
        .ok_or_else(|| {
            Error::Invalid(FieldError::new(
                "/amount/currency",
                "no_exchange_rate",
                format!(
                    "{} has no exchange rate into {}; add one at /api/v1/exchange-rates",
                    amount.currency.code(),
                    base.code()
                ),
            ))
        })?;
    convert(amount, rate, base).ok_or_else(|| {
        Error::Invalid(FieldError::new(
            "/amount/amount_minor",
            "too_large_in_base_currency",
            "is too large once converted into the base currency",
        ))
    })
}

fn reprice_later(
    conn: &mut AnyConnection,
    org: OrgId,
    currency: Currency,
    after: Option<OpportunityId>,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut payload = serde_json::json!({ "currency": currency.code() });
    if let Some(after) = after {
        payload["after"] = after.to_string().into();
    }
    jobs::enqueue(
        conn,
        org,
        &NewJob {
            kind: REPRICE,
            payload: payload.to_string(),
            run_at: now,
            max_attempts: 10,
            dedupe_key: None,
        },
        now,
    )?;
    Ok(())
}

/// Reprices the deals in `currency` after `after` (from the first when `None`), at most
/// [`REPRICE_BATCH`] of them, and enqueues the next batch when more may follow. Only deals
/// whose base amount changes are written; their version stays, as the amount is derived.
pub fn reprice(
    conn: &mut AnyConnection,
    org: OrgId,
    currency: Currency,
    after: Option<OpportunityId>,
    now: DateTime<Utc>,
) -> Result<()> {
    write_transaction(conn, |conn| {
        let base = orgs::base_currency_for_pricing(conn, org)?;
        let rates = rates_of(conn, org, currency)?;
        let mut query = opportunities::table
            .filter(opportunities::org_id.eq(bytes(&org)))
            .filter(opportunities::currency.eq(currency.code()))
            .order(opportunities::id.asc())
            .limit(REPRICE_BATCH)
            .select((
                opportunities::id,
                opportunities::amount_minor,
                opportunities::close_date,
                opportunities::amount_base_minor,
            ))
            .into_boxed();
        if let Some(after) = after {
            query = query.filter(opportunities::id.gt(bytes(&after)));
        }
        let rows: Vec<(Vec<u8>, i64, String, i64)> = query.load(conn)?;
        for (deal, minor, close, stored) in &rows {
            let Some(rate) = rates.on(parse_day(close)) else {
                continue;
            };
            let money = Money {
                amount_minor: *minor,
                currency,
            };
            let Some(priced) = convert(money, rate, base) else {
                continue;
            };
            if priced != *stored {
                // Only if the deal still has the amount and date read: a change written
                // meanwhile priced itself.
                diesel::update(
                    opportunities::table
                        .filter(opportunities::org_id.eq(bytes(&org)))
                        .filter(opportunities::id.eq(deal))
                        .filter(opportunities::amount_minor.eq(minor))
                        .filter(opportunities::currency.eq(currency.code()))
                        .filter(opportunities::close_date.eq(close)),
                )
                .set(opportunities::amount_base_minor.eq(priced))
                .execute(conn)?;
            }
        }
        if rows.len() as i64 == REPRICE_BATCH {
            let last = rows.last().map(|r| id(&r.0));
            reprice_later(conn, org, currency, last, now)?;
        }
        Ok(())
    })
}
