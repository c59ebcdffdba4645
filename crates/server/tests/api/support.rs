//! Test support: a fresh database per test on either backend, the real server on port 0,
//! two organizations with one user of each role, and an HTTP client.

use std::net::TcpListener;
use std::sync::OnceLock;
use std::time::{Duration as StdDuration, Instant};

use chrono::{Duration, Utc};
use db::users::NewUser;
use domain::{Email, OrgId, Role, UserId};
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde_json::{json, Value};
use server::app::ExtraRoutes;
use server::{AppState, Settings};

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The password of every fixture user.
pub const PASSWORD: &str = "fixture password 123";

/// A database that exists for one test and is removed afterwards.
pub struct TestDatabase {
    pub url: String,
    cleanup: Option<(String, String)>,
    file: Option<std::path::PathBuf>,
}

fn postgres_admin_url() -> String {
    std::env::var("RAPPORT_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// A migrated PostgreSQL database to clone test databases from, one per state of the
/// migrations: copying it is much faster than migrating every test's database.
fn postgres_template(admin: &str) -> &'static str {
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        use std::hash::{Hash, Hasher};
        let root =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations/postgres");
        let mut files: Vec<_> = walk(&root);
        files.sort();
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        for file in files {
            file.hash(&mut hasher);
            std::fs::read(&file).unwrap_or_default().hash(&mut hasher);
        }
        let name = format!("rapport_template_{:016x}", hasher.finish());
        let mut conn = db::establish(admin).unwrap_or_else(|e| panic!("{admin}: {e}"));
        // Test processes may start together: one builds the template, the others wait.
        run_sql(&mut conn, "SELECT pg_advisory_lock(4242)");
        let exists = {
            use diesel::RunQueryDsl;
            #[derive(diesel::QueryableByName)]
            struct Found {
                #[diesel(sql_type = diesel::sql_types::BigInt)]
                n: i64,
            }
            diesel::sql_query(format!(
                "SELECT count(*) AS n FROM pg_database WHERE datname = '{name}'"
            ))
            .get_result::<Found>(&mut conn)
            .map(|f| f.n > 0)
            .unwrap_or(false)
        };
        if !exists {
            let building = format!("{name}_building");
            run_sql(&mut conn, &format!("DROP DATABASE IF EXISTS {building}"));
            run_sql(&mut conn, &format!("CREATE DATABASE {building}"));
            let (base, _) = admin.rsplit_once('/').unwrap_or((admin, ""));
            {
                let mut template = db::establish(&format!("{base}/{building}"))
                    .unwrap_or_else(|e| panic!("template: {e}"));
                db::migrations::run_pending(&mut template)
                    .unwrap_or_else(|e| panic!("template: {e}"));
            }
            run_sql(
                &mut conn,
                &format!("ALTER DATABASE {building} RENAME TO {name}"),
            );
        }
        run_sql(&mut conn, "SELECT pg_advisory_unlock(4242)");
        name
    })
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .flat_map(|e| {
                    if e.path().is_dir() {
                        walk(&e.path())
                    } else {
                        vec![e.path()]
                    }
                })
                .collect()
        })
        .unwrap_or_default()
}

impl TestDatabase {
    /// A migrated database (PostgreSQL's cloned from the template).
    pub fn new(backend: Backend) -> Self {
        Self::create(backend, true)
    }

    /// A database without any migration applied.
    pub fn blank(backend: Backend) -> Self {
        Self::create(backend, false)
    }

    fn create(backend: Backend, migrated: bool) -> Self {
        let name = format!("rapport_test_{}", uuid::Uuid::now_v7().simple());
        match backend {
            Backend::Sqlite => {
                let file = std::env::temp_dir().join(format!("{name}.db"));
                Self {
                    url: format!("sqlite://{}", file.display()),
                    cleanup: None,
                    file: Some(file),
                }
            }
            Backend::Postgres => {
                let admin = postgres_admin_url();
                let mut conn = db::establish(&admin).unwrap_or_else(|e| {
                    panic!("PostgreSQL for tests is not reachable at {admin}: {e}. Set RAPPORT_TEST_POSTGRES_URL.")
                });
                if migrated {
                    let template = postgres_template(&admin);
                    run_sql(
                        &mut conn,
                        &format!("CREATE DATABASE {name} TEMPLATE {template}"),
                    );
                } else {
                    run_sql(&mut conn, &format!("CREATE DATABASE {name}"));
                }
                let (base, _) = admin.rsplit_once('/').unwrap_or((&admin, ""));
                Self {
                    url: format!("{base}/{name}"),
                    cleanup: Some((admin, name)),
                    file: None,
                }
            }
        }
    }
}

