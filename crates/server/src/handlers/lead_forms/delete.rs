use actix_web::delete;
use actix_web::web::Path;
use db::lead_forms::LeadForm;

use crate::auth::Caller;
use crate::extract::IfMatch;
use crate::kit::{self, Reply, State};
use crate::openapi::{self, Id};

/// Delete a capture form (soft: it can be restored; meanwhile it takes no submissions).
#[utoipa::path(
    tag = "lead-forms",
    params(Id, openapi::IfMatch),
    responses((status = 204, description = "Deleted")),
)]
#[delete("/lead-forms/{id}")]
pub async fn delete_lead_form(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
) -> Reply {
    kit::delete::<LeadForm>(&state, caller, &id, if_match).await
}
