//! An asset's history: one line per version, saying what happened (created, changed,
//! deleted, restored), who did it and which fields went from what to what. The tickets about
//! the asset join it on its timeline (`tickets.asset_id`).

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::asset::AssetFields;
use domain::{AssetId, OrgId, TicketId, UserId};
use serde::{Deserialize, Serialize};

use crate::connection::AnyConnection;
use crate::convert::{bytes, from_db, id, opt_id, to_db};
use crate::error::{Error, Result};
use crate::exchange_rates::day;
use crate::schema::{asset_history, tickets};

/// What happened in one version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// It was recorded.
    Created,
    /// Fields changed.
    Updated,
    /// It went into the trash.
    Deleted,
    /// It came back from the trash.
    Restored,
}

impl Action {
    /// Its name, as stored and answered.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Created => "created",
            Action::Updated => "updated",
            Action::Deleted => "deleted",
            Action::Restored => "restored",
        }
    }

    fn parse(raw: &str) -> Option<Self> {
        [
            Action::Created,
            Action::Updated,
            Action::Deleted,
            Action::Restored,
        ]
        .into_iter()
        .find(|a| a.as_str() == raw)
    }
}

/// One field's change: its value before and after, as text (ids and days as written).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// The field's name in the API.
    pub field: String,
    /// Before (none: empty).
    pub from: Option<String>,
    /// After.
    pub to: Option<String>,
}

impl Change {
    /// A change of `field`.
    pub fn new(field: &str, from: Option<String>, to: Option<String>) -> Self {
        Change {
            field: field.to_owned(),
            from,
            to,
        }
    }
}

/// Each field of an asset as text, in the API's names.
fn as_text(f: &AssetFields) -> [(&'static str, Option<String>); 11] {
    [
        ("name", Some(f.name.clone())),
        ("product_id", f.product_id.map(|p| p.to_string())),
        ("serial_number", f.serial_number.clone()),
        ("account_id", Some(f.account_id.to_string())),
        ("location", f.location.clone()),
        ("installed_on", f.installed_on.map(day)),
        ("parent_id", f.parent_id.map(|p| p.to_string())),
        ("status", Some(f.status.as_str().to_owned())),
        ("warranty_starts_on", f.warranty_starts_on.map(day)),
        ("warranty_ends_on", f.warranty_ends_on.map(day)),
        ("notes", f.notes.clone()),
    ]
}

/// The fields a new asset was recorded with (those it has).
pub(super) fn initial(f: &AssetFields) -> Vec<Change> {
    as_text(f)
        .into_iter()
        .filter(|(_, v)| v.is_some())
        .map(|(field, to)| Change::new(field, None, to))
        .collect()
}

/// The fields that differ between `before` and `after`.
pub(super) fn changes(before: &AssetFields, after: &AssetFields) -> Vec<Change> {
    as_text(before)
        .into_iter()
        .zip(as_text(after))
        .filter(|((_, from), (_, to))| from != to)
        .map(|((field, from), (_, to))| Change::new(field, from, to))
        .collect()
}

/// Adds the line of `version`.
pub(super) fn add(
    conn: &mut AnyConnection,
    org: OrgId,
    asset: AssetId,
    version: i64,
    (at, by): (DateTime<Utc>, Option<UserId>),
    action: Action,
    changes: &[Change],
) -> Result<()> {
    let changes =
        serde_json::to_string(changes).map_err(|e| Error::Other(format!("asset history: {e}")))?;
    diesel::insert_into(asset_history::table)
        .values((
            asset_history::org_id.eq(bytes(&org)),
            asset_history::asset_id.eq(bytes(&asset)),
            asset_history::version.eq(version),
            asset_history::at.eq(to_db(at)),
            asset_history::actor_id.eq(by.as_ref().map(bytes)),
            asset_history::action.eq(action.as_str()),
            asset_history::changes.eq(changes),
        ))
        .execute(conn)?;
    Ok(())
}

/// One entry of an asset's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A version of the asset.
    Version {
        /// Which.
        version: i64,
        /// When.
        at: DateTime<Utc>,
        /// Who (none: the system, or not known).
        by: Option<UserId>,
        /// What happened.
        action: Action,
        /// Which fields changed.
        changes: Vec<Change>,
    },
    /// A ticket opened about it.
    Ticket {
        /// Which.
        ticket: TicketId,
        /// Its number.
        number: i64,
        /// Its subject.
        subject: String,
        /// Opened.
        at: DateTime<Utc>,
    },
}

impl Entry {
    /// When it happened.
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            Entry::Version { at, .. } | Entry::Ticket { at, .. } => *at,
        }
    }
}

/// The most entries a timeline answers.
pub const MAX_ENTRIES: i64 = 500;

/// The asset's timeline, latest first: its versions and the live tickets about it, at most
/// [`MAX_ENTRIES`] of each.
pub fn timeline(conn: &mut AnyConnection, org: OrgId, asset: AssetId) -> Result<Vec<Entry>> {
    type Line = (i64, NaiveDateTime, Option<Vec<u8>>, String, String);
    let lines: Vec<Line> = asset_history::table
        .filter(asset_history::org_id.eq(bytes(&org)))
        .filter(asset_history::asset_id.eq(bytes(&asset)))
        .order(asset_history::version.desc())
        .limit(MAX_ENTRIES)
        .select((
            asset_history::version,
            asset_history::at,
            asset_history::actor_id,
            asset_history::action,
            asset_history::changes,
        ))
        .load(conn)?;
    let opened: Vec<(Vec<u8>, i64, String, NaiveDateTime)> = tickets::table
        .filter(tickets::org_id.eq(bytes(&org)))
        .filter(tickets::asset_id.eq(bytes(&asset)))
        .filter(tickets::deleted_at.is_null())
        .order(tickets::created_at.desc())
        .limit(MAX_ENTRIES)
        .select((
            tickets::id,
            tickets::number,
            tickets::subject,
            tickets::created_at,
        ))
        .load(conn)?;
    let mut entries = Vec::with_capacity(lines.len() + opened.len());
    for (version, at, by, action, changes) in lines {
        let action = Action::parse(&action)
            .ok_or_else(|| Error::Other(format!("stored asset history action {action}")))?;
        let changes: Vec<Change> = serde_json::from_str(&changes)
            .map_err(|e| Error::Other(format!("stored asset history: {e}")))?;
        entries.push(Entry::Version {
            version,
            at: from_db(at),
            by: opt_id(by.as_ref()),
            action,
            changes,
        });
    }
    entries.extend(
        opened
            .into_iter()
            .map(|(ticket, number, subject, at)| Entry::Ticket {
                ticket: id(&ticket),
                number,
                subject,
                at: from_db(at),
            }),
    );
    entries.sort_by_key(|e| std::cmp::Reverse(e.at()));
    Ok(entries)
}
