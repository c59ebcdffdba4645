//! Selecting rows of a list and changing them together: owner, a tag, or deleting them. Each
//! record is changed with the version the list showed (`If-Match`), so one that someone else
//! changed meanwhile is left alone and reported, never overwritten unseen. (Tickets choose
//! rows the same way, and change them in one request: see `pages::tickets::bulk`.)

use leptos::prelude::*;

use super::field::FieldErrors;
use super::owner_select::OwnerSelect;
use super::status::{ConfirmDialog, Toast, Toasts};
use crate::api::{self, ApiError, Resource, Session};
use crate::format;

/// A resource whose lists offer bulk changes.
pub trait BulkEdit: Resource {
    /// The version the record was read at.
    fn version(&self) -> i64;
    /// The change that gives a record the owner `owner` (or none).
    fn set_owner(owner: Option<String>) -> Self::Update;
    /// The change that adds `tag` to this record's tags.
    fn add_tag(&self, tag: &str) -> Self::Update;
}

/// The rows chosen in a list; emptied when the list changes.
pub struct Selection<R: Resource>(pub RwSignal<Vec<R>>);

impl<R: Resource> Clone for Selection<R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R: Resource> Copy for Selection<R> {}

impl<R: Resource> Selection<R> {
    /// Nothing chosen.
    pub fn new() -> Self {
        Self(RwSignal::new(Vec::new()))
    }

    fn has(&self, id: &str) -> bool {
        self.0.with(|s| s.iter().any(|r| r.id() == id))
    }

    fn toggle(&self, record: &R, on: bool) {
        self.0.update(|s| {
            s.retain(|r| r.id() != record.id());
            if on {
                s.push(record.clone());
            }
        });
    }
}

/// The checkbox choosing one row.
#[component]
pub fn SelectCell<R: Resource>(selection: Selection<R>, record: R) -> impl IntoView {
    let id = record.id().to_owned();
    let label = format!("Select {}", record.title());
    view! {
        <td class="select-cell">
            <input type="checkbox" aria-label=label prop:checked=move || selection.has(&id)
                on:change=move |ev| selection.toggle(&record, event_target_checked(&ev))/>
        </td>
    }
}

/// The header checkbox choosing every row on the page.
#[component]
pub fn SelectAllCell<R: Resource>(selection: Selection<R>, records: Vec<R>) -> impl IntoView {
    let count = records.len();
    view! {
        <th scope="col" class="select-cell">
            <input type="checkbox" aria-label="Select all on this page"
                prop:checked=move || { count != 0 && selection.0.with(Vec::len) == count }
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    selection.0.set(if on { records.clone() } else { Vec::new() });
                }/>
        </th>
    }
}

/// What a bulk change did: how many records changed and why the others did not.
struct Outcome {
    done: usize,
    failed: Vec<ApiError>,
}

async fn change_each<R: BulkEdit>(
    session: Session,
    records: Vec<R>,
    change: impl Fn(&R) -> Option<R::Update>,
) -> Outcome {
    let mut outcome = Outcome {
        done: 0,
        failed: Vec::new(),
    };
    for record in records {
        let etag = format!("\"{}\"", record.version());
        let result = match change(&record) {
            Some(update) => api::update::<R>(&session, record.id(), &etag, &update)
                .await
                .map(|_| ()),
            None => api::delete::<R>(&session, record.id(), &etag).await,
        };
        match result {
            Ok(()) => outcome.done += 1,
            Err(error) => outcome.failed.push(error),
        }
    }
    outcome
}

