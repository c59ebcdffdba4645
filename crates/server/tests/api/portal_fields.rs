//! A partner's own questions on a new ticket (custom ticket fields): defined by admins,
//! shown to the portal, answered by customers by the question's kind, and kept with the
//! ticket as they were asked for staff and customer alike.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::on_both;
use crate::portal::{access, branding, customer, partner};
use crate::support::{errors, expect_status};
use domain::Role;

fn questions() -> Value {
    json!([
        {"key": "order_number", "label": "Order number", "kind": "text", "required": true,
         "hint": "On your invoice, such as A-1042"},
        {"key": "size", "label": "Machine size", "kind": "choice", "required": false,
         "options": ["Small", "Large"]},
        {"key": "copies", "label": "Copies a day", "kind": "number", "required": false},
        {"key": "since", "label": "Since when", "kind": "date", "required": false},
        {"key": "agree", "label": "You may call me", "kind": "checkbox", "required": true}
    ])
}

on_both!(a_partners_questions_are_asked_checked_and_kept, |app| {
    let admin = app.token(&app.a, Role::Admin);
    // Every fault of the definitions is said at its place.
    let bad = json!({"name": "Shop", "allowed_origins": [], "ticket_fields": [
        {"key": "size", "label": "Size", "kind": "choice"},
        {"key": "size", "label": "Again", "kind": "text", "options": ["A"]},
        {"key": "Not a key", "label": " ", "kind": "colour"}
    ]});
    assert_eq!(
        errors(app.post("/api/v1/partners", &admin, &bad).await).await,
        [
            ("/ticket_fields/0/options", "invalid_options"),
            ("/ticket_fields/1/options", "options_not_allowed"),
            ("/ticket_fields/1/key", "duplicate_key"),
            ("/ticket_fields/2/key", "invalid_tag"),
            ("/ticket_fields/2/label", "required"),
            ("/ticket_fields/2/kind", "invalid_kind"),
        ]
        .map(|(p, c)| (p.to_owned(), c.to_owned()))
    );
    let created = app
        .post(
            "/api/v1/partners",
            &admin,
            &json!({"name": "Shop", "allowed_origins": [], "ticket_fields": questions()}),
        )
        .await;
    let created = expect_status(created, StatusCode::CREATED).await;
    assert_eq!(created["ticket_fields"], questions());
    let key = created["key"].as_str().unwrap_or_default().to_owned();
    assert_eq!(branding(&app, &key).await["ticket_fields"], questions());

    let account = app.account(&admin, json!({"name": "Meier Druck"})).await;
    let account = account["id"].as_str().unwrap_or_default().to_owned();
    let (_, tokens) = customer(&app, &admin, (&key, &account, "ida@meier.example", "user")).await;
    let token = access(&tokens);
    let open = |answers: Value| json!({"subject": "Press stops", "description": "It halts.", "custom_fields": answers});
    // Unanswered required questions, wrong kinds and a question not asked: all said, and
    // no ticket is opened.
    let wrong = open(
        json!({"size": "Huge", "copies": "many", "since": "2026-02-30",
                            "agree": false, "colour": "red", "order_number": "  "}),
    );
    assert_eq!(
        errors(app.post("/api/v1/portal/tickets", &token, &wrong).await).await,
        [
            ("/custom_fields/colour", "unknown_field"),
            ("/custom_fields/order_number", "required"),
            ("/custom_fields/size", "unknown_option"),
            ("/custom_fields/copies", "invalid_answer"),
            ("/custom_fields/since", "invalid_answer"),
            ("/custom_fields/agree", "required"),
        ]
        .map(|(p, c)| (p.to_owned(), c.to_owned()))
    );
    let listed = expect_status(
        app.get("/api/v1/portal/tickets", &token).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(listed["items"], json!([]));

    let right = open(
        json!({"order_number": " A-1042 ", "size": "Large", "copies": 2500,
                            "since": "2026-11-30", "agree": true}),
    );
    let opened = app.post("/api/v1/portal/tickets", &token, &right).await;
    let opened = expect_status(opened, StatusCode::CREATED).await;
    let answered = json!([
        {"key": "order_number", "label": "Order number", "kind": "text", "value": "A-1042"},
        {"key": "size", "label": "Machine size", "kind": "choice", "value": "Large"},
        {"key": "copies", "label": "Copies a day", "kind": "number", "value": 2500.0},
        {"key": "since", "label": "Since when", "kind": "date", "value": "2026-11-30"},
        {"key": "agree", "label": "You may call me", "kind": "checkbox", "value": true}
    ]);
    assert_eq!(opened["custom_fields"], answered);

    // A question reworded later leaves what the customer was asked as it was.
    let path = format!(
        "/api/v1/partners/{}",
        created["id"].as_str().unwrap_or_default()
    );
    let reworded = json!({"ticket_fields": [
        {"key": "order_number", "label": "Invoice number", "kind": "text"}
    ]});
    let changed = app.patch(&path, &admin, None, &reworded).await;
    assert_eq!(
        expect_status(changed, StatusCode::OK).await["ticket_fields"][0]["label"],
        "Invoice number"
    );
    let id = opened["id"].as_str().unwrap_or_default();
    let mine = app
        .get(&format!("/api/v1/portal/tickets/{id}"), &token)
        .await;
    assert_eq!(
        expect_status(mine, StatusCode::OK).await["custom_fields"],
        answered
    );
    let staff = app.token(&app.a, Role::Agent);
    let seen = app.get(&format!("/api/v1/tickets/{id}"), &staff).await;
    assert_eq!(
        expect_status(seen, StatusCode::OK).await["custom_fields"],
        answered
    );
    let list = app.get("/api/v1/tickets?limit=5", &staff).await;
    assert_eq!(
        expect_status(list, StatusCode::OK).await["items"][0]["custom_fields"],
        answered
    );
    // Staff find it by an answer, as by the words of its conversation.
    let found = app.get("/api/v1/tickets?q=A-1042", &staff).await;
    assert_eq!(
        expect_status(found, StatusCode::OK).await["items"][0]["id"],
        id
    );
    // Another organization's staff see neither the ticket nor its answers.
    let stranger = app.token(&app.b, Role::Admin);
    let hidden = app.get(&format!("/api/v1/tickets/{id}"), &stranger).await;
    assert_eq!(hidden.status(), StatusCode::NOT_FOUND);
    // Only what is asked now is answered: the reworded question is optional and the others
    // are gone.
    let old = open(json!({"size": "Large"}));
    assert_eq!(
        errors(app.post("/api/v1/portal/tickets", &token, &old).await).await,
        [("/custom_fields/size".to_owned(), "unknown_field".to_owned())]
    );
    let none = app
        .post(
            "/api/v1/portal/tickets",
            &token,
            &open(json!({"order_number": null})),
        )
        .await;
    assert_eq!(
        expect_status(none, StatusCode::CREATED).await["custom_fields"],
        json!([])
    );

    // A portal that asks nothing takes no answers.
    let plain = partner(
        &app,
        &admin,
        json!({"name": "Plain", "allowed_origins": []}),
    )
    .await;
    let (_, other) = customer(&app, &admin, (&plain, &account, "jo@meier.example", "user")).await;
    let other = other["access_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let refused = app
        .post(
            "/api/v1/portal/tickets",
            &other,
            &open(json!({"order_number": "A-1"})),
        )
        .await;
    assert_eq!(
        errors(refused).await,
        [(
            "/custom_fields/order_number".to_owned(),
            "unknown_field".to_owned()
        )]
    );
});
