//! Lead assignment rules: who receives a new lead.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Patch;

/// What a rule asks of a lead; every list given must hold the lead's value (an empty list
/// asks nothing).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RuleConditions {
    /// Lead sources (web, email, phone, referral, partner, event, advertising, social,
    /// cold_call, import, other).
    #[serde(default)]
    pub sources: Vec<String>,
    /// Countries (ISO 3166-1 alpha-2).
    #[serde(default)]
    pub countries: Vec<String>,
    /// Industries (any case).
    #[serde(default)]
    pub industries: Vec<String>,
    /// Company sizes (1-10, 11-50, 51-200, 201-1000, 1001-5000, 5001+).
    #[serde(default)]
    pub company_sizes: Vec<String>,
    /// Territories: the lead's country, region, industry and size place it in one of them
    /// or below one of them.
    #[serde(default)]
    pub territory_ids: Vec<String>,
}

/// A lead assignment rule. New leads without an owner (created without `owner_id`, or
/// captured by a form) go through the active rules in `position` order; the first whose
/// conditions hold and that finds someone to assign wins. `assign_to` is `user` (the rule's
/// `user_id`), `team` (the members of `team_id` in turn) or `territory` (the owners of the
/// lead's territory in turn, or of the nearest territory above it that has owners). Only
/// active users who may work leads receive them; a rule that finds nobody passes the lead to
/// the next rule. When no rule assigns, the organization's `default_lead_owner_id` does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssignmentRule {
    /// Its id (`arule_…`).
    pub id: String,
    /// Its name, unique among live rules.
    pub name: String,
    /// Where it comes in the order, from 0.
    pub position: i64,
    /// Whether it is tried.
    pub active: bool,
    /// What it asks of a lead.
    pub conditions: RuleConditions,
    /// user, team or territory.
    pub assign_to: String,
    /// The user it assigns to (`assign_to: user`).
    pub user_id: Option<String>,
    /// The team whose members it assigns to in turn (`assign_to: team`).
    pub team_id: Option<String>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// When it went to the trash.
    pub deleted_at: Option<DateTime<Utc>>,
    /// Increases with every change; the ETag carries it.
    pub version: i64,
}

/// A new rule.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "name": "German partners", "conditions": {"sources": ["partner"], "countries": ["DE"]},
    "assign_to": "team", "team_id": "team_01jd8x3k5v6w7y8z9a0b1c2d3e"
})))]
#[serde(deny_unknown_fields)]
pub struct CreateAssignmentRule {
    /// Name (required, at most 100 characters).
    pub name: String,
    /// Where it goes in the order (default: last); the rules from there on move down one.
    pub position: Option<i64>,
    /// Whether it is tried (default true).
    pub active: Option<bool>,
    /// What it asks of a lead (default: nothing, so it takes every lead that reaches it).
    #[serde(default)]
    pub conditions: RuleConditions,
    /// user, team or territory.
    pub assign_to: String,
    /// The user, with `assign_to: user` (and only then).
    pub user_id: Option<String>,
    /// The team, with `assign_to: team` (and only then).
    pub team_id: Option<String>,
}

/// Changes to a rule: absent fields stay; `conditions` is replaced whole.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"position": 0, "active": false})))]
#[serde(deny_unknown_fields)]
pub struct UpdateAssignmentRule {
    /// Name.
    pub name: Option<String>,
    /// A new place in the order; the rules in between move by one.
    pub position: Option<i64>,
    /// Whether it is tried.
    pub active: Option<bool>,
    /// What it asks of a lead.
    pub conditions: Option<RuleConditions>,
    /// user, team or territory.
    pub assign_to: Option<String>,
    /// The user.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub user_id: Patch<String>,
    /// The team.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub team_id: Patch<String>,
}