fn run_sql(conn: &mut db::AnyConnection, sql: &str) {
    use diesel::connection::SimpleConnection;
    conn.batch_execute(sql)
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some((admin, name)) = &self.cleanup {
            if let Ok(mut conn) = db::establish(admin) {
                use diesel::connection::SimpleConnection;
                let _ = conn.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        }
        if let Some(file) = &self.file {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
            }
        }
    }
}

/// One organization of the fixture: its id and a user of each role.
pub struct Org {
    pub id: OrgId,
    pub users: Vec<(Role, UserId, String)>,
}

impl Org {
    /// The email of the user with `role`.
    pub fn email(&self, role: Role) -> String {
        self.users
            .iter()
            .find(|(r, _, _)| *r == role)
            .map(|(_, _, e)| e.clone())
            .unwrap_or_default()
    }

    /// The id of the user with `role`.
    pub fn user(&self, role: Role) -> UserId {
        self.users
            .iter()
            .find(|(r, _, _)| *r == role)
            .map(|(_, id, _)| *id)
            .unwrap_or_else(|| panic!("no {role:?}"))
    }
}

/// A running server with two organizations.
pub struct TestApp {
    pub address: String,
    /// The application's clock: it follows the system clock until a test pins it.
    pub clock: std::sync::Arc<server::state::SettableClock>,
    pub client: reqwest::Client,
    pub state: AppState,
    pub a: Org,
    pub b: Org,
    _database: TestDatabase,
}

pub fn fixture_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| server::auth::passwords::hash(PASSWORD).unwrap_or_default())
}

/// Settings for tests: a fixed signing key, one worker.
pub fn test_settings(url: &str) -> Settings {
    Settings {
        database_url: url.to_owned(),
        jwt_secret: "test-secret-test-secret-test-secret!".to_owned(),
        workers: 1,
        database_pool_size: 4,
        max_body_bytes: 16 * 1024,
        job_poll_millis: 100,
        imap_poll_seconds: 1,
        job_lease_seconds: 2,
        login_max_failures: 3,
        attachments_dir: std::env::temp_dir()
            .join(format!("rapport-test-files-{}", uuid::Uuid::now_v7()))
            .display()
            .to_string(),
        ..Settings::default()
    }
}

pub async fn spawn(backend: Backend) -> TestApp {
    spawn_with(backend, None).await
}

pub async fn spawn_with(backend: Backend, extra: Option<ExtraRoutes>) -> TestApp {
    spawn_configured(backend, extra, |_| {}).await
}

/// Like [`spawn_with`], with a chance to change the settings first.
pub async fn spawn_configured(
    backend: Backend,
    extra: Option<ExtraRoutes>,
    configure: fn(&mut Settings),
) -> TestApp {
    let database = TestDatabase::new(backend);
    let mut settings = test_settings(&database.url);
    configure(&mut settings);
    let pool =
        server::commands::open_database(&settings).unwrap_or_else(|e| panic!("database: {e}"));
    let mut state = server::commands::state(settings, pool);
    let clock = std::sync::Arc::new(server::state::SettableClock::default());
    state.clock = clock.clone();
    let (a, b) = {
        let mut conn = state.pool.get().unwrap_or_else(|e| panic!("pool: {e}"));
        (make_org(&mut conn, "alpha"), make_org(&mut conn, "bravo"))
    };
    let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
    let port = listener.local_addr().map(|a| a.port()).unwrap_or_default();
    let server =
        server::app::serve(state.clone(), listener, extra).unwrap_or_else(|e| panic!("serve: {e}"));
    actix_web::rt::spawn(server);
    TestApp {
        address: format!("http://127.0.0.1:{port}"),
        clock,
        client: reqwest::Client::new(),
        state,
        a,
        b,
        _database: database,
    }
}

