//! Sales pipelines: ordered stages that deals move through, and the reasons deals close for.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A stage of a pipeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Stage {
    /// Its id (`stage_…`), kept while it is renamed or moved.
    pub id: String,
    /// Its name, unique in the pipeline.
    pub name: String,
    /// The chance, in percent, that a deal here is won (100 for won stages, 0 for lost ones).
    pub probability: i32,
    /// open, won or lost.
    pub kind: String,
}

/// A stage as written: without `id` a new stage, with one a stage the pipeline has.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StageInput {
    /// The stage kept (omit for a new one; a new pipeline takes none).
    pub id: Option<String>,
    /// Name (required, at most 60 characters).
    pub name: String,
    /// Percent, 0 to 100; a won stage's is 100 and a lost one's 0, the default for them.
    pub probability: Option<i32>,
    /// open (the default), won or lost.
    pub kind: Option<String>,
}

/// A pipeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Pipeline {
    /// Its id (`pipe_…`).
    pub id: String,
    /// Its name, unique among live pipelines.
    pub name: String,
    /// Its stages in board order: at least one open, one won and one lost.
    pub stages: Vec<Stage>,
    /// What a deal may be won for; moving a deal to a won stage names one.
    pub won_reasons: Vec<String>,
    /// What a deal may be lost for; moving a deal to a lost stage names one.
    pub lost_reasons: Vec<String>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// When it went to the trash.
    pub deleted_at: Option<DateTime<Utc>>,
    /// Increases with every change; the ETag carries it.
    pub version: i64,
}

/// A new pipeline.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "name": "New business",
    "stages": [
        {"name": "Qualify", "probability": 10},
        {"name": "Propose", "probability": 50},
        {"name": "Negotiate", "probability": 80},
        {"name": "Won", "kind": "won"},
        {"name": "Lost", "kind": "lost"}
    ],
    "won_reasons": ["Best fit", "Price"],
    "lost_reasons": ["No budget", "Went with a competitor", "No decision"]
})))]
#[serde(deny_unknown_fields)]
pub struct CreatePipeline {
    /// Name (required, at most 100 characters).
    pub name: String,
    /// Stages in board order (1 to 30).
    pub stages: Vec<StageInput>,
    /// Reasons a deal is won for (1 to 50, each at most 100 characters).
    pub won_reasons: Vec<String>,
    /// Reasons a deal is lost for (1 to 50, each at most 100 characters).
    pub lost_reasons: Vec<String>,
}

/// Changes to a pipeline: absent fields stay; lists given replace the stored ones. Stages
/// left out of `stages` leave the pipeline (only when no live deal is in them).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"lost_reasons": ["No budget", "Timing"]})))]
#[serde(deny_unknown_fields)]
pub struct UpdatePipeline {
    /// Name.
    pub name: Option<String>,
    /// Stages.
    pub stages: Option<Vec<StageInput>>,
    /// Won reasons.
    pub won_reasons: Option<Vec<String>>,
    /// Lost reasons.
    pub lost_reasons: Option<Vec<String>>,
}

/// A board's filters: whose deals, closing when.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct BoardFilters {
    /// Only this user's deals.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<String>,
    /// Closing on or after this day (`YYYY-MM-DD`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub close_from: Option<chrono::NaiveDate>,
    /// Closing on or before this day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub close_to: Option<chrono::NaiveDate>,
}

/// A column's totals on a pipeline board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardColumn {
    /// The stage.
    pub stage_id: String,
    /// How many live deals are in it.
    pub count: i64,
    /// Their amounts, in minor units of the base currency.
    pub amount_base_minor: i64,
    /// Their amounts times the stage's probability.
    pub weighted_amount_minor: i64,
}

/// The totals above each column of a pipeline's board, in stage order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PipelineBoard {
    /// The pipeline.
    pub pipeline_id: String,
    /// The currency of the amounts.
    pub base_currency: String,
    /// One per stage, empty ones too.
    pub columns: Vec<BoardColumn>,
}
