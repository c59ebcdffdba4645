//! `/api/v1/contracts/{id}/entitlements`: what a contract covers, each with its allowance
//! used and left in the period holding today.

use actix_web::web::{Path, Query};
use actix_web::{delete, get, patch, post, HttpResponse};
use api_types::contracts::{CreateEntitlement, Entitlement as EntitlementBody, UpdateEntitlement};
use api_types::{Page, Patch, RecordQuery};
use chrono::NaiveDate;
use db::contracts::entitlements::Entitlement;
use db::contracts::{usage, Contract};
use db::record::{self, Visibility};
use db::AnyConnection;
use domain::entitlement::{AllowancePeriod, EntitlementFields, MAX_NAME};
use domain::ticket::Channel;
use domain::{text, ContractId, EntitlementId, OrgId, SlaCalendarId, Violations};

use super::today;
use crate::auth::{Caller, Principal};
use crate::error::ApiError;
use crate::extract::{path_id, IfMatch, Json};
use crate::kit::{self, Reply, State, View};
use crate::openapi::{self, Conflict, Invalid};

/// The body of `e`, counted in the period of its contract `c` holding `today` (the first or
/// last period when today is outside the contract).
pub(crate) fn body(
    conn: &mut AnyConnection,
    org: OrgId,
    (c, e): (&Contract, &Entitlement),
    today: NaiveDate,
) -> Result<EntitlementBody, ApiError> {
    let (start, end) = (c.fields.starts_on, c.fields.ends_on);
    let day = today.clamp(start, end.max(start));
    let (period_start, period_end) = e.fields.period.containing(start, end, day);
    let used = usage::used(conn, org, e.id, period_start)?;
    let f = &e.fields;
    Ok(EntitlementBody {
        id: e.id.to_string(),
        contract_id: e.contract_id.to_string(),
        name: f.name.clone(),
        product_ids: f.products.iter().map(ToString::to_string).collect(),
        asset_ids: f.assets.iter().map(ToString::to_string).collect(),
        channels: f.channels.iter().map(|c| c.as_str().to_owned()).collect(),
        calendar_id: f.calendar_id.map(|c| c.to_string()),
        allowance: f.allowance,
        period: f.period.as_str().to_owned(),
        period_start,
        period_end,
        used,
        remaining: f.remaining(used),
        created_at: e.created_at,
        updated_at: e.updated_at,
        deleted: e.deleted,
        version: e.version,
    })
}

impl View for Entitlement {
    type Body = EntitlementBody;

    fn view(
        conn: &mut AnyConnection,
        org: OrgId,
        e: &Entitlement,
    ) -> Result<EntitlementBody, ApiError> {
        let contract: Contract = record::get(conn, org, e.contract_id, Visibility::Any)?;
        body(conn, org, (&contract, e), today())
    }
}

fn channels(v: &mut Violations, raw: &[String]) -> Vec<Channel> {
    raw.iter()
        .enumerate()
        .filter_map(|(i, c)| v.check(Channel::parse(&format!("/channels/{i}"), c)))
        .collect()
}

/// The ids of `raw` (the list named `field`), each checked.
fn ids<K: domain::id::IdKind>(
    v: &mut Violations,
    field: &str,
    raw: &[String],
) -> Vec<domain::id::Id<K>> {
    raw.iter()
        .enumerate()
        .filter_map(|(i, r)| v.check(domain::id::Id::parse(&format!("/{field}/{i}"), r)))
        .collect()
}

