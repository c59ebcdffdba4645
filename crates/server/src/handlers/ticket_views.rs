//! `/api/v1/ticket-views`: saved ticket lists with their counts, personal or shared with a
//! team. Each user sees their own views and those shared with their teams (any other answers
//! 404, as for a view that does not exist); of those, only a view's owner changes it, or an
//! admin or manager a shared one (others get 403).

use actix_web::web::{Path, Query};
use actix_web::{delete, get, patch, post, HttpResponse};
use api_types::patch::Patch;
use api_types::tickets::{
    CreateTicketView, TicketFilters, TicketView as ViewBody, TicketViewQuery, UpdateTicketView,
};
use api_types::{Page, PageQuery};
use chrono::{DateTime, Utc};
use db::list::{ListParams, ListRequest};
use db::record::{self, Record, Visibility};
use db::ticket_views::{TicketView, ViewFields};
use db::AnyConnection;
use domain::Permission::ReadTickets;
use domain::{text, FieldError, Role, TeamId, TicketViewId, Violations};

use crate::auth::{Access::Permission as Can, Caller, Principal, Routes};
use crate::error::ApiError;
use crate::extract::{json_with_etag, path_id, IfMatch, Json};
use crate::handlers::tickets::list::filter;
use crate::kit::{self, Reply, State};
use crate::openapi::{self, Id, Invalid};

/// The view routes and who may call them.
pub fn routes(r: &mut Routes) {
    r.add(list_ticket_views, Can(ReadTickets))
        .add(create_ticket_view, Can(ReadTickets))
        .add(get_ticket_view, Can(ReadTickets))
        .add(update_ticket_view, Can(ReadTickets))
        .add(delete_ticket_view, Can(ReadTickets));
}

/// Whether the caller sees the view: theirs, or shared with one of their teams.
fn sees(conn: &mut AnyConnection, p: &Principal, view: &TicketView) -> Result<bool, ApiError> {
    if view.owner_id == p.user {
        return Ok(true);
    }
    let Some(team) = view.fields.team_id else {
        return Ok(false);
    };
    Ok(db::ticket_views::teams_of(conn, p.org, p.user)?.contains(&team))
}

/// Whether the caller may change the view: its owner, or an admin or manager for a shared one.
fn may_change(p: &Principal, view: &TicketView) -> bool {
    view.owner_id == p.user
        || (view.fields.team_id.is_some() && matches!(p.role, Role::Admin | Role::Manager))
}

/// The view the caller sees, or 404.
fn visible(
    conn: &mut AnyConnection,
    p: &Principal,
    id: TicketViewId,
) -> Result<TicketView, ApiError> {
    let view: TicketView = record::get(conn, p.org, id, Visibility::Live)?;
    if sees(conn, p, &view)? {
        Ok(view)
    } else {
        Err(ApiError::NotFound)
    }
}

/// The list parameters a view's sort gives, counting its matches.
fn count_params(sort: Option<&str>) -> Result<ListParams, Vec<FieldError>> {
    let request = ListRequest {
        limit: Some(1),
        sort,
        count: true,
        ..ListRequest::default()
    };
    ListParams::parse(&request, &db::tickets::SORTS)
}

/// Checks filters and sort as the ticket list would, pointing into the view's body.
fn check(
    filters: &TicketFilters,
    sort: Option<&str>,
    p: &Principal,
    now: DateTime<Utc>,
) -> Vec<FieldError> {
    let repoint = |errors: Vec<FieldError>, to: &str| {
        errors
            .into_iter()
            .map(|e| {
                let field = e.pointer.trim_start_matches("/query/").to_owned();
                let pointer = if to == "/sort" {
                    to.to_owned()
                } else {
                    format!("{to}/{field}")
                };
                FieldError::new(pointer, e.code, e.detail)
            })
            .collect::<Vec<_>>()
    };
    let mut errors = match filter(filters, p.user, now) {
        Err(ApiError::InvalidParameters(errors)) => repoint(errors, "/filters"),
        _ => Vec::new(),
    };
    if let Err(e) = count_params(sort) {
        errors.extend(repoint(e, "/sort"));
    }
    errors
}

/// The most tickets a view's count counts: past it the count says "100+", so that a view
/// of half a million tickets costs what one of a hundred does.
pub const COUNT_CAP: i64 = 100;

