//! Assembling the actix application: routes, middleware, limits and state.

use std::net::TcpListener;
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

use crate::auth::access::{self, SpecRoutes};
use crate::extract;
use crate::handlers::{accounts, auth, contacts, health, me, meta, sla, teams, users};
use crate::state::AppState;

/// Every route of the API. Only `.service()` registrations are collected into the spec,
/// and the access middleware serves nothing that the spec does not document.
pub fn register(cfg: &mut ServiceConfig) {
    cfg.service(health::healthz)
        .service(health::readyz)
        .service(meta::openapi_json)
        .service(meta::docs)
        .service(meta::docs_file)
        .service(
            scope::scope("/api/v1")
                .service(auth::login::login)
                .service(auth::refresh::refresh)
                .service(auth::logout::logout)
                .service(me::me)
                .service(users::list::list_users)
                .service(users::create::create_user)
                .service(users::get::get_user)
                .service(users::update::update_user)
                .service(teams::list::list_teams)
                .service(teams::create::create_team)
                .service(teams::update::update_team)
                .service(teams::delete::delete_team)
                .service(accounts::list::list_accounts)
                .service(accounts::create::create_account)
                .service(accounts::get::get_account)
                .service(accounts::update::update_account)
                .service(accounts::delete::delete_account)
                .service(accounts::restore::restore_account)
                .service(accounts::overview::account_overview)
                .service(accounts::list_notes::list_account_notes)
                .service(accounts::add_note::add_account_note)
                .service(contacts::list::list_contacts)
                .service(contacts::create::create_contact)
                .service(contacts::get::get_contact)
                .service(contacts::update::update_contact)
                .service(contacts::delete::delete_contact)
                .service(contacts::restore::restore_contact)
                .service(contacts::list_notes::list_contact_notes)
                .service(contacts::add_note::add_contact_note)
                .service(sla::simulate::simulate_sla)
                .service(sla::calendars::list::list_calendars)
                .service(sla::calendars::create::create_calendar)
                .service(sla::calendars::get::get_calendar)
                .service(sla::calendars::update::update_calendar)
                .service(sla::calendars::delete::delete_calendar)
                .service(sla::calendars::restore::restore_calendar)
                .service(sla::policies::list::list_policies)
                .service(sla::policies::create::create_policy)
                .service(sla::policies::get::get_policy)
                .service(sla::policies::update::update_policy)
                .service(sla::policies::delete::delete_policy)
                .service(sla::policies::restore::restore_policy),
        );
}

/// The OpenAPI document of [`register`]'s routes.
pub fn routes_spec() -> Spec {
    let (_, spec) = App::new()
        .into_utoipa_app()
        .openapi(crate::openapi::base())
        .configure(register)
        .split_for_parts();
    spec
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
    let data = web::Data::new(state);
    let server = HttpServer::new(move || {
        let settings = data.settings.clone();
        let (app, spec) = App::new()
            .into_utoipa_app()
            .openapi(crate::openapi::base())
            .configure(register)
            .configure(|cfg| {
                if let Some(extra) = extra {
                    extra(cfg);
                }
            })
            .split_for_parts();
        let cors_enabled = !settings.cors_origins.is_empty();
        app.app_data(data.clone())
            .app_data(web::Data::new(SpecRoutes::of(&spec)))
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

async fn log_request(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let method = req.method().clone();
    let path = req.path().to_owned();
    let response = next.call(req).await?;
    tracing::info!(%method, %path, status = response.status().as_u16(), micros = started.elapsed().as_micros() as u64, "request");
    Ok(response)
}
