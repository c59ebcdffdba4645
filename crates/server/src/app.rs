//! Assembling the actix application: routes, middleware, limits and state.

use std::net::TcpListener;
use std::sync::OnceLock;
use std::time::Instant;

use actix_cors::Cors;
use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::{from_fn, Compress, Condition, DefaultHeaders, Next};
use actix_web::{web, App, HttpServer};
use utoipa::openapi::OpenApi as Spec;
use utoipa_actix_web::service_config::ServiceConfig;
use utoipa_actix_web::{scope, AppExt};

use crate::auth::access;
use crate::auth::{RouteTable, Routes};
use crate::extract;
use crate::handlers::{
    accounts, activities, assets, assignment_rules, attachments, auth, contacts, contracts,
    email_settings, email_templates, events, exchange_rates, forecast, health, help, jobs, kb,
    lead_forms, leads, mailboxes, meta, notes, notifications, opportunities, organization,
    partners, phone, pipelines, portal, portal_users, products, rmas, satisfaction, scoring_rules,
    sla, teams, territories, ticket_views, tickets, users,
};
use crate::state::AppState;

/// Every route of the API and who may call it, each resource declaring its own. Only
/// `.service()` registrations are collected into the spec, and the access middleware refuses
/// any served route that was not declared here.
pub fn register(cfg: &mut ServiceConfig, table: &mut RouteTable) {
    let mut root = Routes::new(cfg, "", table);
    health::routes(&mut root);
    meta::routes(&mut root);
    help::routes(&mut root);
    cfg.service(scope::scope("/api/v1").configure(|cfg| {
        let mut api = Routes::new(cfg, "/api/v1", table);
        auth::routes(&mut api);
        users::routes(&mut api);
        teams::routes(&mut api);
        accounts::routes(&mut api);
        contacts::routes(&mut api);
        contracts::routes(&mut api);
        assets::routes(&mut api);
        rmas::routes(&mut api);
        kb::routes(&mut api);
        leads::routes(&mut api);
        lead_forms::routes(&mut api);
        assignment_rules::routes(&mut api);
        territories::routes(&mut api);
        scoring_rules::routes(&mut api);
        pipelines::routes(&mut api);
        opportunities::routes(&mut api);
        products::routes(&mut api);
        exchange_rates::routes(&mut api);
        forecast::routes(&mut api);
        activities::routes(&mut api);
        notes::routes(&mut api);
        sla::routes(&mut api);
        tickets::routes(&mut api);
        attachments::routes(&mut api);
        ticket_views::routes(&mut api);
        notifications::routes(&mut api);
        events::routes(&mut api);
        jobs::routes(&mut api);
        organization::routes(&mut api);
        mailboxes::routes(&mut api);
        email_settings::routes(&mut api);
        email_templates::routes(&mut api);
        phone::routes(&mut api);
        partners::routes(&mut api);
        portal_users::routes(&mut api);
        portal::routes(&mut api);
        satisfaction::routes(&mut api);
    }));
}

/// The API's description, built once per process: the OpenAPI document and the route table.
pub struct Api {
    /// The complete OpenAPI document.
    pub spec: Spec,
    /// Every declared route and its access.
    pub routes: RouteTable,
}

/// The API's description.
pub fn api() -> &'static Api {
    static API: OnceLock<Api> = OnceLock::new();
    API.get_or_init(|| {
        let mut routes = RouteTable::default();
        let (_, spec) = App::new()
            .into_utoipa_app()
            .openapi(crate::openapi::base())
            .configure(|cfg| register(cfg, &mut routes))
            .split_for_parts();
        Api {
            spec: crate::openapi::complete(spec, &routes),
            routes,
        }
    })
}

/// Extra routes a caller adds to the app; tests use it to prove that an undeclared route is
/// refused.
pub type ExtraRoutes = fn(&mut ServiceConfig);

/// Starts serving on `listener`.
pub fn serve(
    state: AppState,
    listener: TcpListener,
    extra: Option<ExtraRoutes>,
) -> std::io::Result<Server> {
    let workers = match state.settings.workers {
        0 => std::thread::available_parallelism()
            .map(usize::from)
            .unwrap_or(2),
        n => n,
    };
    actix_web::rt::spawn(crate::housekeeping::run(state.clone()));
    actix_web::rt::spawn(crate::worker::run(state.clone()));
    let data = web::Data::new(state);
    let routes = web::Data::new(api().routes.clone());
    let server = HttpServer::new(move || {
        let settings = data.settings.clone();
        let app = App::new()
            .into_utoipa_app()
            .configure(|cfg| register(cfg, &mut RouteTable::default()))
            .configure(|cfg| {
                if let Some(extra) = extra {
                    extra(cfg);
                }
            })
            .into_app();
        let cors_enabled = !settings.cors_origins.is_empty();
        app.app_data(data.clone())
            .app_data(routes.clone())
            .app_data(extract::json_config(settings.max_body_bytes))
            .app_data(extract::query_config())
            .app_data(extract::path_config())
            .app_data(web::PayloadConfig::new(settings.max_body_bytes))
            .default_service(web::to(crate::web_app::serve))
            .wrap(from_fn(access::enforce))
            .wrap(
                DefaultHeaders::new()
                    .add((header::CACHE_CONTROL, "no-store"))
                    .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
                    .add((header::REFERRER_POLICY, "no-referrer")),
            )
            .wrap(Condition::new(cors_enabled, cors(&settings.cors_origins)))
            .wrap(from_fn(lead_forms::submit::take_origin))
            .wrap(Compress::default())
            .wrap(from_fn(log_request))
    })
    .workers(workers)
    .listen(listener)?
    .run();
    Ok(server)
}

fn cors(origins: &[String]) -> Cors {
    origins
        .iter()
        .fold(Cors::default(), |cors, origin| cors.allowed_origin(origin))
        .allowed_methods(["GET", "POST", "PATCH", "DELETE"])
        .allowed_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::IF_MATCH,
        ])
        .expose_headers([header::ETAG, header::LOCATION, header::RETRY_AFTER])
        .max_age(3600)
}

/// The prefix of the mailboxes' inbound paths, which the request log does not write whole.
const INBOUND_MAIL: &str = "/api/v1/inbound/email/";

async fn log_request(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let method = req.method().clone();
    let path = match req.path().strip_prefix(INBOUND_MAIL) {
        // A mailbox's inbound path holds its secret.
        Some(_) => format!("{INBOUND_MAIL}…"),
        None => req.path().to_owned(),
    };
    let response = next.call(req).await?;
    tracing::info!(%method, %path, status = response.status().as_u16(), micros = started.elapsed().as_micros() as u64, "request");
    Ok(response)
}
