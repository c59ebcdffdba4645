use actix_web::patch;
use actix_web::web::Path;
use api_types::products::UpdateProduct;
use db::products::Product;

use super::input;
use crate::auth::Caller;
use crate::extract::{IfMatch, Json};
use crate::kit::{self, Reply, State};
use crate::openapi::{self, Conflict, Id, Invalid};

/// Change a product.
///
/// Fields left out stay; `prices` replaces the whole price book. Deals already quoted keep
/// their prices; a deactivated product stays on them but new lines cannot use it.
#[utoipa::path(
    tag = "products",
    params(Id, openapi::IfMatch),
    request_body = UpdateProduct,
    responses(
        (status = 200, description = "The changed product", body = api_types::products::Product, headers(("ETag" = String))),
        Conflict,
        Invalid,
    ),
)]
#[patch("/products/{id}")]
pub async fn update_product(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
    body: Json<UpdateProduct>,
) -> Reply {
    kit::update::<Product, _>(
        &state,
        caller,
        &id,
        if_match,
        body.into_inner(),
        input::merge,
    )
    .await
}
