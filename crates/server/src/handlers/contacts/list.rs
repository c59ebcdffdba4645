use actix_web::{get, HttpResponse};
use api_types::contacts::{Contact, ContactFilters};
use api_types::{ListQuery, Page};
use db::contacts::ContactFilter;
use domain::text::Tag;
use domain::{AccountId, Email, UserId, Violations};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::Listing;
use crate::kit::{self, Reply, State};

/// List contacts.
///
/// Sorts: `created_at` (the default, newest first), `name` (family name, then given name),
/// `updated_at`.
#[utoipa::path(
    tag = "contacts",
    params(ListQuery, ContactFilters),
    responses((status = 200, description = "A page of contacts", body = Page<Contact>)),
)]
#[get("/contacts")]
pub async fn list_contacts(
    state: State,
    caller: Caller,
    listing: Listing<ContactFilters>,
) -> Reply {
    let params = kit::list_params(&listing.list, &db::contacts::SORTS)?;
    let filter = filter(&listing.filters)?;
    let page = state
        .run(caller, move |conn, p| {
            let page = db::contacts::list(conn, p.org, &filter, &params)?;
            kit::page(conn, p.org, page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

fn filter(query: &ContactFilters) -> Result<ContactFilter, ApiError> {
    let mut v = Violations::new();
    let filter = ContactFilter {
        words: query
            .q
            .as_deref()
            .map(domain::text::query_words)
            .unwrap_or_default(),
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