/// The bar over a list while rows are chosen: change their owner, add a tag, delete them.
/// `done` reloads the list afterwards.
#[component]
pub fn BulkActions<R: BulkEdit>(selection: Selection<R>, done: Callback<()>) -> impl IntoView {
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let owner = RwSignal::new(String::new());
    let tag = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let confirming = RwSignal::new(false);
    let count = move || selection.0.with(Vec::len);
    let run = Action::new_local(move |what: &Bulk| {
        let (what, toasts) = (what.clone(), toasts.clone());
        let records = selection.0.get_untracked();
        async move {
            let total = records.len();
            let outcome = match &what {
                Bulk::Owner(owner) => {
                    let owner = Some(owner.clone()).filter(|o| !o.is_empty());
                    change_each(session, records, move |_| Some(R::set_owner(owner.clone()))).await
                }
                Bulk::Tag(tag) => change_each(session, records, |r: &R| Some(r.add_tag(tag))).await,
                Bulk::Delete => change_each(session, records, |_| None).await,
            };
            let noun = |n: usize| format::counted(n as i64, R::KIND, &format!("{}s", R::KIND));
            if outcome.failed.is_empty() {
                problem.set(None);
                toasts.show(Toast {
                    message: format!("{} {}.", what.verb(), noun(outcome.done)),
                    action: None,
                });
            } else {
                let stale = outcome.failed.iter().filter(|e| e.is_conflict()).count();
                let why = if stale == outcome.failed.len() {
                    "Someone else changed them since the list was shown.".to_owned()
                } else {
                    outcome.failed[0].message()
                };
                problem.set(Some(format!(
                    "{} {} of {}. The others were left as they were: {why}",
                    what.verb(),
                    outcome.done,
                    noun(total),
                )));
            }
            selection.0.set(Vec::new());
            done.try_run(());
        }
    });
    let busy = run.pending();
    view! {
        // Always in the page, so that screen readers announce the first selection too.
        <p class="visually-hidden" aria-live="polite">
            {move || (count() > 0).then(|| format::counted(count() as i64, "record selected", "records selected"))}
        </p>
        <Show when=move || { count() > 0 || problem.with(Option::is_some) }>
            <div class="bulk-bar" role="region" aria-label="Change the selected records">
                <p class="bulk-count"><strong>{move || format::counted(count() as i64, "selected", "selected")}</strong></p>
                <Show when=move || { count() > 0 }>
                    <div class="bulk-action">
                        <OwnerSelect owner errors=FieldErrors::new()/>
                        <button type="button" class="button small" disabled=move || busy.get()
                            on:click=move |_| { run.dispatch(Bulk::Owner(owner.get_untracked())); }>"Change owner"</button>
                    </div>
                    <div class="bulk-action">
                        <div class="field">
                            <label for="bulk-tag">"Tag"</label>
                            <input id="bulk-tag" type="text" prop:value=move || tag.get()
                                on:input=move |ev| tag.set(event_target_value(&ev))/>
                        </div>
                        <button type="button" class="button small" disabled=move || busy.get()
                            on:click=move |_| {
                                let value = tag.get_untracked().trim().to_owned();
                                if value.is_empty() {
                                    problem.set(Some("Type the tag to add first.".into()));
                                } else {
                                    run.dispatch(Bulk::Tag(value));
                                }
                            }>"Add tag"</button>
                    </div>
                    <button type="button" class="button small danger" disabled=move || busy.get()
                        on:click=move |_| confirming.set(true)>"Delete"</button>
                </Show>
                {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
            </div>
        </Show>
        {move || {
            let n = count();
            view! {
                <ConfirmDialog open=confirming
                    title=format!("Delete {}?", format::counted(n as i64, R::KIND, &format!("{}s", R::KIND)))
                    lines=vec!["They go to the trash, where each can be restored.".to_owned()]
                    confirm="Delete" on_confirm=Callback::new(move |()| { run.dispatch(Bulk::Delete); })/>
            }
        }}
    }
}

/// One bulk change.
#[derive(Clone)]
enum Bulk {
    Owner(String),
    Tag(String),
    Delete,
}

impl Bulk {
    /// What was done, before "3 accounts".
    fn verb(&self) -> &'static str {
        match self {
            Bulk::Owner(_) => "Changed the owner of",
            Bulk::Tag(_) => "Tagged",
            Bulk::Delete => "Deleted",
        }
    }
}
