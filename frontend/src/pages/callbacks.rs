//! The callback queue: customers waiting to be called back, soonest due first; an agent
//! takes one, calls, and marks it done; anyone asks for a new one.

use api_types::phone::{Callback as CallbackRequest, CreateCallback};
use chrono::{Duration, Utc};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{self, Session};
use crate::components::shell::set_crumbs;
use crate::components::status::{ErrorNote, Loading};
use crate::format;

/// The page.
#[component]
pub fn CallbacksPage() -> impl IntoView {
    set_crumbs(vec![("Callbacks".into(), None)]);
    let session = expect_context::<Session>();
    let queue =
        LocalResource::new(move || async move { api::phone::open_callbacks(&session).await });
    let reload = Callback::new(move |()| queue.refetch());
    view! {
        <section class="page">
            <div class="page-head"><h1>"Callbacks"</h1></div>
            <RequestForm reload/>
            {move || match queue.get() {
                None => view! { <Loading what="Loading the queue"/> }.into_any(),
                Some(Err(error)) => view! { <ErrorNote error retry=Some(reload)/> }.into_any(),
                Some(Ok(page)) if page.items.is_empty() => view! {
                    <p class="muted">"Nobody is waiting for a call back."</p>
                }.into_any(),
                Some(Ok(page)) => view! { <Queue items=page.items reload/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Queue(items: Vec<CallbackRequest>, reload: Callback<()>) -> impl IntoView {
    let session = expect_context::<Session>();
    let problem = RwSignal::new(None::<String>);
    let change = Action::new_local(
        move |(callback, patch): &(CallbackRequest, serde_json::Value)| {
            let (callback, patch) = (callback.clone(), patch.clone());
            async move {
                match api::phone::change_callback(&session, &callback, &patch).await {
                    Ok(_) => {
                        reload.try_run(());
                    }
                    Err(error) => problem.set(Some(error.message())),
                }
            }
        },
    );
    let me = move || session.me.with(|m| m.as_ref().map(|m| m.id.clone()));
    view! {
        {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
        <div class="table-wrap callbacks-wrap"><table class="records callbacks" aria-label="Callbacks, soonest due first">
            <thead><tr><th>"Due"</th><th>"Number"</th><th>"Who"</th><th>"Notes"</th><th>"Agent"</th><th><span class="visually-hidden">"Actions"</span></th></tr></thead>
            <tbody>
                {items.into_iter().map(|c| {
                    let mine = c.assignee_id.is_some() && me() == c.assignee_id;
                    let (take, done) = (c.clone(), c.clone());
                    let tel = format!("tel:{}", c.number);
                    view! {
                        <tr class:overdue=c.overdue>
                            <td>{format::date_time(&c.due_at)}{c.overdue.then(|| view! { " "<span class="badge priority-high">"Overdue"</span> })}</td>
                            <td><a href=tel>{c.number.clone()}</a></td>
                            <td>{c.contact_id.clone().map(|id| view! { <A href=format!("/contacts/{id}")>"Open contact"</A> })}</td>
                            <td>{c.notes.clone().unwrap_or_default()}</td>
                            <td>{match (&c.assignee_id, mine) {
                                (None, _) => "Waiting".to_owned(),
                                (Some(_), true) => "You".to_owned(),
                                (Some(_), false) => "A colleague".to_owned(),
                            }}</td>
                            <td class="actions">
                                {(!mine && me().is_some()).then(|| view! {
                                    <button type="button" class="button subtle"
                                        on:click=move |_| {
                                            let user = me().unwrap_or_default();
                                            change.dispatch_local((take.clone(), serde_json::json!({"assignee_id": user})));
                                        }>"Take"</button>
                                })}
                                <button type="button" class="button"
                                    on:click=move |_| {
                                        change.dispatch_local((done.clone(), serde_json::json!({"status": "done"})));
                                    }>"Done"</button>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table></div>
    }
}

/// Asking for a callback: a number, by when, what about.
#[component]
fn RequestForm(reload: Callback<()>) -> impl IntoView {
    let session = expect_context::<Session>();
    let number = RwSignal::new(String::new());
    let hours = RwSignal::new("2".to_owned());
    let notes = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let save = Action::new_local(move |()| async move {
        let within = hours
            .get_untracked()
            .trim()
            .parse::<i64>()
            .unwrap_or(2)
            .clamp(0, 24 * 30);
        let new = CreateCallback {
            number: Some(number.get_untracked()),
            due_at: Utc::now() + Duration::hours(within),
            notes: Some(notes.get_untracked()).filter(|n| !n.trim().is_empty()),
            ..CreateCallback::default()
        };
        match api::phone::request_callback(&session, &new).await {
            Ok(_) => {
                number.set(String::new());
                notes.set(String::new());
                problem.set(None);
                reload.try_run(());
            }
            Err(error) => problem.set(Some(error.message())),
        }
    });
    view! {
        <form class="card inline-form" on:submit=move |ev| { ev.prevent_default(); save.dispatch_local(()); }>
            <h2>"Ask for a callback"</h2>
            <label>"Number"<input type="tel" required prop:value=number on:input=move |ev| number.set(event_target_value(&ev))/></label>
            <label>"Within (hours)"<input type="number" min="0" prop:value=hours on:input=move |ev| hours.set(event_target_value(&ev))/></label>
            <label>"About"<input type="text" prop:value=notes on:input=move |ev| notes.set(event_target_value(&ev))/></label>
            <button type="submit" class="button primary" disabled=move || save.pending().get()>"Add to the queue"</button>
            {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
        </form>
    }
}
