//! Merging a duplicate from its page: the agent names the ticket that goes on by its number.

use api_types::tickets::Ticket;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::api::{tickets, Session};
use crate::components::status::{Toast, Toasts};

/// Where a merged ticket went.
#[component]
pub fn MergedNotice(into: String) -> impl IntoView {
    view! {
        <p class="notice">"This ticket was merged into "
            <A href=format!("/tickets/{into}")>"the ticket that carries on with it"</A>"."
        </p>
    }
}

/// Merges this ticket into another, named by its number.
#[component]
pub fn Merge(ticket: Ticket) -> impl IntoView {
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let navigate = use_navigate();
    let number = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let from = ticket.id.clone();
    let own = ticket.number;
    let merge = Action::new_local(move |number: &i64| {
        let (number, from, toasts, navigate) =
            (*number, from.clone(), toasts.clone(), navigate.clone());
        async move {
            let target = match tickets::by_number(&session, number).await {
                Ok(Some(target)) => target,
                Ok(None) => return problem.set(Some(format!("There is no ticket #{number}."))),
                Err(error) => return problem.set(Some(error.message())),
            };
            match tickets::merge(&session, &from, &target.id).await {
                Ok(kept) => {
                    toasts.show(Toast {
                        message: format!("#{own} was merged into #{}.", kept.number),
                        action: None,
                    });
                    navigate(&format!("/tickets/{}", kept.id), Default::default());
                }
                Err(error) => problem.set(Some(super::problem_sentence(&error))),
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match super::typed_number(&number.get_untracked()) {
            Some(n) if n != own => {
                problem.set(None);
                merge.dispatch(n);
            }
            Some(_) => problem.set(Some("A ticket cannot be merged into itself.".into())),
            None => problem.set(Some(
                "Give the number of the ticket to merge into, such as 1042.".into(),
            )),
        }
    };
    view! {
        <section class="card" aria-labelledby="merge">
            <h2 id="merge">"Merge"</h2>
            <form class="merge-form" on:submit=on_submit>
                <label for="merge-into">"Merge this ticket into ticket number"</label>
                <div class="inline-form">
                    <input id="merge-into" type="text" inputmode="numeric" placeholder="1042" prop:value=move || number.get()
                        aria-invalid=move || if problem.get().is_some() { "true" } else { "false" }
                        on:input=move |ev| number.set(event_target_value(&ev))/>
                    <button type="submit" class="button small" disabled=move || merge.pending().get()>"Merge"</button>
                </div>
                <p class="hint">"Its conversation moves there, it closes, and the customer is told where it carries on."</p>
                {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
            </form>
        </section>
    }
}
