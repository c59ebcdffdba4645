//! The installed base: what customers own, and each asset's history.

use api_types::assets::{Asset, AssetHistory, CreateAsset};
use api_types::Page;

use super::{call, get, ApiError, Session};

/// Every asset of an account (page after page), by name.
pub async fn of_account(session: &Session, account: &str) -> Result<Vec<Asset>, ApiError> {
    let mut all = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut path = format!("/api/v1/assets?account_id={account}&limit=100");
        if let Some(c) = &cursor {
            path.push_str(&format!("&cursor={}", js_sys::encode_uri_component(c)));
        }
        let page: Page<Asset> = get(session, &path).await?.body;
        all.extend(page.items);
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => return Ok(all),
        }
    }
}

/// Records a new asset.
pub async fn create(session: &Session, new: &CreateAsset) -> Result<Asset, ApiError> {
    Ok(call(session, "POST", "/api/v1/assets", Some(new), None)
        .await?
        .body)
}

/// An asset's history, latest first.
pub async fn history(session: &Session, asset: &str) -> Result<AssetHistory, ApiError> {
    Ok(get(session, &format!("/api/v1/assets/{asset}/history"))
        .await?
        .body)
}
