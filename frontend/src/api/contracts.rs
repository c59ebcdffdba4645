//! Service contracts and what they entitle a customer to.

use api_types::contracts::{
    Contract, CreateContract, CreateEntitlement, Entitlement, UpdateContract, UpdateEntitlement,
};
use api_types::Page;

use super::{call, get, ApiError, Session};

/// An account's contracts, soonest ending first.
pub async fn of_account(session: &Session, account: &str) -> Result<Page<Contract>, ApiError> {
    let path = format!("/api/v1/contracts?account_id={account}&sort=ends_on&limit=100");
    Ok(get(session, &path).await?.body)
}

/// A contract.
pub async fn contract(session: &Session, id: &str) -> Result<Contract, ApiError> {
    Ok(get(session, &format!("/api/v1/contracts/{id}")).await?.body)
}

/// A contract's entitlements, with what is left of them today.
pub async fn entitlements(session: &Session, contract: &str) -> Result<Vec<Entitlement>, ApiError> {
    let path = format!("/api/v1/contracts/{contract}/entitlements");
    let page: Page<Entitlement> = get(session, &path).await?.body;
    Ok(page.items)
}

/// Writes a new contract.
pub async fn create(session: &Session, new: &CreateContract) -> Result<Contract, ApiError> {
    Ok(call(session, "POST", "/api/v1/contracts", Some(new), None)
        .await?
        .body)
}

/// Adds an entitlement to a contract.
pub async fn add_entitlement(
    session: &Session,
    contract: &str,
    new: &CreateEntitlement,
) -> Result<Entitlement, ApiError> {
    let path = format!("/api/v1/contracts/{contract}/entitlements");
    Ok(call(session, "POST", &path, Some(new), None).await?.body)
}

/// Changes a contract read at its version (412 when it changed since).
pub async fn update(
    session: &Session,
    contract: &Contract,
    change: &UpdateContract,
) -> Result<Contract, ApiError> {
    let path = format!("/api/v1/contracts/{}", contract.id);
    let etag = format!("\"{}\"", contract.version);
    Ok(call(session, "PATCH", &path, Some(change), Some(&etag))
        .await?
        .body)
}

/// The path of an entitlement.
fn entitlement_path(e: &Entitlement) -> String {
    format!("/api/v1/contracts/{}/entitlements/{}", e.contract_id, e.id)
}

/// Changes an entitlement read at its version (412 when it changed since).
pub async fn change_entitlement(
    session: &Session,
    entitlement: &Entitlement,
    change: &UpdateEntitlement,
) -> Result<Entitlement, ApiError> {
    let etag = format!("\"{}\"", entitlement.version);
    let path = entitlement_path(entitlement);
    Ok(call(session, "PATCH", &path, Some(change), Some(&etag))
        .await?
        .body)
}

/// Removes an entitlement read at its version (to the trash; it covers nothing meanwhile).
pub async fn remove_entitlement(
    session: &Session,
    entitlement: &Entitlement,
) -> Result<(), ApiError> {
    let etag = format!("\"{}\"", entitlement.version);
    let path = entitlement_path(entitlement);
    call::<serde_json::Value>(session, "DELETE", &path, None::<&()>, Some(&etag)).await?;
    Ok(())
}

/// Brings a removed entitlement back.
pub async fn restore_entitlement(
    session: &Session,
    entitlement: &Entitlement,
) -> Result<(), ApiError> {
    let path = format!("{}/restore", entitlement_path(entitlement));
    call::<serde_json::Value>(session, "POST", &path, Some(&serde_json::json!({})), None).await?;
    Ok(())
}
