//! Each user's private calendar feed: an iCalendar address holding their meetings and due
//! tasks, for Outlook, Google Calendar or Apple Calendar to subscribe to.
//!
//! The address carries a secret token (the organization, the user and 256 random bits); only
//! its hash is stored, so it is shown once, and asking again replaces it.

use actix_web::web::Path;
use actix_web::{delete, get, post, HttpRequest, HttpResponse};
use api_types::activities::CalendarFeed;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::Duration;
use domain::activity::{ActivityKind, ActivityStatus};
use domain::ical::{self, Event};
use domain::{OrgId, UserId};
use rand::RngCore;

use crate::auth::tokens::hash_secret;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::kit::{Reply, State};

const PREFIX: &str = "cal_";

/// How far back and ahead a feed reaches.
const PAST_DAYS: i64 = 90;
const FUTURE_DAYS: i64 = 365;

/// How long a task occupies a calendar at its due time.
const TASK_MINUTES: i64 = 15;

fn new_token(org: OrgId, user: UserId) -> String {
    let mut raw = Vec::with_capacity(64);
    raw.extend_from_slice(org.as_bytes());
    raw.extend_from_slice(user.as_bytes());
    let mut secret = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut secret);
    raw.extend_from_slice(&secret);
    format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(raw))
}

/// The organization and user a token names, if it is one.
fn token_owner(token: &str) -> Option<(OrgId, UserId)> {
    let raw = URL_SAFE_NO_PAD.decode(token.strip_prefix(PREFIX)?).ok()?;
    (raw.len() == 64).then_some(())?;
    Some((
        OrgId::from_bytes(&raw[..16])?,
        UserId::from_bytes(&raw[16..32])?,
    ))
}

/// Make my calendar feed address.
///
/// Answers the address once; a feed made before stops working.
#[utoipa::path(
    tag = "activities",
    responses((status = 201, description = "The feed's address", body = CalendarFeed)),
)]
#[post("/me/calendar-feed")]
pub async fn create_calendar_feed(state: State, caller: Caller, req: HttpRequest) -> Reply {
    let info = req.connection_info().clone();
    let token = state
        .run(caller, move |conn, p| {
            let token = new_token(p.org, p.user);
            db::users::set_calendar_feed(conn, p.org, p.user, Some(&hash_secret(&token)))?;
            Ok(token)
        })
        .await?;
    let url = format!(
        "{}://{}/api/v1/calendar/{token}.ics",
        info.scheme(),
        info.host()
    );
    Ok(HttpResponse::Created().json(CalendarFeed { url }))
}

/// Stop my calendar feed.
#[utoipa::path(
    tag = "activities",
    responses((status = 204, description = "The feed's address no longer works")),
)]
#[delete("/me/calendar-feed")]
pub async fn delete_calendar_feed(state: State, caller: Caller) -> Reply {
    state
        .run(caller, move |conn, p| {
            Ok(db::users::set_calendar_feed(conn, p.org, p.user, None)?)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A calendar feed (iCalendar).
///
/// The meetings its user runs or attends and the tasks due, from 90 days back to a year
/// ahead. No login: the address is the secret. 404 for an address that is not (or no
/// longer) a feed.
#[utoipa::path(
    tag = "activities",
    params(("token" = String, Path, description = "The token of the feed's address, with or without `.ics`")),
    responses(
        (status = 200, description = "The calendar", content_type = "text/calendar", body = String),
        (status = 404, description = "No such feed", body = api_types::problem::Problem, content_type = "application/problem+json"),
    ),
    security(()),
)]
#[get("/calendar/{token}")]
pub async fn calendar_feed(state: State, token: Path<String>) -> Reply {
    let token = token.into_inner();
    let token = token.strip_suffix(".ics").unwrap_or(&token).to_owned();
    let (org, user) = token_owner(&token).ok_or(ApiError::NotFound)?;
    let now = state.now();
    let events = state
        .db(move |conn| {
            let stored = db::users::calendar_feed_hash(conn, org, user)?;
            if stored.as_deref() != Some(hash_secret(&token).as_str()) {
                return Err(ApiError::NotFound);
            }
            let from = now - Duration::days(PAST_DAYS);
            let to = now + Duration::days(FUTURE_DAYS);
            Ok(db::activities::calendar(conn, org, user, from, to)?)
        })
        .await?;
    let events: Vec<Event> = events
        .iter()
        .filter_map(|a| {
            let f = &a.fields;
            let (start, end, summary) = match f.kind {
                ActivityKind::Meeting => (f.starts_at?, f.ends_at?, f.subject.clone()),
                ActivityKind::Task => {
                    let due = f.due_at?;
                    let done = if f.status == ActivityStatus::Done {
                        " ✓"
                    } else {
                        ""
                    };
                    let summary = format!("Task: {}{done}", f.subject);
                    (due, due + Duration::minutes(TASK_MINUTES), summary)
                }
                ActivityKind::Call | ActivityKind::Email => return None,
            };
            Some(Event {
                uid: format!("{}@rapport", a.id),
                stamp: a.updated_at,
                start,
                end,
                summary,
                description: f.description.clone(),
                location: f.location.clone(),
                cancelled: f.status == ActivityStatus::Cancelled,
                url: None,
            })
        })
        .collect();
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header(("Cache-Control", "private, max-age=300"))
        .body(ical::calendar("Rapport", &events)))
}
