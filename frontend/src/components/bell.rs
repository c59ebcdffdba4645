//! The notification bell in the top bar: how many notifications are unread, the latest ten
//! behind it, each leading to its ticket; read again every half minute.

use std::time::Duration;

use api_types::jobs::Notification;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{notifications, Session};
use crate::format;

/// How often the bell asks again.
const EVERY: Duration = Duration::from_secs(30);

/// The bell and its list.
#[component]
pub fn Bell() -> impl IntoView {
    let session = expect_context::<Session>();
    let open = RwSignal::new(false);
    let tick = RwSignal::new(0_u32);
    let found = LocalResource::new(move || {
        tick.track();
        async move { notifications::latest(&session).await.ok() }
    });
    if let Ok(handle) = set_interval_with_handle(move || tick.update(|t| *t += 1), EVERY) {
        on_cleanup(move || handle.clear());
    }
    let unread = move || found.get().flatten().map_or(0, |(_, n)| n);
    let read_all = Action::new_local(move |()| async move {
        if notifications::mark_all_read(&session).await.is_ok() {
            tick.update(|t| *t += 1);
        }
    });
    view! {
        <div class="bell">
            <button type="button" class="bell-button" aria-expanded=move || open.get().to_string()
                aria-controls="bell-list" on:click=move |_| open.update(|o| *o = !*o)>
                <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z"/></svg>
                <span class="visually-hidden">"Notifications"</span>
                {move || (unread() > 0).then(|| view! {
                    <span class="bell-count">{unread()}<span class="visually-hidden">" unread"</span></span>
                })}
            </button>
            <Show when=move || open.get()>
                <div id="bell-list" class="bell-list" role="region" aria-label="Notifications">
                    <div class="bell-head">
                        <strong>"Notifications"</strong>
                        <button type="button" class="link-button" disabled=move || unread() == 0
                            on:click=move |_| { read_all.dispatch(()); }>"Mark all read"</button>
                    </div>
                    {move || match found.get().flatten() {
                        None => view! { <p class="muted">"Loading…"</p> }.into_any(),
                        Some((items, _)) if items.is_empty() => view! { <p class="muted">"Nothing yet."</p> }.into_any(),
                        Some((items, _)) => view! {
                            <ul class="plain">
                                {items.into_iter().map(|n| item(n, open)).collect_view()}
                            </ul>
                        }.into_any(),
                    }}
                </div>
            </Show>
        </div>
    }
}

fn item(n: Notification, open: RwSignal<bool>) -> impl IntoView {
    let class = if n.read_at.is_none() { "unread" } else { "" };
    let when = format::date_time(&n.created_at);
    let text = n.message.clone();
    view! {
        <li class=class>
            {match (n.ticket_id, n.lead_id, n.activity_id) {
                (Some(ticket), _, _) => view! {
                    <A href=format!("/tickets/{ticket}") on:click=move |_| open.set(false)>{text}</A>
                }.into_any(),
                (None, Some(lead), _) => view! {
                    <A href=format!("/leads/{lead}") on:click=move |_| open.set(false)>{text}</A>
                }.into_any(),
                // A reminder: the task or meeting is on My tasks or the record's timeline.
                (None, None, Some(_)) => view! {
                    <A href="/tasks" on:click=move |_| open.set(false)>{text}</A>
                }.into_any(),
                (None, None, None) => view! { <span>{text}</span> }.into_any(),
            }}
            <span class="muted small">{when}</span>
        </li>
    }
}
