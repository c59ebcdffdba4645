use actix_web::post;
use actix_web::web::Path;
use db::products::Product;

use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::{Conflict, Id};

/// Restore a deleted product; its code must not have been taken meanwhile (409
/// `product_code_taken`).
#[utoipa::path(
    tag = "products",
    params(Id),
    responses(
        (status = 200, description = "The restored product", body = api_types::products::Product, headers(("ETag" = String))),
        Conflict,
    ),
)]
#[post("/products/{id}/restore")]
pub async fn restore_product(state: State, caller: Caller, id: Path<String>) -> Reply {
    kit::restore::<Product>(&state, caller, &id).await
}
