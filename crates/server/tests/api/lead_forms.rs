//! Web-to-lead: capture forms, and what a web page's submission becomes.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::on_both;
use crate::support::{count, expect_status, problem_code, spawn_configured, Backend, TestApp};
use domain::Role;

const SITE: &str = "http://127.0.0.1:9";

async fn form(app: &TestApp, token: &str, owner: &str) -> Value {
    let body = json!({
        "name": "Contact us", "thank_you_url": "https://www.example.com/thanks",
        "allowed_origins": [SITE, "https://www.example.com/"], "source": "web", "campaign": "Spring 2026",
        "owner_id": owner,
        "fields": [{"field": "first_name"}, {"field": "last_name", "required": true},
                   {"field": "email", "required": true}, {"field": "company"}, {"field": "country"},
                   {"field": "phone"}, {"field": "message", "label": "How can we help?"}]
    });
    expect_status(
        app.post("/api/v1/lead-forms", token, &body).await,
        StatusCode::CREATED,
    )
    .await
}

fn submit(
    app: &TestApp,
    path: &str,
    origin: Option<&str>,
    body: &Value,
) -> reqwest::RequestBuilder {
    let request = app.request(Method::POST, path, None).json(body);
    match origin {
        Some(origin) => request.header("Origin", origin),
        None => request,
    }
}

fn allow_origin(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get("access-control-allow-origin")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

on_both!(a_web_page_submission_becomes_an_owned_lead, |app| {
    let admin = app.token(&app.a, Role::Admin);
    let owner = app.a.user(Role::Sales).to_string();
    let created = form(&app, &admin, &owner).await;
    let path = created["submission_path"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(
        created["allowed_origins"],
        json!([SITE, "https://www.example.com"])
    );
    assert_eq!(
        created["fields"][0],
        json!({"field": "first_name", "label": "First name", "required": false})
    );

    let body = json!({"first_name": "Grace", "last_name": "Hopper", "email": "grace@cobol.example",
                      "country": "us", "phone": "+1 202 555 0100", "message": "Please call me.", "homepage": ""});
    let answer = submit(&app, &path, Some(SITE), &body)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(allow_origin(&answer).as_deref(), Some(SITE));
    assert_eq!(
        expect_status(answer, StatusCode::CREATED).await,
        json!({"received": true})
    );

    let sales = app.token(&app.a, Role::Sales);
    let leads = expect_status(
        app.get("/api/v1/leads?q=hopper", &sales).await,
        StatusCode::OK,
    )
    .await;
    let lead = &leads["items"][0];
    assert_eq!(
        (
            lead["source"].clone(),
            lead["campaign"].clone(),
            lead["owner_id"].clone(),
            lead["form_id"].clone(),
            lead["address"]["country"].clone(),
            lead["phones"][0]["number"].clone()
        ),
        (
            json!("web"),
            json!("Spring 2026"),
            json!(owner),
            created["id"].clone(),
            json!("US"),
            json!("+1 202 555 0100")
        )
    );
    let lead_id = lead["id"].as_str().unwrap_or_default();
    let notes = expect_status(
        app.get(&format!("/api/v1/leads/{lead_id}/notes"), &sales)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (
            notes["items"][0]["body"].clone(),
            notes["items"][0]["author_id"].clone()
        ),
        (json!("Please call me."), Value::Null)
    );
    let told = expect_status(
        app.get("/api/v1/notifications", &sales).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (
            told["items"][0]["kind"].clone(),
            told["items"][0]["lead_id"].clone(),
            told["items"][0]["message"].clone()
        ),
        (
            json!("lead_assigned"),
            json!(lead_id),
            json!("New lead from Contact us: Grace Hopper")
        )
    );

    // A plain HTML form goes on to the thank-you page.
    let plain = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let answer = plain
        .post(app.url(&path))
        .header("Origin", "https://www.example.com")
        .form(&[("last_name", "Ritchie"), ("email", "dmr@unix.example")])
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        answer
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok()),
        Some("https://www.example.com/thanks")
    );
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM leads"), 2);
});