fn parse(body: CreateEntitlement) -> Result<EntitlementFields, ApiError> {
    let mut v = Violations::new();
    let name = v.check(text::required("/name", &body.name, MAX_NAME));
    let channels = channels(&mut v, body.channels.as_deref().unwrap_or(&[]));
    let products = ids(
        &mut v,
        "product_ids",
        body.product_ids.as_deref().unwrap_or(&[]),
    );
    let assets = ids(
        &mut v,
        "asset_ids",
        body.asset_ids.as_deref().unwrap_or(&[]),
    );
    let calendar_id = v.check_opt(body.calendar_id.as_deref(), |c| {
        SlaCalendarId::parse("/calendar_id", c)
    });
    let period = match body.period.as_deref() {
        Some(p) => v.check(AllowancePeriod::parse("/period", p)),
        None => Some(AllowancePeriod::Contract),
    };
    let fields = v.finish(|| {
        Some(EntitlementFields {
            name: name?,
            products,
            assets,
            channels,
            calendar_id,
            allowance: body.allowance,
            period: period?,
        })
    })?;
    fields.check()?;
    Ok(fields)
}

fn merge(
    current: &Entitlement,
    patch: UpdateEntitlement,
    _: &Principal,
) -> Result<EntitlementFields, ApiError> {
    let mut v = Violations::new();
    let mut f = current.fields.clone();
    if let Some(name) = patch.name.as_deref() {
        if let Some(name) = v.check(text::required("/name", name, MAX_NAME)) {
            f.name = name;
        }
    }
    if let Some(list) = patch.channels.as_deref() {
        f.channels = channels(&mut v, list);
    }
    if let Some(list) = patch.product_ids.as_deref() {
        f.products = ids(&mut v, "product_ids", list);
    }
    if let Some(list) = patch.asset_ids.as_deref() {
        f.assets = ids(&mut v, "asset_ids", list);
    }
    match &patch.calendar_id {
        Patch::Absent => {}
        Patch::Null => f.calendar_id = None,
        Patch::Value(c) => f.calendar_id = v.check(SlaCalendarId::parse("/calendar_id", c)),
    }
    match patch.allowance {
        Patch::Absent => {}
        Patch::Null => f.allowance = None,
        Patch::Value(a) => f.allowance = Some(a),
    }
    if let Some(p) = patch.period.as_deref() {
        if let Some(p) = v.check(AllowancePeriod::parse("/period", p)) {
            f.period = p;
        }
    }
    v.finish(|| Some(()))?;
    f.check()?;
    Ok(f)
}

/// The entitlement `raw` names if it belongs to the contract `contract` names; else 404.
async fn of_contract(
    state: &State,
    caller: Caller,
    (contract, raw): (&str, &str),
) -> Result<(), ApiError> {
    let contract: ContractId = path_id(contract)?;
    let id: EntitlementId = path_id(raw)?;
    state
        .run(caller, move |conn, p| {
            // Under a contract in the trash, its entitlements are out of reach too.
            let _: Contract = record::get(conn, p.org, contract, Visibility::Live)?;
            let e: Entitlement = record::get(conn, p.org, id, Visibility::Any)?;
            if e.contract_id == contract {
                Ok(())
            } else {
                Err(ApiError::NotFound)
            }
        })
        .await
}

/// List a contract's entitlements, with their allowance used and left today.
#[utoipa::path(
    tag = "contracts",
    params(("id" = String, Path, description = "The contract's id")),
    responses((status = 200, description = "The contract's entitlements, oldest first", body = Page<EntitlementBody>)),
)]
#[get("/contracts/{id}/entitlements")]
pub async fn list_entitlements(state: State, caller: Caller, id: Path<String>) -> Reply {
    let contract: ContractId = path_id(&id)?;
    let page = state
        .run(caller, move |conn, p| {
            let c: Contract = record::get(conn, p.org, contract, Visibility::Live)?;
            let all = db::contracts::entitlements::of_contracts(conn, p.org, &[c.id], false)?;
            let today = today();
            let items = all
                .iter()
                .map(|e| body(conn, p.org, (&c, e), today))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Page::new(items, None))
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Add an entitlement to a contract.
///
/// `channels` empty covers every channel; `calendar_id` gives its hours of cover (tickets
/// outside them are not covered); `allowance` is incidents per `period` (counted from the
/// contract's start), no limit when left out.
#[utoipa::path(
    tag = "contracts",
    params(("id" = String, Path, description = "The contract's id")),
    request_body = CreateEntitlement,
    responses(
        (status = 201, description = "Created", body = EntitlementBody, headers(("ETag" = String), ("Location" = String))),
        Invalid,
    ),
)]
#[post("/contracts/{id}/entitlements")]
pub async fn create_entitlement(
    state: State,
    caller: Caller,
    id: Path<String>,
    body: Json<CreateEntitlement>,
) -> Reply {
    let contract: ContractId = path_id(&id)?;
    let fields = parse(body.into_inner())?;
    let now = state.now();
    let body = state
        .run(caller, move |conn, p| {
            let created = db::contracts::entitlements::create(conn, p.org, contract, &fields, now)?;
            Entitlement::view(conn, p.org, &created)
        })
        .await?;
    Ok(kit::created(
        format!("/api/v1/contracts/{contract}/entitlements/{}", body.id),
        body.version,
        &body,
    ))
}

