use actix_web::post;
use api_types::portal::{CreatePartner, Partner};

use super::input;
use crate::auth::{tokens, Caller};
use crate::extract::Json;
use crate::kit::{self, Reply, State};
use crate::openapi::Invalid;

/// Add a partner.
///
/// Answers with its `key`, which names its portal (`/portal/{key}`) and its customers'
/// sign-ins. Only pages at `allowed_origins` may frame the portal.
#[utoipa::path(
    tag = "partners",
    request_body = CreatePartner,
    responses(
        (status = 201, description = "Created", body = Partner, headers(("ETag" = String), ("Location" = String))),
        Invalid,
    ),
)]
#[post("/partners")]
pub async fn create_partner(state: State, caller: Caller, body: Json<CreatePartner>) -> Reply {
    let fields = input::parse(body.into_inner())?;
    let now = state.now();
    let partner = state
        .run(caller, move |conn, p| {
            let key = tokens::new_partner_key(p.org);
            Ok(db::portal::partners::create(
                conn, p.org, &key, &fields, now,
            )?)
        })
        .await?;
    Ok(kit::created(
        format!("/api/v1/partners/{}", partner.id),
        partner.version,
        &super::body(&partner),
    ))
}
