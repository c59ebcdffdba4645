use actix_web::{get, web, HttpResponse};
use api_types::contacts::Contact;
use api_types::{Page, Problem};
use chrono::{DateTime, Utc};
use db::contacts::ContactFilter;
use domain::text::Tag;
use domain::{AccountId, Email, UserId, Violations};
use serde::Deserialize;
use utoipa::IntoParams;

use super::view;
use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{encode_cursor, list_params, ListInput};
use crate::state::AppState;

/// Filters, search, sort and paging of the contact list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListContactsQuery {
    /// Page size, 1 to 100 (default 25).
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// `created_at`, `name` (family name, then given name) or `updated_at`; `-` for
    /// descending (default `-created_at`).
    pub sort: Option<String>,
    /// Words matched as prefixes against names, email and phone numbers.
    pub q: Option<String>,
    /// Works for this account.
    pub account_id: Option<String>,
    /// Owning user id.
    pub owner_id: Option<String>,
    /// Exact email address (case-insensitive).
    pub email: Option<String>,
    /// Has this tag.
    pub tag: Option<String>,
    /// Created at or after (RFC 3339).
    pub created_from: Option<DateTime<Utc>>,
    /// Created before (RFC 3339).
    pub created_to: Option<DateTime<Utc>>,
    /// Updated at or after (RFC 3339).
    pub updated_from: Option<DateTime<Utc>>,
    /// Updated before (RFC 3339).
    pub updated_to: Option<DateTime<Utc>>,
    /// `true` lists deleted contacts (the trash) instead.
    pub deleted: Option<bool>,
}

/// List contacts.
#[utoipa::path(
    tag = "contacts",
    params(ListContactsQuery),
    responses(
        (status = 200, description = "A page of contacts", body = Page<Contact>),
        (status = 400, description = "Invalid parameters", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/contacts")]
pub async fn list_contacts(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<ListContactsQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let params = list_params(ListInput {
        limit: query.limit,
        cursor: query.cursor.as_deref(),
        sort: query.sort.as_deref(),
        q: query.q.as_deref(),
        created_from: query.created_from,
        created_to: query.created_to,
        updated_from: query.updated_from,
        updated_to: query.updated_to,
        deleted: query.deleted.unwrap_or(false),
    })?;
    let filter = filter(&query)?;
    let backend = state.backend;
    let (contacts, next) = state
        .db(move |conn| {
            Ok(db::contacts::list(
                conn,
                backend,
                principal.org,
                &filter,
                &params,
            )?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(Page {
        items: contacts.iter().map(view::contact).collect(),
        next_cursor: next.as_ref().map(encode_cursor),
    }))
}

fn filter(query: &ListContactsQuery) -> Result<ContactFilter, ApiError> {
    let mut v = Violations::new();
    let filter = ContactFilter {
        account_id: v.check_opt(query.account_id.as_deref(), |a| {
            AccountId::parse("/query/account_id", a)
        }),
        owner_id: v.check_opt(query.owner_id.as_deref(), |o| {
            UserId::parse("/query/owner_id", o)
        }),
        email: v.check_opt(query.email.as_deref(), |e| Email::parse("/query/email", e)),
        tag: v.check_opt(query.tag.as_deref(), |t| {
            Tag::parse("/query/tag", t).map(|t| t.as_str().to_owned())
        }),
    };
    if v.is_empty() {
        Ok(filter)
    } else {
        Err(ApiError::InvalidParameters(v.into_errors()))
    }
}
