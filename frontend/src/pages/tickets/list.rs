use api_types::tickets::{Ticket, TicketFilters};
use api_types::ListQuery;
use leptos::prelude::*;
use leptos_router::components::A;

use super::bulk::BulkBar;
use super::keys;
use super::saved::SavedViews;
use super::{due_badge, label, ticking_now, PRIORITIES, STATUSES};
use crate::api::{self, users, Session};
use crate::components::bulk::{SelectAllCell, SelectCell, Selection};
use crate::components::list_nav::{list_page, ListNav, ListState};
use crate::components::list_parts::{list_results, SearchBox};
use crate::components::live::on_ticket_change;
use crate::components::shell::set_crumbs;
use crate::components::status::Empty;
use crate::components::status::{Toast, Toasts};
use crate::format;
use api_types::tickets::BulkUpdateTickets;
use api_types::Patch;

/// The instant the SLA badges count from.
#[derive(Clone, Copy)]
struct Now(RwSignal<chrono::DateTime<chrono::Utc>>);

const OPEN: &str = "new,open,pending,on_hold";

/// The inbox's views: a name and the filters it stands for.
fn views() -> Vec<(&'static str, TicketFilters)> {
    let open = || Some(OPEN.to_owned());
    vec![
        (
            "My open tickets",
            TicketFilters {
                assignee_id: Some("me".into()),
                status: open(),
                ..Default::default()
            },
        ),
        (
            "Unassigned",
            TicketFilters {
                assignee_id: Some("none".into()),
                status: open(),
                ..Default::default()
            },
        ),
        (
            "All open",
            TicketFilters {
                status: open(),
                ..Default::default()
            },
        ),
        (
            "SLA breached",
            TicketFilters {
                sla: Some("breached".into()),
                status: open(),
                ..Default::default()
            },
        ),
        (
            "Solved",
            TicketFilters {
                status: Some("solved".into()),
                ..Default::default()
            },
        ),
        (
            "Closed",
            TicketFilters {
                status: Some("closed".into()),
                ..Default::default()
            },
        ),
    ]
}

/// How many tickets each view holds, as shown ("10,000+" when the count stopped there).
async fn counts(session: Session) -> Vec<Option<String>> {
    let mut counts = Vec::new();
    for (_, filters) in views() {
        let query = ListQuery {
            limit: Some(1),
            count: Some(true),
            ..ListQuery::default()
        };
        let page = api::list::<Ticket>(&session, &query, &filters).await;
        counts.push(page.ok().and_then(|p| {
            p.total.map(|n| {
                format::count_at_least(i64::try_from(n).unwrap_or(i64::MAX), p.total_capped)
            })
        }));
    }
    counts
}

