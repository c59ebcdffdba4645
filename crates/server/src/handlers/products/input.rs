//! Turning product request bodies into validated domain fields.

use api_types::products::{CreateProduct, UpdateProduct};
use api_types::MoneyBody;
use db::products::Product;
use domain::product::{check_prices, ProductFields};
use domain::{text, FieldError, Money, Violations};

use crate::auth::Principal;
use crate::error::ApiError;

fn price(i: usize, body: &MoneyBody) -> Result<Money, FieldError> {
    Money::parse(
        &format!("/prices/{i}"),
        body.amount_minor,
        &body.currency,
        true,
    )
}

/// Validates a whole product.
pub fn parse(body: CreateProduct) -> Result<ProductFields, ApiError> {
    let mut v = Violations::new();
    let name = v.check(text::required("/name", &body.name, 200));
    let code = v
        .check_opt(body.code, |c| text::optional("/code", &c, 64))
        .flatten();
    let description = v
        .check_opt(body.description, |d| {
            text::optional("/description", &d, 2000)
        })
        .flatten();
    let prices = body
        .prices
        .iter()
        .enumerate()
        .map(|(i, p)| price(i, p))
        .collect::<Result<Vec<_>, _>>()
        .and_then(|prices| check_prices(&prices).map(|()| prices));
    let prices = v.check(prices);
    v.finish(|| {
        Some(ProductFields {
            name: name?,
            code,
            description,
            active: body.active.unwrap_or(true),
            prices: prices?,
        })
    })
    .map_err(ApiError::from)
}

/// The fields of `current` with `patch` applied, validated exactly like a creation.
pub fn merge(
    current: &Product,
    patch: UpdateProduct,
    _caller: &Principal,
) -> Result<ProductFields, ApiError> {
    let now = super::body(current);
    parse(CreateProduct {
        name: patch.name.unwrap_or(now.name),
        code: patch.code.or(now.code),
        description: patch.description.or(now.description),
        active: Some(patch.active.unwrap_or(now.active)),
        prices: patch.prices.unwrap_or(now.prices),
    })
}
