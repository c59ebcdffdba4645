//! Turning pipeline request bodies into validated domain fields.

use api_types::pipelines::{CreatePipeline, StageInput, UpdatePipeline};
use db::pipelines::Pipeline;
use domain::pipeline::{PipelineFields, Stage, StageKind, MAX_REASONS, MAX_STAGES};
use domain::validation::list;
use domain::{text, FieldError, StageId, Violations};

use crate::auth::Principal;
use crate::error::ApiError;

/// One stage at `/stages/<i>`: a kept stage of `current` when it names one, else a new stage.
fn stage(i: usize, input: &StageInput, current: Option<&Pipeline>) -> Result<Stage, FieldError> {
    let at = |field: &str| format!("/stages/{i}/{field}");
    let id = match (&input.id, current) {
        (None, _) => StageId::mint(),
        (Some(_), None) => {
            return Err(FieldError::new(
                at("id"),
                "not_allowed",
                "a new pipeline's stages are all new; leave id out",
            ))
        }
        (Some(raw), Some(pipeline)) => {
            let id = StageId::parse(&at("id"), raw)?;
            pipeline.fields.stage(id).ok_or_else(|| {
                FieldError::new(at("id"), "unknown_stage", "is not a stage of this pipeline")
            })?;
            id
        }
    };
    let kind = match &input.kind {
        Some(raw) => StageKind::parse(&at("kind"), raw)?,
        None => StageKind::Open,
    };
    let probability = match (input.probability, kind) {
        (Some(p), _) => u8::try_from(p).ok().filter(|p| *p <= 100).ok_or_else(|| {
            FieldError::new(at("probability"), "out_of_range", "must be 0 to 100")
        })?,
        (None, StageKind::Won) => 100,
        (None, StageKind::Lost) => 0,
        (None, StageKind::Open) => {
            return Err(FieldError::new(
                at("probability"),
                "required",
                "an open stage needs a probability",
            ))
        }
    };
    Ok(Stage {
        id,
        name: text::required(&at("name"), &input.name, 60)?,
        probability,
        kind,
    })
}

fn stages(inputs: &[StageInput], current: Option<&Pipeline>) -> Result<Vec<Stage>, FieldError> {
    if inputs.len() > MAX_STAGES {
        return Err(FieldError::new(
            "/stages",
            "too_many",
            format!("at most {MAX_STAGES} stages"),
        ));
    }
    let stages = inputs
        .iter()
        .enumerate()
        .map(|(i, s)| stage(i, s, current))
        .collect::<Result<Vec<_>, _>>()?;
    for (i, s) in stages.iter().enumerate() {
        if inputs[i].id.is_some() && stages[..i].iter().any(|t| t.id == s.id) {
            return Err(FieldError::new(
                format!("/stages/{i}/id"),
                "duplicate",
                "names a stage listed before",
            ));
        }
    }
    Ok(stages)
}

/// Validates a whole pipeline; `current` is the pipeline being changed.
fn parse(body: CreatePipeline, current: Option<&Pipeline>) -> Result<PipelineFields, ApiError> {
    let mut v = Violations::new();
    let name = v.check(text::required("/name", &body.name, 100));
    let stages = v.check(stages(&body.stages, current));
    let reason = |pointer: &str, raw: &str| text::required(pointer, raw, 100);
    let won = v.check(list("/won_reasons", &body.won_reasons, MAX_REASONS, reason));
    let lost = v.check(list(
        "/lost_reasons",
        &body.lost_reasons,
        MAX_REASONS,
        reason,
    ));
    let fields = v.finish(|| {
        Some(PipelineFields {
            name: name?,
            stages: stages?,
            won_reasons: won?,
            lost_reasons: lost?,
        })
    })?;
    fields.check().map_err(|e| ApiError::Validation(vec![e]))?;
    Ok(fields)
}

/// Validates a new pipeline.
pub fn create(body: CreatePipeline) -> Result<PipelineFields, ApiError> {
    parse(body, None)
}

/// The fields of `current` with `patch` applied, validated exactly like a creation.
pub fn merge(
    current: &Pipeline,
    patch: UpdatePipeline,
    _caller: &Principal,
) -> Result<PipelineFields, ApiError> {
    let now = super::body(current);
    let kept = now
        .stages
        .into_iter()
        .map(|s| StageInput {
            id: Some(s.id),
            name: s.name,
            probability: Some(s.probability),
            kind: Some(s.kind),
        })
        .collect();
    parse(
        CreatePipeline {
            name: patch.name.unwrap_or(now.name),
            stages: patch.stages.unwrap_or(kept),
            won_reasons: patch.won_reasons.unwrap_or(now.won_reasons),
            lost_reasons: patch.lost_reasons.unwrap_or(now.lost_reasons),
        },
        Some(current),
    )
}
