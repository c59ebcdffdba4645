//! What every create/edit form shares: its errors, the version it edits, a conflict, a
//! failure, and the submit that checks, saves and goes to the saved record.

use leptos::prelude::*;
use leptos_router::NavigateOptions;

use super::field::FieldErrors;
use super::shell::set_crumbs;
use super::status::{ConflictBanner, ErrorNote};
use crate::api::ApiError;

/// The state of one record form.
#[derive(Clone, Copy)]
pub struct FormState {
    /// Field errors by JSON pointer.
    pub errors: FieldErrors,
    /// The `ETag` of the version being edited.
    pub etag: RwSignal<String>,
    /// Someone else saved first (412).
    pub conflict: RwSignal<bool>,
    /// A failure that belongs to no field.
    pub failure: RwSignal<Option<ApiError>>,
    /// A save is under way.
    pub saving: RwSignal<bool>,
    /// The record to edit has arrived (always true for a new one).
    pub loaded: RwSignal<bool>,
    /// The record's name, for the breadcrumbs.
    pub title: RwSignal<String>,
}

impl FormState {
    /// A form for a new record, or (`editing`) one waiting for the record.
    pub fn new(editing: bool) -> Self {
        Self {
            errors: FieldErrors::new(),
            etag: RwSignal::new(String::new()),
            conflict: RwSignal::new(false),
            failure: RwSignal::new(None),
            saving: RwSignal::new(false),
            loaded: RwSignal::new(!editing),
            title: RwSignal::new(String::new()),
        }
    }

    /// The record arrived (first load or reload after a conflict).
    pub fn arrived(&self, etag: Option<String>, title: String) {
        self.etag.set(etag.unwrap_or_default());
        self.title.set(title);
        self.conflict.set(false);
        self.errors.set(Vec::new());
        self.loaded.set(true);
    }

    /// Keeps the breadcrumbs: `Accounts › <name> › Edit`, or `Accounts › New account`.
    pub fn crumbs(&self, editing: bool, list: &'static str, path: String, new_label: &'static str) {
        let title = self.title;
        let list_path = format!("/{}", list.to_lowercase());
        Effect::new(move |_| {
            let name = title.get();
            let list_crumb = (list.to_owned(), Some(list_path.clone()));
            set_crumbs(if editing {
                let name = if name.is_empty() {
                    "…".to_owned()
                } else {
                    name
                };
                vec![
                    list_crumb,
                    (name, Some(path.clone())),
                    ("Edit".into(), None),
                ]
            } else {
                vec![list_crumb, (new_label.to_owned(), None)]
            });
        });
    }

    /// Shows the browser's findings, or saves with `save(body, etag)` and opens the saved
    /// record `/{collection}/{id}`; server field errors land at their fields, a 412 shows
    /// the conflict banner.
    pub fn submit<B, Fut>(
        &self,
        checked: Result<B, Vec<(String, String)>>,
        save: impl FnOnce(B, String) -> Fut + 'static,
        collection: &'static str,
        navigate: impl Fn(&str, NavigateOptions) + 'static,
    ) where
        B: 'static,
        Fut: std::future::Future<Output = Result<String, ApiError>> + 'static,
    {
        let form = *self;
        let body = match checked {
            Ok(body) => body,
            Err(found) => {
                form.errors.set(found);
                focus_first_error();
                return;
            }
        };
        form.errors.set(Vec::new());
        form.failure.set(None);
        form.saving.set(true);
        leptos::task::spawn_local(async move {
            let saved = save(body, form.etag.get_untracked()).await;
            form.saving.set(false);
            match saved {
                Ok(id) => navigate(&format!("/{collection}/{id}"), NavigateOptions::default()),
                Err(error) if error.is_conflict() => form.conflict.set(true),
                Err(error) => {
                    let fields = error.field_errors();
                    if fields.is_empty() {
                        form.failure.set(Some(error));
                    } else {
                        form.errors.set(fields);
                        focus_first_error();
                    }
                }
            }
        });
    }
}

/// The conflict banner and the failure of a form.
#[component]
pub fn FormNotices(
    /// The form.
    form: FormState,
    /// Reloads the record after a conflict.
    on_reload: Callback<()>,
) -> impl IntoView {
    view! {
        {move || form.conflict.get().then(|| view! { <ConflictBanner on_reload/> })}
        {move || form.failure.get().map(|error| view! { <ErrorNote error/> })}
    }
}

/// Moves the focus to the first field with an error, once it is rendered.
pub fn focus_first_error() {
    request_animation_frame(|| {
        let first = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("[aria-invalid=\"true\"]").ok().flatten());
        if let Some(element) = first {
            use wasm_bindgen::JsCast;
            if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
                let _ = element.focus();
            }
        }
    });
}
