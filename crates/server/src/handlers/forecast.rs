//! `/api/v1/quotas` and `GET /api/v1/forecast`: what sellers and teams are to win, and what
//! the deals of a period add up to (admins and managers set quotas; everyone reads both).

use actix_web::web::{Path, Query};
use actix_web::{delete, get, patch, post, HttpResponse};
use api_types::forecast::{
    CreateQuota, Forecast, ForecastGroup, ForecastQuery, ForecastTotals, Quota as QuotaBody,
    QuotaFilters, UpdateQuota,
};
use api_types::{ListQuery, Page, RecordQuery};
use db::forecast::GroupBy;
use db::quotas::{Holder, Quota, QuotaFields, QuotaFilter};
use db::AnyConnection;
use domain::forecast::{Period, PeriodKind, Totals};
use domain::Permission::{ManageSales, ReadSales};
use domain::{FieldError, OrgId, PipelineId, TeamId, UserId, Violations};

use crate::auth::{Access::Permission as Can, Caller, Principal, Routes};
use crate::error::ApiError;
use crate::extract::{IfMatch, Json, Listing};
use crate::kit::{self, Reply, State, View};
use crate::openapi::{self, Conflict, Id, Invalid};

/// The quota and forecast routes and who may call them.
pub fn routes(r: &mut Routes) {
    r.add(list_quotas, Can(ReadSales))
        .add(create_quota, Can(ManageSales))
        .add(get_quota, Can(ReadSales))
        .add(update_quota, Can(ManageSales))
        .add(delete_quota, Can(ManageSales))
        .add(get_forecast, Can(ReadSales));
}

impl View for Quota {
    type Body = QuotaBody;

    fn view(conn: &mut AnyConnection, org: OrgId, q: &Quota) -> Result<QuotaBody, ApiError> {
        let currency = db::orgs::get(conn, org)?.base_currency;
        let (user_id, team_id) = match q.fields.holder {
            Holder::User(u) => (Some(u.to_string()), None),
            Holder::Team(t) => (None, Some(t.to_string())),
        };
        Ok(QuotaBody {
            id: q.id.to_string(),
            user_id,
            team_id,
            period: q.fields.period.kind.as_str().to_owned(),
            period_start: q.fields.period.start,
            period_end: q.fields.period.end,
            amount_minor: q.fields.amount_minor,
            currency: currency.code().to_owned(),
            created_at: q.created_at,
            updated_at: q.updated_at,
            version: q.version,
        })
    }
}

fn amount(v: &mut Violations, raw: i64) -> Option<i64> {
    let max = domain::money::MAX_AMOUNT_MINOR;
    v.check(if (0..=max).contains(&raw) {
        Ok(raw)
    } else {
        Err(FieldError::new(
            "/amount_minor",
            "out_of_range",
            format!("must be 0 to {max}"),
        ))
    })
}

fn parse(body: &CreateQuota) -> Result<QuotaFields, ApiError> {
    let mut v = Violations::new();
    let user = v.check_opt(body.user_id.as_deref(), |u| UserId::parse("/user_id", u));
    let team = v.check_opt(body.team_id.as_deref(), |t| TeamId::parse("/team_id", t));
    let holder = match (user, team, body.user_id.is_some() || body.team_id.is_some()) {
        (Some(u), None, _) => Some(Holder::User(u)),
        (None, Some(t), _) => Some(Holder::Team(t)),
        (Some(_), Some(_), _) => {
            v.push(FieldError::new(
                "/team_id",
                "conflicts_with_user",
                "a quota is a user's or a team's, not both",
            ));
            None
        }
        (None, None, false) => {
            v.push(FieldError::new(
                "/user_id",
                "required",
                "name the user or the team the quota is for",
            ));
            None
        }
        (None, None, true) => None,
    };
    let period = v
        .check(PeriodKind::parse("/period", &body.period))
        .and_then(|kind| v.check(Period::starting("/period_start", kind, body.period_start)));
    let amount_minor = amount(&mut v, body.amount_minor);
    Ok(v.finish(|| {
        Some(QuotaFields {
            holder: holder?,
            period: period?,
            amount_minor: amount_minor?,
        })
    })?)
}

