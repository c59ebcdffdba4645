use actix_web::{get, HttpResponse};
use api_types::opportunities::{Opportunity, OpportunityFilters};
use api_types::{ListQuery, Page};
use db::opportunities::DealFilter;
use domain::pipeline::StageKind;
use domain::{text, AccountId, ContactId, PipelineId, StageId, UserId, Violations};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::Listing;
use crate::kit::{self, Reply, State};

/// List opportunities.
///
/// Sorts: `close_date` (the default, soonest first), `amount` (in the base currency;
/// `-amount` for the largest first), `name`, `created_at`, `updated_at`. A board column is
/// `?stage_id=…`; a period is `close_from` and `close_to`.
#[utoipa::path(
    tag = "opportunities",
    params(ListQuery, OpportunityFilters),
    responses((status = 200, description = "A page of opportunities", body = Page<Opportunity>)),
)]
#[get("/opportunities")]
pub async fn list_opportunities(
    state: State,
    caller: Caller,
    listing: Listing<OpportunityFilters>,
) -> Reply {
    let params = kit::list_params(&listing.list, &db::opportunities::SORTS)?;
    let filter = filter(&listing.filters)?;
    let page = state
        .run(caller, move |conn, p| {
            let page = db::opportunities::list(conn, p.org, &filter, &params)?;
            kit::page(conn, p.org, page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

fn filter(query: &OpportunityFilters) -> Result<DealFilter, ApiError> {
    let mut v = Violations::new();
    let filter = DealFilter {
        words: query
            .q
            .as_deref()
            .map(text::query_words)
            .unwrap_or_default(),
        pipeline_id: v.check_opt(query.pipeline_id.as_deref(), |p| {
            PipelineId::parse("/query/pipeline_id", p)
        }),
        stage_id: v.check_opt(query.stage_id.as_deref(), |s| {
            StageId::parse("/query/stage_id", s)
        }),
        status: v.check_opt(query.status.as_deref(), |s| {
            StageKind::parse("/query/status", s)
        }),
        owner_id: v.check_opt(query.owner_id.as_deref(), |o| {
            UserId::parse("/query/owner_id", o)
        }),
        account_id: v.check_opt(query.account_id.as_deref(), |a| {
            AccountId::parse("/query/account_id", a)
        }),
        contact_id: v.check_opt(query.contact_id.as_deref(), |c| {
            ContactId::parse("/query/contact_id", c)
        }),
        close_from: query.close_from,
        close_to: query.close_to,
    };
    if v.is_empty() {
        Ok(filter)
    } else {
        Err(ApiError::InvalidParameters(v.into_errors()))
    }
}
