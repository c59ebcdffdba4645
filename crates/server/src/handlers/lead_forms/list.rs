use actix_web::web::Query;
use actix_web::{get, HttpResponse};
use api_types::lead_forms::LeadForm;
use api_types::{ListQuery, Page};

use crate::auth::Caller;
use crate::kit::{self, Reply, State};

/// List the capture forms, newest first.
#[utoipa::path(
    tag = "lead-forms",
    params(ListQuery),
    responses((status = 200, description = "A page of forms", body = Page<LeadForm>)),
)]
#[get("/lead-forms")]
pub async fn list_lead_forms(state: State, caller: Caller, query: Query<ListQuery>) -> Reply {
    let params = kit::list_params(&query, &db::lead_forms::SORTS)?;
    let page = state
        .run(caller, move |conn, p| {
            let page = db::lead_forms::list(conn, p.org, &params)?;
            kit::page(conn, p.org, page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}
