//! `/api/v1/pipelines`: sales pipelines and their stages (admins and managers change them;
//! everyone reads them).

pub mod board;
pub mod create;
pub mod delete;
pub mod get;
pub mod input;
pub mod list;
pub mod restore;
pub mod update;

use api_types::pipelines::{Pipeline as PipelineBody, Stage as StageBody};
use db::pipelines::Pipeline;
use db::AnyConnection;
use domain::OrgId;
use domain::Permission::{ManageSales, ReadSales};

use crate::auth::{Access::Permission as Can, Routes};
use crate::error::ApiError;
use crate::kit::View;

/// The pipeline routes and who may call them.
pub fn routes(r: &mut Routes) {
    r.add(list::list_pipelines, Can(ReadSales))
        .add(create::create_pipeline, Can(ManageSales))
        .add(get::get_pipeline, Can(ReadSales))
        .add(update::update_pipeline, Can(ManageSales))
        .add(delete::delete_pipeline, Can(ManageSales))
        .add(restore::restore_pipeline, Can(ManageSales))
        .add(board::pipeline_board, Can(ReadSales));
}

impl View for Pipeline {
    type Body = PipelineBody;

    fn view(_: &mut AnyConnection, _: OrgId, p: &Pipeline) -> Result<PipelineBody, ApiError> {
        Ok(body(p))
    }
}

/// A pipeline as a response body.
pub fn body(p: &Pipeline) -> PipelineBody {
    let f = &p.fields;
    PipelineBody {
        id: p.id.to_string(),
        name: f.name.clone(),
        stages: f
            .stages
            .iter()
            .map(|s| StageBody {
                id: s.id.to_string(),
                name: s.name.clone(),
                probability: i32::from(s.probability),
                kind: s.kind.as_str().to_owned(),
            })
            .collect(),
        won_reasons: f.won_reasons.clone(),
        lost_reasons: f.lost_reasons.clone(),
        created_at: p.created_at,
        updated_at: p.updated_at,
        deleted_at: p.deleted_at,
        version: p.version,
    }
}
