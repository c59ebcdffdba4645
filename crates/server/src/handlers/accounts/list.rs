use actix_web::{get, web, HttpResponse};
use api_types::accounts::Account;
use api_types::{Page, Problem};
use chrono::{DateTime, Utc};
use db::accounts::AccountFilter;
use domain::text::Tag;
use domain::{AccountId, AccountType, Tier, UserId, Violations};
use serde::Deserialize;
use utoipa::IntoParams;

use super::view;
use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{encode_cursor, list_params, ListInput};
use crate::state::AppState;

/// Filters, search, sort and paging of the account list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListAccountsQuery {
    /// Page size, 1 to 100 (default 25).
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// `created_at`, `name` or `updated_at`; `-` for descending (default `-created_at`).
    pub sort: Option<String>,
    /// Words matched as prefixes against name, domain and phone.
    pub q: Option<String>,
    /// customer, prospect or partner.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub account_type: Option<String>,
    /// Exact industry.
    pub industry: Option<String>,
    /// platinum, gold, silver or bronze.
    pub tier: Option<String>,
    /// Owning user id.
    pub owner_id: Option<String>,
    /// Parent account id.
    pub parent_id: Option<String>,
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
    /// `true` lists deleted accounts (the trash) instead.
    pub deleted: Option<bool>,
}

/// List accounts.
#[utoipa::path(
    tag = "accounts",
    params(ListAccountsQuery),
    responses(
        (status = 200, description = "A page of accounts", body = Page<Account>),
        (status = 400, description = "Invalid parameters", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/accounts")]
pub async fn list_accounts(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<ListAccountsQuery>,
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
    let (accounts, next) = state
        .db(move |conn| {
            Ok(db::accounts::list(
                conn,
                backend,
                principal.org,
                &filter,
                &params,
            )?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(Page {
        items: accounts.iter().map(view::account).collect(),
        next_cursor: next.as_ref().map(encode_cursor),
    }))
}

fn filter(query: &ListAccountsQuery) -> Result<AccountFilter, ApiError> {
    let mut v = Violations::new();
    let filter = AccountFilter {
        account_type: v.check_opt(query.account_type.as_deref(), |t| {
            AccountType::parse("/query/type", t)
        }),
        industry: query.industry.clone(),
        tier: v.check_opt(query.tier.as_deref(), |t| Tier::parse("/query/tier", t)),
        owner_id: v.check_opt(query.owner_id.as_deref(), |o| {
            UserId::parse("/query/owner_id", o)
        }),
        parent_id: v.check_opt(query.parent_id.as_deref(), |p| {
            AccountId::parse("/query/parent_id", p)
        }),
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