on_both!(bad_submissions_are_refused_and_keep_nothing, |app| {
    let admin = app.token(&app.a, Role::Manager);
    let created = form(&app, &admin, &app.a.user(Role::Sales).to_string()).await;
    let path = created["submission_path"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let refused = |body: Value| {
        let request = submit(&app, &path, Some(SITE), &body);
        async move {
            let answer = request.send().await.unwrap_or_else(|e| panic!("{e}"));
            // The page the form allows may read why.
            assert_eq!(allow_origin(&answer).as_deref(), Some(SITE));
            let problem = expect_status(answer, StatusCode::UNPROCESSABLE_ENTITY).await;
            problem["errors"]
                .as_array()
                .map(|e| {
                    e.iter()
                        .map(|e| {
                            format!(
                                "{} {}",
                                e["pointer"].as_str().unwrap_or_default(),
                                e["code"].as_str().unwrap_or_default()
                            )
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        }
    };
    assert_eq!(
        refused(json!({"last_name": "Hopper", "fax": "1"})).await,
        vec!["/fax unknown_field", "/email required"]
    );
    assert_eq!(
        refused(json!({"last_name": "Hopper", "email": "not an email", "country": "USA"})).await,
        vec!["/email invalid_email", "/country invalid_country"]
    );
    assert_eq!(
        refused(json!({"last_name": 7, "email": "a@b.example"})).await,
        vec!["/last_name invalid_type"]
    );

    // Another web site, another organization's key, a form switched off: nothing is kept.
    let answer = submit(
        &app,
        &path,
        Some("https://evil.example"),
        &json!({"last_name": "X", "email": "x@x.example"}),
    )
    .send()
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(allow_origin(&answer), None);
    assert_eq!(
        problem_code(answer, StatusCode::FORBIDDEN).await,
        "origin_not_allowed"
    );
    let id = created["id"].as_str().unwrap_or_default();
    let theirs = path.replace(&app.a.id.to_string()[4..], &app.b.id.to_string()[4..]);
    let answer = submit(
        &app,
        &theirs,
        None,
        &json!({"last_name": "X", "email": "x@x.example"}),
    )
    .send()
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(answer.status(), StatusCode::NOT_FOUND);
    expect_status(
        app.patch(
            &format!("/api/v1/lead-forms/{id}"),
            &admin,
            None,
            &json!({"active": false}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let answer = submit(
        &app,
        &path,
        Some(SITE),
        &json!({"last_name": "X", "email": "x@x.example"}),
    )
    .send()
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(answer.status(), StatusCode::NOT_FOUND);
    expect_status(
        app.patch(
            &format!("/api/v1/lead-forms/{id}"),
            &admin,
            None,
            &json!({"active": true}),
        )
        .await,
        StatusCode::OK,
    )
    .await;

    // A robot fills in the hidden field: answered like anyone, kept nowhere.
    let answer = submit(&app, &path, Some(SITE), &json!({"last_name": "Bot", "email": "bot@spam.example", "homepage": "http://spam.example"}))
        .send().await.unwrap_or_else(|e| panic!("{e}"));
    expect_status(answer, StatusCode::CREATED).await;
    // Too big.
    let answer = submit(
        &app,
        &path,
        Some(SITE),
        &json!({"last_name": "Big", "email": "b@b.example", "message": "x".repeat(20_000)}),
    )
    .send()
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        problem_code(answer, StatusCode::PAYLOAD_TOO_LARGE).await,
        "payload_too_large"
    );
    // A body of another kind is told which two kinds a form takes.
    let answer = app
        .request(Method::POST, &path, None)
        .header("content-type", "text/plain")
        .body("last_name=Plain")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let problem = expect_status(answer, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
    assert_eq!(
        problem["detail"],
        "send Content-Type: application/json or application/x-www-form-urlencoded"
    );
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM leads"), 0);

    // A form must be able to make a lead.
    let bad = json!({"name": "Broken", "fields": [{"field": "company", "required": true}, {"field": "company"}],
                     "allowed_origins": ["example.com"]});
    let problem = expect_status(
        app.post("/api/v1/lead-forms", &admin, &bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(problem["errors"][0]["pointer"], "/allowed_origins/0");
});

fn staff_cors_and_few_submissions(settings: &mut server::Settings) {
    settings.cors_origins = vec!["https://staff.example".to_owned()];
    settings.submissions_per_minute = 3;
}

#[actix_web::test]
async fn forms_answer_their_own_origins_whatever_the_apis_cors_and_count_each_address() {
    let app = spawn_configured(Backend::Sqlite, None, staff_cors_and_few_submissions).await;
    let admin = app.token(&app.a, Role::Admin);
    let created = form(&app, &admin, &app.a.user(Role::Sales).to_string()).await;
    let path = created["submission_path"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let preflight = |origin: &'static str| {
        app.request(Method::OPTIONS, &path, None)
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "content-type")
            .send()
    };
    let allowed = preflight(SITE).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(allowed.status(), StatusCode::NO_CONTENT);
    assert_eq!(allow_origin(&allowed).as_deref(), Some(SITE));
    // The staff web client's origin is the API's, not the form's.
    let refused = preflight("https://staff.example")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (refused.status(), allow_origin(&refused)),
        (StatusCode::FORBIDDEN, None)
    );

    for n in 0..3 {
        let body =
            json!({"last_name": format!("Visitor {n}"), "email": format!("v{n}@site.example")});
        let answer = submit(&app, &path, Some(SITE), &body)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(allow_origin(&answer).as_deref(), Some(SITE));
        expect_status(answer, StatusCode::CREATED).await;
    }
    let answer = submit(
        &app,
        &path,
        Some(SITE),
        &json!({"last_name": "Late", "email": "l@site.example"}),
    )
    .send()
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(answer.headers().get("retry-after").is_some());
    assert_eq!(
        problem_code(answer, StatusCode::TOO_MANY_REQUESTS).await,
        "rate_limited"
    );
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM leads"), 3);
}
