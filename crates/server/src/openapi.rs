//! The OpenAPI 3.1 document, collected from the handlers' annotations.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::OpenApi as Spec;
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Rapport API",
        description = "The JSON/REST API of Rapport, a CRM for marketing, sales and service.\n\n\
            Errors are RFC 9457 problem details with a stable `code`. Lists use cursor paging \
            (`limit`, `cursor`, `next_cursor`). Records carry a `version`, answered as a strong \
            `ETag`; send it back in `If-Match` when changing or deleting to be told (412) about \
            concurrent changes.",
        license(name = "AGPL-3.0-only")
    ),
    tags(
        (name = "auth", description = "Logging in and out, tokens, the signed-in user"),
        (name = "users", description = "Staff users (admins)"),
        (name = "teams", description = "Teams of staff users (admins)"),
        (name = "accounts", description = "Companies: customers, prospects, partners"),
        (name = "contacts", description = "People at accounts"),
        (name = "sla", description = "Business calendars and SLA targets (admins and managers)"),
        (name = "health", description = "Probes"),
        (name = "meta", description = "This document and its viewer"),
    ),
    modifiers(&BearerAuth)
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut Spec) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some("An access token from POST /api/v1/auth/login"))
                    .build(),
            ),
        );
    }
}

/// The base document that the routes are added to.
pub fn base() -> Spec {
    ApiDoc::openapi()
}

/// The complete document.
pub fn spec() -> Spec {
    crate::app::routes_spec()
}

/// The complete document as pretty JSON, as committed in `openapi/openapi.json`.
pub fn spec_json() -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string_pretty(&spec())?;
    text.push('\n');
    Ok(text)
}
