use actix_web::{get, HttpResponse};
use api_types::products::{Product, ProductFilters};
use api_types::{ListQuery, Page};
use db::products::ProductFilter;
use domain::{text, Currency, Violations};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::Listing;
use crate::kit::{self, Reply, State};

/// List the catalogue.
///
/// Sorts: `name` (the default), `created_at`, `updated_at`. `q` finds products by words of
/// their name or code; `active=true` lists what can be sold; `currency=EUR` only what has a
/// price in euros.
#[utoipa::path(
    tag = "products",
    params(ListQuery, ProductFilters),
    responses((status = 200, description = "A page of products", body = Page<Product>)),
)]
#[get("/products")]
pub async fn list_products(
    state: State,
    caller: Caller,
    listing: Listing<ProductFilters>,
) -> Reply {
    let params = kit::list_params(&listing.list, &db::products::SORTS)?;
    let filter = filter(&listing.filters)?;
    let page = state
        .run(caller, move |conn, p| {
            let page = db::products::list(conn, p.org, &filter, &params)?;
            kit::page(conn, p.org, page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

fn filter(query: &ProductFilters) -> Result<ProductFilter, ApiError> {
    let mut v = Violations::new();
    let filter = ProductFilter {
        words: query
            .q
            .as_deref()
            .map(text::query_words)
            .unwrap_or_default(),
        active: query.active,
        currency: v.check_opt(query.currency.as_deref(), |c| {
            Currency::parse("/query/currency", c)
        }),
    };
    if v.is_empty() {
        Ok(filter)
    } else {
        Err(ApiError::InvalidParameters(v.into_errors()))
    }
}
