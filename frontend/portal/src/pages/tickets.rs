//! The customer's tickets (an account admin's: the company's), open or closed, newest first.

use api_types::portal::PortalTicket;
use api_types::Page;
use leptos::prelude::*;
use web_shared::format;

use super::{explain, Failure, PageTasks, StatusBadge};
use crate::api::{query, Portal};
use crate::router::Link;

/// The ticket list.
#[component]
pub fn TicketList() -> impl IntoView {
    let portal = expect_context::<Portal>();
    let tasks = PageTasks::new();
    let state = RwSignal::new("open");
    let everyone = RwSignal::new(true);
    let tickets = RwSignal::new(Vec::<PortalTicket>::new());
    let next = RwSignal::new(None::<String>);
    let loading = RwSignal::new(true);
    let error = RwSignal::new(None::<String>);
    let admin = move || {
        portal
            .me
            .with(|m| m.as_ref().is_some_and(|m| m.role == "account_admin"))
    };
    // Each load is numbered: a later one (another tab, the switch) makes earlier answers
    // stale, and they are dropped.
    let asked = StoredValue::new(0_u32);
    let load = move |cursor: Option<String>| {
        asked.update_value(|n| *n += 1);
        let this = asked.get_value();
        if cursor.is_none() {
            tickets.set(Vec::new());
            next.set(None);
        }
        loading.set(true);
        error.set(None);
        let scope = if admin() && everyone.get_untracked() {
            ""
        } else {
            "mine"
        };
        let path = format!(
            "/api/v1/portal/tickets{}",
            query(&[
                ("state", state.get_untracked()),
                ("scope", scope),
                ("limit", "25"),
                ("cursor", cursor.as_deref().unwrap_or_default()),
            ])
        );
        tasks.spawn(async move {
            let answer = portal.get::<Page<PortalTicket>>(&path).await;
            if asked.get_value() != this {
                return;
            }
            match answer {
                Ok(page) => {
                    if cursor.is_some() {
                        tickets.update(|t| t.extend(page.items));
                    } else {
                        tickets.set(page.items);
                    }
                    next.set(page.next_cursor);
                }
                Err(e) => error.set(Some(explain(&e))),
            }
            loading.set(false);
        });
    };
    Effect::new(move |_| {
        state.track();
        everyone.track();
        load(None);
    });
    let can_open = move || {
        portal
            .branding
            .with(|b| b.as_ref().is_some_and(|b| b.features.ticket_creation))
    };
    let heading = move || {
        portal.me.with(|m| match m {
            Some(m) if m.role == "account_admin" && everyone.get() => format!(
                "Tickets of {}",
                m.account_name
                    .clone()
                    .unwrap_or_else(|| "your company".into())
            ),
            _ => "Your tickets".to_owned(),
        })
    };
    let tab = move |value: &'static str, label: &'static str| {
        view! {
            <button type="button" role="tab" aria-selected=move || (state.get() == value).to_string()
                on:click=move |_| state.set(value)>{label}</button>
        }
    };
    view! {
        <div class="page-head">
            <h1>{heading}</h1>
            <Show when=can_open>
                <Link to="/tickets/new" class="button primary">"New ticket"</Link>
            </Show>
        </div>
        <div class="toolbar">
            <div role="tablist" aria-label="Which tickets">
                {tab("open", "Open")}
                {tab("closed", "Closed")}
            </div>
            <Show when=admin>
                <label class="check">
                    <input type="checkbox" prop:checked=everyone
                        on:change=move |ev| everyone.set(event_target_checked(&ev))/>
                    "Colleagues' tickets too"
                </label>
            </Show>
        </div>
        <Failure error/>
        <ul class="tickets" aria-label="Tickets" aria-busy=move || loading.get().to_string()>
            <For each=move || tickets.get() key=|t| t.id.clone() let:t>
                <TicketRow ticket=t/>
            </For>
        </ul>
        <Show when=move || !loading.get() && tickets.with(Vec::is_empty) && error.with(Option::is_none)>
            <p class="notice">
                {move || if state.get() == "open" { "No open tickets. Need help? Open a new one." } else { "No closed tickets yet." }}
            </p>
        </Show>
        <Show when=move || next.with(Option::is_some)>
            <button type="button" class="more" disabled=loading
                on:click=move |_| load(next.get_untracked())>"Show more"</button>
        </Show>
    }
}

#[component]
fn TicketRow(ticket: PortalTicket) -> impl IntoView {
    let to = format!("/tickets/{}", ticket.id);
    let who = (!ticket.mine).then(|| format!(" · {}", ticket.requester_name));
    view! {
        <li>
            <Link to>
                <span class="subject">{ticket.subject}</span>
                <span class="meta">
                    {format!("#{} · updated {}", ticket.number, format::date_time(&ticket.updated_at))}
                    {who}
                </span>
            </Link>
            <StatusBadge status=ticket.status/>
        </li>
    }
}
