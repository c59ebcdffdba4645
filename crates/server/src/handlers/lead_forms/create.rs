use crate::extract::Json;
use actix_web::post;
use api_types::lead_forms::CreateLeadForm;
use domain::LeadFormId;

use super::{input, view};
use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::Invalid;

/// Create a capture form.
///
/// The answer's `submission_path` is where its submissions go; the web app turns it into an
/// HTML snippet to paste into a web page. Pages of `allowed_origins` may send submissions.
#[utoipa::path(
    tag = "lead-forms",
    request_body = CreateLeadForm,
    responses(
        (status = 201, description = "Created", body = api_types::lead_forms::LeadForm, headers(("ETag" = String), ("Location" = String))),
        Invalid,
    ),
)]
#[post("/lead-forms")]
pub async fn create_lead_form(state: State, caller: Caller, body: Json<CreateLeadForm>) -> Reply {
    let body = body.into_inner();
    let now = state.now();
    let (org, form) = state
        .run(caller, move |conn, p| {
            let fields = input::parse(body)?;
            let form = db::lead_forms::create(conn, p.org, LeadFormId::mint(), &fields, now)?;
            Ok((p.org, form))
        })
        .await?;
    let location = format!("/api/v1/lead-forms/{}", form.id);
    Ok(kit::created(
        location,
        form.version,
        &view::form(org, &form),
    ))
}
