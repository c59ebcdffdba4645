//! The knowledge base: articles with their versions, rendered without scripts; categories as
//! a tree; search that finds the same articles on both databases, with the passage found;
//! suggestions from a ticket's text; readers' votes and reads.

use std::collections::BTreeSet;

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::on_both;
use crate::support::{errors, expect_status, problem_code, urlencode, TestApp};
use domain::Role;

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap_or_default().to_owned()
}

async fn article(app: &TestApp, token: &str, body: Value) -> Value {
    expect_status(
        app.post("/api/v1/kb/articles", token, &body).await,
        StatusCode::CREATED,
    )
    .await
}

async fn category(app: &TestApp, token: &str, body: Value) -> String {
    id(&expect_status(
        app.post("/api/v1/kb/categories", token, &body).await,
        StatusCode::CREATED,
    )
    .await)
}

/// The titles a search or suggestion answers, as a set (each database ranks its own way).
async fn found(app: &TestApp, token: &str, path: &str) -> BTreeSet<String> {
    let answer = expect_status(app.get(path, token).await, StatusCode::OK).await;
    answer["items"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|hit| hit["title"].as_str().unwrap_or_default().to_owned())
        .collect()
}

fn titles(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|t| (*t).to_owned()).collect()
}

on_both!(an_article_keeps_every_version_and_brings_one_back, |app| {
    let agent = app.token(&app.a, Role::Agent);
    let written = article(
        &app,
        &agent,
        json!({"title": "Reset the printer", "body": "Hold **Power** for ten seconds.",
            "tags": ["Printer", "printer", "reset"]}),
    )
    .await;
    assert_eq!(
        (
            &written["status"],
            &written["visibility"],
            &written["language"],
            &written["tags"],
            &written["body_html"],
            &written["version"],
        ),
        (
            &json!("draft"),
            &json!("internal"),
            &json!("en"),
            &json!(["printer", "reset"]),
            &json!("<p>Hold <strong>Power</strong> for ten seconds.</p>\n"),
            &json!(1),
        )
    );
    assert!(written["published_at"].is_null());
    let path = format!("/api/v1/kb/articles/{}", id(&written));
    let changed = expect_status(
        app.patch(
            &path,
            &agent,
            Some("1"),
            &json!({"title": "Reset any printer", "status": "published", "language": "EN-gb"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (&changed["version"], &changed["language"]),
        (&json!(2), &json!("en-GB"))
    );
    assert!(changed["published_at"].is_string());
    // A change from a stale version is refused.
    let stale = app
        .patch(&path, &agent, Some("1"), &json!({"title": "Lost"}))
        .await;
    assert_eq!(stale.status(), StatusCode::PRECONDITION_FAILED);

    let history = expect_status(
        app.get(&format!("{path}/versions"), &agent).await,
        StatusCode::OK,
    )
    .await;
    let listed: Vec<(Value, Value)> = history["items"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|v| (v["version"].clone(), v["title"].clone()))
        .collect();
    assert_eq!(
        listed,
        vec![
            (json!(2), json!("Reset any printer")),
            (json!(1), json!("Reset the printer")),
        ]
    );
    assert_eq!(
        history["items"][0]["written_by"],
        json!(app.a.user(Role::Agent).to_string())
    );
    let first = expect_status(
        app.get(&format!("{path}/versions/1"), &agent).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (&first["body"], &first["status"]),
        (&json!("Hold **Power** for ten seconds."), &json!("draft"))
    );
    let missing = app.get(&format!("{path}/versions/9"), &agent).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);

    // Version 1 back, as version 3; the history keeps all three.
    let restored = expect_status(
        app.post(&format!("{path}/versions/1/restore"), &agent, &json!({}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (
            &restored["title"],
            &restored["version"],
            &restored["status"]
        ),
        (&json!("Reset the printer"), &json!(3), &json!("draft"))
    );
    // Published once, it keeps the day it was first published.
    assert_eq!(restored["published_at"], changed["published_at"]);
    let history = expect_status(
        app.get(&format!("{path}/versions"), &agent).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(history["items"].as_array().map(Vec::len), Some(3));
});

on_both!(bad_articles_are_refused_field_by_field, |app| {
    let agent = app.token(&app.a, Role::Agent);
    let unknown = format!("kbc_{}", "0".repeat(26));
    let bad = json!({"title": " ", "body": "", "tags": ["no spaces"], "visibility": "secret",
        "status": "live", "language": "english", "category_id": "nope"});
    assert_eq!(
        errors(app.post("/api/v1/kb/articles", &agent, &bad).await).await,
        vec![
            ("/title".into(), "required".into()),
            ("/body".into(), "required".into()),
            ("/category_id".into(), "invalid_id".into()),
            ("/tags/0".into(), "invalid_tag".into()),
            ("/visibility".into(), "invalid_visibility".into()),
            ("/status".into(), "invalid_status".into()),
            ("/language".into(), "invalid_language".into()),
        ]
    );
    let orphan = json!({"title": "T", "body": "B", "category_id": unknown});
    assert_eq!(
        errors(app.post("/api/v1/kb/articles", &agent, &orphan).await).await,
        vec![("/category_id".into(), "unknown_reference".into())]
    );
    // Readers may not write.
    let reader = app.token(&app.a, Role::ReadOnly);
    let refused = app
        .post(
            "/api/v1/kb/articles",
            &reader,
            &json!({"title": "T", "body": "B"}),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
});

on_both!(no_script_survives_an_article, |app| {
    let agent = app.token(&app.a, Role::Agent);
    let body = "Hello <script>alert(1)</script><img src=x onerror=alert(2)> \
                [a](javascript:alert(3)) <iframe src=//evil.example></iframe>";
    let written = article(&app, &agent, json!({"title": "Scripts", "body": body})).await;
    let html = written["body_html"]
        .as_str()
        .unwrap_or_default()
        .to_lowercase();
    for bad in ["<script", "onerror", "javascript:", "<iframe"] {
        assert!(!html.contains(bad), "{bad} in {html}");
    }
    // As written, for its editors.
    assert_eq!(written["body"], json!(body));
    let preview = expect_status(
        app.post("/api/v1/kb/preview", &agent, &json!({"body": body}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(preview["html"], written["body_html"]);
});

on_both!(categories_form_a_tree_without_loops, |app| {
    let agent = app.token(&app.a, Role::Agent);
    let top = category(&app, &agent, json!({"name": "Hardware", "position": 2})).await;
    let printers = category(&app, &agent, json!({"name": "Printers", "parent_id": top})).await;
    let lasers = category(
        &app,
        &agent,
        json!({"name": "Lasers", "parent_id": printers}),
    )
    .await;
    let other = category(&app, &agent, json!({"name": "Billing", "position": 1})).await;

    let under_lasers = json!({"parent_id": lasers});
    let refused = app
        .patch(
            &format!("/api/v1/kb/categories/{top}"),
            &agent,
            None,
            &under_lasers,
        )
        .await;
    assert_eq!(
        errors(refused).await,
        vec![("/parent_id".into(), "parent_cycle".into())]
    );
    // Five levels at most.
    let mut parent = lasers.clone();
    for depth in 4..=5 {
        parent = category(
            &app,
            &agent,
            json!({"name": format!("Level {depth}"), "parent_id": parent}),
        )
        .await;
    }
    let deep = app
        .post(
            "/api/v1/kb/categories",
            &agent,
            &json!({"name": "Level 6", "parent_id": parent}),
        )
        .await;
    assert_eq!(
        errors(deep).await,
        vec![("/parent_id".into(), "too_deep".into())]
    );
    // Top level, in their editors' order.
    let listed = expect_status(
        app.get("/api/v1/kb/categories?top_level=true", &agent)
            .await,
        StatusCode::OK,
    )
    .await;
    let names: Vec<&str> = listed["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert_eq!(names, vec!["Billing", "Hardware"]);

    // A category holding an article stays; emptied, it goes.
    let filed = article(
        &app,
        &agent,
        json!({"title": "Invoices", "body": "Where they are.", "category_id": other, "status": "published"}),
    )
    .await;
    let counted = expect_status(
        app.get(&format!("/api/v1/kb/categories/{other}"), &agent)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (&counted["article_count"], &counted["published_count"]),
        (&json!(1), &json!(1))
    );
    let path = format!("/api/v1/kb/categories/{other}");
    assert_eq!(
        problem_code(app.delete(&path, &agent, None).await, StatusCode::CONFLICT).await,
        "category_in_use"
    );
    let gone = app
        .delete(&format!("/api/v1/kb/articles/{}", id(&filed)), &agent, None)
        .await;
    assert_eq!(gone.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.delete(&path, &agent, None).await.status(),
        StatusCode::NO_CONTENT
    );
    // Restored meanwhile, the article comes back filed in no category.
    let back = expect_status(
        app.post(
            &format!("/api/v1/kb/articles/{}/restore", id(&filed)),
            &agent,
            &json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(back["category_id"], Value::Null);
    // An article may not be filed in a deleted category.
    let orphan = json!({"title": "T", "body": "B", "category_id": other});
    assert_eq!(
        errors(app.post("/api/v1/kb/articles", &agent, &orphan).await).await,
        vec![("/category_id".into(), "unknown_reference".into())]
    );
});

on_both!(two_moves_at_once_never_make_a_loop_of_categories, |app| {
    let agent = app.token(&app.a, Role::Agent);
    for round in 0..5 {
        let a = category(&app, &agent, json!({"name": format!("A{round}")})).await;
        let b = category(&app, &agent, json!({"name": format!("B{round}")})).await;
        let (under_b, under_a) = (json!({"parent_id": b}), json!({"parent_id": a}));
        let (path_a, path_b) = (
            format!("/api/v1/kb/categories/{a}"),
            format!("/api/v1/kb/categories/{b}"),
        );
        let (first, second) = tokio::join!(
            app.patch(&path_a, &agent, None, &under_b),
            app.patch(&path_b, &agent, None, &under_a),
        );
        let mut statuses = [first.status(), second.status()];
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::OK, StatusCode::UNPROCESSABLE_ENTITY],
            "round {round}"
        );
    }
});

/// The articles every search test looks through.
async fn library(app: &TestApp, token: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for (title, body, status, visibility) in [
        (
            "Reset the printer",
            "Hold the power button for ten seconds until the light blinks.",
            "published",
            "public",
        ),
        (
            "Printer offline",
            "Check the network cable; a printer without an address shows offline.",
            "published",
            "internal",
        ),
        (
            "Paper jams",
            "Open the tray and pull the paper <b>gently</b>; never tear it.",
            "published",
            "public",
        ),
        (
            "Refunds",
            "A refund reaches the card within five days.",
            "published",
            "public",
        ),
        (
            "Printing invoices",
            "Invoices print from the billing page.",
            "draft",
            "internal",
        ),
        (
            "Old printer drivers",
            "Drivers before version 3 no longer work.",
            "archived",
            "public",
        ),
    ] {
        let written = article(
            app,
            token,
            json!({"title": title, "body": body, "status": status, "visibility": visibility}),
        )
        .await;
        ids.push(id(&written));
    }
    ids
}

on_both!(search_finds_the_same_articles_on_both_databases, |app| {
    let agent = app.token(&app.a, Role::Agent);
    let ids = library(&app, &agent).await;
    let search = |q: &str| format!("/api/v1/kb/search?q={}", urlencode(q));

    // Each word begins a word: `print` finds printers, not the draft nor the archived one.
    assert_eq!(
        found(&app, &agent, &search("print")).await,
        titles(&["Reset the printer", "Printer offline"])
    );
    // Every word must be there; case and punctuation do not matter.
    assert_eq!(
        found(&app, &agent, &search("PRINTER, network!")).await,
        titles(&["Printer offline"])
    );
    assert_eq!(
        found(&app, &agent, &search("printer refund")).await,
        titles(&[])
    );
    assert_eq!(found(&app, &agent, &search("  ")).await, titles(&[]));
    // Other states and readers when asked.
    assert_eq!(
        found(&app, &agent, &format!("{}&status=draft", search("print"))).await,
        titles(&["Printing invoices"])
    );
    assert_eq!(
        found(
            &app,
            &agent,
            &format!("{}&status=archived", search("printer"))
        )
        .await,
        titles(&["Old printer drivers"])
    );
    assert_eq!(
        found(
            &app,
            &agent,
            &format!("{}&visibility=public", search("printer"))
        )
        .await,
        titles(&["Reset the printer"])
    );

    // The passage found, escaped, with the words marked; the title outranks the body.
    let answer = expect_status(app.get(&search("paper"), &agent).await, StatusCode::OK).await;
    assert_eq!(answer["items"][0]["title"], json!("Paper jams"));
    let snippet = answer["items"][0]["snippet"].as_str().unwrap_or_default();
    assert!(snippet.contains("pull the <mark>paper</mark>"), "{snippet}");
    assert!(!snippet.contains("<b>"), "{snippet}");
    // A changed article is found by its new words only; a deleted one not at all.
    let path = format!("/api/v1/kb/articles/{}", ids[3]);
    expect_status(
        app.patch(
            &path,
            &agent,
            None,
            &json!({"body": "Money goes back to the card."}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        found(&app, &agent, &search("refund five")).await,
        titles(&[])
    );
    assert_eq!(
        found(&app, &agent, &search("money")).await,
        titles(&["Refunds"])
    );
    app.delete(&path, &agent, None).await;
    assert_eq!(found(&app, &agent, &search("money")).await, titles(&[]));

    // Paging.
    let first = expect_status(
        app.get(&format!("{}&limit=1", search("printer")), &agent)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(first["next_offset"], json!(1));
    let second = expect_status(
        app.get(&format!("{}&limit=1&offset=1", search("printer")), &agent)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_ne!(first["items"][0]["id"], second["items"][0]["id"]);
    let bad = app.get(&format!("{}&limit=500", search("x")), &agent).await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    // The other organization finds nothing of these.
    let theirs = app.token(&app.b, Role::Admin);
    assert_eq!(found(&app, &theirs, &search("printer")).await, titles(&[]));
});

on_both!(
    a_common_word_ranks_the_newest_matches_and_still_finds_an_old_title,
    |app| {
        let agent = app.token(&app.a, Role::Agent);
        // The oldest article names the word in its title; sixty newer ones only mention it, more
        // than a search ranks (the newest fifty matches, and the newest fifty title matches).
        article(
            &app,
            &agent,
            json!({"title": "Gearbox noise", "body": "Check the oil level first.", "status": "published"}),
        )
        .await;
        for i in 0..60 {
            article(
                &app,
                &agent,
                json!({"title": format!("Service note {i}"), "status": "published",
                "body": format!("Seen during visit {i}: the gearbox was fine.")}),
            )
            .await;
        }
        let answer = expect_status(
            app.get("/api/v1/kb/search?q=gearbox&limit=50", &agent)
                .await,
            StatusCode::OK,
        )
        .await;
        let items = answer["items"].as_array().cloned().unwrap_or_default();
        assert_eq!(items[0]["title"], json!("Gearbox noise"));
        assert_eq!(items.len(), 50);
        // The notes ranked are the newest fifty: none of the ten oldest.
        let oldest: BTreeSet<String> = (0..10).map(|i| format!("Service note {i}")).collect();
        assert!(
            items
                .iter()
                .all(|hit| !oldest.contains(hit["title"].as_str().unwrap_or_default())),
            "{items:?}"
        );
        assert_eq!(answer["next_offset"], json!(50));
        // The other matches follow, newest first: paging finds every article once.
        let next = expect_status(
            app.get("/api/v1/kb/search?q=gearbox&limit=50&offset=50", &agent)
                .await,
            StatusCode::OK,
        )
        .await;
        let rest = next["items"].as_array().cloned().unwrap_or_default();
        assert_eq!(next["next_offset"], Value::Null);
        let titles: BTreeSet<String> = items
            .iter()
            .chain(&rest)
            .filter_map(|hit| hit["title"].as_str().map(str::to_owned))
            .collect();
        assert_eq!((titles.len(), items.len() + rest.len()), (61, 61));
        let last: Vec<&str> = rest
            .iter()
            .filter_map(|hit| hit["title"].as_str())
            .collect();
        assert_eq!(
            &last[last.len() - 3..],
            ["Service note 2", "Service note 1", "Service note 0"]
        );
    }
);

on_both!(a_tickets_text_suggests_articles, |app| {
    let agent = app.token(&app.a, Role::Agent);
    library(&app, &agent).await;
    let suggest = |text: &str| format!("/api/v1/kb/suggest?text={}", urlencode(text));
    // Both printer articles; the one sharing more of the words first.
    let text = "Hello, our printer shows offline since this morning. Thanks!";
    assert_eq!(
        found(&app, &agent, &suggest(text)).await,
        titles(&["Printer offline", "Reset the printer"])
    );
    let best = expect_status(app.get(&suggest(text), &agent).await, StatusCode::OK).await;
    assert_eq!(best["items"][0]["title"], json!("Printer offline"));
    assert_eq!(
        best["terms"],
        json!(["printer", "offline", "morning", "shows"])
    );
    assert_eq!(
        found(
            &app,
            &agent,
            &suggest("The paper is stuck, and where is my refund?")
        )
        .await,
        titles(&["Paper jams", "Refunds"])
    );
    // Only common words: nothing to suggest.
    assert_eq!(
        found(&app, &agent, &suggest("Hello, can you help me please?")).await,
        titles(&[])
    );
});

on_both!(readers_vote_once_each_and_reads_are_counted, |app| {
    let agent = app.token(&app.a, Role::Agent);
    let reader = app.token(&app.a, Role::ReadOnly);
    let written = article(&app, &agent, json!({"title": "Votes", "body": "Text"})).await;
    let path = format!("/api/v1/kb/articles/{}", id(&written));
    let vote = |token: &str, helpful: Value| {
        let (path, token) = (format!("{path}/feedback"), token.to_owned());
        let app = &app;
        async move {
            expect_status(
                app.request(reqwest::Method::PUT, &path, Some(&token))
                    .json(&json!({ "helpful": helpful }))
                    .send()
                    .await
                    .unwrap_or_else(|e| panic!("{e}")),
                StatusCode::OK,
            )
            .await
        }
    };
    vote(&agent, json!(true)).await;
    let after = vote(&reader, json!(false)).await;
    assert_eq!(
        (
            &after["helpful_count"],
            &after["unhelpful_count"],
            &after["your_vote"]
        ),
        (&json!(1), &json!(1), &json!(false))
    );
    // A second vote replaces the first; null takes it back.
    let after = vote(&reader, json!(true)).await;
    assert_eq!(
        (&after["helpful_count"], &after["unhelpful_count"]),
        (&json!(2), &json!(0))
    );
    let after = vote(&agent, Value::Null).await;
    assert_eq!(
        (&after["helpful_count"], &after["your_vote"]),
        (&json!(1), &Value::Null)
    );
    for _ in 0..3 {
        let counted = app
            .post(&format!("{path}/views"), &reader, &json!({}))
            .await;
        assert_eq!(counted.status(), StatusCode::NO_CONTENT);
    }
    let mine = expect_status(
        app.get(&format!("{path}/feedback"), &reader).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (
            &mine["view_count"],
            &mine["your_vote"],
            &mine["helpful_count"]
        ),
        (&json!(3), &json!(true), &json!(1))
    );
    // Votes and reads are not versions of what it says.
    let now = expect_status(app.get(&path, &agent).await, StatusCode::OK).await;
    assert_eq!(
        (&now["version"], &now["view_count"]),
        (&json!(1), &json!(3))
    );
});

on_both!(
    a_public_article_reads_on_its_help_page_and_nothing_else_does,
    |app| {
        let agent = app.token(&app.a, Role::Agent);
        let mut pages = Vec::new();
        for (status, visibility) in [
            ("published", "public"),
            ("published", "internal"),
            ("draft", "public"),
        ] {
            let written = article(
                &app,
                &agent,
                json!({"title": format!("A {status} {visibility} <page>"), "body": "Read **me**.",
                "status": status, "visibility": visibility}),
            )
            .await;
            pages.push(format!("/help/articles/{}", id(&written)));
        }
        let anyone = reqwest::Client::new();
        let read = |path: String| {
            let anyone = anyone.clone();
            let url = app.url(&path);
            async move {
                let response = anyone
                    .get(url)
                    .send()
                    .await
                    .unwrap_or_else(|e| panic!("{e}"));
                (response.status(), response.text().await.unwrap_or_default())
            }
        };
        let (status, page) = read(pages[0].clone()).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            page.contains("<h1>A published public &lt;page&gt;</h1>"),
            "{page}"
        );
        assert!(page.contains("<strong>me</strong>"), "{page}");
        for path in &pages[1..] {
            assert_eq!(read(path.clone()).await.0, StatusCode::NOT_FOUND, "{path}");
        }
        assert_eq!(
            read("/help/articles/nope".into()).await.0,
            StatusCode::NOT_FOUND
        );
        // Suggestions carry the page's link for public, published articles only.
        let found = expect_status(
            app.get("/api/v1/kb/search?q=read&status=published", &agent)
                .await,
            StatusCode::OK,
        )
        .await;
        let links: BTreeSet<bool> = found["items"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|hit| hit["url"].as_str().is_some_and(|u| u.ends_with(&pages[0])))
            .collect();
        assert_eq!(links, BTreeSet::from([false, true]));
    }
);
