//! The tickets linked to a ticket: related ones an agent linked, follow-ups and merges; an
//! agent links another by its number and unlinks a related one.

use api_types::tickets::{Ticket, TicketLink};
use leptos::prelude::*;
use leptos_router::components::A;

use super::{label, problem_sentence, typed_number, STATUSES};
use crate::api::{tickets, Session};

/// How a linked ticket relates to the one on the page.
const KINDS: [(&str, &str); 5] = [
    ("related", "Related"),
    ("follow_up_of", "Follows up"),
    ("followed_up_by", "Followed up by"),
    ("merged_into", "Merged into"),
    ("merged_from", "Merged from"),
];

/// The card: the linked tickets, and (when `writable`) a form to link one more.
#[component]
pub fn Links(ticket: Ticket, writable: bool) -> impl IntoView {
    let session = expect_context::<Session>();
    let id = StoredValue::new(ticket.id.clone());
    let own = ticket.number;
    let found =
        LocalResource::new(move || async move { tickets::links(&session, &id.get_value()).await });
    let number = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let change = Action::new_local(move |(other, link): &(String, bool)| {
        let (other, link) = (other.clone(), *link);
        async move {
            match tickets::set_link(&session, &id.get_value(), &other, link).await {
                Ok(()) => {
                    number.set(String::new());
                    found.refetch();
                }
                Err(error) => problem.set(Some(problem_sentence(&error))),
            }
        }
    });
    let add = Action::new_local(move |number: &i64| {
        let number = *number;
        async move {
            match tickets::by_number(&session, number).await {
                Ok(Some(other)) => {
                    change.dispatch((other.id, true));
                }
                Ok(None) => problem.set(Some(format!("There is no ticket #{number}."))),
                Err(error) => problem.set(Some(error.message())),
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match typed_number(&number.get_untracked()) {
            Some(n) if n == own => problem.set(Some("A ticket cannot be linked to itself.".into())),
            Some(n) => {
                problem.set(None);
                add.dispatch(n);
            }
            None => problem.set(Some("Give a ticket number, such as 1042.".into())),
        }
    };
    let row = move |link: TicketLink| {
        let unlink = (writable && link.kind == "related").then(|| {
            let other = link.id.clone();
            let name = format!("Unlink #{}", link.number);
            view! {
                <button type="button" class="link-button" aria-label=name
                    on:click=move |_| { change.dispatch((other.clone(), false)); }>"Unlink"</button>
            }
        });
        view! {
            <li>
                <span class="muted">{label(&KINDS, &link.kind)}</span>" "
                <A href=format!("/tickets/{}", link.id)>{format!("#{} {}", link.number, link.subject)}</A>" "
                <span class=format!("badge status-{}", link.status)>{label(&STATUSES, &link.status)}</span>
                {unlink}
            </li>
        }
    };
    view! {
        <section class="card links" aria-labelledby="links">
            <h2 id="links">"Linked tickets"</h2>
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || found.get().map(|result| match result {
                    Ok(list) if list.is_empty() => view! { <p class="muted">"None yet."</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="plain link-list">{list.into_iter().map(row).collect_view()}</ul>
                    }.into_any(),
                    Err(error) => view! { <p class="error">{error.message()}</p> }.into_any(),
                })}
            </Suspense>
            {writable.then(|| view! {
                <form on:submit=on_submit>
                    <label for="link-number">"Link a related ticket by number"</label>
                    <div class="inline-form">
                        <input id="link-number" type="text" inputmode="numeric" placeholder="1042" prop:value=move || number.get()
                            aria-invalid=move || if problem.get().is_some() { "true" } else { "false" }
                            on:input=move |ev| number.set(event_target_value(&ev))/>
                        <button type="submit" class="button small" disabled=move || add.pending().get() || change.pending().get()>"Link"</button>
                    </div>
                </form>
            })}
            {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
        </section>
    }
}
