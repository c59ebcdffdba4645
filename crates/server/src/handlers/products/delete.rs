use actix_web::delete;
use actix_web::web::Path;
use db::products::Product;

use crate::auth::Caller;
use crate::extract::IfMatch;
use crate::kit::{self, Reply, State};
use crate::openapi::{self, Id};

/// Delete a product (it goes to the trash and can be restored). Deals keep their lines of
/// it; new lines cannot use it.
#[utoipa::path(
    tag = "products",
    params(Id, openapi::IfMatch),
    responses((status = 204, description = "Deleted")),
)]
#[delete("/products/{id}")]
pub async fn delete_product(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
) -> Reply {
    kit::delete::<Product>(&state, caller, &id, if_match).await
}
