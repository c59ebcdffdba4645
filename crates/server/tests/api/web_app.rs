//! The web app's files are served at `/`, client routes get `index.html`, the API stays JSON.

use reqwest::{Method, StatusCode};

use serde_json::json;

use crate::support::{expect_status, problem_code, spawn_configured, Backend};

fn fixture(settings: &mut server::Settings) {
    settings.web_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/api/web_fixture").into();
}

async fn get(app: &crate::support::TestApp, path: &str) -> reqwest::Response {
    app.request(Method::GET, path, None)
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET {path}: {e}"))
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

#[actix_web::test]
async fn client_routes_get_the_app_and_files_their_type() {
    let app = spawn_configured(Backend::Sqlite, None, fixture).await;
    for path in [
        "/",
        "/accounts",
        "/accounts/acc_01jdq2zk7c5v8y3t9w4x6r1m2n/edit",
        "/login",
    ] {
        let response = get(&app, path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(
            header(&response, "content-type"),
            "text/html; charset=utf-8"
        );
        assert!(header(&response, "content-security-policy")
            .contains("script-src 'self' 'wasm-unsafe-eval'"));
        assert_eq!(header(&response, "x-frame-options"), "DENY");
        let body = response.text().await.unwrap_or_default();
        assert!(body.contains("web-app-fixture"), "{path}: {body}");
    }
    let css = get(&app, "/app.css").await;
    assert_eq!(
        (
            css.status(),
            header(&css, "content-type"),
            header(&css, "cache-control")
        ),
        (
            StatusCode::OK,
            "text/css; charset=utf-8".to_owned(),
            "no-cache".to_owned()
        )
    );
    let script = get(&app, "/pkg/app.js").await;
    assert_eq!(
        header(&script, "content-type"),
        "text/javascript; charset=utf-8"
    );
}

/// Hashed names are cached for good; the page is revalidated; precompressed variants are sent
/// to browsers that accept them, and only to those.
#[actix_web::test]
async fn files_are_cached_by_their_hashes_and_sent_precompressed() {
    let app = spawn_configured(Backend::Sqlite, None, fixture).await;
    let send = |path: &'static str, headers: &'static [(&'static str, &'static str)]| {
        let mut request = app.request(Method::GET, path, None);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        async move {
            request
                .send()
                .await
                .unwrap_or_else(|e| panic!("GET {path}: {e}"))
        }
    };
    let hashed = send(
        "/pkg/app.0123456789ab.js",
        &[("accept-encoding", "gzip, br")],
    )
    .await;
    assert_eq!(
        (
            header(&hashed, "cache-control"),
            header(&hashed, "content-encoding"),
            header(&hashed, "content-type"),
            header(&hashed, "vary"),
        ),
        (
            "public, max-age=31536000, immutable".to_owned(),
            "br".to_owned(),
            "text/javascript; charset=utf-8".to_owned(),
            "Accept-Encoding".to_owned(),
        )
    );
    assert!(hashed
        .text()
        .await
        .unwrap_or_default()
        .starts_with("not really brotli"));
    for refused in ["identity", "br;q=0"] {
        let plain = app
            .request(Method::GET, "/pkg/app.0123456789ab.js", None)
            .header("accept-encoding", refused)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(header(&plain, "content-encoding"), "", "{refused}");
        assert_eq!(
            plain.text().await.unwrap_or_default(),
            "console.log(\"hashed fixture\");\n"
        );
    }

    let page = send("/accounts", &[("accept-encoding", "gzip")]).await;
    let etag = header(&page, "etag");
    assert_eq!(
        (
            header(&page, "cache-control"),
            header(&page, "content-encoding")
        ),
        ("no-cache".to_owned(), "gzip".to_owned())
    );
    assert!(etag.starts_with('"') && etag.ends_with("-gzip\""), "{etag}");
    let again = app
        .request(Method::GET, "/", None)
        .header("accept-encoding", "gzip")
        .header("if-none-match", etag.as_str())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    let weak = app
        .request(Method::GET, "/", None)
        .header("accept-encoding", "gzip")
        .header("if-none-match", format!("\"other\", W/{etag}"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        weak.status(),
        StatusCode::NOT_MODIFIED,
        "a weak tag matches too"
    );
    let plain_page = send("/", &[]).await;
    assert_ne!(
        header(&plain_page, "etag"),
        etag,
        "each encoding has its own tag"
    );
}

#[actix_web::test]
async fn missing_hidden_and_escaping_files_and_the_api_stay_404_problems() {
    let app = spawn_configured(Backend::Sqlite, None, fixture).await;
    for path in [
        "/missing.js",
        "/.env",
        "/pkg/../../Cargo.toml",
        "/%2e%2e/%2e%2e/Cargo.toml",
        "/api/v1/no-such-thing",
        "/api",
    ] {
        assert_eq!(
            problem_code(get(&app, path).await, StatusCode::NOT_FOUND).await,
            "route_not_found",
            "{path}"
        );
    }
    let post = app
        .request(Method::POST, "/accounts", None)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        problem_code(post, StatusCode::NOT_FOUND).await,
        "route_not_found"
    );
}

fn empty_folder(settings: &mut server::Settings) {
    settings.web_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/api/web_fixture/pkg").into();
}

#[actix_web::test]
async fn a_folder_without_an_app_answers_404_problems() {
    let app = spawn_configured(Backend::Sqlite, None, empty_folder).await;
    assert_eq!(
        problem_code(get(&app, "/").await, StatusCode::NOT_FOUND).await,
        "route_not_found"
    );
}

/// A configured folder may hold symbolic links; one that leads out of it serves nothing.
#[actix_web::test]
async fn links_out_of_the_web_folder_are_not_followed() {
    let dir = std::env::temp_dir().join(format!("rapport-web-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(dir.join("inside")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("inside/index.html"), "<p>app</p>").unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("inside/real.css"), "p{}").unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("secret.txt"), "secret").unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink(dir.join("secret.txt"), dir.join("inside/leak.css"))
        .unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink(dir.join("inside/real.css"), dir.join("inside/alias.css"))
        .unwrap_or_else(|e| panic!("{e}"));
    static DIR: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DIR.get_or_init(|| dir.join("inside").display().to_string());
    fn inside(settings: &mut server::Settings) {
        settings.web_dir = DIR.get().cloned().unwrap_or_default();
    }
    let app = spawn_configured(Backend::Sqlite, None, inside).await;
    assert_eq!(
        problem_code(get(&app, "/leak.css").await, StatusCode::NOT_FOUND).await,
        "route_not_found"
    );
    // A link that stays inside is an ordinary file.
    assert_eq!(get(&app, "/alias.css").await.status(), StatusCode::OK);
    std::fs::remove_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
}

/// `/portal/{partner_key}` is the portal's page for that partner: only the partner's origins
/// may frame it (a list `X-Frame-Options` cannot express, so it is not sent), it is never
/// stored and sends no referrer. The partner's look is public; unknown, deleted and
/// malformed keys find nothing, and the portal has no other routes.
#[actix_web::test]
async fn a_partners_portal_page_may_be_framed_by_its_origins_only() {
    let app = spawn_configured(Backend::Sqlite, None, fixture).await;
    let admin = app.token(&app.a, domain::Role::Admin);
    let created = expect_status(
        app.post(
            "/api/v1/partners",
            &admin,
            &json!({"name": "Northwind Shop", "accent_color": "#0f766e",
                    "allowed_origins": ["https://shop.northwind.example", "http://localhost:4100"]}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let key = created["key"].as_str().unwrap_or_default().to_owned();
    for path in [
        format!("/portal/{key}"),
        format!("/portal/{key}/tickets/tkt_01jdq2zk7c5v8y3t9w4x6r1m2n"),
        format!("/portal/{key}/sso?token=abc"),
    ] {
        let page = get(&app, &path).await;
        assert_eq!(page.status(), StatusCode::OK, "{path}");
        let policy = header(&page, "content-security-policy");
        assert!(
            policy
                .contains("frame-ancestors https://shop.northwind.example http://localhost:4100;"),
            "{policy}"
        );
        assert!(
            policy.contains("script-src 'self' 'wasm-unsafe-eval'"),
            "{policy}"
        );
        assert_eq!(header(&page, "x-frame-options"), "");
        assert_eq!(header(&page, "cache-control"), "no-store");
        assert_eq!(header(&page, "referrer-policy"), "no-referrer");
        assert!(page
            .text()
            .await
            .unwrap_or_default()
            .contains("portal-fixture"));
    }
    let branding = expect_status(
        get(&app, &format!("/api/v1/portal/partners/{key}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(branding["name"], json!("Northwind Shop"));
    assert_eq!(branding["accent_color"], json!("#0f766e"));
    assert_eq!(
        branding["allowed_origins"],
        json!(["https://shop.northwind.example", "http://localhost:4100"])
    );
    assert_eq!(branding["features"]["ticket_creation"], json!(true));

    // A partner without origins: nobody may frame its portal.
    let unframed = expect_status(
        app.post(
            "/api/v1/partners",
            &admin,
            &json!({"name": "Direct", "allowed_origins": []}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let page = get(
        &app,
        &format!("/portal/{}", unframed["key"].as_str().unwrap_or_default()),
    )
    .await;
    assert!(header(&page, "content-security-policy").contains("frame-ancestors 'none';"));

    // The script partners put on their pages keeps its name.
    let script = get(&app, "/portal/embed.js").await;
    assert_eq!(
        (script.status(), header(&script, "content-type")),
        (StatusCode::OK, "text/javascript; charset=utf-8".to_owned())
    );

    // Deleted, unknown and malformed keys, and other names under /portal, find nothing.
    let id = created["id"].as_str().unwrap_or_default();
    let deleted = app
        .delete(&format!("/api/v1/partners/{id}"), &admin, None)
        .await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let other_org = format!("pk_{}", &key[3..].chars().rev().collect::<String>());
    for path in [
        format!("/portal/{key}"),
        format!("/api/v1/portal/partners/{key}"),
        format!("/portal/{other_org}"),
        "/portal/pk_nonsense".to_owned(),
        "/portal/tickets".to_owned(),
        "/portal".to_owned(),
        "/api/v1/portal/partners/pk_nonsense".to_owned(),
    ] {
        assert_eq!(
            get(&app, &path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}
