//! `/api/v1/contracts`: service contracts of accounts, and under each its entitlements.

pub mod entitlements;
mod input;

use input::{filter, merge, parse};

use actix_web::web::{Path, Query};
use actix_web::{delete, get, patch, post, HttpResponse};
use api_types::contracts::{
    Contract as ContractBody, ContractFilters, CreateContract, UpdateContract,
};
use api_types::{Page, RecordQuery};
use chrono::{NaiveDate, Utc};
use db::contracts::Contract;
use db::AnyConnection;
use domain::OrgId;
use domain::Permission::{ReadCustomers, WriteContracts};

use crate::auth::{Access::Permission as Can, Caller, Routes};
use crate::error::ApiError;
use crate::extract::{IfMatch, Json, Listing};
use crate::handlers::accounts::view::money;
use crate::kit::{self, Reply, State, View};
use crate::openapi::{self, Conflict, Id, Invalid};

/// The contract routes and who may call them: everyone reads (agents check what a customer
/// is entitled to); admins, managers and sales write.
pub fn routes(r: &mut Routes) {
    r.add(list_contracts, Can(ReadCustomers))
        .add(create_contract, Can(WriteContracts))
        .add(get_contract, Can(ReadCustomers))
        .add(update_contract, Can(WriteContracts))
        .add(delete_contract, Can(WriteContracts))
        .add(restore_contract, Can(WriteContracts))
        .add(entitlements::list_entitlements, Can(ReadCustomers))
        .add(entitlements::create_entitlement, Can(WriteContracts))
        .add(entitlements::get_entitlement, Can(ReadCustomers))
        .add(entitlements::update_entitlement, Can(WriteContracts))
        .add(entitlements::delete_entitlement, Can(WriteContracts))
        .add(entitlements::restore_entitlement, Can(WriteContracts));
}

/// The organization's day (UTC) at the moment of answering.
fn today() -> NaiveDate {
    Utc::now().date_naive()
}

fn body(c: &Contract, today: NaiveDate) -> ContractBody {
    let f = &c.fields;
    ContractBody {
        id: c.id.to_string(),
        number: f.number.clone(),
        account_id: f.account_id.to_string(),
        contract_type: f.contract_type.as_str().to_owned(),
        status: f.status.as_str().to_owned(),
        starts_on: f.starts_on,
        ends_on: f.ends_on,
        in_force: !c.deleted && f.in_force(today),
        value: f.value.map(money),
        auto_renew: f.renewal.auto_renew,
        renewal_term_months: f.renewal.term_months,
        expiry_notice_days: f.renewal.notice_days,
        owner_id: f.owner_id.to_string(),
        sla_policy_id: f.sla_policy_id.map(|p| p.to_string()),
        authorised_contact_ids: f
            .authorised_contacts
            .iter()
            .map(|c| c.to_string())
            .collect(),
        notes: f.notes.clone(),
        created_by: c.created_by.map(|u| u.to_string()),
        created_at: c.created_at,
        updated_at: c.updated_at,
        deleted: c.deleted,
        version: c.version,
    }
}

impl View for Contract {
    type Body = ContractBody;

    fn view(_: &mut AnyConnection, _: OrgId, c: &Contract) -> Result<ContractBody, ApiError> {
        Ok(body(c, today()))
    }
}

/// List contracts.
///
/// Latest change first (`updated_at`; also `created_at`, and `ends_on`: soonest first, what
/// needs renewing). Filter by account, status, type, owner, and end (`ends_before`).
#[utoipa::path(
    tag = "contracts",
    params(api_types::ListQuery, ContractFilters),
    responses((status = 200, description = "A page of contracts", body = Page<ContractBody>)),
)]
#[get("/contracts")]
pub async fn list_contracts(
    state: State,
    caller: Caller,
    listing: Listing<ContractFilters>,
) -> Reply {
    let params = kit::list_params(&listing.list, &db::contracts::SORTS)?;
    let filter = filter(&listing.filters)?;
    let page = state
        .run(caller, move |conn, p| {
            let page = db::contracts::list(conn, p.org, &filter, &params)?;
            kit::page(conn, p.org, page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Create a contract.
///
/// A draft unless `status` is `active`. Its number is the next `CON-00042` unless given
/// (409 `contract_number_taken` when another has it). Two live contracts of one account and
/// type cannot share a day (422 `overlapping_contract`), unless one is cancelled.
#[utoipa::path(
    tag = "contracts",
    request_body = CreateContract,
    responses(
        (status = 201, description = "Created", body = ContractBody, headers(("ETag" = String), ("Location" = String))),
        Conflict,
        Invalid,
    ),
)]
#[post("/contracts")]
pub async fn create_contract(state: State, caller: Caller, body: Json<CreateContract>) -> Reply {
    let body = body.into_inner();
    let now = state.now();
    let created = state
        .run(caller, move |conn, p| {
            let fields = parse(body, p.user)?;
            Ok(db::contracts::create(
                conn,
                p.org,
                &fields,
                Some(p.user),
                now,
            )?)
        })
        .await?;
    let body = self::body(&created, now.date_naive());
    Ok(kit::created(
        format!("/api/v1/contracts/{}", body.id),
        body.version,
        &body,
    ))
}

/// Get a contract.
#[utoipa::path(
    tag = "contracts",
    params(Id, RecordQuery),
    responses((status = 200, description = "The contract", body = ContractBody, headers(("ETag" = String)))),
)]
#[get("/contracts/{id}")]
pub async fn get_contract(
    state: State,
    caller: Caller,
    id: Path<String>,
    query: Query<RecordQuery>,
) -> Reply {
    kit::get::<Contract>(&state, caller, &id, &query).await
}

/// Change a contract.
///
/// Its status moves draft → active or cancelled, active → expired or cancelled, expired →
/// active (renewed, with new dates); another move answers 422 `invalid_transition` naming the
/// allowed ones. Active contracts past their end expire (or renew) by themselves.
#[utoipa::path(
    tag = "contracts",
    params(Id, openapi::IfMatch),
    request_body = UpdateContract,
    responses(
        (status = 200, description = "The changed contract", body = ContractBody, headers(("ETag" = String))),
        Conflict,
        Invalid,
    ),
)]
#[patch("/contracts/{id}")]
pub async fn update_contract(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
    body: Json<UpdateContract>,
) -> Reply {
    kit::update::<Contract, _>(&state, caller, &id, if_match, body.into_inner(), merge).await
}

/// Delete a contract (to the trash; it covers nothing meanwhile).
#[utoipa::path(
    tag = "contracts",
    params(Id, openapi::IfMatch),
    responses((status = 204, description = "Deleted")),
)]
#[delete("/contracts/{id}")]
pub async fn delete_contract(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
) -> Reply {
    kit::delete::<Contract>(&state, caller, &id, if_match).await
}

/// Restore a deleted contract.
#[utoipa::path(
    tag = "contracts",
    params(Id),
    responses((status = 200, description = "The restored contract", body = ContractBody, headers(("ETag" = String)))),
)]
#[post("/contracts/{id}/restore")]
pub async fn restore_contract(state: State, caller: Caller, id: Path<String>) -> Reply {
    kit::restore::<Contract>(&state, caller, &id).await
}
