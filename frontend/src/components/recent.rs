//! The records a user opened lately, newest first, kept in this browser per user: the home
//! page and the palette offer them.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::Session;

/// How many are kept.
const KEPT: usize = 8;

/// A record opened lately.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recent {
    /// What kind of record, such as `Account`.
    pub kind: String,
    /// What people call it.
    pub label: String,
    /// Where it is in the app.
    pub href: String,
}

fn key(session: &Session) -> Option<String> {
    session
        .me
        .with_untracked(|me| me.as_ref().map(|me| format!("rapport.recent.{}", me.id)))
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// The records this user opened lately, newest first.
pub fn recent(session: &Session) -> Vec<Recent> {
    key(session)
        .and_then(|key| storage()?.get_item(&key).ok()?)
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

/// Puts `item` first among the recent records (once).
pub fn remember(session: &Session, item: Recent) {
    let (Some(key), Some(storage)) = (key(session), storage()) else {
        return;
    };
    let mut items = recent(session);
    items.retain(|i| i.href != item.href);
    items.insert(0, item);
    items.truncate(KEPT);
    if let Ok(json) = serde_json::to_string(&items) {
        let _ = storage.set_item(&key, &json);
    }
}
