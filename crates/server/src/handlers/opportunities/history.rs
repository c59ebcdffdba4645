use actix_web::web::Path;
use actix_web::{get, HttpResponse};
use api_types::opportunities::StageChangeBody;

use crate::auth::Caller;
use crate::extract::path_id;
use crate::kit::{Reply, State};
use crate::openapi::Id;

/// An opportunity's stage history, oldest first.
///
/// Every stage it entered, from the one it was created in: who moved it, when, how long it
/// had stayed in the stage before, and why it closed.
#[utoipa::path(
    tag = "opportunities",
    params(Id),
    responses((status = 200, description = "The stage changes", body = Vec<StageChangeBody>)),
)]
#[get("/opportunities/{id}/stage-history")]
pub async fn list_stage_history(state: State, caller: Caller, id: Path<String>) -> Reply {
    let id = path_id(&id)?;
    let changes = state
        .run(caller, move |conn, p| {
            let changes = db::opportunities::history::list(conn, p.org, id)?;
            let mut stages: Vec<_> = changes.iter().map(|c| c.to_stage_id).collect();
            stages.extend(changes.iter().filter_map(|c| c.from_stage_id));
            let names = db::pipelines::stage_names(conn, p.org, &stages)?;
            let name = |s| {
                names
                    .iter()
                    .find(|(id, _)| *id == s)
                    .map(|(_, n)| n.clone())
                    .unwrap_or_default()
            };
            Ok(changes
                .into_iter()
                .map(|c| StageChangeBody {
                    changed_at: c.at,
                    changed_by: c.by.map(|u| u.to_string()),
                    from_stage_name: c.from_stage_id.map(name),
                    from_stage_id: c.from_stage_id.map(|s| s.to_string()),
                    to_stage_name: name(c.to_stage_id),
                    to_stage_id: c.to_stage_id.to_string(),
                    seconds_in_previous_stage: c.seconds_in_previous,
                    reason: c.reason,
                })
                .collect::<Vec<_>>())
        })
        .await?;
    Ok(HttpResponse::Ok().json(changes))
}
