//! The OpenAPI 3.1 document: collected from the handlers' annotations, then completed once
//! with what every route of a kind shares (security, and the problem answers that any
//! signed-in, body-taking, id-taking or version-checking route can give), so the
//! annotations say only what is particular to each route.

use api_types::Problem;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{Content, OpenApi as Spec, RefOr, Response, ResponseBuilder};
use utoipa::{IntoParams, IntoResponses, Modify, OpenApi};

use crate::auth::{Access, RouteTable};

mod rules;

pub use rules::id_pattern;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Rapport API",
        description = "The JSON/REST API of Rapport, a CRM for marketing, sales and service.\n\n\
            Errors are RFC 9457 problem details with a stable `code`. Lists use cursor paging \
            (`limit`, `cursor`, `next_cursor`); `count=true` adds the `total` of matches, counted up to 10,000 (`total_capped` says when more match). Records carry a `version`, answered as a strong \
            `ETag`; send it back in `If-Match` when changing or deleting to be told (412) about \
            concurrent changes.",
        license(name = "AGPL-3.0-only")
    ),
    tags(
        (name = "auth", description = "Logging in and out, tokens, the signed-in user"),
        (name = "users", description = "Staff users: every signed-in user reads the directory; admins change it"),
        (name = "teams", description = "Teams of staff users (admins)"),
        (name = "accounts", description = "Companies: customers, prospects, partners"),
        (name = "contacts", description = "People at accounts"),
        (name = "lead-forms", description = "Web-to-lead capture forms (admins and managers), and the public route web pages send them to"),
        (name = "leads", description = "Prospective customers, until converted into an account and a contact (sales and managers write; everyone reads)"),
        (name = "assignment-rules", description = "Who receives new leads: ordered rules, tried first to last (admins and managers change them; everyone reads)"),
        (name = "scoring-rules", description = "What earns a lead points: its fields, and its events fading with time (admins and managers change them; everyone reads)"),
        (name = "territories", description = "Sales territories: a hierarchy whose rules place accounts and route leads (admins and managers change them; everyone reads)"),
        (name = "pipelines", description = "Sales pipelines: ordered stages with probabilities, and the reasons deals are won or lost for (admins and managers change them; everyone reads)"),
        (name = "opportunities", description = "Deals moving through a pipeline, priced in the base currency, with their stage history (sales and managers write; everyone reads)"),
        (name = "products", description = "The product catalogue with a list price per currency, which deals' line items are priced from (admins and managers change it; everyone reads)"),
        (name = "exchange-rates", description = "Dated rates converting deal amounts into the base currency (admins and managers change them; everyone reads)"),
        (name = "quotas", description = "Quotas of sellers and teams per period, and the forecast of a period against them (admins and managers set quotas; everyone reads)"),
        (name = "activities", description = "Tasks, calls, meetings and logged emails on records; each record's timeline; my tasks; calendar feeds (everyone reads; all but read-only users and marketing write)"),
        (name = "notes", description = "A note itself: its author, or an admin, changes or deletes it"),
        (name = "sla", description = "Business calendars and SLA targets (admins and managers)"),
        (name = "tickets", description = "Customer requests: the conversation, the status machine, SLA clocks"),
        (name = "contracts", description = "Service contracts of accounts and, under each, what it entitles the account to (admins, managers and sales write; everyone reads)"),
        (name = "assets", description = "The installed base: what customers own, as a tree per account, with each asset's history (all who work tickets write; everyone reads)"),
        (name = "rmas", description = "Returns of faulty units (RMA), opened from tickets about assets and moved along their lifecycle (all who work tickets write; they read)"),
        (name = "knowledge base", description = "Articles in Markdown filed in a tree of categories, with every version kept; full-text search with the passage found; suggestions for a ticket being written; readers' votes and reads (admins, managers and agents write; everyone reads)"),
        (name = "mailboxes", description = "Email-to-case: support addresses whose mail opens and answers tickets (admins), the public route their mail is posted to, and every message kept whole (agents read them)"),
        (name = "email", description = "Outgoing mail: the SMTP settings, a test mail, and the templates of each kind of mail with a preview (admins)"),
        (name = "attachments", description = "Files sent with ticket messages: uploaded, then named by a message"),
        (name = "notifications", description = "What the signed-in user is told"),
        (name = "jobs", description = "Background jobs (admins)"),
        (name = "organization", description = "The organization and the rules its admins set"),
        (name = "partners", description = "Partners: the websites that embed the customer portal, with the origins allowed to frame it, its branding and which parts are on (admins)"),
        (name = "portal-users", description = "Contacts with access to the customer portal, invited by admins"),
        (name = "portal", description = "The customer portal's own API, for customers signed in through a partner's portal with a portal token (staff tokens are refused here, and portal tokens everywhere else)"),
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
        components.add_security_scheme(
            "portal",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "A portal access token from POST /api/v1/portal/auth/login (the customer portal's routes only)",
                    ))
                    .build(),
            ),
        );
    }
}

