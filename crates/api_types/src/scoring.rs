//! Lead scoring: rules that give points, and a lead's score explained.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Patch;

/// A scoring rule: points for a lead's field holding one of `values` (`field`), or for each of
/// its events (`event`), the points of an event halving every `half_life_days` after it.
/// Exactly one of `field` and `event` is set. A lead's score is the sum of what the active
/// rules give it, recomputed when the lead, its notes or the rules change, and daily while a
/// rule fades.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoringRule {
    /// Its id (`srule_…`).
    pub id: String,
    /// Its name, unique among live rules.
    pub name: String,
    /// Whether it counts.
    pub active: bool,
    /// The lead field it reads: source, country, industry, company_size, title (a word of
    /// it), campaign, tag, business_email (the email's domain is not a free mail service's),
    /// phone (it has one).
    pub field: Option<String>,
    /// The values that count (any case); none means any value. Not for business_email and
    /// phone.
    pub values: Vec<String>,
    /// The event it counts: form_submission, note.
    pub event: Option<String>,
    /// For an event: after how many days its points halve; none keeps them whole.
    pub half_life_days: Option<i64>,
    /// Points given (negative: taken), -1000 to 1000.
    pub points: i64,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// When it went to the trash.
    pub deleted_at: Option<DateTime<Utc>>,
    /// Increases with every change; the ETag carries it.
    pub version: i64,
}

/// A new scoring rule.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "name": "Decision makers", "field": "title", "values": ["ceo", "cto", "director", "vp"], "points": 20
})))]
#[serde(deny_unknown_fields)]
pub struct CreateScoringRule {
    /// Name (required, at most 100 characters).
    pub name: String,
    /// Whether it counts (default true).
    pub active: Option<bool>,
    /// The field it reads (or `event`).
    pub field: Option<String>,
    /// The values that count (at most 100).
    #[serde(default)]
    pub values: Vec<String>,
    /// The event it counts (or `field`).
    pub event: Option<String>,
    /// For an event: the half-life in days, 1 to 3650.
    pub half_life_days: Option<i64>,
    /// Points, -1000 to 1000.
    pub points: i64,
}

/// Changes to a scoring rule: absent fields stay, `null` clears.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"points": 25})))]
#[serde(deny_unknown_fields)]
pub struct UpdateScoringRule {
    /// Name.
    pub name: Option<String>,
    /// Whether it counts.
    pub active: Option<bool>,
    /// The field it reads; setting it clears `event`.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub field: Patch<String>,
    /// The values that count.
    pub values: Option<Vec<String>>,
    /// The event it counts; setting it clears `field`.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub event: Patch<String>,
    /// The half-life in days.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub half_life_days: Patch<i64>,
    /// Points.
    pub points: Option<i64>,
}

/// One rule's share of a score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScorePart {
    /// The rule (`srule_…`).
    pub rule_id: String,
    /// Its name.
    pub name: String,
    /// The points it gives now (negative: takes).
    pub points: i64,
    /// Why, in words, such as `title is VP Sales` or `2 notes, halving every 30 days`.
    pub reason: String,
}

/// A lead's score as of now, and where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeadScore {
    /// The sum of the parts.
    pub score: i64,
    /// The rules that gave or took points, most first.
    pub parts: Vec<ScorePart>,
    /// The moment the score was computed for.
    pub scored_at: DateTime<Utc>,
}
