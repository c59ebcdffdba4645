use actix_web::web::Path;
use actix_web::{get, HttpResponse};
use api_types::leads::LeadMatches;
use db::record::{self, Visibility};
use domain::lead::Lead;

use super::view;
use crate::auth::Caller;
use crate::extract::path_id;
use crate::kit::{Reply, State};
use crate::openapi::Id;

/// The records like a lead.
///
/// Accounts with the lead's company domain or one of its phone numbers, contacts with its
/// email or a phone number, and other open leads with any of the three: what a conversion
/// would use, and the duplicates to look at before working the lead. At most 10 of each
/// kind, oldest first; phone numbers match by their digits.
#[utoipa::path(
    tag = "leads",
    params(Id),
    responses((status = 200, description = "The records like the lead", body = LeadMatches)),
)]
#[get("/leads/{id}/matches")]
pub async fn lead_matches(state: State, caller: Caller, id: Path<String>) -> Reply {
    let id = path_id(&id)?;
    let matches = state
        .run(caller, move |conn, p| {
            let lead: Lead = record::get(conn, p.org, id, Visibility::Live)?;
            Ok(view::matches(db::leads::matches::find(conn, p.org, &lead)?))
        })
        .await?;
    Ok(HttpResponse::Ok().json(matches))
}
