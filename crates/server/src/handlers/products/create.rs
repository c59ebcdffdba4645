use actix_web::post;
use api_types::products::{CreateProduct, Product};

use super::input;
use crate::auth::Caller;
use crate::extract::Json;
use crate::kit::{self, Reply, State};
use crate::openapi::{Conflict, Invalid};

/// Add a product to the catalogue.
///
/// Its `code`, when given, is unique among live products regardless of case (409
/// `product_code_taken`). Each currency has at most one price (422 `duplicate`).
#[utoipa::path(
    tag = "products",
    request_body = CreateProduct,
    responses(
        (status = 201, description = "Created", body = Product, headers(("ETag" = String), ("Location" = String))),
        Conflict,
        Invalid,
    ),
)]
#[post("/products")]
pub async fn create_product(state: State, caller: Caller, body: Json<CreateProduct>) -> Reply {
    let fields = input::parse(body.into_inner())?;
    let now = state.now();
    let product = state
        .run(caller, move |conn, p| {
            Ok(db::products::create(conn, p.org, &fields, now)?)
        })
        .await?;
    Ok(kit::created(
        format!("/api/v1/products/{}", product.id),
        product.version,
        &super::body(&product),
    ))
}