/// The base document that the routes are added to.
pub fn base() -> Spec {
    ApiDoc::openapi()
}

/// The id in a record's path.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
pub struct Id {
    /// The record's id, such as `acc_…`.
    pub id: String,
}

/// The prefix of the ids a path's `{id}` names, such as `acc` for `/api/v1/accounts/{id}`.
/// A new kind of record needs a line here; building the document fails until it has one.
pub fn id_prefix(path: &str) -> &'static str {
    use domain::id::{kind, IdKind};
    [
        ("/accounts/", kind::Account::PREFIX),
        ("/contacts/", kind::Contact::PREFIX),
        ("/leads/", kind::Lead::PREFIX),
        ("/lead-forms/", kind::LeadForm::PREFIX),
        ("/assignment-rules/", kind::AssignmentRule::PREFIX),
        ("/territories/", kind::Territory::PREFIX),
        ("/scoring-rules/", kind::ScoringRule::PREFIX),
        ("/pipelines/", kind::Pipeline::PREFIX),
        ("/opportunities/", kind::Opportunity::PREFIX),
        ("/products/", kind::Product::PREFIX),
        ("/exchange-rates/", kind::ExchangeRate::PREFIX),
        ("/quotas/", kind::Quota::PREFIX),
        ("/activities/", kind::Activity::PREFIX),
        ("/users/", kind::User::PREFIX),
        ("/teams/", kind::Team::PREFIX),
        ("/sla/calendars/", kind::SlaCalendar::PREFIX),
        ("/sla/policies/", kind::SlaPolicy::PREFIX),
        ("/notes/", kind::Note::PREFIX),
        ("/tickets/", kind::Ticket::PREFIX),
        ("/admin/jobs/", kind::Job::PREFIX),
        ("/ticket-views/", kind::TicketView::PREFIX),
        ("/attachments/", kind::Attachment::PREFIX),
        ("/mailboxes/", kind::Mailbox::PREFIX),
        ("/inbound-emails/", kind::InboundEmail::PREFIX),
        ("/calls/", kind::Activity::PREFIX),
        ("/callbacks/", kind::Callback::PREFIX),
        ("/contracts/", kind::Contract::PREFIX),
        ("/assets/", kind::Asset::PREFIX),
        ("/rmas/", kind::Rma::PREFIX),
        ("/kb/articles/", kind::KbArticle::PREFIX),
        ("/help/articles/", kind::KbArticle::PREFIX),
        ("/kb/categories/", kind::KbCategory::PREFIX),
        ("/telephony/providers/", kind::TelephonyProvider::PREFIX),
        ("/partners/", kind::Partner::PREFIX),
        ("/portal-users/", kind::PortalUser::PREFIX),
    ]
    .into_iter()
    .find_map(|(part, prefix)| path.contains(part).then_some(prefix))
    .unwrap_or_else(|| panic!("{path}: which kind of id does it take? Add it to id_prefix."))
}

/// The version a change or deletion is based on.
#[derive(IntoParams)]
#[into_params(parameter_in = Header)]
pub struct IfMatch {
    /// The `ETag` of the version read, such as `"3"`; leave out to change whatever is stored.
    #[param(rename = "If-Match")]
    pub if_match: Option<String>,
}

/// The validator of a file the client holds.
#[derive(IntoParams)]
#[into_params(parameter_in = Header)]
pub struct IfNoneMatch {
    /// The `ETag` of the file the client holds; the answer is then 304 if it is unchanged.
    #[param(rename = "If-None-Match")]
    pub if_none_match: Option<String>,
}

/// The fields broke their rules: each one with a JSON pointer.
#[derive(IntoResponses)]
#[response(status = 422, content_type = "application/problem+json")]
pub struct Invalid(pub Problem);