/// How many tickets the view shows the caller now, up to [`COUNT_CAP`]; whether more do.
fn count(
    conn: &mut AnyConnection,
    p: &Principal,
    view: &TicketView,
    now: DateTime<Utc>,
) -> Result<(i64, bool), ApiError> {
    let filters: TicketFilters = serde_json::from_str(&view.fields.filters)
        .map_err(|e| ApiError::Internal(format!("a stored view's filters: {e}")))?;
    let list = filter(&filters, p.user, now)?;
    let params = count_params(view.fields.sort.as_deref()).map_err(ApiError::InvalidParameters)?;
    let found = db::tickets::count_up_to(conn, p.org, &list, &params, COUNT_CAP + 1)?;
    Ok((found.min(COUNT_CAP), found > COUNT_CAP))
}

fn shown(view: &TicketView, count: Option<(i64, bool)>) -> ViewBody {
    ViewBody {
        id: view.id.to_string(),
        name: view.fields.name.clone(),
        owner_id: view.owner_id.to_string(),
        team_id: view.fields.team_id.map(|t| t.to_string()),
        filters: serde_json::from_str(&view.fields.filters).unwrap_or_default(),
        sort: view.fields.sort.clone(),
        count: count.map(|(n, _)| n),
        count_capped: count.is_some_and(|(_, capped)| capped),
        created_at: view.created_at,
        updated_at: view.updated_at,
        version: view.version,
    }
}

/// What a body asks a view to be.
struct Asked<'a> {
    name: &'a str,
    team_id: Option<&'a str>,
    filters: &'a TicketFilters,
    sort: Option<String>,
}

/// A view's fields from a body, checked: the name, a team the caller may share with (one of
/// theirs, unless an admin or manager; `kept_team`, the one it is shared with already, stays
/// even for someone who left it), the filters and sort the ticket list takes.
fn fields(
    conn: &mut AnyConnection,
    p: &Principal,
    asked: Asked<'_>,
    kept_team: Option<TeamId>,
    now: DateTime<Utc>,
) -> Result<ViewFields, ApiError> {
    let Asked {
        name,
        team_id,
        filters,
        sort,
    } = asked;
    let mut v = Violations::new();
    let name = v.check(text::required("/name", name, 100));
    let team = v.check_opt(team_id, |t| TeamId::parse("/team_id", t));
    if let Some(team) = team.filter(|t| Some(*t) != kept_team) {
        let mine = db::ticket_views::teams_of(conn, p.org, p.user)?.contains(&team);
        if !mine && !matches!(p.role, Role::Admin | Role::Manager) {
            v.push(FieldError::new(
                "/team_id",
                "not_a_member",
                "you can share a view only with a team you belong to",
            ));
        }
    }
    for error in check(filters, sort.as_deref(), p, now) {
        v.push(error);
    }
    let filters = serde_json::to_string(filters)
        .map_err(|e| ApiError::Internal(format!("view filters: {e}")))?;
    v.finish(|| {
        Some(ViewFields {
            name: name?,
            team_id: team,
            filters,
            sort,
        })
    })
    .map_err(ApiError::from)
}

/// List the saved views the caller sees (their own and their teams'), by name.
///
/// With `counts=true` each view carries how many tickets it shows the caller now.
#[utoipa::path(
    tag = "tickets",
    params(TicketViewQuery),
    responses((status = 200, description = "A page of views", body = Page<ViewBody>)),
)]
#[get("/ticket-views")]
pub async fn list_ticket_views(
    state: State,
    caller: Caller,
    query: Query<TicketViewQuery>,
) -> Reply {
    let query = query.into_inner();
    let paging = PageQuery {
        limit: query.limit,
        cursor: query.cursor,
    };
    let params = kit::page_params(&paging, &db::ticket_views::SORTS)?;
    let counts = query.counts.unwrap_or(false);
    let now = state.now();
    let page = state
        .run(caller, move |conn, p| {
            let page = db::ticket_views::list(conn, p.org, p.user, &params)?;
            let mut items = Vec::with_capacity(page.items.len());
            for view in &page.items {
                let count = if counts {
                    Some(count(conn, &p, view, now)?)
                } else {
                    None
                };
                items.push(shown(view, count));
            }
            Ok(Page::new(items, page.next_cursor))
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Save a view of the ticket list.
#[utoipa::path(
    tag = "tickets",
    request_body = CreateTicketView,
    responses(
        (status = 201, description = "Saved, with its count", body = ViewBody, headers(("ETag" = String), ("Location" = String))),
        Invalid,
    ),
)]
#[post("/ticket-views")]
pub async fn create_ticket_view(
    state: State,
    caller: Caller,
    body: Json<CreateTicketView>,
) -> Reply {
    let new = body.into_inner();
    let now = state.now();
    let (id, version, body) = state
        .run(caller, move |conn, p| {
            let asked = Asked {
                name: &new.name,
                team_id: new.team_id.as_deref(),
                filters: &new.filters,
                sort: new.sort,
            };
            let fields = fields(conn, &p, asked, None, now)?;
            let view = db::ticket_views::create(conn, p.org, p.user, fields, now)?;
            let count = count(conn, &p, &view, now)?;
            Ok((view.id, view.version, shown(&view, Some(count))))
        })
        .await?;
    Ok(kit::created(
        format!("/api/v1/ticket-views/{id}"),
        version,
        &body,
    ))
}

/// A saved view with its count for the caller.
#[utoipa::path(
    tag = "tickets",
    params(Id),
    responses((status = 200, description = "The view", body = ViewBody, headers(("ETag" = String)))),
)]
#[get("/ticket-views/{id}")]
pub async fn get_ticket_view(state: State, caller: Caller, id: Path<String>) -> Reply {
    let id: TicketViewId = path_id(&id)?;
    let now = state.now();
    let view = state
        .run(caller, move |conn, p| {
            let view = visible(conn, &p, id)?;
            let count = count(conn, &p, &view, now)?;
            Ok(shown(&view, Some(count)))
        })
        .await?;
    Ok(json_with_etag(HttpResponse::Ok(), view.version, &view))
}

