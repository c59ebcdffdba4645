//! Sales pipelines: ordered stages, each with a win probability and a kind (open, won, lost),
//! and the reasons a deal may be won or lost for.
//!
//! A pipeline always has an open stage to start in and a won and a lost stage to end in; won
//! stages are certain (100 %) and lost ones hopeless (0 %), so a forecast never counts a lost
//! deal nor discounts a won one.

use crate::account::string_enum;
use crate::id::StageId;
use crate::validation::FieldError;

/// The most stages a pipeline has.
pub const MAX_STAGES: usize = 30;

/// The most reasons of each kind a pipeline offers.
pub const MAX_REASONS: usize = 50;

/// Whether a deal in a stage is still being worked, or closed one way or the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StageKind {
    /// Still being worked.
    Open,
    /// Closed and won.
    Won,
    /// Closed and lost.
    Lost,
}

string_enum!(StageKind, "invalid_choice", "must be one of open, won, lost", {
    StageKind::Open => "open",
    StageKind::Won => "won",
    StageKind::Lost => "lost",
});

impl StageKind {
    /// Every kind, in the order a pipeline lists them.
    pub const ALL: [StageKind; 3] = [StageKind::Open, StageKind::Won, StageKind::Lost];

    /// Whether a deal here is closed.
    pub fn is_closed(self) -> bool {
        self != StageKind::Open
    }
}

/// One stage of a pipeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    /// Its id, kept while the stage is renamed or moved.
    pub id: StageId,
    /// Its name, unique in its pipeline (case aside).
    pub name: String,
    /// The chance, in percent, that a deal here is won.
    pub probability: u8,
    /// Open, won or lost.
    pub kind: StageKind,
}

/// Everything an admin sets on a pipeline, validated by [`PipelineFields::check`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PipelineFields {
    /// Name, unique among live pipelines.
    pub name: String,
    /// Its stages, in board order.
    pub stages: Vec<Stage>,
    /// What a deal may be won for.
    pub won_reasons: Vec<String>,
    /// What a deal may be lost for.
    pub lost_reasons: Vec<String>,
}

impl PipelineFields {
    /// Checks the rules a pipeline's stages and reasons keep (pointers at `/stages/<i>/…`).
    pub fn check(&self) -> Result<(), FieldError> {
        if self.stages.is_empty() || self.stages.len() > MAX_STAGES {
            return Err(FieldError::new(
                "/stages",
                "invalid_length",
                format!("must hold 1 to {MAX_STAGES} stages"),
            ));
        }
        for (i, stage) in self.stages.iter().enumerate() {
            let same_name = self.stages[..i]
                .iter()
                .any(|s| s.name.to_lowercase() == stage.name.to_lowercase());
            if same_name {
                return Err(FieldError::new(
                    format!("/stages/{i}/name"),
                    "duplicate",
                    "another stage of this pipeline has this name",
                ));
            }
            let fixed = match stage.kind {
                StageKind::Open => None,
                StageKind::Won => Some(100),
                StageKind::Lost => Some(0),
            };
            if stage.probability > 100 || fixed.is_some_and(|p| p != stage.probability) {
                return Err(FieldError::new(
                    format!("/stages/{i}/probability"),
                    "out_of_range",
                    match fixed {
                        Some(100) => "a won stage's probability is 100".to_owned(),
                        Some(_) => "a lost stage's probability is 0".to_owned(),
                        None => "must be 0 to 100".to_owned(),
                    },
                ));
            }
        }
        for kind in StageKind::ALL {
            if !self.stages.iter().any(|s| s.kind == kind) {
                return Err(FieldError::new(
                    "/stages",
                    "missing_stage_kind",
                    format!("needs at least one {} stage", kind.as_str()),
                ));
            }
        }
        for (pointer, reasons) in [
            ("/won_reasons", &self.won_reasons),
            ("/lost_reasons", &self.lost_reasons),
        ] {
            if reasons.is_empty() {
                return Err(FieldError::new(
                    pointer,
                    "required",
                    "needs at least one reason, which closing a deal asks for",
                ));
            }
        }
        Ok(())
    }

    /// The live stage with this id.
    pub fn stage(&self, id: StageId) -> Option<&Stage> {
        self.stages.iter().find(|s| s.id == id)
    }

    /// The first open stage: where a new deal starts unless told otherwise.
    pub fn first_open(&self) -> Option<&Stage> {
        self.stages.iter().find(|s| s.kind == StageKind::Open)
    }

    /// The reasons a deal may close into a stage of `kind` for.
    pub fn reasons(&self, kind: StageKind) -> &[String] {
        match kind {
            StageKind::Open => &[],
            StageKind::Won => &self.won_reasons,
            StageKind::Lost => &self.lost_reasons,
        }
    }

