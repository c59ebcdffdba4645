use actix_web::web::Query;
use actix_web::{get, HttpResponse};
use api_types::jobs::{Job, JobQuery};
use api_types::{Page, PageQuery};
use domain::FieldError;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::kit::{self, Reply, State};

/// The statuses a job can be in.
pub const STATUSES: [&str; 5] = ["queued", "running", "done", "dead", "cancelled"];

/// List the organization's background jobs, newest first.
#[utoipa::path(
    tag = "jobs",
    params(JobQuery),
    responses((status = 200, description = "A page of jobs", body = Page<Job>)),
)]
#[get("/admin/jobs")]
pub async fn list_jobs(state: State, caller: Caller, query: Query<JobQuery>) -> Reply {
    let query = query.into_inner();
    let paging = PageQuery {
        limit: query.limit,
        cursor: query.cursor,
    };
    let params = kit::page_params(&paging, &db::jobs::SORTS)?;
    let status = match query.status.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) if STATUSES.contains(&s) => Some(s.to_owned()),
        Some(_) => {
            return Err(ApiError::InvalidParameters(vec![FieldError::new(
                "/query/status",
                "invalid_status",
                "must be one of queued, running, done, dead, cancelled",
            )]))
        }
    };
    let page = state
        .run(caller, move |conn, p| {
            let page = db::jobs::list(conn, p.org, status.as_deref(), &params)?;
            kit::page(conn, p.org, page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}
