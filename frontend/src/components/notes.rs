//! The notes of a record and the box to add one.

use api_types::notes::Note;
use leptos::prelude::*;

use api_types::users::User;

use crate::api::{self, users, Resource, Session};
use crate::format;

/// The notes of the record `id` of `R`, newest first, with their authors, and when the record
/// is `writable` by this user a form that adds one and then calls `added` (to reload).
pub fn record_notes<R: Resource>(
    id: String,
    notes: Vec<Note>,
    people: Vec<User>,
    writable: bool,
    added: Callback<()>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let text = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let add = Action::new_local(move |body: &String| {
        let (id, body) = (id.clone(), body.clone());
        async move {
            match api::add_note::<R>(&session, &id, &body).await {
                Ok(_) => {
                    text.set(String::new());
                    problem.set(None);
                    added.run(());
                }
                Err(error) => problem.set(Some(error.message())),
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = text.get_untracked();
        if body.trim().is_empty() {
            problem.set(Some("Write something first.".into()));
            return;
        }
        add.dispatch(body);
    };
    let saving = add.pending();
    view! {
        {writable.then(|| view! {
            <form class="note-form" on:submit=on_submit>
                <label for="new-note">"Add a note"</label>
                <textarea id="new-note" rows="3" prop:value=move || text.get()
                    aria-invalid=move || if problem.get().is_some() { "true" } else { "false" }
                    on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                {move || problem.get().map(|f| view! { <p class="error" role="alert">{f}</p> })}
                <button type="submit" class="button" disabled=move || saving.get()>"Add note"</button>
            </form>
        })}
        {if notes.is_empty() {
            view! { <p class="muted">"No notes yet."</p> }.into_any()
        } else {
            view! {
                <ol class="timeline">
                    {notes.into_iter().map(|n| view! {
                        <li>
                            <p class="note-meta">
                                <strong>{n.author_id.as_deref().map_or_else(|| "Rapport".to_owned(), |a| users::name_of(&people, a))}</strong>
                                " · "
                                <time datetime=n.created_at.to_rfc3339()>{format::date_time(&n.created_at)}</time>
                            </p>
                            <p class="note-body">{n.body}</p>
                        </li>
                    }).collect_view()}
                </ol>
            }.into_any()
        }}
    }
}
