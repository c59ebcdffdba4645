//! `GET /api/v1/me`.

use actix_web::{get, HttpResponse};
use api_types::auth::Me;
use db::record::{self, Visibility};
use db::users::User;

use crate::auth::Caller;
use crate::kit::{Reply, State};

/// The signed-in user and their organization.
#[utoipa::path(
    tag = "auth",
    responses((status = 200, description = "The signed-in user", body = Me)),
)]
#[get("/me")]
pub async fn me(state: State, caller: Caller) -> Reply {
    let (user, org_name, org) = state
        .run(caller, move |conn, p| {
            let user: User = record::get(conn, p.org, p.user, Visibility::Live)?;
            Ok((user, db::orgs::name(conn, p.org)?, p.org))
        })
        .await?;
    Ok(HttpResponse::Ok().json(Me {
        id: user.id.to_string(),
        email: user.email,
        name: user.name,
        role: user.role.as_str().to_owned(),
        org_id: org.to_string(),
        org_name,
    }))
}