/// The agent inbox: views with counts beside the ticket list, SLA deadlines counting down.
#[component]
pub fn TicketList() -> impl IntoView {
    set_crumbs(vec![("Tickets".into(), None)]);
    let session = expect_context::<Session>();
    let (current, page, nav) = list_page::<Ticket>(true);
    // One clock for the page: the rows are made again with every page of results.
    provide_context(Now(ticking_now()));
    let counted = LocalResource::new(move || {
        current();
        counts(session)
    });
    let text = RwSignal::new(current().filters.q.unwrap_or_default());
    let selection = Selection::<Ticket>::new();
    if session.can(domain::Permission::WriteTickets) {
        provide_context(selection);
    }
    // A new page of results starts with nothing chosen.
    Effect::new(move |_| {
        current();
        selection.0.set(Vec::new());
    });
    // Counts every change made from the list, so the saved views count again.
    let changes = RwSignal::new(0_u32);
    let changed = Callback::new(move |()| {
        page.refetch();
        counted.refetch();
        changes.update(|n| *n += 1);
    });
    // Changes made elsewhere (by others, by routing, by the SLA sweep) show without a reload.
    let me = session
        .me
        .with_untracked(|me| me.as_ref().map(|me| me.id.clone()));
    on_ticket_change(move |e| e.actor_id != me, changed);
    let toasts = expect_context::<Toasts>();
    let assign = Action::new_local(move |id: &String| {
        let (id, toasts) = (id.clone(), toasts.clone());
        async move {
            let me = session
                .me
                .with_untracked(|me| me.as_ref().map(|me| me.id.clone()));
            let change = BulkUpdateTickets {
                ids: vec![id],
                assignee_id: Patch::set(me),
                ..BulkUpdateTickets::default()
            };
            match api::tickets::bulk_update(&session, &change).await {
                Ok(done) => {
                    let t = done.items.first();
                    toasts.show(Toast {
                        message: t.map_or_else(String::new, |t| {
                            format!("#{} {} is yours now.", t.number, t.subject)
                        }),
                        action: None,
                    });
                    changed.try_run(());
                }
                Err(error) => toasts.show(Toast {
                    message: error.message(),
                    action: None,
                }),
            }
        }
    });
    if session.can(domain::Permission::WriteTickets) {
        keys::inbox_keys(Callback::new(move |id| {
            assign.dispatch(id);
        }));
    }
    let clear = Callback::new(move |()| {
        text.set(String::new());
        nav.refine(|s| s.filters = TicketFilters::default());
    });
    view! {
        <section class="page inbox">
            <div class="page-head">
                <h1>"Tickets"</h1>
                <Show when=move || session.can(domain::Permission::WriteTickets)>
                    <A href="/tickets/new" attr:class="button primary">"New ticket"</A>
                </Show>
            </div>
            <div class="inbox-layout">
                <nav class="views card" aria-label="Views">
                    <ul class="plain">
                        {views().into_iter().enumerate().map(|(i, (name, filters))| {
                            let chosen = filters.clone();
                            let on = move || current().filters == chosen;
                            view! {
                                <li>
                                    <button type="button" class="view-link" aria-current=move || on().then_some("true")
                                        on:click=move |_| {
                                            let filters = filters.clone();
                                            nav.refine(move |s| { s.filters = filters; s.list.sort = Some("sla_due_at".into()); });
                                        }>
                                        <span>{name}</span>
                                        <span class="count">{move || counted.get().and_then(|c| c.get(i).cloned().flatten()).unwrap_or_default()}</span>
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <SavedViews current=Signal::derive(current) nav changes=changes.into()/>
                </nav>
                <div class="inbox-main">
                    <div class="toolbar" role="search">
                        <SearchBox nav id="ticket-search" placeholder="Number or subject" text
                            set_words=|f, words| f.q = Some(words)/>
                    </div>
                    <Show when=move || session.can(domain::Permission::WriteTickets)>
                        <BulkBar selection done=changed/>
                    </Show>
                    {list_results(nav, current, page, empty, clear, rows)}
                    <p class="muted small keys-hint">"Keys: "<kbd>"j"</kbd>" "<kbd>"k"</kbd>" move, "<kbd>"Enter"</kbd>" opens, "<kbd>"x"</kbd>" chooses, "<kbd>"a"</kbd>" assigns to you; on a ticket "<kbd>"r"</kbd>" replies, "<kbd>"n"</kbd>" writes a note."</p>
                </div>
            </div>
        </section>
    }
}

fn empty(state: &ListState<Ticket>, clear: Callback<()>) -> AnyView {
    if state.filters == TicketFilters::default() {
        return view! { <Empty title="No tickets yet".into()/> }.into_any();
    }
    view! {
        <Empty title="No tickets here".into()>
            <p>"Nothing waits in this view. "
                <button type="button" class="link-button" on:click=move |_| clear.run(())>"Show all tickets"</button>"."
            </p>
        </Empty>
    }
    .into_any()
}

fn rows(tickets: Vec<Ticket>, _nav: ListNav<Ticket>) -> AnyView {
    let selection = use_context::<Selection<Ticket>>();
    let all = tickets.clone();
    let people = users::known();
    let now = expect_context::<Now>().0;
    view! {
        <div class="table-wrap">
            <table class="records" aria-label="Tickets">
                <thead>
                    <tr>
                        {selection.map(|selection| view! { <SelectAllCell selection records=all.clone()/> })}
                        <th scope="col">"Ticket"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Priority"</th>
                        <th scope="col">"SLA"</th>
                        <th scope="col">"Assignee"</th>
                        <th scope="col">"Updated"</th>
                    </tr>
                </thead>
                <tbody>
                    {tickets.into_iter().map(|t| {
                        let assignee = t.assignee_id.as_deref().map(|a| users::name_of(&people, a)).unwrap_or_else(|| "Nobody".into());
                        let due = t.sla_due_at;
                        let badge = move || due_badge(due, now.get());
                        let chosen = t.clone();
                        view! {
                            <tr>
                                {selection.map(|selection| view! { <SelectCell selection record=chosen.clone()/> })}
                                <td class="primary-cell"><A href=format!("/tickets/{}", t.id)>{format!("#{} {}", t.number, t.subject)}</A></td>
                                <td data-label="Status"><span class=format!("badge status-{}", t.status)>{label(&STATUSES, &t.status)}</span></td>
                                <td data-label="Priority"><span class=format!("priority-{}", t.priority)>{label(&PRIORITIES, &t.priority)}</span></td>
                                <td data-label="SLA"><span class=move || badge().0>{move || badge().1}</span></td>
                                <td data-label="Assignee">{assignee}</td>
                                <td data-label="Updated">{format::date_time(&t.updated_at)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
