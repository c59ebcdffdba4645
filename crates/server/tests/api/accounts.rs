use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::on_both;
use crate::support::{account_body, expect_status, problem_code};
use domain::Role;

on_both!(create_get_update_delete_restore, |app| {
    let token = app.token(&app.a, Role::Sales);
    let created = app
        .account(
            &token,
            json!({
                "name": "  Northwind Traders ", "domain": "Northwind.EXAMPLE", "type": "customer", "industry": "Wholesale",
                "tier": "gold", "address": {"city": "Berlin", "country": "de"}, "phone": "+49 30 1234567",
                "website": "https://northwind.example", "annual_revenue": {"amount_minor": 125000000, "currency": "eur"},
                "tags": ["VIP", "emea", "vip"]
            }),
        )
        .await;
    assert_eq!(created["name"], "Northwind Traders");
    assert_eq!(created["domain"], "northwind.example");
    assert_eq!(created["address"]["country"], "DE");
    assert_eq!(
        created["annual_revenue"],
        json!({"amount_minor": 125000000, "currency": "EUR"})
    );
    assert_eq!(created["tags"], json!(["emea", "vip"]));
    assert_eq!(created["owner_id"], app.a.user(Role::Sales).to_string());
    assert_eq!(created["version"], 1);
    let id = created["id"].as_str().unwrap_or_default().to_owned();
    assert!(id.starts_with("acc_"));
    let path = format!("/api/v1/accounts/{id}");

    let got = app.get(&path, &token).await;
    assert_eq!(
        got.headers().get("etag").and_then(|v| v.to_str().ok()),
        Some("\"1\"")
    );
    assert_eq!(
        got.headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    assert_eq!(expect_status(got, StatusCode::OK).await, created);

    // PATCH: absent stays, null clears.
    let patched = expect_status(
        app.patch(
            &path,
            &token,
            Some("\"1\""),
            &json!({"tier": "platinum", "industry": null}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (
            patched["tier"].clone(),
            patched["industry"].clone(),
            patched["domain"].clone()
        ),
        (json!("platinum"), Value::Null, json!("northwind.example"))
    );
    assert_eq!(patched["version"], 2);

    // A required field cannot be cleared.
    let problem = expect_status(
        app.patch(&path, &token, None, &json!({"name": null})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(problem["errors"][0]["pointer"], "/name");

    // A stale If-Match is refused and changes nothing.
    assert_eq!(
        problem_code(
            app.patch(
                &path,
                &token,
                Some("\"1\""),
                &json!({"name": "Lost update"})
            )
            .await,
            StatusCode::PRECONDITION_FAILED
        )
        .await,
        "version_mismatch"
    );
    assert_eq!(
        problem_code(
            app.delete(&path, &token, Some("\"1\"")).await,
            StatusCode::PRECONDITION_FAILED
        )
        .await,
        "version_mismatch"
    );
    assert_eq!(
        problem_code(
            app.patch(&path, &token, Some("W/\"2\""), &json!({})).await,
            StatusCode::BAD_REQUEST
        )
        .await,
        "invalid_if_match"
    );
    assert_eq!(
        expect_status(app.get(&path, &token).await, StatusCode::OK).await["name"],
        "Northwind Traders"
    );

    // Soft delete hides it; restore brings it back.
    expect_status(
        app.delete(&path, &token, Some("\"2\"")).await,
        StatusCode::NO_CONTENT,
    )
    .await;
    assert_eq!(
        problem_code(app.get(&path, &token).await, StatusCode::NOT_FOUND).await,
        "not_found"
    );
    let live = expect_status(app.get("/api/v1/accounts", &token).await, StatusCode::OK).await;
    assert!(live["items"]
        .as_array()
        .is_some_and(|items| items.is_empty()));
    let trash = expect_status(
        app.get("/api/v1/accounts?deleted=true", &token).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(trash["items"][0]["id"], id.as_str());
    assert!(trash["items"][0]["deleted_at"].is_string());
    // The trash can open it, with the version a restore or later change starts from.
    let in_trash = app
        .get(&format!("{path}?include_deleted=true"), &token)
        .await;
    assert_eq!(in_trash.headers()["etag"], "\"3\"");
    let in_trash = expect_status(in_trash, StatusCode::OK).await;
    assert!(in_trash["deleted_at"].is_string());
    let overview = expect_status(
        app.get(&format!("{path}/overview?include_deleted=true"), &token)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(overview["account"]["id"], id.as_str());
    assert_eq!(
        problem_code(
            app.get(&format!("{path}/overview"), &token).await,
            StatusCode::NOT_FOUND
        )
        .await,
        "not_found"
    );
    let restored = expect_status(
        app.post(&format!("{path}/restore"), &token, &json!({}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (restored["deleted_at"].clone(), restored["version"].clone()),
        (Value::Null, json!(4))
    );
    assert_eq!(
        problem_code(
            app.post(&format!("{path}/restore"), &token, &json!({}))
                .await,
            StatusCode::CONFLICT
        )
        .await,
        "not_deleted"
    );
});

on_both!(
    invalid_fields_are_all_reported_and_nothing_is_written,
    |app| {
        let token = app.token(&app.a, Role::Sales);
        let response = app
        .post(
            "/api/v1/accounts",
            &token,
            &json!({"name": "", "type": "friend", "website": "ftp://x", "annual_revenue": {"amount_minor": -5, "currency": "EUR"},
                    "tags": ["ok", "not ok"], "owner_id": "usr_nope", "address": {"country": "Germany"}}),
        )
        .await;
        let body = expect_status(response, StatusCode::UNPROCESSABLE_ENTITY).await;
        let pointers: Vec<&str> = body["errors"]
            .as_array()
            .map(|e| e.iter().filter_map(|x| x["pointer"].as_str()).collect())
            .unwrap_or_default();
        assert_eq!(
            pointers,
            vec![
                "/name",
                "/type",
                "/owner_id",
                "/address/country",
                "/website",
                "/annual_revenue/amount_minor",
                "/tags/1"
            ]
        );
        // An owner from nowhere is a reference error, still nothing written.
        let ghost = format!("usr_{}", "0".repeat(26));
        let body = expect_status(
            app.post(
                "/api/v1/accounts",
                &token,
                &json!({"name": "X", "owner_id": ghost}),
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(body["errors"][0]["code"], "unknown_reference");
        let list = expect_status(app.get("/api/v1/accounts", &token).await, StatusCode::OK).await;
        assert_eq!(list["items"], json!([]));
    }
);

on_both!(paging_walks_every_sort_without_gaps_or_repeats, |app| {
    let token = app.token(&app.a, Role::Sales);
    let names = [
        "delta", "Alpha", "charlie", "bravo", "echo", "foxtrot", "golf",
    ];
    for name in names {
        app.account(&token, account_body(name)).await;
    }
    for (sort, expected) in [
        (
            "name",
            vec![
                "Alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf",
            ],
        ),
        (
            "-name",
            vec![
                "golf", "foxtrot", "echo", "delta", "charlie", "bravo", "Alpha",
            ],
        ),
        ("created_at", names.to_vec()),
        ("-created_at", names.iter().rev().copied().collect()),
        ("updated_at", names.to_vec()),
    ] {
        let mut seen: Vec<String> = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let mut path = format!("/api/v1/accounts?limit=3&sort={sort}");
            if let Some(c) = &cursor {
                path.push_str(&format!("&cursor={c}"));
            }
            let page = expect_status(app.get(&path, &token).await, StatusCode::OK).await;
            seen.extend(
                page["items"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|a| a["name"].as_str().map(str::to_owned)),
            );
            match page["next_cursor"].as_str() {
                Some(next) => cursor = Some(next.to_owned()),
                None => break,
            }
        }
        assert_eq!(seen, expected, "sort {sort}");
    }
    // A cursor from another sort is refused.
    let page = expect_status(
        app.get("/api/v1/accounts?limit=1&sort=name", &token).await,
        StatusCode::OK,
    )
    .await;
    let cursor = page["next_cursor"].as_str().unwrap_or_default();
    assert_eq!(
        problem_code(
            app.get(
                &format!("/api/v1/accounts?sort=-created_at&cursor={cursor}"),
                &token
            )
            .await,
            StatusCode::BAD_REQUEST
        )
        .await,
        "invalid_parameters"
    );
});

on_both!(a_count_asked_for_covers_every_page_and_the_filters, |app| {
    let token = app.token(&app.a, Role::Sales);
    for name in ["Acme Rail", "Acme Air", "Borealis", "Cobalt"] {
        app.account(&token, account_body(name)).await;
    }
    let gone = app.account(&token, account_body("Acme Gone")).await;
    let gone_path = format!(
        "/api/v1/accounts/{}",
        gone["id"].as_str().unwrap_or_default()
    );
    expect_status(
        app.delete(&gone_path, &token, None).await,
        StatusCode::NO_CONTENT,
    )
    .await;
    // Another organization's accounts are not counted.
    let stranger = app.token(&app.b, Role::Sales);
    app.account(&stranger, account_body("Acme Abroad")).await;

    let total = |query: &'static str| {
        let (app, token) = (&app, token.clone());
        async move {
            let page = expect_status(
                app.get(&format!("/api/v1/accounts?{query}"), &token).await,
                StatusCode::OK,
            )
            .await;
            page.get("total").cloned()
        }
    };
    assert_eq!(total("limit=2").await, None, "no count unless asked");
    assert_eq!(total("limit=2&count=true").await, Some(json!(4)));
    assert_eq!(total("q=acme&count=true").await, Some(json!(2)));
    assert_eq!(total("q=acme&sort=name&count=true").await, Some(json!(2)));
    assert_eq!(total("deleted=true&count=true").await, Some(json!(1)));
    assert_eq!(total("q=nothing-like-it&count=true").await, Some(json!(0)));
    // Every page carries the same total.
    let first = expect_status(
        app.get("/api/v1/accounts?limit=3&count=true", &token).await,
        StatusCode::OK,
    )
    .await;
    let cursor = first["next_cursor"].as_str().unwrap_or_default();
    let second = expect_status(
        app.get(
            &format!("/api/v1/accounts?limit=3&count=true&cursor={cursor}"),
            &token,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(second["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(second["total"], json!(4));
});

on_both!(filters_and_search, |app| {
    let token = app.token(&app.a, Role::Sales);
    let parent = app.account(&token, json!({"name": "Globex Holding", "type": "partner", "tier": "gold", "industry": "Energy"})).await;
    let parent_id = parent["id"].as_str().unwrap_or_default();
    app.account(&token, json!({"name": "Globex Energy Services", "domain": "globex-energy.example", "type": "customer", "tier": "gold",
        "industry": "Energy", "parent_id": parent_id, "tags": ["vip"], "phone": "+1 (555) 010-9999"})).await;
    app.account(
        &token,
        json!({"name": "Initech", "type": "prospect", "tier": "bronze", "industry": "Software",
        "owner_id": app.a.user(Role::Manager).to_string()}),
    )
    .await;
    let query = |q: String| list_names(&app, token.clone(), q);
    assert_eq!(
        query("type=customer".to_owned()).await,
        vec!["Globex Energy Services"]
    );
    assert_eq!(
        query("tier=gold".to_owned()).await,
        vec!["Globex Energy Services", "Globex Holding"]
    );
    assert_eq!(query("industry=Software".to_owned()).await, vec!["Initech"]);
    assert_eq!(
        query("tag=VIP".to_owned()).await,
        vec!["Globex Energy Services"]
    );
    assert_eq!(
        query(format!("parent_id={parent_id}")).await,
        vec!["Globex Energy Services"]
    );
    assert_eq!(
        query(format!("owner_id={}", app.a.user(Role::Manager))).await,
        vec!["Initech"]
    );
    // Search: word prefixes over name, domain and phone digits, all words must match.
    assert_eq!(
        query("q=glo".to_owned()).await,
        vec!["Globex Energy Services", "Globex Holding"]
    );
    assert_eq!(
        query("q=globex%20serv".to_owned()).await,
        vec!["Globex Energy Services"]
    );
    assert_eq!(
        query("q=globex-energy.example".to_owned()).await,
        vec!["Globex Energy Services"]
    );
    assert_eq!(
        query("q=1555010".to_owned()).await,
        vec!["Globex Energy Services"]
    );
    assert_eq!(
        query("q=nothing-like-it".to_owned()).await,
        Vec::<String>::new()
    );
    assert_eq!(
        query("q=initech&type=customer".to_owned()).await,
        Vec::<String>::new()
    );
    // Time ranges.
    assert_eq!(
        query("created_from=2999-01-01T00:00:00Z".to_owned()).await,
        Vec::<String>::new()
    );
    assert_eq!(
        query("updated_to=2999-01-01T00:00:00Z".to_owned())
            .await
            .len(),
        3
    );
    assert_eq!(
        problem_code(
            app.get("/api/v1/accounts?tier=diamond&bogus=1", &token)
                .await,
            StatusCode::BAD_REQUEST
        )
        .await,
        "invalid_parameters"
    );
    assert_eq!(
        problem_code(
            app.get("/api/v1/accounts?tier=diamond", &token).await,
            StatusCode::BAD_REQUEST
        )
        .await,
        "invalid_parameters"
    );
});

on_both!(parents_cannot_form_a_cycle, |app| {
    let token = app.token(&app.a, Role::Sales);
    let top = app.account(&token, account_body("Top")).await;
    let top_id = top["id"].as_str().unwrap_or_default();
    let child = app
        .account(&token, json!({"name": "Child", "parent_id": top_id}))
        .await;
    let child_id = child["id"].as_str().unwrap_or_default();
    let response = app
        .patch(
            &format!("/api/v1/accounts/{top_id}"),
            &token,
            None,
            &json!({"parent_id": child_id}),
        )
        .await;
    assert_eq!(
        problem_code(response, StatusCode::CONFLICT).await,
        "parent_cycle"
    );
});

on_both!(notes_and_overview, |app| {
    let token = app.token(&app.a, Role::Sales);
    let account = app.account(&token, account_body("Overview Inc")).await;
    let id = account["id"].as_str().unwrap_or_default();
    app.contact(&token, json!({"last_name": "Zed", "account_id": id}))
        .await;
    app.contact(
        &token,
        json!({"first_name": "Amy", "last_name": "Able", "account_id": id}),
    )
    .await;
    app.account(
        &token,
        json!({"name": "Overview Subsidiary", "parent_id": id}),
    )
    .await;
    for body in ["first call", "second call"] {
        let note = expect_status(
            app.post(
                &format!("/api/v1/accounts/{id}/notes"),
                &token,
                &json!({"body": body}),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        assert_eq!(note["author_id"], app.a.user(Role::Sales).to_string());
    }
    assert_eq!(
        problem_code(
            app.post(
                &format!("/api/v1/accounts/{id}/notes"),
                &token,
                &json!({"body": "  "})
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY
        )
        .await,
        "validation_failed"
    );
    let notes = expect_status(
        app.get(&format!("/api/v1/accounts/{id}/notes?limit=1"), &token)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(notes["items"][0]["body"], "second call");
    let next = notes["next_cursor"].as_str().unwrap_or_default();
    let older = expect_status(
        app.get(
            &format!("/api/v1/accounts/{id}/notes?limit=1&cursor={next}"),
            &token,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (
            older["items"][0]["body"].clone(),
            older["next_cursor"].clone()
        ),
        (json!("first call"), Value::Null)
    );

    let overview = expect_status(
        app.get(&format!("/api/v1/accounts/{id}/overview"), &token)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(overview["account"]["id"], id);
    assert_eq!(
        overview["counts"],
        json!({"contacts": 2, "notes": 2, "child_accounts": 1})
    );
    let people: Vec<&str> = overview["contacts"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["last_name"].as_str())
        .collect();
    assert_eq!(people, vec!["Able", "Zed"]);
    assert_eq!(overview["latest_notes"][0]["body"], "second call");
});

async fn list_names(app: &crate::support::TestApp, token: String, query: String) -> Vec<String> {
    let page = expect_status(
        app.get(&format!("/api/v1/accounts?sort=name&{query}"), &token)
            .await,
        StatusCode::OK,
    )
    .await;
    page["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["name"].as_str().map(str::to_owned))
        .collect()
}

on_both!(filtered_paging_is_complete_and_ordered, |app| {
    let token = app.token(&app.a, Role::Sales);
    let mut expected = Vec::new();
    for i in 0..9 {
        let tier = if i % 3 == 0 { "bronze" } else { "gold" };
        let name = format!("Company {i:02}");
        app.account(&token, json!({"name": name, "tier": tier}))
            .await;
        if tier == "gold" {
            expected.push(name);
        }
    }
    // Pages of 2 are filled from the first rows in order; the last page needs the fallback.
    let mut seen: Vec<String> = Vec::new();
    let mut cursor = String::new();
    loop {
        let path =
            format!("/api/v1/accounts?tier=gold&q=company&sort=name&limit=2&cursor={cursor}");
        let page = expect_status(app.get(&path, &token).await, StatusCode::OK).await;
        seen.extend(
            page["items"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|a| a["name"].as_str().map(str::to_owned)),
        );
        match page["next_cursor"].as_str() {
            Some(next) => cursor = next.to_owned(),
            None => break,
        }
    }
    assert_eq!(seen, expected);
});

on_both!(concurrent_edits_without_if_match_all_apply, |app| {
    let token = app.token(&app.a, Role::Sales);
    let account = app.account(&token, account_body("Busy Account")).await;
    let path = format!(
        "/api/v1/accounts/{}",
        account["id"].as_str().unwrap_or_default()
    );
    let bodies = [
        json!({"industry": "A"}),
        json!({"phone": "+49 30 111111"}),
        json!({"tier": "gold"}),
        json!({"tags": ["busy"]}),
    ];
    let (a, b, c, d) = tokio::join!(
        app.patch(&path, &token, None, &bodies[0]),
        app.patch(&path, &token, None, &bodies[1]),
        app.patch(&path, &token, None, &bodies[2]),
        app.patch(&path, &token, None, &bodies[3]),
    );
    for response in [a, b, c, d] {
        expect_status(response, StatusCode::OK).await;
    }
    let last = expect_status(app.get(&path, &token).await, StatusCode::OK).await;
    assert_eq!(last["version"], 5);
    assert_eq!(
        (
            last["industry"].clone(),
            last["phone"].clone(),
            last["tier"].clone(),
            last["tags"].clone()
        ),
        (
            json!("A"),
            json!("+49 30 111111"),
            json!("gold"),
            json!(["busy"])
        )
    );
});

on_both!(
    search_pages_through_many_matches_and_follows_renames,
    |app| {
        let token = app.token(&app.a, Role::Sales);
        // 130 matches, three of them partners, among 40 that do not match.
        let mut partners = Vec::new();
        for n in 0..170 {
            let (name, kind) = match n % 17 {
                0..=3 => (format!("Other {n}"), "customer"),
                _ if n % 40 == 0 => (format!("Batchy Partner {n}"), "partner"),
                _ => (format!("Batchy {n}"), "customer"),
            };
            let account = app
                .account(&token, json!({"name": name, "type": kind}))
                .await;
            if kind == "partner" {
                partners.push(account["id"].as_str().unwrap_or_default().to_owned());
            }
        }
        assert_eq!(partners.len(), 3);
        let (app, token) = (&app, &token);
        let all = |query: String| async move {
            let (mut ids, mut cursor) = (Vec::new(), String::new());
            loop {
                let page = expect_status(
                    app.get(&format!("/api/v1/accounts?{query}&cursor={cursor}"), token)
                        .await,
                    StatusCode::OK,
                )
                .await;
                for item in page["items"].as_array().cloned().unwrap_or_default() {
                    ids.push(item["id"].as_str().unwrap_or_default().to_owned());
                }
                match page["next_cursor"].as_str() {
                    Some(next) => cursor = next.to_owned(),
                    None => return ids,
                }
            }
        };
        let found = all("q=batchy&limit=40".to_owned()).await;
        let unique: std::collections::BTreeSet<&String> = found.iter().collect();
        assert_eq!((found.len(), unique.len()), (130, 130));
        let mut sorted = found.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(found, sorted, "newest first");
        // A filter that few matches pass makes the search read more than one batch of
        // candidates for a page.
        let mut newest_partners = partners.clone();
        newest_partners.reverse();
        assert_eq!(
            all("q=batchy&type=partner&limit=2".to_owned()).await,
            newest_partners
        );
        assert_eq!(
            all("q=batchy%20partner&limit=2".to_owned()).await,
            newest_partners
        );
        // Renamed, an account is found by its new name only.
        let first = &partners[0];
        let path = format!("/api/v1/accounts/{first}");
        expect_status(
            app.patch(&path, token, None, &json!({"name": "Renamed Zebra"}))
                .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(all("q=zebra".to_owned()).await, vec![first.clone()]);
        assert!(!all("q=batchy&limit=40".to_owned()).await.contains(first));
        // Deleted, it is found in the trash only.
        expect_status(app.delete(&path, token, None).await, StatusCode::NO_CONTENT).await;
        assert!(all("q=zebra".to_owned()).await.is_empty());
        assert_eq!(
            all("q=zebra&deleted=true".to_owned()).await,
            vec![first.clone()]
        );
    }
);

on_both!(
    a_note_is_changed_or_deleted_by_its_author_or_an_admin,
    |app| {
        let author = app.token(&app.a, Role::Sales);
        let colleague = app.token(&app.a, Role::Manager);
        let admin = app.token(&app.a, Role::Admin);
        let stranger = app.token(&app.b, Role::Admin);
        let account = app.account(&author, account_body("Notes Ltd")).await;
        let id = account["id"].as_str().unwrap_or_default();
        let note = expect_status(
            app.post(
                &format!("/api/v1/accounts/{id}/notes"),
                &author,
                &json!({"body": "first draft"}),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        let path = format!("/api/v1/notes/{}", note["id"].as_str().unwrap_or_default());
        let change = |text: &str| json!({ "body": text });

        // Another writer may not; another organization does not even see it.
        assert_eq!(
            problem_code(
                app.patch(&path, &colleague, None, &change("not mine"))
                    .await,
                StatusCode::FORBIDDEN
            )
            .await,
            "forbidden"
        );
        assert_eq!(
            problem_code(
                app.delete(&path, &stranger, None).await,
                StatusCode::NOT_FOUND
            )
            .await,
            "not_found"
        );
        // The author may, at the version read; an empty text is refused first.
        assert_eq!(
            problem_code(
                app.patch(&path, &author, Some("\"1\""), &change("  "))
                    .await,
                StatusCode::UNPROCESSABLE_ENTITY
            )
            .await,
            "validation_failed"
        );
        let changed = app
            .patch(&path, &author, Some("\"1\""), &change("second draft"))
            .await;
        assert_eq!(changed.headers()["etag"], "\"2\"");
        let changed = expect_status(changed, StatusCode::OK).await;
        assert_eq!(
            (changed["body"].clone(), changed["version"].clone()),
            (json!("second draft"), json!(2))
        );
        assert_eq!(
            problem_code(
                app.patch(&path, &author, Some("\"1\""), &change("stale"))
                    .await,
                StatusCode::PRECONDITION_FAILED
            )
            .await,
            "version_mismatch"
        );
        // While the account is in the trash its notes are read-only.
        let account_path = format!("/api/v1/accounts/{id}");
        expect_status(
            app.delete(&account_path, &author, None).await,
            StatusCode::NO_CONTENT,
        )
        .await;
        assert_eq!(
            problem_code(app.delete(&path, &admin, None).await, StatusCode::NOT_FOUND).await,
            "not_found"
        );
        expect_status(
            app.post(&format!("{account_path}/restore"), &author, &json!({}))
                .await,
            StatusCode::OK,
        )
        .await;
        // An admin may delete anyone's note; it then leaves the account's notes.
        expect_status(
            app.delete(&path, &admin, Some("\"2\"")).await,
            StatusCode::NO_CONTENT,
        )
        .await;
        let left = expect_status(
            app.get(&format!("{account_path}/notes"), &author).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(left["items"], json!([]));
        assert_eq!(
            problem_code(
                app.patch(&path, &author, None, &change("gone")).await,
                StatusCode::NOT_FOUND
            )
            .await,
            "not_found"
        );
    }
);
