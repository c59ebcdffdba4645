//! Leads: their life, their filters, the records like them and their conversion.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::on_both;
use crate::support::{account_body, count, expect_status, problem_code, TestApp};
use domain::Role;

async fn lead(app: &TestApp, token: &str, body: Value) -> Value {
    expect_status(
        app.post("/api/v1/leads", token, &body).await,
        StatusCode::CREATED,
    )
    .await
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap_or_default().to_owned()
}

on_both!(lead_lifecycle, |app| {
    let token = app.token(&app.a, Role::Sales);
    let created = lead(
        &app,
        &token,
        json!({"first_name": "Grace", "last_name": "Hopper", "company": "Cobol Systems",
               "email": "Grace@Cobol.EXAMPLE", "phones": [{"kind": "work", "number": "+1 202 555 0100"}],
               "address": {"city": "Arlington", "country": "us"}, "company_size": "51-200",
               "source": "event", "campaign": "Expo 2026", "tags": ["Navy"]}),
    )
    .await;
    assert!(id(&created).starts_with("lead_"));
    assert_eq!(
        (
            created["status"].clone(),
            created["email"].clone(),
            created["company_domain"].clone(),
            created["address"]["country"].clone(),
            created["owner_id"].clone(),
            created["tags"].clone(),
        ),
        (
            json!("new"),
            json!("Grace@cobol.example"),
            json!("cobol.example"),
            json!("US"),
            json!(app.a.user(Role::Sales).to_string()),
            json!(["navy"])
        )
    );
    let path = format!("/api/v1/leads/{}", id(&created));
    let read = expect_status(app.get(&path, &token).await, StatusCode::OK).await;
    assert_eq!(read, created);

    // Disqualifying needs a reason; leaving disqualified drops it.
    let refused = expect_status(
        app.patch(&path, &token, None, &json!({"status": "disqualified"}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(refused["errors"][0]["pointer"], "/disqualified_reason");
    let disqualified = expect_status(
        app.patch(
            &path,
            &token,
            Some("\"1\""),
            &json!({"status": "disqualified", "disqualified_reason": "No budget"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(disqualified["disqualified_reason"], "No budget");
    let working = expect_status(
        app.patch(&path, &token, None, &json!({"status": "working"}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (
            working["status"].clone(),
            working["disqualified_reason"].clone(),
            working["version"].clone()
        ),
        (json!("working"), Value::Null, json!(3))
    );
    assert_eq!(
        problem_code(
            app.patch(&path, &token, None, &json!({"status": "converted"}))
                .await,
            StatusCode::UNPROCESSABLE_ENTITY
        )
        .await,
        "validation_failed"
    );

    // Notes, then the trash and back.
    expect_status(
        app.post(
            &format!("{path}/notes"),
            &token,
            &json!({"body": "Met at the booth"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let notes = expect_status(
        app.get(&format!("{path}/notes"), &token).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(notes["items"][0]["lead_id"], json!(id(&created)));
    expect_status(
        app.delete(&path, &token, None).await,
        StatusCode::NO_CONTENT,
    )
    .await;
    assert_eq!(
        problem_code(app.get(&path, &token).await, StatusCode::NOT_FOUND).await,
        "not_found"
    );
    expect_status(
        app.post(&format!("{path}/restore"), &token, &json!({}))
            .await,
        StatusCode::OK,
    )
    .await;

    // Everyone reads leads; only sales, managers and admins write them.
    let agent = app.token(&app.a, Role::Agent);
    expect_status(app.get(&path, &agent).await, StatusCode::OK).await;
    assert_eq!(
        problem_code(
            app.post("/api/v1/leads", &agent, &json!({"last_name": "X"}))
                .await,
            StatusCode::FORBIDDEN
        )
        .await,
        "forbidden"
    );
});

on_both!(bad_leads_are_refused_field_by_field, |app| {
    let token = app.token(&app.a, Role::Manager);
    let refused = expect_status(
        app.post(
            "/api/v1/leads",
            &token,
            &json!({"first_name": "Nameless", "website": "cobol.example", "company_size": "a few",
                    "source": "pigeon", "phones": [{"kind": "fax", "number": "1"}],
                    "address": {"country": "USA"}}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let pointers: Vec<&str> = refused["errors"]
        .as_array()
        .map(|e| e.iter().filter_map(|e| e["pointer"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        pointers,
        vec![
            "/phones/0/kind",
            "/website",
            "/address/country",
            "/company_size",
            "/source"
        ]
    );
    // Each field right, but no name and no email.
    let refused = expect_status(
        app.post(
            "/api/v1/leads",
            &token,
            &json!({"company": "Somewhere Ltd"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(refused["errors"][0]["pointer"], "/last_name");
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM leads"), 0);
});

on_both!(leads_are_found_by_words_status_owner_and_source, |app| {
    let token = app.token(&app.a, Role::Sales);
    let manager = app.a.user(Role::Manager).to_string();
    lead(
        &app,
        &token,
        json!({"last_name": "Hopper", "company": "Cobol Systems", "source": "event"}),
    )
    .await;
    lead(
        &app,
        &token,
        json!({"email": "ops@unix.example", "status": "working", "owner_id": manager,
                                "address": {"country": "DE"}}),
    )
    .await;
    lead(
        &app,
        &token,
        json!({"last_name": "Ritchie", "phones": [{"kind": "mobile", "number": "+49 151 2345678"}],
                                "status": "nurturing"}),
    )
    .await;
    let names = |page: Value| -> Vec<String> {
        page["items"]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .map(|l| {
                        l["last_name"]
                            .as_str()
                            .or(l["email"].as_str())
                            .unwrap_or_default()
                            .to_owned()
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    for (query, expected) in [
        ("q=cobol", vec!["Hopper"]),
        ("q=1512345678", vec!["Ritchie"]),
        (
            "status=working,nurturing&sort=name",
            vec!["ops@unix.example", "Ritchie"],
        ),
        (
            &format!("owner_id={manager}") as &str,
            vec!["ops@unix.example"],
        ),
        ("owner_id=none", vec![]),
        ("source=event", vec!["Hopper"]),
        ("country=de", vec!["ops@unix.example"]),
        ("email=OPS@unix.example", vec!["ops@unix.example"]),
    ] {
        let page = expect_status(
            app.get(&format!("/api/v1/leads?{query}"), &token).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(names(page), expected, "{query}");
    }
    assert_eq!(
        problem_code(
            app.get("/api/v1/leads?status=open", &token).await,
            StatusCode::BAD_REQUEST
        )
        .await,
        "invalid_parameters"
    );
});

on_both!(a_lead_finds_the_records_like_it, |app| {
    let token = app.token(&app.a, Role::Sales);
    let account = app
        .account(
            &token,
            json!({"name": "Cobol Systems", "domain": "cobol.example", "phone": "+1 202 555 0199"}),
        )
        .await;
    let _elsewhere = app
        .account(&token, json!({"name": "Other", "domain": "other.example"}))
        .await;
    let contact = app
        .contact(
            &token,
            json!({"last_name": "Hopper", "email": "grace@COBOL.example"}),
        )
        .await;
    let by_phone = app
        .contact(&token, json!({"last_name": "Switchboard", "phones": [{"kind": "work", "number": "+1 (202) 555-0100"}]}))
        .await;
    // A longer number that starts with the same digits is not the same number.
    app.contact(
        &token,
        json!({"last_name": "Longer", "phones": [{"kind": "work", "number": "+1 202 555 01001"}]}),
    )
    .await;
    let twin = lead(
        &app,
        &token,
        json!({"last_name": "Hopper", "email": "grace@cobol.example"}),
    )
    .await;
    let subject = lead(
        &app,
        &token,
        json!({"last_name": "Hopper", "email": "grace@cobol.example",
               "phones": [{"kind": "work", "number": "+1 202 555 0100"}, {"kind": "work", "number": "+1 202 555 0199"}]}),
    )
    .await;
    let matches = expect_status(
        app.get(&format!("/api/v1/leads/{}/matches", id(&subject)), &token)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        matches,
        json!({
            "accounts": [{"id": id(&account), "name": "Cobol Systems", "reasons": ["phone", "domain"]}],
            "contacts": [
                {"id": id(&contact), "name": "Hopper", "reasons": ["email"]},
                {"id": id(&by_phone), "name": "Switchboard", "reasons": ["phone"]}
            ],
            "leads": [{"id": id(&twin), "name": "Hopper", "reasons": ["email", "domain"]}]
        })
    );
});

on_both!(
    conversion_uses_what_matches_and_makes_the_rest_once,
    |app| {
        let token = app.token(&app.a, Role::Sales);
        let owner = app.a.user(Role::Manager).to_string();
        let account = app
            .account(
                &token,
                json!({"name": "Cobol Systems", "domain": "cobol.example"}),
            )
            .await;
        // Matched by domain: joins the account, makes the contact.
        let grace = lead(
        &app,
        &token,
        json!({"first_name": "Grace", "last_name": "Hopper", "company": "Cobol", "email": "grace@cobol.example",
               "title": "Admiral", "owner_id": owner}),
    )
    .await;
        let path = format!("/api/v1/leads/{}/convert", id(&grace));
        let converted =
            expect_status(app.post(&path, &token, &json!({})).await, StatusCode::OK).await;
        assert_eq!(
            (
                converted["account_id"].clone(),
                converted["account_created"].clone(),
                converted["contact_created"].clone(),
                converted["lead"]["status"].clone(),
                converted["lead"]["version"].clone(),
            ),
            (
                json!(id(&account)),
                json!(false),
                json!(true),
                json!("converted"),
                json!(2)
            )
        );
        let contact_path = format!(
            "/api/v1/contacts/{}",
            converted["contact_id"].as_str().unwrap_or_default()
        );
        let contact = expect_status(app.get(&contact_path, &token).await, StatusCode::OK).await;
        assert_eq!(
            (
                contact["last_name"].clone(),
                contact["title"].clone(),
                contact["account_id"].clone(),
                contact["owner_id"].clone()
            ),
            (
                json!("Hopper"),
                json!("Admiral"),
                json!(id(&account)),
                json!(owner)
            )
        );
        // Converting twice, or changing a converted lead, is refused.
        assert_eq!(
            problem_code(
                app.post(&path, &token, &json!({})).await,
                StatusCode::CONFLICT
            )
            .await,
            "lead_converted"
        );
        assert_eq!(
            problem_code(
                app.patch(
                    &format!("/api/v1/leads/{}", id(&grace)),
                    &token,
                    None,
                    &json!({"title": "x"})
                )
                .await,
                StatusCode::CONFLICT
            )
            .await,
            "lead_converted"
        );

        // Nothing matches: both are made, the account from the company.
        let linus = lead(&app, &token, json!({"last_name": "Torvalds", "company": "Kernel Works",
                                           "website": "https://www.kernel.example/team", "industry": "Software"}))
        .await;
        let converted = expect_status(
            app.post(
                &format!("/api/v1/leads/{}/convert", id(&linus)),
                &token,
                &json!({}),
            )
            .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(
            (
                converted["account_created"].clone(),
                converted["contact_created"].clone()
            ),
            (json!(true), json!(true))
        );
        let made = expect_status(
            app.get(
                &format!(
                    "/api/v1/accounts/{}",
                    converted["account_id"].as_str().unwrap_or_default()
                ),
                &token,
            )
            .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(
            (
                made["name"].clone(),
                made["domain"].clone(),
                made["type"].clone(),
                made["industry"].clone()
            ),
            (
                json!("Kernel Works"),
                json!("kernel.example"),
                json!("prospect"),
                json!("Software")
            )
        );

        // The existing contact by email is used; chosen records win over matches.
        let chosen = app.account(&token, account_body("Chosen Inc")).await;
        let again = lead(
            &app,
            &token,
            json!({"last_name": "Hopper", "email": "GRACE@cobol.example"}),
        )
        .await;
        let converted = expect_status(
            app.post(
                &format!("/api/v1/leads/{}/convert", id(&again)),
                &token,
                &json!({"account_id": id(&chosen)}),
            )
            .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(
            (
                converted["account_id"].clone(),
                converted["contact_id"].clone(),
                converted["contact_created"].clone()
            ),
            (
                json!(id(&chosen)),
                json!(contact["id"].clone()),
                json!(false)
            )
        );
        assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM contacts"), 2);
    }
);

on_both!(
    a_conversion_that_cannot_finish_leaves_nothing_behind,
    |app| {
        let token = app.token(&app.a, Role::Sales);
        let theirs = app.token(&app.b, Role::Sales);
        let their_account = app.account(&theirs, account_body("Their Account")).await;
        // No company: an account must be chosen; no last name: a contact must be.
        let nameless = lead(&app, &token, json!({"email": "someone@gmail.com"})).await;
        let path = format!("/api/v1/leads/{}/convert", id(&nameless));
        let refused = expect_status(
            app.post(&path, &token, &json!({})).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(
            (
                refused["errors"][0]["pointer"].clone(),
                refused["errors"][1]["pointer"].clone()
            ),
            (json!("/account_id"), json!("/contact_id"))
        );
        // Another organization's account is no choice.
        let refused = expect_status(
            app.post(&path, &token, &json!({"account_id": id(&their_account)}))
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(refused["errors"][0]["code"], "unknown_reference");
        // The account would be made, then the contact cannot be: both roll back.
        let half = lead(
            &app,
            &token,
            json!({"email": "half@half.example", "company": "Half Made"}),
        )
        .await;
        expect_status(
            app.post(
                &format!("/api/v1/leads/{}/convert", id(&half)),
                &token,
                &json!({}),
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) AS n FROM accounts WHERE name = 'Half Made'"
            ),
            0
        );
        let still = expect_status(
            app.get(&format!("/api/v1/leads/{}", id(&half)), &token)
                .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(
            (still["status"].clone(), still["version"].clone()),
            (json!("new"), json!(1))
        );
    }
);

on_both!(two_conversions_at_once_convert_once, |app| {
    let token = app.token(&app.a, Role::Sales);
    for round in 0..10 {
        let racer = lead(
            &app,
            &token,
            json!({"last_name": format!("Racer {round}"), "company": format!("Race {round}")}),
        )
        .await;
        let path = format!("/api/v1/leads/{}/convert", id(&racer));
        let nothing = json!({});
        let (one, two) = tokio::join!(
            app.post(&path, &token, &nothing),
            app.post(&path, &token, &nothing)
        );
        let mut statuses = [one.status(), two.status()];
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::OK, StatusCode::CONFLICT],
            "round {round}"
        );
        let sql = format!("SELECT COUNT(*) AS n FROM accounts WHERE name = 'Race {round}'");
        assert_eq!(count(&app, &sql), 1, "round {round}");
    }
});
