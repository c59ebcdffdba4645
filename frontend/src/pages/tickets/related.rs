//! The tickets of an account or a contact, on its 360° page: how many are open, the most
//! urgent ones with their SLA state, and the latest.

use api_types::tickets::{Ticket, TicketFilters};
use api_types::ListQuery;
use leptos::prelude::*;
use leptos_router::components::A;

use super::{due_badge, label, STATUSES};
use crate::api::{self, Session};
use crate::format;

/// The statuses of tickets still being worked on.
const OPEN: &str = "new,open,pending,on_hold";

/// What the card shows.
#[derive(Clone)]
struct Summary {
    open: Vec<Ticket>,
    open_count: i64,
    /// More are open than `open_count` says (the count stopped there).
    more_open: bool,
    latest: Option<Ticket>,
}

async fn summary(session: Session, filters: TicketFilters) -> Result<Summary, api::ApiError> {
    let urgent = ListQuery {
        limit: Some(5),
        sort: Some("sla_due_at".into()),
        count: Some(true),
        ..ListQuery::default()
    };
    let open_filters = TicketFilters {
        status: Some(OPEN.into()),
        ..filters.clone()
    };
    let latest = ListQuery {
        limit: Some(1),
        ..ListQuery::default()
    };
    let (open, latest) = futures::join!(
        api::list::<Ticket>(&session, &urgent, &open_filters),
        api::list::<Ticket>(&session, &latest, &filters)
    );
    let open = open?;
    Ok(Summary {
        open_count: open.total.map_or(open.items.len() as i64, |n| n as i64),
        more_open: open.total_capped,
        open: open.items,
        latest: latest?.items.into_iter().next(),
    })
}

/// The card: `filters` picks the tickets (by account or requester), `list` links to all of
/// them in the inbox.
#[component]
pub fn RelatedTickets(filters: TicketFilters, list: String) -> impl IntoView {
    let session = expect_context::<Session>();
    let found = LocalResource::new({
        let filters = filters.clone();
        move || summary(session, filters.clone())
    });
    let now = chrono::Utc::now();
    view! {
        <section class="card" aria-labelledby="tickets-heading">
            <div class="card-head">
                <h2 id="tickets-heading">"Tickets"</h2>
                <A href=list.clone() attr:class="button small">"All tickets"</A>
            </div>
            <Suspense fallback=|| view! { <p class="muted">"Loading tickets…"</p> }>
                {move || Suspend::new(async move {
                    match found.await {
                        Err(error) => view! { <p class="muted">{error.message()}</p> }.into_any(),
                        Ok(s) => view! {
                            <p class="ticket-count"><strong>{format::count_at_least(s.open_count, s.more_open)}</strong>{if s.open_count == 1 { " open ticket" } else { " open tickets" }}</p>
                            {(!s.open.is_empty()).then(|| view! {
                                <ul class="people">
                                    {s.open.iter().map(|t| {
                                        let (class, text) = due_badge(t.sla_due_at, now);
                                        view! {
                                            <li>
                                                <A href=format!("/tickets/{}", t.id)>{format!("#{} {}", t.number, t.subject)}</A>
                                                <span class="muted">{label(&STATUSES, &t.status)}" · "<span class=class>{text}</span></span>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            })}
                            {s.latest.map(|t| view! {
                                <p class="muted small">"Latest: "
                                    <A href=format!("/tickets/{}", t.id)>{format!("#{} {}", t.number, t.subject)}</A>
                                    {format!(", {} ({})", format::date_time(&t.created_at), label(&STATUSES, &t.status).to_lowercase())}
                                </p>
                            })}
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
