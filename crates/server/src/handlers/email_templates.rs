//! `/api/v1/email-templates`: the wording of each kind of mail, the organization's own or the
//! default, with a preview (admins).

use actix_web::{delete, get, post, put, web, HttpResponse};
use api_types::outbound::{EmailTemplate, PreviewEmailTemplate, PutEmailTemplate, RenderedEmail};
use domain::outbound::{Audience, Template, TemplateKind};

use crate::auth::{Access::Permission as Can, Caller, Routes};
use crate::error::ApiError;
use crate::extract::{json_with_etag, IfMatch, Json};
use crate::kit::{Reply, State};
use crate::mail::templates;
use crate::openapi::{Conflict, Invalid};

/// The template routes and who may call them.
pub fn routes(r: &mut Routes) {
    let admins = Can(domain::Permission::ManageSettings);
    r.add(list_email_templates, admins)
        .add(get_email_template, admins)
        .add(put_email_template, admins)
        .add(reset_email_template, admins)
        .add(preview_email_template, admins);
}

fn body(t: db::email_templates::EmailTemplate) -> EmailTemplate {
    EmailTemplate {
        kind: t.kind.as_str().to_owned(),
        description: t.kind.description().to_owned(),
        variables: t.kind.variables().iter().map(|v| (*v).to_owned()).collect(),
        subject: t.template.subject,
        body_text: t.template.body_text,
        body_html: t.template.body_html,
        customized: t.customized,
        updated_at: t.updated_at,
        version: t.version,
    }
}

fn view(t: db::email_templates::EmailTemplate) -> HttpResponse {
    let body = body(t);
    json_with_etag(HttpResponse::Ok(), body.version, &body)
}

/// A kind named in a path; an unknown one names nothing.
fn kind(raw: &str) -> Result<TemplateKind, ApiError> {
    TemplateKind::parse(raw).ok_or(ApiError::NotFound)
}

/// Every kind of mail with its template.
#[utoipa::path(
    tag = "email",
    responses((status = 200, description = "One template per kind", body = Vec<EmailTemplate>)),
)]
#[get("/email-templates")]
pub async fn list_email_templates(state: State, caller: Caller) -> Reply {
    let all = state
        .run(caller, |conn, p| {
            Ok(db::email_templates::list(conn, p.org)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(all.into_iter().map(body).collect::<Vec<_>>()))
}

/// One kind's template.
#[utoipa::path(
    tag = "email",
    params(("kind" = String, Path, description = "The kind of mail, such as `agent_reply`")),
    responses(
        (status = 200, description = "The template", body = EmailTemplate, headers(("ETag" = String))),
        (status = 404, description = "No such kind", body = api_types::Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/email-templates/{kind}")]
pub async fn get_email_template(state: State, caller: Caller, path: web::Path<String>) -> Reply {
    let kind = kind(&path)?;
    let found = state
        .run(caller, move |conn, p| {
            Ok(db::email_templates::get(conn, p.org, kind)?)
        })
        .await?;
    Ok(view(found))
}

/// Write the organization's own wording of one kind of mail.
///
/// It is checked by rendering it with sample values: a syntax error or an unknown variable
/// answers 422 naming the part and the line.
#[utoipa::path(
    tag = "email",
    params(("kind" = String, Path, description = "The kind of mail"), crate::openapi::IfMatch),
    request_body = PutEmailTemplate,
    responses(
        (status = 200, description = "The template", body = EmailTemplate, headers(("ETag" = String))),
        (status = 404, description = "No such kind", body = api_types::Problem, content_type = "application/problem+json"),
        Invalid,
        Conflict,
    ),
)]
#[put("/email-templates/{kind}")]
pub async fn put_email_template(
    state: State,
    caller: Caller,
    path: web::Path<String>,
    if_match: IfMatch,
    body: Json<PutEmailTemplate>,
) -> Reply {
    let kind = kind(&path)?;
    let body = body.into_inner();
    let template = Template {
        subject: body.subject,
        body_text: body.body_text,
        body_html: body.body_html,
    };
    templates::check(kind, &template).map_err(ApiError::Validation)?;
    let now = state.now();
    let saved = state
        .run(caller, move |conn, p| {
            Ok(db::email_templates::put(
                conn, p.org, kind, &template, if_match.0, now,
            )?)
        })
        .await?;
    Ok(view(saved))
}

/// Go back to the default wording of one kind of mail.
#[utoipa::path(
    tag = "email",
    params(("kind" = String, Path, description = "The kind of mail"), crate::openapi::IfMatch),
    responses(
        (status = 200, description = "The default template, in force again", body = EmailTemplate, headers(("ETag" = String))),
        (status = 404, description = "No such kind", body = api_types::Problem, content_type = "application/problem+json"),
        Conflict,
    ),
)]
#[delete("/email-templates/{kind}")]
pub async fn reset_email_template(
    state: State,
    caller: Caller,
    path: web::Path<String>,
    if_match: IfMatch,
) -> Reply {
    let kind = kind(&path)?;
    let reset = state
        .run(caller, move |conn, p| {
            Ok(db::email_templates::reset(conn, p.org, kind, if_match.0)?)
        })
        .await?;
    Ok(view(reset))
}

/// Render a template with sample values: the saved one, or the parts sent in its place (to
/// see a change before saving it).
#[utoipa::path(
    tag = "email",
    params(("kind" = String, Path, description = "The kind of mail")),
    request_body = PreviewEmailTemplate,
    responses(
        (status = 200, description = "The mail as a customer or user would get it", body = RenderedEmail),
        (status = 404, description = "No such kind", body = api_types::Problem, content_type = "application/problem+json"),
        Invalid,
    ),
)]
#[post("/email-templates/{kind}/preview")]
pub async fn preview_email_template(
    state: State,
    caller: Caller,
    path: web::Path<String>,
    body: Json<PreviewEmailTemplate>,
) -> Reply {
    let kind = kind(&path)?;
    let draft = body.into_inner();
    let saved = state
        .run(caller, move |conn, p| {
            Ok(db::email_templates::get(conn, p.org, kind)?)
        })
        .await?;
    let template = Template {
        subject: draft.subject.unwrap_or(saved.template.subject),
        body_text: draft.body_text.unwrap_or(saved.template.body_text),
        body_html: draft.body_html.unwrap_or(saved.template.body_html),
    };
    let rendered = templates::check(kind, &template).map_err(ApiError::Validation)?;
    let ticket = (kind.audience() == Audience::Customer).then_some(templates::SAMPLE_TICKET);
    Ok(HttpResponse::Ok().json(RenderedEmail {
        subject: domain::outbound::subject_line(&rendered.subject, ticket),
        body_text: rendered.text,
        body_html: rendered.html,
    }))
}
