use actix_web::{get, HttpResponse};
use api_types::portal::{PortalUser, PortalUserFilters};
use api_types::{ListQuery, Page};
use db::portal::users::PortalUserFilter;
use domain::{ContactId, Violations};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::Listing;
use crate::kit::{self, Reply, State};

/// List the portal users.
///
/// Sorts: `email` (the default), `created_at`, `updated_at`; `contact_id` finds a contact's.
#[utoipa::path(
    tag = "portal-users",
    params(ListQuery, PortalUserFilters),
    responses((status = 200, description = "A page of portal users", body = Page<PortalUser>)),
)]
#[get("/portal-users")]
pub async fn list_portal_users(
    state: State,
    caller: Caller,
    listing: Listing<PortalUserFilters>,
) -> Reply {
    let params = kit::list_params(&listing.list, &db::portal::users::SORTS)?;
    let mut v = Violations::new();
    let filter = PortalUserFilter {
        contact_id: v.check_opt(listing.filters.contact_id.as_deref(), |c| {
            ContactId::parse("/query/contact_id", c)
        }),
    };
    if !v.is_empty() {
        return Err(ApiError::InvalidParameters(v.into_errors()));
    }
    let page = state
        .run(caller, move |conn, p| {
            let page = db::portal::users::list(conn, p.org, &filter, &params)?;
            kit::page(conn, p.org, page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}