/// A uniqueness or consistency rule: the `code` names it.
#[derive(IntoResponses)]
#[response(status = 409, content_type = "application/problem+json")]
pub struct Conflict(pub Problem);

/// The shared problem answers: status, name in `components/responses`, description.
const SHARED: &[(&str, &str, &str)] = &[
    (
        "400",
        "BadRequest",
        "The body, the query parameters or the If-Match header cannot be read",
    ),
    (
        "401",
        "Unauthenticated",
        "Not signed in, or the session has ended",
    ),
    ("403", "Forbidden", "The caller's role does not allow this"),
    ("404", "NotFound", "No such record in your organization"),
    (
        "409",
        "NotDeleted",
        "The record is not deleted, so there is nothing to restore (`not_deleted`)",
    ),
    (
        "412",
        "Stale",
        "The record changed since the version named in If-Match",
    ),
    ("413", "TooLarge", "The body is too large"),
    ("415", "NotJson", "The body is not application/json"),
    (
        "503",
        "Unavailable",
        "The database cannot be reached; try again shortly",
    ),
];

fn problem(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/problem+json",
            Content::new(Some(RefOr::Ref(utoipa::openapi::Ref::from_schema_name(
                "Problem",
            )))),
        )
        .build()
}

/// Refers `operation`'s answer with `status` to the shared one, unless it documents its own.
fn add(operation: &mut Operation, status: &str) {
    if let Some((_, name, _)) = SHARED.iter().find(|(s, _, _)| *s == status) {
        operation
            .responses
            .responses
            .entry(status.to_owned())
            .or_insert_with(|| RefOr::Ref(utoipa::openapi::Ref::from_response_name(*name)));
    }
}

/// Adds what routes of a kind share to every operation: the bearer scheme and 401/403 on
/// signed-in routes, 404 where a path names a record, 400/413 where a body is read (and 415
/// where it is JSON), 400
/// where query parameters or `If-Match` are read, 412 where `If-Match` is honoured, and 503
/// on every API route.
pub fn complete(mut spec: Spec, routes: &RouteTable) -> Spec {
    let components = spec.components.get_or_insert_with(Default::default);
    for (_, name, description) in SHARED {
        components
            .responses
            .insert((*name).to_owned(), RefOr::T(problem(description)));
    }
    for (path, item) in spec.paths.paths.iter_mut() {
        let operations = [
            ("GET", item.get.as_mut()),
            ("POST", item.post.as_mut()),
            ("PUT", item.put.as_mut()),
            ("PATCH", item.patch.as_mut()),
            ("DELETE", item.delete.as_mut()),
            ("OPTIONS", item.options.as_mut()),
        ];
        for (method, operation) in operations {
            let Some(operation) = operation else { continue };
            let access = routes.access(method, path);
            if let Some(access) = access.filter(|a| *a != Access::Public) {
                let scheme = if access.is_portal() {
                    "portal"
                } else {
                    "bearer"
                };
                operation.security =
                    Some(vec![SecurityRequirement::new(scheme, Vec::<String>::new())]);
                add(operation, "401");
                add(operation, "403");
            }
            let located = |place: ParameterIn| {
                operation
                    .parameters
                    .iter()
                    .flatten()
                    .any(|p| p.parameter_in == place)
            };
            let (in_path, in_query, in_header) = (
                located(ParameterIn::Path),
                located(ParameterIn::Query),
                located(ParameterIn::Header),
            );
            if in_path {
                add(operation, "404");
            }
            if in_query {
                add(operation, "400");
            }
            if in_header {
                add(operation, "400");
                add(operation, "412");
            }
            if let Some(body) = &operation.request_body {
                let json = body.content.contains_key("application/json");
                add(operation, "400");
                add(operation, "413");
                if json {
                    add(operation, "415");
                }
            }
            if path.ends_with("/restore") {
                add(operation, "409");
            }
            if path.starts_with("/api/") {
                add(operation, "503");
            }
        }
    }
    let mut document = serde_json::to_value(&spec).unwrap_or_else(|e| panic!("openapi: {e}"));
    rules::apply(&mut document);
    serde_json::from_value(document).unwrap_or_else(|e| panic!("openapi: {e}"))
}

/// The complete document.
pub fn spec() -> &'static Spec {
    &crate::app::api().spec
}

/// The complete document as pretty JSON, as committed in `openapi/openapi.json`.
pub fn spec_json() -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string_pretty(spec())?;
    text.push('\n');
    Ok(text)
}
