//! What the customer's company owns and is entitled to, in the portal: its assets and its
//! service contracts in summary. A contact without an account sees none.

use actix_web::{get, HttpResponse};
use api_types::portal::{PortalAsset, PortalContract, PortalEntitlement};
use api_types::Page;
use db::assets::AssetFilter;
use db::contracts::ContractFilter;
use db::list::{ListParams, ListRequest};
use domain::contract::ContractStatus;

use super::feature;
use crate::auth::PortalCaller;
use crate::error::ApiError;
use crate::handlers::contracts::entitlements;
use crate::kit::{Reply, State};
use crate::openapi::Conflict;

/// The most of each a portal page lists: a company's whole installed base and contracts
/// fit, and a company with more asks its account manager.
const MOST: i64 = 100;

fn first_page(sorts: &db::list::Sorts) -> Result<ListParams, ApiError> {
    let request = ListRequest {
        limit: Some(MOST),
        ..ListRequest::default()
    };
    ListParams::parse(&request, sorts).map_err(ApiError::InvalidParameters)
}

/// List your company's assets, by name (at most 100).
///
/// 409 `assets_off` when the partner's portal does not show them.
#[utoipa::path(
    tag = "portal",
    responses(
        (status = 200, description = "The company's assets", body = Page<PortalAsset>),
        Conflict,
    ),
)]
#[get("/portal/assets")]
pub async fn list_portal_assets(state: State, caller: PortalCaller) -> Reply {
    let params = first_page(&db::assets::SORTS)?;
    let today = state.now().date_naive();
    let page = state
        .run_portal(caller, move |conn, p| {
            feature(conn, &p, |f| f.assets, "assets_off")?;
            let Some(account) = p.account else {
                return Ok(Vec::new());
            };
            let filter = AssetFilter {
                account_id: Some(account),
                ..AssetFilter::default()
            };
            let page = db::assets::list(conn, p.org, &filter, &params)?;
            Ok(page
                .items
                .iter()
                .map(|a| {
                    let f = &a.fields;
                    PortalAsset {
                        id: a.id.to_string(),
                        name: f.name.clone(),
                        serial_number: f.serial_number.clone(),
                        location: f.location.clone(),
                        status: f.status.as_str().to_owned(),
                        parent_id: f.parent_id.map(|p| p.to_string()),
                        installed_on: f.installed_on,
                        warranty_ends_on: f.warranty_ends_on,
                        under_warranty: f.under_warranty(today),
                    }
                })
                .collect())
        })
        .await?;
    Ok(HttpResponse::Ok().json(Page::new(page, None)))
}

/// List your company's service contracts with what they entitle it to and what is left
/// (drafts are not shown; at most 100).
///
/// 409 `assets_off` when the partner's portal does not show assets and contracts.
#[utoipa::path(
    tag = "portal",
    responses(
        (status = 200, description = "The company's contracts", body = Page<PortalContract>),
        Conflict,
    ),
)]
#[get("/portal/contracts")]
pub async fn list_portal_contracts(state: State, caller: PortalCaller) -> Reply {
    let params = first_page(&db::contracts::SORTS)?;
    let today = state.now().date_naive();
    let page = state
        .run_portal(caller, move |conn, p| {
            feature(conn, &p, |f| f.assets, "assets_off")?;
            let Some(account) = p.account else {
                return Ok(Vec::new());
            };
            let filter = ContractFilter {
                account_id: Some(account),
                ..ContractFilter::default()
            };
            let contracts = db::contracts::list(conn, p.org, &filter, &params)?.items;
            let contracts: Vec<_> = contracts
                .into_iter()
                .filter(|c| c.fields.status != ContractStatus::Draft)
                .collect();
            let ids: Vec<_> = contracts.iter().map(|c| c.id).collect();
            let all = db::contracts::entitlements::of_contracts(conn, p.org, &ids, false)?;
            contracts
                .iter()
                .map(|c| {
                    let f = &c.fields;
                    let entitlements = all
                        .iter()
                        .filter(|e| e.contract_id == c.id)
                        .map(|e| {
                            let e = entitlements::body(conn, p.org, (c, e), today)?;
                            Ok(PortalEntitlement {
                                name: e.name,
                                channels: e.channels,
                                allowance: e.allowance,
                                period: e.period,
                                period_start: e.period_start,
                                period_end: e.period_end,
                                used: e.used,
                                remaining: e.remaining,
                            })
                        })
                        .collect::<Result<Vec<_>, ApiError>>()?;
                    Ok(PortalContract {
                        id: c.id.to_string(),
                        number: f.number.clone(),
                        contract_type: f.contract_type.as_str().to_owned(),
                        status: f.status.as_str().to_owned(),
                        starts_on: f.starts_on,
                        ends_on: f.ends_on,
                        in_force: f.in_force(today),
                        entitlements,
                    })
                })
                .collect::<Result<Vec<_>, ApiError>>()
        })
        .await?;
    Ok(HttpResponse::Ok().json(Page::new(page, None)))
}
