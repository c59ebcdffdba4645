//! A record's create and edit form: what every form does the same way (loading the record and
//! its version, the trail, checking, saving through an action, field errors from the server at
//! their fields, a conflict when someone saved first) around the resource's own fields.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;

use super::field::FieldErrors;
use super::shell::Crumbs;
use super::status::{ConflictBanner, ErrorNote, Loading, Toast, Toasts};
use crate::api::{self, ApiError, Resource, Session};

/// The values of a resource's form, one signal per input.
pub trait FormValues<R: Resource>: Copy + Send + Sync + 'static {
    /// The values of a new record (some may come from the address).
    fn new(session: Session) -> Self;
    /// The values of a stored record.
    fn fill(&self, record: &R);
    /// The body, checked in the browser with the server's own rules, or the field errors as
    /// (JSON pointer, message).
    fn body(&self) -> Result<R::Create, Vec<(String, String)>>;
    /// The change that makes a stored record say what the form says.
    fn update(body: R::Create) -> R::Update;
    /// The form's fields.
    fn fields(self, errors: FieldErrors) -> AnyView;
}

/// The form creating an `R`, or (`editing`) changing the one named by the route's `:id`.
pub fn record_form<R: Resource, V: FormValues<R>>(editing: bool) -> impl IntoView {
    let session = expect_context::<Session>();
    let crumbs = expect_context::<Crumbs>();
    let params = use_params_map();
    let id = move || params.with_untracked(|p| p.get("id").unwrap_or_default());
    let values = V::new(session);
    let errors = FieldErrors::new();
    let etag = RwSignal::new(String::new());
    let conflict = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    let loaded = RwSignal::new(!editing);
    let title = RwSignal::new(String::new());
    // Whether the form holds changes not saved yet.
    let dirty = RwSignal::new(false);

    let load = move || {
        leptos::task::spawn_local(async move {
            match api::one::<R>(&session, &id()).await {
                Ok(shown) if shown.record.deleted_at().is_some() => {
                    failure.set(Some(ApiError::Problem(api_types::Problem {
                        type_uri: "about:blank".into(),
                        title: "In the trash".into(),
                        status: 409,
                        detail: Some(format!(
                            "this {} is in the trash: restore it from its page to change it",
                            R::KIND
                        )),
                        code: "deleted".into(),
                        errors: Vec::new(),
                    })));
                }
                Ok(shown) => {
                    values.fill(&shown.record);
                    dirty.set(false);
                    etag.set(shown.etag);
                    title.set(shown.record.title());
                    conflict.set(false);
                    errors.set(Vec::new());
                    loaded.set(true);
                }
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    let reload = Callback::new(move |()| {
        failure.set(None);
        load();
    });
    if editing {
        load();
    }
    let list_crumb = (R::TITLE.to_owned(), Some(format!("/{}", R::PATH)));
    let record_path = R::page_of(&id());
    Effect::new(move |_| {
        crumbs.set(if editing {
            let name = Some(title.get()).filter(|t| !t.is_empty());
            vec![
                list_crumb.clone(),
                (
                    name.unwrap_or_else(|| "…".into()),
                    Some(record_path.clone()),
                ),
                ("Edit".into(), None),
            ]
        } else {
            vec![list_crumb.clone(), (format!("New {}", R::KIND), None)]
        });
    });

    super::leave_guard::guard(dirty);
    let toasts = expect_context::<Toasts>();
    let navigate = use_navigate();
    let save = Action::new_local(move |body: &R::Create| {
        let (body, navigate, toasts) = (body.clone(), navigate.clone(), toasts.clone());
        async move {
            let saved = if editing {
                let change = V::update(body);
                api::update::<R>(&session, &id(), &etag.get_untracked(), &change).await
            } else {
                api::create::<R>(&session, &body).await
            };
            match saved {
                Ok(record) => {
                    dirty.set(false);
                    toasts.show(Toast {
                        message: if editing {
                            format!("Your changes to “{}” were saved.", record.title())
                        } else {
                            format!("The {} “{}” was created.", R::KIND, record.title())
                        },
                        action: None,
                    });
                    navigate(&R::page_of(record.id()), NavigateOptions::default());
                }
                Err(error) => save_refused(error, conflict, errors, failure),
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match values.body() {
            Ok(body) => {
                errors.set(Vec::new());
                failure.set(None);
                save.dispatch(body);
            }
            Err(found) => {
                errors.set(found);
                focus_first_error();
            }
        }
    };
    let cancel = if editing {
        R::page_of(&id())
    } else {
        format!("/{}", R::PATH)
    };
    let saving = save.pending();
    view! {
        <section class="page narrow">
            <h1>{if editing { format!("Edit {}", R::KIND) } else { format!("New {}", R::KIND) }}</h1>
            {move || conflict.get().then(|| view! { <ConflictBanner on_reload=reload/> })}
            {move || failure.get().map(|error| {
                // A form that could not load can try again; one that failed to save keeps its values.
                let retry = (!loaded.get_untracked()).then_some(reload);
                view! { <ErrorNote error retry/> }
            })}
            <Show when=move || loaded.get()
                fallback=move || failure.with(Option::is_none).then(|| view! { <Loading what="Loading"/> })>
                <form class="form" on:submit=on_submit novalidate
                    on:input=move |_| dirty.set(true) on:change=move |_| dirty.set(true)>
                    {values.fields(errors)}
                    <div class="form-actions">
                        <button type="submit" class="button primary" disabled=move || saving.get()>
                            {move || if saving.get() {
                                "Saving…".to_owned()
                            } else if editing {
                                "Save changes".to_owned()
                            } else {
                                format!("Create {}", R::KIND)
                            }}
                        </button>
                        <A href=cancel.clone() attr:class="button subtle">"Cancel"</A>
                    </div>
                </form>
            </Show>
        </section>
    }
}

/// Shows why a save was refused: someone else saved first (`conflict`), fields broke their
/// rules (each at its field, the first one focused), or anything else (`failure`).
pub fn save_refused(
    error: ApiError,
    conflict: RwSignal<bool>,
    errors: FieldErrors,
    failure: RwSignal<Option<ApiError>>,
) {
    if error.is_conflict() {
        return conflict.set(true);
    }
    let fields = error.field_errors();
    if fields.is_empty() {
        failure.set(Some(error));
    } else {
        errors.set(fields);
        focus_first_error();
    }
}

/// Moves the focus (and the view) to the element `id`, once it is rendered: a form filled
/// from elsewhere on the page, which on a phone sits out of sight.
pub fn focus_element(id: &'static str) {
    request_animation_frame(move || {
        let element = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id));
        if let Some(element) = element {
            use wasm_bindgen::JsCast;
            if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
                let _ = element.focus();
            }
        }
    });
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
