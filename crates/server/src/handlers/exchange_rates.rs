//! `/api/v1/exchange-rates`: dated rates that convert deal amounts into the organization's
//! base currency (admins and managers add and remove them; everyone reads them).

use actix_web::web::{Path, Query};
use actix_web::{delete, get, post, HttpResponse};
use api_types::exchange_rates::{CreateExchangeRate, ExchangeRate as RateBody, ExchangeRateFilter};
use api_types::{ListQuery, Page, RecordQuery};
use db::exchange_rates::ExchangeRate;
use db::AnyConnection;
use domain::money::Rate;
use domain::Permission::{ManageSales, ReadSales};
use domain::{Currency, OrgId, Violations};

use crate::auth::{Access::Permission as Can, Caller, Routes};
use crate::error::ApiError;
use crate::extract::{IfMatch, Json, Listing};
use crate::kit::{self, Reply, State, View};
use crate::openapi::{self, Conflict, Id, Invalid};

/// The exchange-rate routes and who may call them.
pub fn routes(r: &mut Routes) {
    r.add(list_exchange_rates, Can(ReadSales))
        .add(create_exchange_rate, Can(ManageSales))
        .add(get_exchange_rate, Can(ReadSales))
        .add(delete_exchange_rate, Can(ManageSales));
}

impl View for ExchangeRate {
    type Body = RateBody;

    fn view(_: &mut AnyConnection, _: OrgId, r: &ExchangeRate) -> Result<RateBody, ApiError> {
        Ok(rate_body(r))
    }
}

fn rate_body(r: &ExchangeRate) -> RateBody {
    RateBody {
        id: r.id.to_string(),
        currency: r.currency.code().to_owned(),
        valid_from: r.valid_from,
        rate: r.rate.to_decimal_string(),
        created_at: r.created_at,
        version: r.version,
    }
}

/// List exchange rates, newest first.
#[utoipa::path(
    tag = "exchange-rates",
    params(ListQuery, ExchangeRateFilter),
    responses((status = 200, description = "A page of exchange rates", body = Page<RateBody>)),
)]
#[get("/exchange-rates")]
pub async fn list_exchange_rates(
    state: State,
    caller: Caller,
    listing: Listing<ExchangeRateFilter>,
) -> Reply {
    let params = kit::list_params(&listing.list, &db::exchange_rates::SORTS)?;
    let currency = match listing.filters.currency.as_deref() {
        Some(raw) => Some(
            Currency::parse("/query/currency", raw)
                .map_err(|e| ApiError::InvalidParameters(vec![e]))?,
        ),
        None => None,
    };
    let page = state
        .run(caller, move |conn, p| {
            let page = db::exchange_rates::list(conn, p.org, currency, &params)?;
            kit::page(conn, p.org, page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Add an exchange rate.
///
/// From `valid_from` on, one unit of `currency` is worth `rate` units of the base currency,
/// until the currency's next rate; a deal closing before every rate of its currency takes the
/// earliest. The deals priced in `currency` are converted again in the background (an
/// `opportunity.reprice` job per 2,000 deals). One rate per currency and day (409
/// `exchange_rate_exists`); the base currency takes none (422).
#[utoipa::path(
    tag = "exchange-rates",
    request_body = CreateExchangeRate,
    responses(
        (status = 201, description = "Created", body = RateBody, headers(("ETag" = String), ("Location" = String))),
        Conflict,
        Invalid,
    ),
)]
#[post("/exchange-rates")]
pub async fn create_exchange_rate(
    state: State,
    caller: Caller,
    body: Json<CreateExchangeRate>,
) -> Reply {
    let mut v = Violations::new();
    let currency = v.check(Currency::parse("/currency", &body.currency));
    let rate = v.check(Rate::parse("/rate", &body.rate));
    let valid_from = body.valid_from;
    let (currency, rate) = v.finish(|| Some((currency?, rate?)))?;
    let now = state.now();
    let created = state
        .run(caller, move |conn, p| {
            let new = (currency, valid_from, rate);
            Ok(db::exchange_rates::create(conn, p.org, new, now)?)
        })
        .await?;
    Ok(kit::created(
        format!("/api/v1/exchange-rates/{}", created.id),
        created.version,
        &rate_body(&created),
    ))
}

/// Get an exchange rate.
#[utoipa::path(
    tag = "exchange-rates",
    params(Id, RecordQuery),
    responses((status = 200, description = "The exchange rate", body = RateBody, headers(("ETag" = String)))),
)]
#[get("/exchange-rates/{id}")]
pub async fn get_exchange_rate(
    state: State,
    caller: Caller,
    id: Path<String>,
    query: Query<RecordQuery>,
) -> Reply {
    kit::get::<ExchangeRate>(&state, caller, &id, &query).await
}

/// Remove an exchange rate for good; the deals in its currency are converted again. The last
/// rate of a currency live deals are priced in stays (409 `exchange_rate_in_use`).
#[utoipa::path(
    tag = "exchange-rates",
    params(Id, openapi::IfMatch),
    responses((status = 204, description = "Removed"), Conflict),
)]
#[delete("/exchange-rates/{id}")]
pub async fn delete_exchange_rate(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
) -> Reply {
    kit::delete::<ExchangeRate>(&state, caller, &id, if_match).await
}