/// List quotas, newest first.
#[utoipa::path(
    tag = "quotas",
    params(ListQuery, QuotaFilters),
    responses((status = 200, description = "A page of quotas", body = Page<QuotaBody>)),
)]
#[get("/quotas")]
pub async fn list_quotas(state: State, caller: Caller, listing: Listing<QuotaFilters>) -> Reply {
    let params = kit::list_params(&listing.list, &db::quotas::SORTS)?;
    let f = &listing.filters;
    let mut v = Violations::new();
    let filter = QuotaFilter {
        user_id: v.check_opt(f.user_id.as_deref(), |u| UserId::parse("/query/user_id", u)),
        team_id: v.check_opt(f.team_id.as_deref(), |t| TeamId::parse("/query/team_id", t)),
        kind: v.check_opt(f.period.as_deref(), |k| {
            PeriodKind::parse("/query/period", k)
        }),
        start: f.period_start,
    };
    if !v.is_empty() {
        return Err(ApiError::InvalidParameters(v.into_errors()));
    }
    let page = state
        .run(caller, move |conn, p| {
            let page = db::quotas::list(conn, p.org, filter, &params)?;
            kit::page(conn, p.org, page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Set a quota.
///
/// For a user or a team (exactly one), for the month, quarter or year starting on
/// `period_start`, in the base currency. One quota per holder and period (409
/// `quota_exists`).
#[utoipa::path(
    tag = "quotas",
    request_body = CreateQuota,
    responses(
        (status = 201, description = "Created", body = QuotaBody, headers(("ETag" = String), ("Location" = String))),
        Conflict,
        Invalid,
    ),
)]
#[post("/quotas")]
pub async fn create_quota(state: State, caller: Caller, body: Json<CreateQuota>) -> Reply {
    let fields = parse(&body)?;
    let now = state.now();
    let body = state
        .run(caller, move |conn, p| {
            let quota = db::quotas::create(conn, p.org, &fields, now)?;
            Quota::view(conn, p.org, &quota)
        })
        .await?;
    Ok(kit::created(
        format!("/api/v1/quotas/{}", body.id),
        body.version,
        &body,
    ))
}

/// Get a quota.
#[utoipa::path(
    tag = "quotas",
    params(Id, RecordQuery),
    responses((status = 200, description = "The quota", body = QuotaBody, headers(("ETag" = String)))),
)]
#[get("/quotas/{id}")]
pub async fn get_quota(
    state: State,
    caller: Caller,
    id: Path<String>,
    query: Query<RecordQuery>,
) -> Reply {
    kit::get::<Quota>(&state, caller, &id, &query).await
}

fn merge(current: &Quota, patch: UpdateQuota, _: &Principal) -> Result<QuotaFields, ApiError> {
    let mut v = Violations::new();
    let amount_minor = match patch.amount_minor {
        Some(raw) => amount(&mut v, raw),
        None => Some(current.fields.amount_minor),
    };
    Ok(v.finish(|| {
        Some(QuotaFields {
            amount_minor: amount_minor?,
            ..current.fields
        })
    })?)
}

/// Change a quota's amount.
#[utoipa::path(
    tag = "quotas",
    params(Id, openapi::IfMatch),
    request_body = UpdateQuota,
    responses(
        (status = 200, description = "The changed quota", body = QuotaBody, headers(("ETag" = String))),
        Invalid,
    ),
)]
#[patch("/quotas/{id}")]
pub async fn update_quota(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
    body: Json<UpdateQuota>,
) -> Reply {
    kit::update::<Quota, _>(&state, caller, &id, if_match, body.into_inner(), merge).await
}