fn make_org(conn: &mut db::AnyConnection, slug: &str) -> Org {
    let now = db::convert::truncate(Utc::now());
    let id =
        db::orgs::create(conn, &format!("Org {slug}"), now).unwrap_or_else(|e| panic!("org: {e}"));
    let users = Role::ALL
        .iter()
        .map(|role| {
            let email = format!("{}@{slug}.example", role.as_str());
            let new = NewUser {
                email: Email::parse("", &email).unwrap_or_else(|e| panic!("{e}")),
                name: format!("{} {slug}", role.as_str()),
                role: *role,
                password_hash: fixture_hash().to_owned(),
                team_ids: Vec::new(),
                agent: db::users::AgentSettings::default(),
            };
            let user =
                db::users::create(conn, id, &new, now).unwrap_or_else(|e| panic!("user: {e}"));
            (*role, user.id, email)
        })
        .collect();
    Org { id, users }
}

impl TestApp {
    /// An access token for a fixture user, made through a real session (no login round trip).
    pub fn token(&self, org: &Org, role: Role) -> String {
        let now = self.state.now();
        let user = org.user(role);
        let mut conn = self
            .state
            .pool
            .get()
            .unwrap_or_else(|e| panic!("pool: {e}"));
        let session = db::sessions::create(
            &mut conn,
            org.id,
            user,
            &format!("fixture-{}", uuid::Uuid::now_v7()),
            now,
            now + Duration::hours(1),
        )
        .unwrap_or_else(|e| panic!("session: {e}"));
        self.state
            .tokens
            .issue(server::auth::Caller::new(org.id, user, session, role), now)
            .unwrap_or_else(|e| panic!("token: {e}"))
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub fn request(&self, method: Method, path: &str, token: Option<&str>) -> RequestBuilder {
        let builder = self.client.request(method, self.url(path));
        match token {
            Some(token) => builder.bearer_auth(token),
            None => builder,
        }
    }

    pub async fn get(&self, path: &str, token: &str) -> Response {
        self.request(Method::GET, path, Some(token))
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"))
    }

    pub async fn post(&self, path: &str, token: &str, body: &Value) -> Response {
        self.request(Method::POST, path, Some(token))
            .json(body)
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST {path}: {e}"))
    }

    /// Uploads `content` as `filename` of media type `content_type`.
    pub async fn upload(
        &self,
        token: &str,
        filename: &str,
        content_type: &str,
        content: Vec<u8>,
    ) -> Response {
        self.upload_to(
            "/api/v1/attachments",
            token,
            (filename, content_type),
            content,
        )
        .await
    }

    /// Uploads `content` named `filename` of `content_type` to `at` (staff's or the portal's
    /// attachments).
    pub async fn upload_to(
        &self,
        at: &str,
        token: &str,
        (filename, content_type): (&str, &str),
        content: Vec<u8>,
    ) -> Response {
        let path = format!("{at}?filename={}", urlencode(filename));
        self.request(Method::POST, &path, Some(token))
            .header("Content-Type", content_type)
            .body(content)
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST {path}: {e}"))
    }

    pub async fn patch(
        &self,
        path: &str,
        token: &str,
        if_match: Option<&str>,
        body: &Value,
    ) -> Response {
        let mut builder = self.request(Method::PATCH, path, Some(token)).json(body);
        if let Some(etag) = if_match {
            builder = builder.header("If-Match", etag);
        }
        builder
            .send()
            .await
            .unwrap_or_else(|e| panic!("PATCH {path}: {e}"))
    }

    pub async fn delete(&self, path: &str, token: &str, if_match: Option<&str>) -> Response {
        let mut builder = self.request(Method::DELETE, path, Some(token));
        if let Some(etag) = if_match {
            builder = builder.header("If-Match", etag);
        }
        builder
            .send()
            .await
            .unwrap_or_else(|e| panic!("DELETE {path}: {e}"))
    }

    /// Creates an account in an organization and returns its JSON.
    pub async fn account(&self, token: &str, body: Value) -> Value {
        let response = self.post("/api/v1/accounts", token, &body).await;
        expect_status(response, StatusCode::CREATED).await
    }

    /// Creates a contact and returns its JSON.
    pub async fn contact(&self, token: &str, body: Value) -> Value {
        let response = self.post("/api/v1/contacts", token, &body).await;
        expect_status(response, StatusCode::CREATED).await
    }
}

/// Asserts the status and returns the JSON body (or `null` for an empty one).
pub async fn expect_status(response: Response, status: StatusCode) -> Value {
    let actual = response.status();
    let url = response.url().clone();
    let text = response.text().await.unwrap_or_default();
    assert_eq!(actual, status, "{url}: {text}");
    if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{url}: not JSON ({e}): {text}"))
    }
}