    /// Checks a deal may be in stage `to` with `reason`: the stage is one of this pipeline's,
    /// a closed stage comes with one of its kind's reasons (answered in the pipeline's own
    /// spelling) and an open one with none.
    pub fn enter(&self, to: StageId, reason: Option<&str>) -> Result<Entered<'_>, FieldError> {
        let stage = self.stage(to).ok_or_else(|| {
            FieldError::new(
                "/stage_id",
                "stage_not_in_pipeline",
                "must be a stage of the opportunity's pipeline",
            )
        })?;
        let reason = match (stage.kind, reason.map(str::trim).filter(|r| !r.is_empty())) {
            (StageKind::Open, None) => None,
            (StageKind::Open, Some(_)) => {
                return Err(FieldError::new(
                    "/close_reason",
                    "not_allowed",
                    "only a won or lost stage takes a reason",
                ))
            }
            (kind, None) => {
                return Err(FieldError::new(
                    "/close_reason",
                    "required",
                    format!("a deal {} needs a reason", kind.as_str()),
                ))
            }
            (kind, Some(given)) => Some(
                self.reasons(kind)
                    .iter()
                    .find(|r| r.to_lowercase() == given.to_lowercase())
                    .ok_or_else(|| {
                        FieldError::new(
                            "/close_reason",
                            "unknown_reason",
                            format!(
                                "must be one of the pipeline's {} reasons: {}",
                                kind.as_str(),
                                self.reasons(kind).join(", ")
                            ),
                        )
                    })?
                    .as_str(),
            ),
        };
        Ok(Entered { stage, reason })
    }
}

/// A stage a deal may enter, and the reason it closes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entered<'a> {
    /// The stage.
    pub stage: &'a Stage,
    /// Why it closed, for a won or lost stage.
    pub reason: Option<&'a str>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn stage(n: u128, name: &str, probability: u8, kind: StageKind) -> Stage {
        Stage {
            id: StageId::from_uuid(Uuid::from_u128(n)),
            name: name.to_owned(),
            probability,
            kind,
        }
    }

    fn pipeline() -> PipelineFields {
        PipelineFields {
            name: "New business".to_owned(),
            stages: vec![
                stage(1, "Qualify", 10, StageKind::Open),
                stage(2, "Propose", 60, StageKind::Open),
                stage(3, "Won", 100, StageKind::Won),
                stage(4, "Lost", 0, StageKind::Lost),
            ],
            won_reasons: vec!["Price".to_owned()],
            lost_reasons: vec!["No budget".to_owned(), "Competitor".to_owned()],
        }
    }

    fn error_of(fields: &PipelineFields) -> Option<(String, &'static str)> {
        fields.check().err().map(|e| (e.pointer, e.code))
    }

    #[test]
    fn a_pipeline_needs_every_kind_of_stage_and_reasons_to_close_for() {
        assert_eq!(error_of(&pipeline()), None);
        let mut no_lost = pipeline();
        no_lost.stages.pop();
        assert_eq!(
            error_of(&no_lost),
            Some(("/stages".to_owned(), "missing_stage_kind"))
        );
        let mut twice = pipeline();
        twice.stages[1].name = "QUALIFY".to_owned();
        assert_eq!(
            error_of(&twice),
            Some(("/stages/1/name".to_owned(), "duplicate"))
        );
        let mut unsure_win = pipeline();
        unsure_win.stages[2].probability = 90;
        assert_eq!(
            error_of(&unsure_win),
            Some(("/stages/2/probability".to_owned(), "out_of_range"))
        );
        let mut no_reasons = pipeline();
        no_reasons.lost_reasons.clear();
        assert_eq!(
            error_of(&no_reasons),
            Some(("/lost_reasons".to_owned(), "required"))
        );
    }

    #[test]
    fn closing_needs_a_reason_of_the_closing_kind() {
        let p = pipeline();
        let id = |n| StageId::from_uuid(Uuid::from_u128(n));
        let code = |to, reason| p.enter(id(to), reason).err().map(|e| e.code);
        assert_eq!(code(2, None), None);
        assert_eq!(code(2, Some("Price")), Some("not_allowed"));
        assert_eq!(code(4, None), Some("required"));
        assert_eq!(code(4, Some("Price")), Some("unknown_reason"));
        assert_eq!(code(9, None), Some("stage_not_in_pipeline"));
        let entered = p.enter(id(4), Some(" no BUDGET ")).map(|e| e.reason);
        assert_eq!(entered, Ok(Some("No budget")));
    }
}
