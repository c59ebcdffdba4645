//! The product catalogue and deals' line items: prices per currency, lines priced from them,
//! the amount that is their sum, and every way a line can be wrong, each refused whole.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::on_both;
use crate::opportunities::{created, id, pipeline};
use crate::support::{count, expect_status, problem_code, TestApp};
use domain::Role;

/// The first field error of a 422: its pointer and code.
async fn refused(response: reqwest::Response) -> (String, String) {
    let problem = expect_status(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    let error = &problem["errors"][0];
    (
        error["pointer"].as_str().unwrap_or_default().to_owned(),
        error["code"].as_str().unwrap_or_default().to_owned(),
    )
}

fn pair(pointer: &str, code: &str) -> (String, String) {
    (pointer.to_owned(), code.to_owned())
}

fn lines_of(app: &TestApp) -> i64 {
    count(app, "SELECT COUNT(*) AS n FROM opportunity_line_items")
}

fn money(amount_minor: i64, currency: &str) -> Value {
    json!({"amount_minor": amount_minor, "currency": currency})
}

on_both!(a_catalogue_prices_products_per_currency, |app| {
    let manager = app.token(&app.a, Role::Manager);
    let sales = app.token(&app.a, Role::Sales);
    let seat = created(
        &app,
        &manager,
        "/api/v1/products",
        json!({
            "name": "Enterprise seat", "code": "ent-seat",
            "prices": [money(18_000, "USD"), money(16_000, "EUR")]
        }),
    )
    .await;
    assert_eq!(seat["active"], true);
    // The price book reads back in currency order.
    assert_eq!(
        seat["prices"],
        json!([money(16_000, "EUR"), money(18_000, "USD")])
    );
    let path = format!("/api/v1/products/{}", id(&seat));

    // Codes are unique among live products regardless of case; a deleted one frees its code
    // until it comes back.
    let twin = json!({"name": "Other", "code": "ENT-SEAT"});
    let response = app.post("/api/v1/products", &manager, &twin).await;
    assert_eq!(
        problem_code(response, StatusCode::CONFLICT).await,
        "product_code_taken"
    );
    let twice = json!({"name": "Twice", "prices": [money(1, "EUR"), money(2, "EUR")]});
    let response = app.post("/api/v1/products", &manager, &twice).await;
    assert_eq!(
        refused(response).await,
        pair("/prices/1/currency", "duplicate")
    );
    let negative = json!({"name": "Negative", "prices": [money(-1, "EUR")]});
    let response = app.post("/api/v1/products", &manager, &negative).await;
    assert_eq!(
        refused(response).await,
        pair("/prices/0/amount_minor", "negative")
    );

    // Sellers read the catalogue and may not change it.
    let response = app
        .post("/api/v1/products", &sales, &json!({"name": "Mine"}))
        .await;
    assert_eq!(
        problem_code(response, StatusCode::FORBIDDEN).await,
        "forbidden"
    );
    let found = expect_status(
        app.get("/api/v1/products?q=enterp&currency=USD", &sales)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(found["items"][0]["id"], seat["id"]);
    let none = expect_status(
        app.get("/api/v1/products?currency=GBP", &sales).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(none["items"], json!([]));

    let changed = app
        .patch(
            &path,
            &manager,
            Some("\"1\""),
            &json!({"prices": [money(17_000, "EUR")], "active": false}),
        )
        .await;
    let changed = expect_status(changed, StatusCode::OK).await;
    assert_eq!(
        (
            changed["prices"].clone(),
            changed["active"].clone(),
            changed["version"].clone()
        ),
        (json!([money(17_000, "EUR")]), json!(false), json!(2))
    );
    let active = expect_status(
        app.get("/api/v1/products?active=true", &sales).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(active["items"], json!([]));

    expect_status(
        app.delete(&path, &manager, None).await,
        StatusCode::NO_CONTENT,
    )
    .await;
    let again = created(
        &app,
        &manager,
        "/api/v1/products",
        json!({"name": "New seat", "code": "ENT-SEAT"}),
    )
    .await;
    let restore = app
        .post(&format!("{path}/restore"), &manager, &json!({}))
        .await;
    assert_eq!(
        problem_code(restore, StatusCode::CONFLICT).await,
        "product_code_taken"
    );
    let other = format!("/api/v1/products/{}", id(&again));
    expect_status(
        app.delete(&other, &manager, None).await,
        StatusCode::NO_CONTENT,
    )
    .await;
    expect_status(
        app.post(&format!("{path}/restore"), &manager, &json!({}))
            .await,
        StatusCode::OK,
    )
    .await;
});

on_both!(line_items_price_a_deal_and_make_its_amount, |app| {
    let manager = app.token(&app.a, Role::Manager);
    let sales = app.token(&app.a, Role::Sales);
    let p = pipeline(&app, &manager, "New business").await;
    let account = id(&app.account(&sales, json!({"name": "Northwind"})).await);
    created(
        &app,
        &manager,
        "/api/v1/exchange-rates",
        json!({"currency": "USD", "valid_from": "2026-01-01", "rate": "0.9"}),
    )
    .await;
    let seat = id(&created(
        &app,
        &manager,
        "/api/v1/products",
        json!({
            "name": "Enterprise seat", "prices": [money(10_000, "EUR"), money(11_000, "USD")]
        }),
    )
    .await);
    let support = id(&created(
        &app,
        &manager,
        "/api/v1/products",
        json!({
            "name": "Premium support", "prices": [money(500_000, "EUR")]
        }),
    )
    .await);
    let retired = id(&created(
        &app,
        &manager,
        "/api/v1/products",
        json!({
            "name": "Legacy seat", "active": false, "prices": [money(1, "EUR")]
        }),
    )
    .await);
    let deal = |lines: Value| {
        json!({"name": "Northwind seats", "account_id": account,
        "pipeline_id": id(&p), "close_date": "2027-03-31", "line_items": lines})
    };

    // Prices default from the catalogue in the deal's currency (the base one here); the amount
    // is the lines' sum: 25 × 100.00 less 10 % + 1 × 5,000.00 less 12.5 %.
    let made = created(&app, &sales, "/api/v1/opportunities", deal(json!([
        {"product_id": seat, "quantity": 25, "discount_percent": 10},
        {"product_id": support, "quantity": 1, "discount_percent": 12.5, "description": "First year"}
    ]))).await;
    assert_eq!(made["amount"], money(225_000 + 437_500, "EUR"));
    assert_eq!(made["amount_base_minor"], 662_500);
    let lines = made["line_items"].clone();
    assert_eq!(
        (
            lines[0]["name"].clone(),
            lines[0]["unit_price"].clone(),
            lines[0]["total"].clone()
        ),
        (
            json!("Enterprise seat"),
            money(10_000, "EUR"),
            money(225_000, "EUR")
        )
    );
    assert_eq!(
        (
            lines[1]["discount_percent"].clone(),
            lines[1]["description"].clone()
        ),
        (json!(12.5), json!("First year"))
    );
    let path = format!("/api/v1/opportunities/{}", id(&made));

    // Every wrong line is refused whole, and nothing of the deal is written.
    let before = (
        count(&app, "SELECT COUNT(*) AS n FROM opportunities"),
        lines_of(&app),
    );
    for (lines, amount, expected) in [
        (
            json!([{"product_id": seat, "quantity": -2}]),
            None,
            pair("/line_items/0/quantity", "negative"),
        ),
        (
            json!([{"product_id": seat, "quantity": 0}]),
            None,
            pair("/line_items/0/quantity", "too_small"),
        ),
        (
            json!([{"product_id": seat, "quantity": 1, "discount_percent": 100.5}]),
            None,
            pair("/line_items/0/discount_percent", "invalid_discount"),
        ),
        (
            json!([{"product_id": retired, "quantity": 1}]),
            None,
            pair("/line_items/0/product_id", "product_inactive"),
        ),
        (
            json!([{"product_id": seat, "quantity": 1}, {"product_id": support, "quantity": 1}]),
            Some(money(1, "USD")),
            pair("/line_items/1/unit_price", "no_price"),
        ),
        (
            json!([{"product_id": seat, "quantity": 1, "unit_price": money(5, "GBP")}]),
            Some(money(5, "EUR")),
            pair("/line_items/0/unit_price/currency", "currency_mismatch"),
        ),
        (
            json!([{"product_id": seat, "quantity": 2}]),
            Some(money(1, "EUR")),
            pair("/amount/amount_minor", "amount_from_line_items"),
        ),
    ] {
        let mut body = deal(lines);
        if let Some(amount) = amount {
            body["amount"] = amount;
        }
        let response = app.post("/api/v1/opportunities", &sales, &body).await;
        assert_eq!(refused(response).await, expected, "{body}");
    }
    assert_eq!(
        (
            count(&app, "SELECT COUNT(*) AS n FROM opportunities"),
            lines_of(&app)
        ),
        before
    );

    // In dollars, the lines take the dollar list price and a price given for one line.
    let dollars = created(&app, &sales, "/api/v1/opportunities", deal(json!([
        {"product_id": seat, "quantity": 2},
        {"product_id": support, "quantity": 1, "unit_price": money(600_000, "USD"), "name": "Support, custom"}
    ]))).await;
    assert_eq!(dollars["amount"], money(622_000, "USD"));
    assert_eq!(dollars["amount_base_minor"], 559_800);

    // A change that keeps the lines keeps the amount; an amount that is not their sum, or a
    // currency the lines are not in, is refused.
    let renamed = app
        .patch(&path, &sales, None, &json!({"name": "Northwind: 25 seats"}))
        .await;
    let renamed = expect_status(renamed, StatusCode::OK).await;
    assert_eq!(
        (renamed["amount"].clone(), renamed["line_items"].clone()),
        (made["amount"].clone(), lines)
    );
    let response = app
        .patch(&path, &sales, None, &json!({"amount": money(1, "EUR")}))
        .await;
    assert_eq!(
        refused(response).await,
        pair("/amount/amount_minor", "amount_from_line_items")
    );
    let response = app
        .patch(
            &path,
            &sales,
            None,
            &json!({"amount": money(662_500, "USD")}),
        )
        .await;
    assert_eq!(
        refused(response).await,
        pair("/line_items/0/unit_price/currency", "currency_mismatch")
    );

    // A product retired or deleted later stays on the deal; the lines can still change
    // around it, but no new line may use it.
    let seat_path = format!("/api/v1/products/{seat}");
    expect_status(
        app.delete(&seat_path, &manager, None).await,
        StatusCode::NO_CONTENT,
    )
    .await;
    // Sent back as read, less the total the server works out.
    let mut kept = renamed["line_items"].clone();
    for line in kept.as_array_mut().into_iter().flatten() {
        line.as_object_mut().map(|l| l.remove("total"));
    }
    kept[0]["quantity"] = json!(30);
    let body = json!({"line_items": kept});
    let grown = expect_status(app.patch(&path, &sales, None, &body).await, StatusCode::OK).await;
    assert_eq!(grown["amount"], money(270_000 + 437_500, "EUR"));
    assert_eq!(grown["line_items"][0]["name"], "Enterprise seat");
    let response = app
        .post(
            "/api/v1/opportunities",
            &sales,
            &deal(json!([{"product_id": seat, "quantity": 1}])),
        )
        .await;
    assert_eq!(
        refused(response).await,
        pair("/line_items/0/product_id", "unknown_reference")
    );

    // Lines cleared: the amount stays what they last made, and can be set freely again.
    let cleared = app
        .patch(&path, &sales, None, &json!({"line_items": []}))
        .await;
    let cleared = expect_status(cleared, StatusCode::OK).await;
    assert_eq!(
        (cleared["line_items"].clone(), cleared["amount"].clone()),
        (json!([]), grown["amount"].clone())
    );
    let set = app
        .patch(&path, &sales, None, &json!({"amount": money(1_000, "EUR")}))
        .await;
    assert_eq!(
        expect_status(set, StatusCode::OK).await["amount"],
        money(1_000, "EUR")
    );

    // Another organization's product is no product here.
    let theirs = app.token(&app.b, Role::Manager);
    let foreign = id(&created(
        &app,
        &theirs,
        "/api/v1/products",
        json!({"name": "Theirs", "prices": [money(1, "EUR")]}),
    )
    .await);
    let response = app
        .post(
            "/api/v1/opportunities",
            &sales,
            &deal(json!([{"product_id": foreign, "quantity": 1}])),
        )
        .await;
    assert_eq!(
        refused(response).await,
        pair("/line_items/0/product_id", "unknown_reference")
    );
});
