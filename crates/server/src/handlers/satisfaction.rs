//! `GET /api/v1/satisfaction`: how satisfied customers were with their solved tickets.

use actix_web::web::Query;
use actix_web::{get, HttpResponse};
use api_types::portal::{SatisfactionQuery, SatisfactionSummary};
use chrono::Datelike;
use domain::Permission::ReadTickets;
use domain::{FieldError, Violations};

use crate::auth::{Access::Permission as Can, Caller, Routes};
use crate::error::ApiError;
use crate::kit::{Reply, State};

/// The satisfaction route and who may call it.
pub fn routes(r: &mut Routes) {
    r.add(satisfaction, Can(ReadTickets));
}

/// Customer satisfaction: the ratings customers gave solved tickets in a time range (all
/// of them without one), how many gave each score, the mean and the share of 4 and 5.
/// Instants outside the years 1 to 9999 are 400; `to` before `from` finds none.
#[utoipa::path(
    tag = "tickets",
    params(SatisfactionQuery),
    responses((status = 200, description = "The ratings in the range", body = SatisfactionSummary)),
)]
#[get("/satisfaction")]
pub async fn satisfaction(state: State, caller: Caller, query: Query<SatisfactionQuery>) -> Reply {
    let range = (query.from, query.to);
    let mut v = Violations::new();
    for (name, at) in [("from", query.from), ("to", query.to)] {
        if at.is_some_and(|at| !(1..=9999).contains(&at.year())) {
            v.push(FieldError::new(
                format!("/query/{name}"),
                "out_of_range",
                "an instant in the years 1 to 9999",
            ));
        }
    }
    if !v.is_empty() {
        return Err(ApiError::InvalidParameters(v.into_errors()));
    }
    let scores = state
        .run(caller, move |conn, p| {
            Ok(db::tickets::ratings::counts(conn, p.org, range)?)
        })
        .await?;
    let count: i64 = scores.iter().sum();
    let weighted: i64 = scores.iter().zip(1..).map(|(n, score)| n * score).sum();
    let satisfied = scores[3] + scores[4];
    let share = |part: i64, scale: f64| (count > 0).then(|| part as f64 * scale / count as f64);
    Ok(HttpResponse::Ok().json(SatisfactionSummary {
        count,
        average: share(weighted, 1.0),
        satisfied_percent: share(satisfied, 100.0),
        scores: scores.to_vec(),
    }))
}
