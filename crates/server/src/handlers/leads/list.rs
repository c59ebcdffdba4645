use actix_web::{get, HttpResponse};
use api_types::leads::{Lead, LeadFilters};
use api_types::{ListQuery, Page};
use db::leads::LeadFilter;
use domain::lead::{LeadSource, LeadStatus};
use domain::text::{self, Tag};
use domain::{Email, UserId, Violations};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::Listing;
use crate::kit::{self, Reply, State};

/// List leads.
///
/// Sorts: `created_at` (the default, newest first), `name` (family name, then given name),
/// `updated_at`, `score` (`-score` for the hottest first).
#[utoipa::path(
    tag = "leads",
    params(ListQuery, LeadFilters),
    responses((status = 200, description = "A page of leads", body = Page<Lead>)),
)]
#[get("/leads")]
pub async fn list_leads(state: State, caller: Caller, listing: Listing<LeadFilters>) -> Reply {
    let params = kit::list_params(&listing.list, &db::leads::SORTS)?;
    let filter = filter(&listing.filters)?;
    let page = state
        .run(caller, move |conn, p| {
            let page = db::leads::list(conn, p.org, &filter, &params)?;
            kit::page(conn, p.org, page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

fn filter(query: &LeadFilters) -> Result<LeadFilter, ApiError> {
    let mut v = Violations::new();
    let statuses = query
        .status
        .as_deref()
        .map(|raw| {
            raw.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .filter_map(|s| v.check(LeadStatus::parse("/query/status", s)))
                .collect()
        })
        .unwrap_or_default();
    let unowned = query.owner_id.as_deref() == Some("none");
    let filter = LeadFilter {
        words: query
            .q
            .as_deref()
            .map(text::query_words)
            .unwrap_or_default(),
        statuses,
        owner_id: v.check_opt(query.owner_id.as_deref().filter(|_| !unowned), |o| {
            UserId::parse("/query/owner_id", o)
        }),
        unowned,
        source: v.check_opt(query.source.as_deref(), |s| {
            LeadSource::parse("/query/source", s)
        }),
        country: v.check_opt(query.country.as_deref(), |c| {
            text::country_code("/query/country", c)
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
