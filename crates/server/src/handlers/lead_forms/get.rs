use actix_web::get;
use actix_web::web::{Path, Query};
use api_types::RecordQuery;
use db::lead_forms::LeadForm;

use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::Id;

/// Get a capture form.
#[utoipa::path(
    tag = "lead-forms",
    params(Id, RecordQuery),
    responses((status = 200, description = "The form", body = api_types::lead_forms::LeadForm, headers(("ETag" = String)))),
)]
#[get("/lead-forms/{id}")]
pub async fn get_lead_form(
    state: State,
    caller: Caller,
    id: Path<String>,
    query: Query<RecordQuery>,
) -> Reply {
    kit::get::<LeadForm>(&state, caller, &id, &query).await
}
