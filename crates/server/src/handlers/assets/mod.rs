//! `/api/v1/assets`: the installed base, each asset with its history.

mod input;

use input::{filter, merge, parse};

use actix_web::web::{Path, Query};
use actix_web::{delete, get, patch, post, HttpResponse};
use api_types::assets::{
    Asset as AssetBody, AssetFilters, AssetHistory, AssetHistoryEntry, CreateAsset, FieldChange,
    UpdateAsset,
};
use api_types::{Page, RecordQuery};
use chrono::{NaiveDate, Utc};
use db::assets::history::Entry;
use db::assets::Asset;
use db::record::{self, Visibility};
use db::AnyConnection;
use domain::Permission::{ReadCustomers, WriteTickets};
use domain::{AccountId, AssetId, OrgId};

use crate::auth::{Access::Permission as Can, Caller, Routes};
use crate::error::ApiError;
use crate::extract::{json_with_etag, path_id, IfMatch, Json, Listing};
use crate::kit::{self, Reply, State, View};
use crate::openapi::{self, Conflict, Id, Invalid};

/// The asset routes and who may call them: everyone reads; whoever works tickets (admins,
/// managers, sales, agents) records and changes assets.
pub fn routes(r: &mut Routes) {
    r.add(list_assets, Can(ReadCustomers))
        .add(create_asset, Can(WriteTickets))
        .add(get_asset, Can(ReadCustomers))
        .add(update_asset, Can(WriteTickets))
        .add(delete_asset, Can(WriteTickets))
        .add(restore_asset, Can(WriteTickets))
        .add(asset_history, Can(ReadCustomers));
}

fn body(a: &Asset, today: NaiveDate) -> AssetBody {
    let f = &a.fields;
    AssetBody {
        id: a.id.to_string(),
        name: f.name.clone(),
        product_id: f.product_id.map(|p| p.to_string()),
        serial_number: f.serial_number.clone(),
        account_id: f.account_id.to_string(),
        location: f.location.clone(),
        installed_on: f.installed_on,
        parent_id: f.parent_id.map(|p| p.to_string()),
        status: f.status.as_str().to_owned(),
        warranty_starts_on: f.warranty_starts_on,
        warranty_ends_on: f.warranty_ends_on,
        under_warranty: f.under_warranty(today),
        notes: f.notes.clone(),
        created_by: a.created_by.map(|u| u.to_string()),
        created_at: a.created_at,
        updated_at: a.updated_at,
        deleted: a.deleted,
        version: a.version,
    }
}

impl View for Asset {
    type Body = AssetBody;

    fn view(_: &mut AnyConnection, _: OrgId, a: &Asset) -> Result<AssetBody, ApiError> {
        Ok(body(a, Utc::now().date_naive()))
    }
}

/// List assets.
///
/// By name (also `updated_at`, `created_at`). Filter by account, parent (an asset's direct
/// parts), status, product, serial number, and warranty end (`warranty_ends_before`). An
/// account's installed base is `?account_id=…`, its tree built from each asset's `parent_id`.
#[utoipa::path(
    tag = "assets",
    params(api_types::ListQuery, AssetFilters),
    responses((status = 200, description = "A page of assets", body = Page<AssetBody>)),
)]
#[get("/assets")]
pub async fn list_assets(state: State, caller: Caller, listing: Listing<AssetFilters>) -> Reply {
    let params = kit::list_params(&listing.list, &db::assets::SORTS)?;
    let filter = filter(&listing.filters)?;
    let page = state
        .run(caller, move |conn, p| {
            let page = db::assets::list(conn, p.org, &filter, &params)?;
            kit::page(conn, p.org, page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Record an asset.
///
/// A serial number a live asset has answers 409 `serial_number_taken`; a parent of another
/// account 422 `not_of_account`.
#[utoipa::path(
    tag = "assets",
    request_body = CreateAsset,
    responses(
        (status = 201, description = "Created", body = AssetBody, headers(("ETag" = String), ("Location" = String))),
        Conflict,
        Invalid,
    ),
)]
#[post("/assets")]
pub async fn create_asset(state: State, caller: Caller, body: Json<CreateAsset>) -> Reply {
    let fields = parse(body.into_inner())?;
    let now = state.now();
    let created = state
        .run(caller, move |conn, p| {
            Ok(db::assets::create(conn, p.org, &fields, Some(p.user), now)?)
        })
        .await?;
    let body = self::body(&created, now.date_naive());
    Ok(kit::created(
        format!("/api/v1/assets/{}", body.id),
        body.version,
        &body,
    ))
}

/// Get an asset.
#[utoipa::path(
    tag = "assets",
    params(Id, RecordQuery),
    responses((status = 200, description = "The asset", body = AssetBody, headers(("ETag" = String)))),
)]
#[get("/assets/{id}")]
pub async fn get_asset(
    state: State,
    caller: Caller,
    id: Path<String>,
    query: Query<RecordQuery>,
) -> Reply {
    kit::get::<Asset>(&state, caller, &id, &query).await
}

