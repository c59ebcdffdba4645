//! The records a user opened lately, newest first, kept in this browser per user: the home
//! page and the palette offer them.

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

/// The records this user opened lately, newest first.
pub fn recent(session: &Session) -> Vec<Recent> {
    super::kept::load(session, "recent").unwrap_or_default()
}

/// Puts `item` first among the recent records (once).
pub fn remember(session: &Session, item: Recent) {
    let mut items = recent(session);
    items.retain(|i| i.href != item.href);
    items.insert(0, item);
    items.truncate(KEPT);
    super::kept::save(session, "recent", &items);
}
