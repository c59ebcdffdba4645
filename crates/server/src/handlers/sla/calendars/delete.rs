use actix_web::delete;
use actix_web::web::Path;

use crate::auth::Caller;
use crate::extract::IfMatch;
use crate::kit::{self, Reply, State};
use crate::openapi::{self, Conflict, Id};

/// Delete a business calendar (it goes to the trash and can be restored).
///
/// A calendar that a live policy uses cannot be deleted (409 `calendar_in_use`): move the
/// policies to another calendar, or delete them, first.
#[utoipa::path(
    tag = "sla",
    params(Id, openapi::IfMatch),
    responses((status = 204, description = "Deleted"), Conflict),
)]
#[delete("/sla/calendars/{id}")]
pub async fn delete_calendar(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
) -> Reply {
    kit::delete::<db::sla::Calendar>(&state, caller, &id, if_match).await
}
