use actix_web::{post, HttpResponse};
use api_types::tickets::{BulkUpdateTickets, BulkUpdated, UpdateTicket};
use db::record;
use domain::text::Tag;
use domain::{FieldError, TicketId, Violations};

use super::{input, view};
use crate::auth::Caller;
use crate::desk;
use crate::error::ApiError;
use crate::extract::{IfMatch, Json};
use crate::kit::{Reply, State};
use crate::openapi::Invalid;

/// The most tickets one bulk update changes.
pub const MAX_BULK: usize = 100;

/// Change up to 100 tickets at once: assign, move to a team, set status or priority, add or
/// take off tags.
///
/// All or nothing: each ticket is changed as a PATCH would change it (the status machine,
/// routing and SLA clocks included), in one transaction. If any ticket refuses, none
/// changes, and the 422 lists every refusal with a pointer to its place in `ids`.
#[utoipa::path(
    tag = "tickets",
    request_body = BulkUpdateTickets,
    responses(
        (status = 200, description = "Every ticket changed, in the order asked", body = BulkUpdated),
        Invalid,
    ),
)]
#[post("/tickets/bulk")]
pub async fn bulk_update_tickets(
    state: State,
    caller: Caller,
    body: Json<BulkUpdateTickets>,
) -> Reply {
    let body = body.into_inner();
    let mut v = Violations::new();
    if body.ids.is_empty() || body.ids.len() > MAX_BULK {
        v.push(FieldError::new(
            "/ids",
            "invalid_count",
            format!("give 1 to {MAX_BULK} tickets"),
        ));
    }
    let mut ids: Vec<TicketId> = Vec::with_capacity(body.ids.len());
    for (i, raw) in body.ids.iter().enumerate() {
        let pointer = format!("/ids/{i}");
        match v.check(TicketId::parse(&pointer, raw)) {
            Some(id) if ids.contains(&id) => v.push(FieldError::new(
                pointer,
                "duplicate_id",
                "this ticket is already in the list",
            )),
            Some(id) => ids.push(id),
            None => {}
        }
    }
    let add = v.check(Tag::parse_list("/add_tags", &body.add_tags));
    let remove = v.check(Tag::parse_list("/remove_tags", &body.remove_tags));
    let (add, remove) = v.finish(|| Some((add?, remove?))).map_err(ApiError::from)?;
    let add: Vec<String> = add.iter().map(|t| t.as_str().to_owned()).collect();
    let remove: Vec<String> = remove.iter().map(|t| t.as_str().to_owned()).collect();
    let change = UpdateTicket {
        status: body.status,
        priority: body.priority,
        assignee_id: body.assignee_id,
        team_id: body.team_id,
        ..UpdateTicket::default()
    };
    let now = state.now();
    let changed = state
        .run(caller, move |conn, p| {
            let rules = desk::Rules::of(conn, p.org)?;
            record::in_transaction(conn, |conn| {
                // Every ticket locked first, in id order: two bulk changes (or a merge) of the
                // same tickets queue instead of deadlocking.
                let mut order = ids.clone();
                order.sort();
                for id in &order {
                    match record::lock::<domain::ticket::Ticket>(conn, p.org, *id) {
                        Ok(_) | Err(db::Error::NotFound) => {}
                        Err(e) => return Err(e.into()),
                    }
                }
                let mut changed = Vec::with_capacity(ids.len());
                let mut refusals = Vec::new();
                for (i, id) in ids.iter().enumerate() {
                    let merge = |t: &domain::ticket::Ticket| {
                        let mut tags = t.fields.tags.clone();
                        tags.retain(|tag| !remove.contains(tag));
                        tags.extend(add.iter().filter(|a| !t.fields.tags.contains(a)).cloned());
                        let patch = UpdateTicket {
                            tags: Some(tags),
                            ..change.clone()
                        };
                        input::merge(t, patch)
                    };
                    match desk::tickets::change(conn, &p, *id, IfMatch(None), merge, now, rules) {
                        Ok(done) => changed.push(done),
                        Err(e) => refusals.extend(refusal(i, e)?),
                    }
                }
                if refusals.is_empty() {
                    let ids: Vec<_> = changed.iter().map(|(t, _)| t.id).collect();
                    let extras = view::Extras::of(conn, p.org, &ids)?;
                    Ok(changed
                        .iter()
                        .map(|(t, clocks)| extras.body(t, clocks))
                        .collect::<Vec<_>>())
                } else {
                    Err(ApiError::Validation(refusals))
                }
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(BulkUpdated { items: changed }))
}

/// Why the ticket at `index` of `ids` refused, pointing there; errors that are not the
/// ticket's refusal (the database failing) end the whole update.
fn refusal(index: usize, error: ApiError) -> Result<Vec<FieldError>, ApiError> {
    let pointer = format!("/ids/{index}");
    match error {
        ApiError::Validation(errors) => Ok(errors
            .into_iter()
            .map(|e| {
                let field = e.pointer.trim_start_matches('/').to_owned();
                FieldError::new(pointer.clone(), e.code, format!("{field}: {}", e.detail))
            })
            .collect()),
        ApiError::NotFound => Ok(vec![FieldError::new(
            pointer,
            "not_found",
            "there is no such ticket",
        )]),
        other => Err(other),
    }
}
