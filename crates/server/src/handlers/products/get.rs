use actix_web::get;
use actix_web::web::{Path, Query};
use api_types::RecordQuery;
use db::products::Product;

use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::Id;

/// Get a product.
#[utoipa::path(
    tag = "products",
    params(Id, RecordQuery),
    responses((status = 200, description = "The product", body = api_types::products::Product, headers(("ETag" = String)))),
)]
#[get("/products/{id}")]
pub async fn get_product(
    state: State,
    caller: Caller,
    id: Path<String>,
    query: Query<RecordQuery>,
) -> Reply {
    kit::get::<Product>(&state, caller, &id, &query).await
}
