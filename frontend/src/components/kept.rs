//! What the app keeps in this browser for each user (recent records, chosen columns): JSON in
//! local storage under `rapport.<what>.<user id>`.

use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::api::Session;

fn key(session: &Session, what: &str) -> Option<String> {
    session
        .me
        .with_untracked(|me| me.as_ref().map(|me| format!("rapport.{what}.{}", me.id)))
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// What was kept as `what` for the signed-in user, if anything readable was.
pub fn load<T: DeserializeOwned>(session: &Session, what: &str) -> Option<T> {
    let json = storage()?.get_item(&key(session, what)?).ok()??;
    serde_json::from_str(&json).ok()
}

/// Keeps `value` as `what` for the signed-in user (quietly not, where storage is refused).
pub fn save<T: Serialize>(session: &Session, what: &str, value: &T) {
    let (Some(key), Some(storage)) = (key(session, what), storage()) else {
        return;
    };
    if let Ok(json) = serde_json::to_string(value) {
        let _ = storage.set_item(&key, &json);
    }
}