/// Get an entitlement of a contract.
#[utoipa::path(
    tag = "contracts",
    params(
        ("id" = String, Path, description = "The contract's id"),
        ("entitlement_id" = String, Path, description = "The entitlement's id"),
        RecordQuery,
    ),
    responses((status = 200, description = "The entitlement", body = EntitlementBody, headers(("ETag" = String)))),
)]
#[get("/contracts/{id}/entitlements/{entitlement_id}")]
pub async fn get_entitlement(
    state: State,
    caller: Caller,
    ids: Path<(String, String)>,
    query: Query<RecordQuery>,
) -> Reply {
    of_contract(&state, caller, (&ids.0, &ids.1)).await?;
    kit::get::<Entitlement>(&state, caller, &ids.1, &query).await
}

/// Change an entitlement: a smaller allowance leaves the tickets that used it as they are.
#[utoipa::path(
    tag = "contracts",
    params(
        ("id" = String, Path, description = "The contract's id"),
        ("entitlement_id" = String, Path, description = "The entitlement's id"),
        openapi::IfMatch,
    ),
    request_body = UpdateEntitlement,
    responses(
        (status = 200, description = "The changed entitlement", body = EntitlementBody, headers(("ETag" = String))),
        Conflict,
        Invalid,
    ),
)]
#[patch("/contracts/{id}/entitlements/{entitlement_id}")]
pub async fn update_entitlement(
    state: State,
    caller: Caller,
    ids: Path<(String, String)>,
    if_match: IfMatch,
    body: Json<UpdateEntitlement>,
) -> Reply {
    of_contract(&state, caller, (&ids.0, &ids.1)).await?;
    kit::update::<Entitlement, _>(&state, caller, &ids.1, if_match, body.into_inner(), merge).await
}

/// Delete an entitlement (to the trash; it covers nothing meanwhile).
#[utoipa::path(
    tag = "contracts",
    params(
        ("id" = String, Path, description = "The contract's id"),
        ("entitlement_id" = String, Path, description = "The entitlement's id"),
        openapi::IfMatch,
    ),
    responses((status = 204, description = "Deleted")),
)]
#[delete("/contracts/{id}/entitlements/{entitlement_id}")]
pub async fn delete_entitlement(
    state: State,
    caller: Caller,
    ids: Path<(String, String)>,
    if_match: IfMatch,
) -> Reply {
    of_contract(&state, caller, (&ids.0, &ids.1)).await?;
    kit::delete::<Entitlement>(&state, caller, &ids.1, if_match).await
}

/// Restore a deleted entitlement.
#[utoipa::path(
    tag = "contracts",
    params(
        ("id" = String, Path, description = "The contract's id"),
        ("entitlement_id" = String, Path, description = "The entitlement's id"),
    ),
    responses((status = 200, description = "The restored entitlement", body = EntitlementBody, headers(("ETag" = String)))),
)]
#[post("/contracts/{id}/entitlements/{entitlement_id}/restore")]
pub async fn restore_entitlement(
    state: State,
    caller: Caller,
    ids: Path<(String, String)>,
) -> Reply {
    of_contract(&state, caller, (&ids.0, &ids.1)).await?;
    kit::restore::<Entitlement>(&state, caller, &ids.1).await
}
