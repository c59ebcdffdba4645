//! The ticket categories a partner's portal offers: kept as the admin ordered them, shown to
//! the portal, and the only ones a customer's new ticket may have there.

use reqwest::StatusCode;
use serde_json::json;

use crate::on_both;
use crate::portal::{access, branding, customer, partner};
use crate::support::{errors, expect_status};
use domain::Role;

on_both!(a_portal_offers_its_partners_ticket_categories, |app| {
    let admin = app.token(&app.a, Role::Admin);
    // Bad categories are refused by their place in the list.
    let bad = json!({"name": "Shop", "allowed_origins": [], "ticket_categories": ["billing", "Not a tag!"]});
    let refused = app.post("/api/v1/partners", &admin, &bad).await;
    assert_eq!(errors(refused).await[0].0, "/ticket_categories/1");
    let body = json!({"name": "Shop", "allowed_origins": [],
                      "ticket_categories": ["technical", "Billing", "technical"]});
    let key = partner(&app, &admin, body).await;
    let branding = branding(&app, &key).await;
    assert_eq!(
        branding["ticket_categories"],
        json!(["technical", "billing"])
    );

    let account = app.account(&admin, json!({"name": "Meier Druck"})).await;
    let account = account["id"].as_str().unwrap_or_default().to_owned();
    let (_, tokens) = customer(&app, &admin, (&key, &account, "ida@meier.example", "user")).await;
    let token = access(&tokens);
    let open = |category: &str| json!({"subject": "Invoice twice", "description": "We were billed twice.", "category": category});
    let refused = app
        .post("/api/v1/portal/tickets", &token, &open("returns"))
        .await;
    assert_eq!(
        errors(refused).await,
        [("/category".to_owned(), "unknown_category".to_owned())]
    );
    let opened = app
        .post("/api/v1/portal/tickets", &token, &open("billing"))
        .await;
    let opened = expect_status(opened, StatusCode::CREATED).await;
    let staff = app.token(&app.a, Role::Agent);
    let id = opened["id"].as_str().unwrap_or_default();
    let seen = app.get(&format!("/api/v1/tickets/{id}"), &staff).await;
    assert_eq!(
        expect_status(seen, StatusCode::OK).await["category"],
        "billing"
    );
});
