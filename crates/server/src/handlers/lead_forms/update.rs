use actix_web::patch;
use actix_web::web::Path;

use crate::extract::Json;
use api_types::lead_forms::UpdateLeadForm;
use db::lead_forms::LeadForm;

use super::input;
use crate::auth::Caller;
use crate::extract::IfMatch;
use crate::kit::{self, Reply, State};
use crate::openapi::{self, Id, Invalid};

/// Change a capture form.
///
/// Fields left out stay as they are; `null` clears a field. Send the `ETag` you read in
/// `If-Match` to be told (412) when someone else changed the form in the meantime.
#[utoipa::path(
    tag = "lead-forms",
    params(Id, openapi::IfMatch),
    request_body = UpdateLeadForm,
    responses(
        (status = 200, description = "The changed form", body = api_types::lead_forms::LeadForm, headers(("ETag" = String))),
        Invalid,
    ),
)]
#[patch("/lead-forms/{id}")]
pub async fn update_lead_form(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
    body: Json<UpdateLeadForm>,
) -> Reply {
    kit::update::<LeadForm, _>(
        &state,
        caller,
        &id,
        if_match,
        body.into_inner(),
        input::merge,
    )
    .await
}
