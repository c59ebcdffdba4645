//! `/api/v1/rmas`: returns of faulty units, opened from tickets about assets.

mod input;

use input::{filter, merge, parse};

use actix_web::web::{Path, Query};
use actix_web::{delete, get, patch, post, HttpResponse};
use api_types::rmas::{CreateRma, Rma as RmaBody, RmaFilters, UpdateRma};
use api_types::{Page, RecordQuery};
use db::rmas::Rma;
use db::AnyConnection;
use domain::OrgId;
use domain::Permission::{ReadTickets, WriteTickets};

use crate::auth::{Access::Permission as Can, Caller, Routes};
use crate::error::ApiError;
use crate::extract::{IfMatch, Json, Listing};
use crate::handlers::accounts::view::money;
use crate::kit::{self, Reply, State, View};
use crate::openapi::{self, Conflict, Id, Invalid};

/// The return routes and who may call them: everyone who reads tickets reads them; whoever
/// works tickets opens and moves them.
pub fn routes(r: &mut Routes) {
    r.add(list_rmas, Can(ReadTickets))
        .add(create_rma, Can(WriteTickets))
        .add(get_rma, Can(ReadTickets))
        .add(update_rma, Can(WriteTickets))
        .add(delete_rma, Can(WriteTickets))
        .add(restore_rma, Can(WriteTickets));
}

fn body(r: &Rma) -> RmaBody {
    let f = &r.fields;
    let m = &r.milestones;
    RmaBody {
        id: r.id.to_string(),
        number: f.number.clone(),
        ticket_id: f.ticket_id.to_string(),
        asset_id: f.asset_id.to_string(),
        account_id: f.account_id.to_string(),
        status: f.status.as_str().to_owned(),
        next_statuses: f
            .status
            .next()
            .iter()
            .map(|s| s.as_str().to_owned())
            .collect(),
        reason: f.reason.clone(),
        under_warranty: f.under_warranty,
        carrier: f.shipping.carrier.clone(),
        tracking_number: f.shipping.tracking_number.clone(),
        inspection_notes: f.inspection_notes.clone(),
        charge: f.charge.map(money),
        credit: f.credit.map(money),
        notes: f.notes.clone(),
        decided_at: m.decided_at,
        received_at: m.received_at,
        inspected_at: m.inspected_at,
        resolved_at: m.resolved_at,
        closed_at: m.closed_at,
        created_by: r.created_by.map(|u| u.to_string()),
        created_at: r.created_at,
        updated_at: r.updated_at,
        deleted: r.deleted,
        version: r.version,
    }
}

impl View for Rma {
    type Body = RmaBody;

    fn view(_: &mut AnyConnection, _: OrgId, r: &Rma) -> Result<RmaBody, ApiError> {
        Ok(body(r))
    }
}

/// List returns.
///
/// Latest change first (also `created_at`). Filter by status, account, asset and ticket.
#[utoipa::path(
    tag = "rmas",
    params(api_types::ListQuery, RmaFilters),
    responses((status = 200, description = "A page of returns", body = Page<RmaBody>)),
)]
#[get("/rmas")]
pub async fn list_rmas(state: State, caller: Caller, listing: Listing<RmaFilters>) -> Reply {
    let params = kit::list_params(&listing.list, &db::rmas::SORTS)?;
    let filter = filter(&listing.filters)?;
    let page = state
        .run(caller, move |conn, p| {
            let page = db::rmas::list(conn, p.org, &filter, &params)?;
            kit::page(conn, p.org, page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Open a return.
///
/// From a live ticket, for its asset unless another of the ticket's account is named (422
/// `required` when there is none). Numbered `RMA-00042`, `requested`; `under_warranty` when
/// the asset's warranty covers today, and then nothing may be charged (422
/// `under_warranty`).
#[utoipa::path(
    tag = "rmas",
    request_body = CreateRma,
    responses(
        (status = 201, description = "Opened", body = RmaBody, headers(("ETag" = String), ("Location" = String))),
        Conflict,
        Invalid,
    ),
)]
#[post("/rmas")]
pub async fn create_rma(state: State, caller: Caller, body: Json<CreateRma>) -> Reply {
    let new = parse(body.into_inner())?;
    let now = state.now();
    let created = state
        .run(caller, move |conn, p| {
            Ok(db::rmas::create(conn, p.org, new, Some(p.user), now)?)
        })
        .await?;
    let body = self::body(&created);
    Ok(kit::created(
        format!("/api/v1/rmas/{}", body.id),
        body.version,
        &body,
    ))
}

/// Get a return.
#[utoipa::path(
    tag = "rmas",
    params(Id, RecordQuery),
    responses((status = 200, description = "The return", body = RmaBody, headers(("ETag" = String)))),
)]
#[get("/rmas/{id}")]
pub async fn get_rma(
    state: State,
    caller: Caller,
    id: Path<String>,
    query: Query<RecordQuery>,
) -> Reply {
    kit::get::<Rma>(&state, caller, &id, &query).await
}

/// Change a return, or move it along.
///
/// `next_statuses` says where it may go; another move answers 422 `invalid_transition`
/// naming the allowed ones. Inspected and later need `inspection_notes`, refunded needs
/// `credit` (422 `required`).
#[utoipa::path(
    tag = "rmas",
    params(Id, openapi::IfMatch),
    request_body = UpdateRma,
    responses(
        (status = 200, description = "The changed return", body = RmaBody, headers(("ETag" = String))),
        Conflict,
        Invalid,
    ),
)]
#[patch("/rmas/{id}")]
pub async fn update_rma(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
    body: Json<UpdateRma>,
) -> Reply {
    kit::update::<Rma, _>(&state, caller, &id, if_match, body.into_inner(), merge).await
}

/// Delete a return (to the trash).
#[utoipa::path(
    tag = "rmas",
    params(Id, openapi::IfMatch),
    responses((status = 204, description = "Deleted")),
)]
#[delete("/rmas/{id}")]
pub async fn delete_rma(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
) -> Reply {
    kit::delete::<Rma>(&state, caller, &id, if_match).await
}

/// Restore a deleted return.
#[utoipa::path(
    tag = "rmas",
    params(Id),
    responses((status = 200, description = "The restored return", body = RmaBody, headers(("ETag" = String)))),
)]
#[post("/rmas/{id}/restore")]
pub async fn restore_rma(state: State, caller: Caller, id: Path<String>) -> Reply {
    kit::restore::<Rma>(&state, caller, &id).await
}
