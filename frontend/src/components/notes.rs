//! The notes of a record and the box to add one.

use api_types::notes::Note;
use leptos::prelude::*;

use crate::api::ApiError;
use crate::format;

/// Notes, newest first, and a form that adds one through `add` and then calls `added`.
#[component]
pub fn Notes<F, Fut>(
    /// The notes shown.
    notes: Vec<Note>,
    /// Saves a note's text.
    add: F,
    /// Called after a note was saved (to reload).
    added: Callback<()>,
    /// Whether the user may add notes.
    writable: bool,
) -> impl IntoView
where
    F: Fn(String) -> Fut + Clone + 'static,
    Fut: std::future::Future<Output = Result<Note, ApiError>> + 'static,
{
    let text = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = text.get_untracked();
        if body.trim().is_empty() {
            failure.set(Some("Write something first.".into()));
            return;
        }
        let add = add.clone();
        saving.set(true);
        leptos::task::spawn_local(async move {
            match add(body).await {
                Ok(_) => {
                    text.set(String::new());
                    failure.set(None);
                    added.run(());
                }
                Err(error) => failure.set(Some(error.message())),
            }
            saving.set(false);
        });
    };
    view! {
        {writable.then(|| view! {
        <form class="note-form" on:submit=on_submit>
            <label for="new-note">"Add a note"</label>
            <textarea id="new-note" rows="3" prop:value=move || text.get()
                aria-invalid=move || if failure.get().is_some() { "true" } else { "false" }
                on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            {move || failure.get().map(|f| view! { <p class="error" role="alert">{f}</p> })}
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
                            <time datetime=n.created_at.to_rfc3339()>{format::date_time(&n.created_at)}</time>
                            <p class="note-body">{n.body}</p>
                        </li>
                    }).collect_view()}
                </ol>
            }.into_any()
        }}
    }
}
