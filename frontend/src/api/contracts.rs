//! Service contracts and what they entitle a customer to.

use api_types::contracts::{
    Contract, CreateContract, CreateEntitlement, Entitlement, UpdateContract,
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