/// Change a saved view: its name, filters, sort, or whom it is shared with.
#[utoipa::path(
    tag = "tickets",
    params(Id, openapi::IfMatch),
    request_body = UpdateTicketView,
    responses(
        (status = 200, description = "The changed view", body = ViewBody, headers(("ETag" = String))),
        Invalid,
    ),
)]
#[patch("/ticket-views/{id}")]
pub async fn update_ticket_view(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
    body: Json<UpdateTicketView>,
) -> Reply {
    let id: TicketViewId = path_id(&id)?;
    let change = body.into_inner();
    let now = state.now();
    let view = state
        .run(caller, move |conn, p| {
            // Under the view's lock from the first read: two changes at once queue, and the
            // second builds on the first.
            record::in_transaction(conn, |conn| {
                change_view(conn, &p, id, change, if_match, now)
            })
        })
        .await?;
    Ok(json_with_etag(HttpResponse::Ok(), view.version, &view))
}

/// Changes a view under its lock (see [`update_ticket_view`]).
fn change_view(
    conn: &mut AnyConnection,
    p: &Principal,
    id: TicketViewId,
    change: UpdateTicketView,
    if_match: IfMatch,
    now: DateTime<Utc>,
) -> Result<ViewBody, ApiError> {
    let p = *p;
    record::lock::<TicketView>(conn, p.org, id)?;
    let current = visible(conn, &p, id)?;
    if !may_change(&p, &current) {
        return Err(ApiError::Forbidden);
    }
    let current_filters: TicketFilters =
        serde_json::from_str(&current.fields.filters).unwrap_or_default();
    let team = match change.team_id {
        Patch::Absent => current.fields.team_id.map(|t| t.to_string()),
        Patch::Null => None,
        Patch::Value(t) => Some(t),
    };
    let asked = Asked {
        name: change.name.as_deref().unwrap_or(&current.fields.name),
        team_id: team.as_deref(),
        filters: change.filters.as_ref().unwrap_or(&current_filters),
        sort: change.sort.or(current.fields.sort.clone()),
    };
    let new = fields(conn, &p, asked, current.fields.team_id, now)?;
    let view = record::modify::<TicketView, ApiError>(conn, p.org, id, now, |current| {
        if if_match.0.is_some_and(|v| v != current.version) {
            return Err(ApiError::VersionMismatch);
        }
        Ok(new)
    })?;
    let count = count(conn, &p, &view, now)?;
    Ok(shown(&view, Some(count)))
}

/// Delete a saved view.
#[utoipa::path(
    tag = "tickets",
    params(Id, openapi::IfMatch),
    responses((status = 204, description = "Deleted")),
)]
#[delete("/ticket-views/{id}")]
pub async fn delete_ticket_view(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
) -> Reply {
    let id: TicketViewId = path_id(&id)?;
    let now = state.now();
    state
        .run(caller, move |conn, p| {
            let view = visible(conn, &p, id)?;
            if !may_change(&p, &view) {
                return Err(ApiError::Forbidden);
            }
            Ok(TicketView::trash(conn, p.org, id, if_match.0, true, now)?)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
