use actix_web::web::{Path, Query};
use actix_web::{get, HttpResponse};
use api_types::pipelines::{BoardColumn, BoardFilters, PipelineBoard};
use db::opportunities::DealFilter;
use db::pipelines::Pipeline;
use db::record::{self, Visibility};
use domain::{UserId, Violations};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::path_id;
use crate::kit::{Reply, State};
use crate::openapi::Id;

/// A pipeline board's column totals.
///
/// For each stage in board order: how many live deals are in it, their amounts and their
/// weighted amounts in the base currency, narrowed by owner and close dates. The cards of a
/// column are `GET /api/v1/opportunities?stage_id=…` with the same filters.
#[utoipa::path(
    tag = "pipelines",
    params(Id, BoardFilters),
    responses((status = 200, description = "The column totals", body = PipelineBoard)),
)]
#[get("/pipelines/{id}/board")]
pub async fn pipeline_board(
    state: State,
    caller: Caller,
    id: Path<String>,
    query: Query<BoardFilters>,
) -> Reply {
    let id = path_id(&id)?;
    let mut v = Violations::new();
    let filter = DealFilter {
        owner_id: v.check_opt(query.owner_id.as_deref(), |o| {
            UserId::parse("/query/owner_id", o)
        }),
        close_from: query.close_from,
        close_to: query.close_to,
        ..DealFilter::default()
    };
    if !v.is_empty() {
        return Err(ApiError::InvalidParameters(v.into_errors()));
    }
    let board = state
        .run(caller, move |conn, p| {
            let pipeline: Pipeline = record::get(conn, p.org, id, Visibility::Live)?;
            let totals = db::opportunities::board::totals(conn, p.org, id, &filter)?;
            let base = db::orgs::get(conn, p.org)?.base_currency;
            Ok(PipelineBoard {
                pipeline_id: id.to_string(),
                base_currency: base.code().to_owned(),
                columns: pipeline
                    .fields
                    .stages
                    .iter()
                    .map(|s| {
                        let t = totals.iter().find(|t| t.stage_id == s.id);
                        BoardColumn {
                            stage_id: s.id.to_string(),
                            count: t.map_or(0, |t| t.count),
                            amount_base_minor: t.map_or(0, |t| t.amount_base_minor),
                            weighted_amount_minor: t.map_or(0, |t| t.weighted_minor),
                        }
                    })
                    .collect(),
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(board))
}