/// Remove a quota for good.
#[utoipa::path(
    tag = "quotas",
    params(Id, openapi::IfMatch),
    responses((status = 204, description = "Removed")),
)]
#[delete("/quotas/{id}")]
pub async fn delete_quota(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
) -> Reply {
    kit::delete::<Quota>(&state, caller, &id, if_match).await
}

fn totals(t: &Totals) -> ForecastTotals {
    ForecastTotals {
        deals: t.deals,
        closed_minor: t.closed,
        commit_minor: t.commit,
        best_case_minor: t.best_case,
        pipeline_minor: t.pipeline,
        open_minor: t.open,
        weighted_minor: t.weighted,
        lost_minor: t.lost,
        commit_forecast_minor: t.commit_forecast(),
        best_case_forecast_minor: t.best_case_forecast(),
    }
}

/// The forecast of a period.
///
/// The live deals closing in the month, quarter (the default) or year holding `date`, grouped
/// by their `owner` (the default), each `team` of their owner, or the `territory` of their
/// account; per group the won amount, the open amounts by forecast category (a deal's own
/// category, or commit from 90 %, best case from 50 %, pipeline below), the commit and best-case
/// forecasts, the weighted pipeline and, for owners and teams, the quota and its attainment.
/// Amounts are in the base currency.
#[utoipa::path(
    tag = "quotas",
    params(ForecastQuery),
    responses((status = 200, description = "The forecast", body = Forecast)),
)]
#[get("/forecast")]
pub async fn get_forecast(state: State, caller: Caller, query: Query<ForecastQuery>) -> Reply {
    let mut v = Violations::new();
    let kind = match query.period.as_deref() {
        Some(raw) => v.check(PeriodKind::parse("/query/period", raw)),
        None => Some(PeriodKind::Quarter),
    };
    let by = match query.group_by.as_deref().unwrap_or("owner") {
        "owner" => Some(GroupBy::Owner),
        "team" => Some(GroupBy::Team),
        "territory" => Some(GroupBy::Territory),
        _ => {
            v.push(FieldError::new(
                "/query/group_by",
                "invalid_choice",
                "must be one of owner, team, territory",
            ));
            None
        }
    };
    let pipeline = v.check_opt(query.pipeline_id.as_deref(), |p| {
        PipelineId::parse("/query/pipeline_id", p)
    });
    let day = query.date.unwrap_or_else(|| state.now().date_naive());
    let period = kind.and_then(|k| Period::containing(k, day));
    let (Some(period), Some(by)) = (period, by) else {
        return Err(ApiError::InvalidParameters(v.into_errors()));
    };
    if !v.is_empty() {
        return Err(ApiError::InvalidParameters(v.into_errors()));
    }
    let group_by = query.group_by.clone().unwrap_or_else(|| "owner".into());
    let forecast = state
        .run(caller, move |conn, p| {
            let (groups, all) = db::forecast::forecast(conn, p.org, (period, pipeline), by)?;
            let currency = db::orgs::get(conn, p.org)?.base_currency;
            Ok(Forecast {
                period: period.kind.as_str().to_owned(),
                period_start: period.start,
                period_end: period.end,
                group_by,
                currency: currency.code().to_owned(),
                groups: groups
                    .into_iter()
                    .map(|g| {
                        let id = g.key.as_ref().map(|k| match by {
                            GroupBy::Owner => {
                                db::convert::id::<domain::id::kind::User>(k).to_string()
                            }
                            GroupBy::Team => {
                                db::convert::id::<domain::id::kind::Team>(k).to_string()
                            }
                            GroupBy::Territory => {
                                db::convert::id::<domain::id::kind::Territory>(k).to_string()
                            }
                        });
                        ForecastGroup {
                            id,
                            name: g.name,
                            totals: totals(&g.totals),
                            quota_minor: g.quota_minor,
                            attainment_percent: g.quota_minor.and_then(|q| g.totals.attainment(q)),
                        }
                    })
                    .collect(),
                totals: totals(&all),
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(forecast))
}
