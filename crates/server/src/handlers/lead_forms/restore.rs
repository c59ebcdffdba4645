use actix_web::post;
use actix_web::web::Path;
use db::lead_forms::LeadForm;

use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::Id;

/// Restore a deleted capture form.
#[utoipa::path(
    tag = "lead-forms",
    params(Id),
    responses((status = 200, description = "The restored form", body = api_types::lead_forms::LeadForm, headers(("ETag" = String)))),
)]
#[post("/lead-forms/{id}/restore")]
pub async fn restore_lead_form(state: State, caller: Caller, id: Path<String>) -> Reply {
    kit::restore::<LeadForm>(&state, caller, &id).await
}
