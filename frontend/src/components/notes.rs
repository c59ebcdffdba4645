//! The notes of a record and the box to add one.

use api_types::notes::Note;
use leptos::prelude::*;

use api_types::users::User;

use super::status::ConfirmDialog;
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
    let me = session
        .me
        .with_untracked(|me| me.as_ref().map(|me| me.id.clone()));
    let admin = session.can(domain::Permission::ManageUsers);
    let text = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let add = Action::new_local(move |body: &String| {
        let (id, body) = (id.clone(), body.clone());
        async move {
            match api::notes::add::<R>(&session, &id, &body).await {
                Ok(_) => {
                    text.set(String::new());
                    problem.set(None);
                    added.try_run(());
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
                    {notes.into_iter().map(|n| {
                        let author = n.author_id.as_deref().map_or_else(|| "Rapport".to_owned(), |a| users::name_of(&people, a));
                        let mine = n.author_id.is_some() && n.author_id == me;
                        let may_change = writable && (mine || admin);
                        view! { <NoteItem note=n author may_change changed=added/> }
                    }).collect_view()}
                </ol>
            }.into_any()
        }}
    }
}

/// One note: its author and time, its text, and for its author (or an admin) Edit and Delete.
#[component]
fn NoteItem(note: Note, author: String, may_change: bool, changed: Callback<()>) -> impl IntoView {
    let session = expect_context::<Session>();
    let editing = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let text = RwSignal::new(note.body.clone());
    let problem = RwSignal::new(None::<String>);
    let shown = note.clone();
    let save = Action::new_local(move |body: &String| {
        let (note, body) = (shown.clone(), body.clone());
        async move {
            match api::notes::update(&session, &note, &body).await {
                Ok(_) => {
                    editing.set(false);
                    changed.try_run(());
                }
                Err(error) if error.is_conflict() => problem.set(Some(
                    "Someone else changed this note meanwhile. Reload the page to see their version.".into(),
                )),
                Err(error) => problem.set(Some(error.message())),
            }
        }
    });
    let gone = note.clone();
    let remove = Action::new_local(move |()| {
        let note = gone.clone();
        async move {
            match api::notes::delete(&session, &note).await {
                Ok(()) => {
                    changed.try_run(());
                }
                Err(error) => problem.set(Some(error.message())),
            }
        }
    });
    let id = note.id.clone();
    let field = format!("edit-{id}");
    let saved_text = note.body.clone();
    view! {
        <li>
            <p class="note-meta">
                <strong>{author}</strong>
                " · "
                <time datetime=note.created_at.to_rfc3339()>{format::date_time(&note.created_at)}</time>
                {(note.version > 1).then_some(" · edited")}
            </p>
            {move || if editing.get() {
                let field = field.clone();
                let original = saved_text.clone();
                view! {
                    <form class="note-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        let body = text.get_untracked();
                        if body.trim().is_empty() {
                            problem.set(Some("A note needs some text; delete it instead.".into()));
                        } else {
                            save.dispatch(body);
                        }
                    }>
                        <label for=field.clone() class="visually-hidden">"The note's text"</label>
                        <textarea id=field rows="3" prop:value=move || text.get()
                            on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                        <div class="form-actions">
                            <button type="submit" class="button small primary" disabled=move || save.pending().get()>"Save note"</button>
                            <button type="button" class="button small subtle" on:click=move |_| {
                                text.set(original.clone());
                                problem.set(None);
                                editing.set(false);
                            }>"Cancel"</button>
                        </div>
                    </form>
                }.into_any()
            } else {
                view! { <p class="note-body">{move || text.get()}</p> }.into_any()
            }}
            {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
            {(may_change).then(|| view! {
                <p class="note-actions" hidden=move || editing.get()>
                    <button type="button" class="link-button" on:click=move |_| editing.set(true)>"Edit"<span class="visually-hidden">" note"</span></button>
                    " · "
                    <button type="button" class="link-button" on:click=move |_| confirming.set(true)>"Delete"<span class="visually-hidden">" note"</span></button>
                </p>
                <ConfirmDialog open=confirming title="Delete this note?".to_owned()
                    lines=vec!["It cannot be brought back.".to_owned()]
                    confirm="Delete note" on_confirm=Callback::new(move |()| { remove.dispatch(()); })/>
            })}
        </li>
    }
}
