use actix_web::web::Path;
use actix_web::{get, HttpResponse};
use api_types::scoring::{LeadScore, ScorePart};
use db::leads::score;
use db::record::{self, Visibility};
use domain::lead::Lead;

use crate::auth::Caller;
use crate::extract::path_id;
use crate::kit::{Reply, State};
use crate::openapi::Id;

/// A lead's score as of now, explained: which scoring rules gave or took how many points,
/// and why. Event points fade with time, so this may be a little below the stored `score`
/// until the daily rescoring.
#[utoipa::path(
    tag = "leads",
    params(Id),
    responses((status = 200, description = "The lead's score and its parts", body = LeadScore)),
)]
#[get("/leads/{id}/score")]
pub async fn lead_score(state: State, caller: Caller, id: Path<String>) -> Reply {
    let id = path_id(&id)?;
    let now = state.now();
    let scored = state
        .run(caller, move |conn, p| {
            let lead: Lead = record::get(conn, p.org, id, Visibility::Live)?;
            let captured = score::captured(&lead);
            Ok(score::explain(
                conn,
                p.org,
                lead.id,
                &lead.fields,
                captured,
                now,
            )?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(LeadScore {
        score: scored.total,
        parts: scored
            .parts
            .into_iter()
            .map(|p| ScorePart {
                rule_id: p.rule.to_string(),
                name: p.name,
                points: p.points,
                reason: p.reason,
            })
            .collect(),
        scored_at: now,
    }))
}