/// The codes of a 422's errors, with their pointers.
pub async fn errors(response: Response) -> Vec<(String, String)> {
    let problem = expect_status(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    problem["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| {
            (
                e["pointer"].as_str().unwrap_or_default().to_owned(),
                e["code"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// The `code` of a problem answer with the expected status.
pub async fn problem_code(response: Response, status: StatusCode) -> String {
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = expect_status(response, status).await;
    assert_eq!(content_type, "application/problem+json", "{body}");
    body["code"].as_str().unwrap_or_default().to_owned()
}

/// A minimal valid account body.
pub fn account_body(name: &str) -> Value {
    json!({ "name": name })
}

/// Runs a test body against SQLite and PostgreSQL, each on a fresh database.
#[macro_export]
macro_rules! on_both {
    ($name:ident, |$app:ident| $body:block) => {
        mod $name {
            use super::*;

            async fn run($app: $crate::support::TestApp) $body

            #[actix_web::test]
            async fn sqlite() {
                run($crate::support::spawn($crate::support::Backend::Sqlite).await).await;
            }

            #[actix_web::test]
            async fn postgres() {
                run($crate::support::spawn($crate::support::Backend::Postgres).await).await;
            }
        }
    };
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// The `n` the query answers, read straight from the test's database.
pub fn count(app: &TestApp, sql: &str) -> i64 {
    let mut conn = app.state.pool.get().unwrap_or_else(|e| panic!("{e}"));
    let rows: Vec<Count> = db::sql::Sql::new(sql)
        .load(&mut conn)
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    rows.first().map_or(0, |c| c.n)
}

/// A `rapport serve` process on `port` serving the API of `url` with `secret`.
pub fn server_process(url: &str, port: u16, secret: &str) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_rapport"))
        .arg("serve")
        .env("RAPPORT_DATABASE_URL", url)
        .env("RAPPORT_BIND", format!("127.0.0.1:{port}"))
        .env("RAPPORT_JWT_SECRET", secret)
        .env("RAPPORT_JOB_POLL_MILLIS", "50")
        .env("RAPPORT_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("starting rapport: {e}"))
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("{e}"))
}

pub async fn until_up(client: &reqwest::Client, base: &str) {
    let started = std::time::Instant::now();
    while client.get(format!("{base}/healthz")).send().await.is_err() {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "{base} never came up"
        );
        actix_web::rt::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// Whether the answer is an event stream, whose body never ends.
pub fn is_stream(response: &Response) -> bool {
    response
        .headers()
        .get("content-type")
        .is_some_and(|v| v.as_bytes().starts_with(b"text/event-stream"))
}

/// Polls `read` until `done` holds of what it answers (the workers poll every 100 ms).
pub async fn eventually(
    what: &str,
    mut read: impl AsyncFnMut() -> Value,
    done: impl Fn(&Value) -> bool,
) -> Value {
    let started = Instant::now();
    loop {
        let value = read().await;
        if done(&value) {
            return value;
        }
        assert!(
            started.elapsed() < StdDuration::from_secs(20),
            "{what}: still {value}"
        );
        actix_web::rt::time::sleep(StdDuration::from_millis(50)).await;
    }
}

/// `text` as a query parameter value.
pub fn urlencode(text: &str) -> String {
    serde_urlencoded::to_string([("v", text)])
        .unwrap_or_default()
        .trim_start_matches("v=")
        .to_owned()
}
