use actix_web::{get, HttpResponse};
use api_types::accounts::{Account, AccountFilters};
use api_types::{ListQuery, Page};
use db::accounts::AccountFilter;
use domain::text::Tag;
use domain::{AccountId, AccountType, Tier, UserId, Violations};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::Listing;
use crate::kit::{self, Reply, State};

/// List accounts.
///
/// Sorts: `created_at` (the default, newest first), `name`, `updated_at`.
#[utoipa::path(
    tag = "accounts",
    params(ListQuery, AccountFilters),
    responses((status = 200, description = "A page of accounts", body = Page<Account>)),
)]
#[get("/accounts")]
pub async fn list_accounts(
    state: State,
    caller: Caller,
    listing: Listing<AccountFilters>,
) -> Reply {
    let params = kit::list_params(&listing.list, &db::accounts::SORTS)?;
    let filter = filter(&listing.filters)?;
    let page = state
        .run(caller, move |conn, p| {
            let page = db::accounts::list(conn, p.org, &filter, &params)?;
            kit::page(conn, p.org, page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

fn filter(query: &AccountFilters) -> Result<AccountFilter, ApiError> {
    let mut v = Violations::new();
    let filter = AccountFilter {
        words: query
            .q
            .as_deref()
            .map(domain::text::query_words)
            .unwrap_or_default(),
        account_type: v.check_opt(query.account_type.as_deref(), |t| {
            AccountType::parse("/query/type", t)
        }),
        industry: v
            .check_opt(query.industry.as_deref(), |i| {
                domain::text::optional("/query/industry", i, 100)
            })
            .flatten(),
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
