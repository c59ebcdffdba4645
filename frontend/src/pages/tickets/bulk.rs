//! What can be done at once to the tickets chosen in the inbox: assign them to oneself, set a
//! status or a priority. The server changes all of them or none, and says which refused.

use api_types::tickets::{BulkUpdateTickets, Ticket};
use leptos::prelude::*;

use super::{PRIORITIES, STATUSES};
use crate::api::{tickets, Session};
use crate::components::bulk::Selection;
use crate::components::status::{Toast, Toasts};
use crate::format;

/// The bar over the inbox while tickets are chosen; `done` runs after a change.
#[component]
pub fn BulkBar(selection: Selection<Ticket>, done: Callback<()>) -> impl IntoView {
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let refusals = RwSignal::new(Vec::<String>::new());
    let apply = Action::new_local(move |change: &BulkUpdateTickets| {
        let (mut change, toasts) = (change.clone(), toasts.clone());
        let chosen = selection.0.get_untracked();
        change.ids = chosen.iter().map(|t| t.id.clone()).collect();
        async move {
            match tickets::bulk_update(&session, &change).await {
                Ok(changed) => {
                    refusals.set(Vec::new());
                    selection.0.set(Vec::new());
                    let n = changed.items.len() as i64;
                    toasts.show(Toast {
                        message: format::counted(n, "ticket was changed.", "tickets were changed."),
                        action: None,
                    });
                    done.try_run(());
                }
                Err(error) => {
                    // Each refusal points at its ticket's place in the request.
                    let reasons: Vec<String> = error
                        .field_errors()
                        .into_iter()
                        .map(|(pointer, detail)| {
                            let index = pointer
                                .strip_prefix("/ids/")
                                .and_then(|i| i.parse::<usize>().ok());
                            match index.and_then(|i| chosen.get(i)) {
                                Some(t) => {
                                    format!("#{}: {}", t.number, crate::api::sentence(&detail))
                                }
                                None => crate::api::sentence(&detail),
                            }
                        })
                        .collect();
                    refusals.set(if reasons.is_empty() {
                        vec![error.message()]
                    } else {
                        reasons
                    });
                }
            }
        }
    });
    let me = move || {
        session
            .me
            .with_untracked(|me| me.as_ref().map(|me| me.id.clone()))
    };
    let choose_then = move |ev: leptos::ev::Event, set: fn(&mut BulkUpdateTickets, String)| {
        let value = event_target_value(&ev);
        if !value.is_empty() {
            let mut change = BulkUpdateTickets::default();
            set(&mut change, value);
            apply.dispatch(change);
        }
    };
    let busy = move || apply.pending().get();
    view! {
        <Show when=move || selection.0.with(|s| !s.is_empty())>
            <div class="bulk-bar" role="region" aria-label="Change the chosen tickets">
                <p class="bulk-count"><strong>{move || format::counted(selection.0.with(Vec::len) as i64, "ticket chosen", "tickets chosen")}</strong></p>
                <div class="bulk-action">
                    <button type="button" class="button small" disabled=busy
                        on:click=move |_| {
                            apply.dispatch(BulkUpdateTickets {
                                assignee_id: api_types::patch::Patch::set(me()),
                                ..Default::default()
                            });
                        }>"Assign to me"</button>
                </div>
                <div class="bulk-action field">
                    <label for="bulk-status">"Status"</label>
                    <select id="bulk-status" disabled=busy prop:value="" on:change=move |ev| choose_then(ev, |c, v| c.status = Some(v))>
                        <option value="">"Set…"</option>
                        {STATUSES.iter().map(|(v, l)| view! { <option value=*v>{*l}</option> }).collect_view()}
                    </select>
                </div>
                <div class="bulk-action field">
                    <label for="bulk-priority">"Priority"</label>
                    <select id="bulk-priority" disabled=busy prop:value="" on:change=move |ev| choose_then(ev, |c, v| c.priority = Some(v))>
                        <option value="">"Set…"</option>
                        {PRIORITIES.iter().map(|(v, l)| view! { <option value=*v>{*l}</option> }).collect_view()}
                    </select>
                </div>
            </div>
        </Show>
        <Show when=move || refusals.with(|r| !r.is_empty())>
            <div class="error-note" role="alert">
                <p>"Nothing was changed:"</p>
                <ul>{move || refusals.get().into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
            </div>
        </Show>
    }
}