/// Change an asset.
///
/// A new `account_id` moves the asset's parts along. A parent below the asset answers 422
/// `parent_cycle`; trees nest at most 10 levels (422 `too_deep`).
#[utoipa::path(
    tag = "assets",
    params(Id, openapi::IfMatch),
    request_body = UpdateAsset,
    responses(
        (status = 200, description = "The changed asset", body = AssetBody, headers(("ETag" = String))),
        Conflict,
        Invalid,
    ),
)]
#[patch("/assets/{id}")]
pub async fn update_asset(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
    body: Json<UpdateAsset>,
) -> Reply {
    kit::update_with::<Asset, _>(
        &state,
        caller,
        &id,
        if_match,
        body.into_inner(),
        lock_for_move,
        merge,
    )
    .await
}

/// A change naming an account takes both accounts' locks first, in one order.
fn lock_for_move(
    conn: &mut AnyConnection,
    org: OrgId,
    asset: AssetId,
    patch: &UpdateAsset,
) -> Result<(), ApiError> {
    match patch
        .account_id
        .as_deref()
        .map(|a| AccountId::parse("/account_id", a))
    {
        Some(Ok(target)) => Ok(db::assets::lock_for_move(conn, org, asset, target)?),
        // A malformed account is the merge's to report.
        _ => Ok(()),
    }
}

/// Delete an asset (to the trash; its parts show at the top of the tree meanwhile).
#[utoipa::path(
    tag = "assets",
    params(Id, openapi::IfMatch),
    responses((status = 204, description = "Deleted")),
)]
#[delete("/assets/{id}")]
pub async fn delete_asset(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
) -> Reply {
    let asset = path_id::<domain::id::kind::Asset>(&id)?;
    let now = state.now();
    state
        .run(caller, move |conn, p| {
            Ok::<_, ApiError>(db::assets::trash(
                conn,
                p.org,
                asset,
                if_match.0,
                true,
                (now, Some(p.user)),
            )?)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Restore a deleted asset (409 `serial_number_taken` when a live asset took its serial
/// number meanwhile).
#[utoipa::path(
    tag = "assets",
    params(Id),
    responses((status = 200, description = "The restored asset", body = AssetBody, headers(("ETag" = String)))),
)]
#[post("/assets/{id}/restore")]
pub async fn restore_asset(state: State, caller: Caller, id: Path<String>) -> Reply {
    let asset = path_id::<domain::id::kind::Asset>(&id)?;
    let now = state.now();
    let restored = state
        .run(caller, move |conn, p| {
            db::assets::trash(conn, p.org, asset, None, false, (now, Some(p.user)))?;
            Ok::<_, ApiError>(record::get::<Asset>(conn, p.org, asset, Visibility::Live)?)
        })
        .await?;
    Ok(json_with_etag(
        HttpResponse::Ok(),
        restored.version,
        &body(&restored, now.date_naive()),
    ))
}

fn entry(e: Entry) -> AssetHistoryEntry {
    match e {
        Entry::Version {
            version,
            at,
            by,
            action,
            changes,
        } => AssetHistoryEntry {
            kind: action.as_str().to_owned(),
            at,
            version: Some(version),
            actor_id: by.map(|u| u.to_string()),
            changes: changes
                .into_iter()
                .map(|c| FieldChange {
                    field: c.field,
                    from: c.from,
                    to: c.to,
                })
                .collect(),
            ticket_id: None,
            ticket_number: None,
            ticket_subject: None,
        },
        Entry::Ticket {
            ticket,
            number,
            subject,
            at,
        } => AssetHistoryEntry {
            kind: "ticket".to_owned(),
            at,
            version: None,
            actor_id: None,
            changes: Vec::new(),
            ticket_id: Some(ticket.to_string()),
            ticket_number: Some(number),
            ticket_subject: Some(subject),
        },
    }
}

/// An asset's history.
///
/// Latest first: each version (created, updated with the fields that changed, deleted,
/// restored) and each ticket opened about it. A deleted asset's history is there too.
#[utoipa::path(
    tag = "assets",
    params(Id),
    responses((status = 200, description = "The asset's history", body = AssetHistory)),
)]
#[get("/assets/{id}/history")]
pub async fn asset_history(state: State, caller: Caller, id: Path<String>) -> Reply {
    let asset = path_id::<domain::id::kind::Asset>(&id)?;
    let entries = state
        .run(caller, move |conn, p| {
            record::get::<Asset>(conn, p.org, asset, Visibility::Any)?;
            Ok::<_, ApiError>(db::assets::history::timeline(conn, p.org, asset)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(AssetHistory {
        items: entries.into_iter().map(entry).collect(),
    }))
}
