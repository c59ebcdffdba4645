//! `/kb/categories`: the category tree, where writers add, rename, move and delete
//! categories.

use api_types::kb::{CreateKbCategory, KbCategory, UpdateKbCategory};
use api_types::Patch;
use leptos::prelude::*;
use leptos_router::components::A;

use super::tree;
use crate::api::{self, kb, ApiError, Session};
use crate::components::field::{FieldErrors, TextField};
use crate::components::record_form::{focus_element, focus_first_error};
use crate::components::shell::set_crumbs;
use crate::components::status::{ConfirmDialog, ErrorNote, Loading, Toast, Toasts};
use crate::format;

/// The form: a new category, or the one being changed.
#[derive(Clone, Copy)]
struct Form {
    /// The category being changed; none for a new one.
    editing: RwSignal<Option<KbCategory>>,
    name: RwSignal<String>,
    description: RwSignal<String>,
    parent: RwSignal<String>,
    position: RwSignal<String>,
    errors: FieldErrors,
}

impl Form {
    fn new() -> Self {
        Form {
            editing: RwSignal::new(None),
            name: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            parent: RwSignal::new(String::new()),
            position: RwSignal::new("0".into()),
            errors: FieldErrors::new(),
        }
    }

    /// Empty, for a new category (in `parent`, when one is given).
    fn clear(&self, parent: Option<&str>) {
        self.editing.set(None);
        self.name.set(String::new());
        self.description.set(String::new());
        self.parent.set(parent.unwrap_or_default().to_owned());
        self.position.set("0".into());
        self.errors.set(Vec::new());
    }

    /// Holding `category`, to change it.
    fn edit(&self, category: &KbCategory) {
        self.name.set(category.name.clone());
        self.description
            .set(category.description.clone().unwrap_or_default());
        self.parent
            .set(category.parent_id.clone().unwrap_or_default());
        self.position.set(category.position.to_string());
        self.errors.set(Vec::new());
        self.editing.set(Some(category.clone()));
        focus_element("field-name");
    }

    /// What the fields say, or their errors as the server would name them.
    fn read(&self) -> Result<CreateKbCategory, Vec<(String, String)>> {
        let mut errors = Vec::new();
        let name = self.name.get_untracked().trim().to_owned();
        if let Err(e) = domain::text::required("/name", &name, 100) {
            errors.push((e.pointer, e.detail));
        }
        let position = match self.position.get_untracked().trim() {
            "" => Some(0),
            typed => typed.parse::<i32>().ok(),
        };
        if position.is_none() {
            errors.push(("/position".into(), "must be a whole number".into()));
        }
        let description =
            Some(self.description.get_untracked().trim().to_owned()).filter(|d| !d.is_empty());
        let parent = Some(self.parent.get_untracked()).filter(|p| !p.is_empty());
        match position {
            Some(position) if errors.is_empty() => Ok(CreateKbCategory {
                name,
                description,
                parent_id: parent,
                position: Some(position),
            }),
            _ => Err(errors),
        }
    }
}

/// `category` and the categories below it, which cannot become its parent.
fn family(all: &[KbCategory], category: &str) -> Vec<String> {
    let mut found = vec![category.to_owned()];
    let mut at = 0;
    while let Some(id) = found.get(at).cloned() {
        found.extend(
            all.iter()
                .filter(|c| c.parent_id.as_deref() == Some(id.as_str()))
                .map(|c| c.id.clone()),
        );
        at += 1;
    }
    found
}

/// The category editor's page.
#[component]
pub fn CategoryEditor() -> impl IntoView {
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    set_crumbs(vec![
        ("Knowledge base".into(), Some("/kb".into())),
        ("Categories".into(), None),
    ]);
    let writer = session.can(domain::Permission::WriteKnowledge);
    let all = RwSignal::new(None::<Result<Vec<KbCategory>, ApiError>>);
    let reload = Callback::new(move |()| {
        leptos::task::spawn_local(async move {
            let read = kb::categories(&session).await;
            all.try_set(Some(read));
        });
    });
    reload.try_run(());
    let form = Form::new();
    let failure = RwSignal::new(None::<ApiError>);
    let save = Action::new_local(move |(): &()| {
        let toasts = toasts.clone();
        async move {
            let new = match form.read() {
                Ok(read) => read,
                Err(errors) => {
                    form.errors.set(errors);
                    return focus_first_error();
                }
            };
            let saved = match form.editing.get_untracked() {
                Some(c) => {
                    let change = UpdateKbCategory {
                        name: Some(new.name),
                        description: new.description.map_or(Patch::Null, Patch::Value),
                        parent_id: new.parent_id.map_or(Patch::Null, Patch::Value),
                        position: new.position,
                    };
                    let etag = format!("\"{}\"", c.version);
                    api::update::<KbCategory>(&session, &c.id, &etag, &change).await
                }
                None => api::create::<KbCategory>(&session, &new).await,
            };
            match saved {
                Ok(c) => {
                    toasts.show(Toast {
                        message: format!("Saved the category “{}”.", c.name),
                        action: None,
                    });
                    form.clear(None);
                    reload.try_run(());
                }
                Err(e) if e.is_conflict() => {
                    form.clear(None);
                    failure.set(Some(e));
                    reload.try_run(());
                }
                Err(e) if !e.field_errors().is_empty() => {
                    form.errors.set(e.field_errors());
                    focus_first_error();
                }
                Err(e) => failure.set(Some(e)),
            }
        }
    });
    view! {
        <section class="page">
            <div class="page-head">
                <h1>"Categories"</h1>
                <A href="/kb" attr:class="button">"Back to the articles"</A>
            </div>
            {move || failure.get().map(|error| {
                let stale = error.is_conflict();
                view! {
                    {stale.then(|| view! {
                        <p class="conflict" role="alert">"Someone else changed this category while you were editing it. The tree shows it as it is now: make your change again."</p>
                    })}
                    {(!stale).then(|| view! { <ErrorNote error/> })}
                }
            })}
            <div class="columns kb-category-columns">
                <section class="card" aria-labelledby="category-tree">
                    <h2 id="category-tree">"The tree"</h2>
                    {writer.then(|| view! {
                        <p class="muted">"A category can be deleted once it is empty: move its articles and subcategories elsewhere first."</p>
                    })}
                    {move || match all.get() {
                        None => view! { <Loading what="Loading the categories"/> }.into_any(),
                        Some(Err(error)) => view! { <ErrorNote error retry=Some(reload)/> }.into_any(),
                        Some(Ok(list)) if list.is_empty() => view! {
                            <p class="muted">"No categories yet. Categories file articles by subject, up to five levels deep."</p>
                        }.into_any(),
                        Some(Ok(list)) => view! { <Tree list form writer reload failure/> }.into_any(),
                    }}
                </section>
                {writer.then(|| view! { <CategoryForm form all save failure/> })}
            </div>
        </section>
    }
}

/// The tree, each category with what it holds and, for writers, its actions.
#[component]
fn Tree(
    list: Vec<KbCategory>,
    form: Form,
    writer: bool,
    reload: Callback<()>,
    failure: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let rows = tree(&list);
    view! {
        <ul class="plain kb-category-tree">
            {rows.into_iter().map(|(c, depth)| {
                let subcategories = list.iter().filter(|o| o.parent_id.as_deref() == Some(c.id.as_str())).count();
                view! { <CategoryRow category=c depth subcategories form writer reload failure/> }
            }).collect_view()}
        </ul>
    }
}

#[component]
fn CategoryRow(
    category: KbCategory,
    depth: usize,
    subcategories: usize,
    form: Form,
    writer: bool,
    reload: Callback<()>,
    failure: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let confirming = RwSignal::new(false);
    let held = {
        let mut parts = Vec::new();
        if category.article_count > 0 {
            parts.push(format::counted(
                category.article_count,
                "article",
                "articles",
            ));
        }
        if subcategories > 0 {
            parts.push(format::counted(
                i64::try_from(subcategories).unwrap_or(i64::MAX),
                "subcategory",
                "subcategories",
            ));
        }
        parts.join(" and ")
    };
    let summary = if held.is_empty() {
        "Empty".to_owned()
    } else if category.published_count == category.article_count {
        held.clone()
    } else if category.published_count == 0 {
        format!("{held}, none published")
    } else {
        format!("{held}, {} published", category.published_count)
    };
    let remove = {
        let (category, toasts) = (category.clone(), toasts.clone());
        Action::new_local(move |(): &()| {
            let (category, toasts) = (category.clone(), toasts.clone());
            async move {
                let etag = format!("\"{}\"", category.version);
                match api::delete::<KbCategory>(&session, &category.id, &etag).await {
                    Ok(()) => {
                        let id = category.id.clone();
                        toasts.removed(
                            format!("Deleted the category “{}”.", category.name),
                            category.name.clone(),
                            move || {
                                let id = id.clone();
                                async move {
                                    api::restore::<KbCategory>(&session, &id).await.map(|_| ())
                                }
                            },
                            reload,
                        );
                        if form
                            .editing
                            .with_untracked(|e| e.as_ref().is_some_and(|e| e.id == category.id))
                        {
                            form.clear(None);
                        }
                    }
                    Err(e) => failure.set(Some(e)),
                }
                reload.try_run(());
            }
        })
    };
    let name = category.name.clone();
    let edited = {
        let id = category.id.clone();
        move || {
            form.editing
                .with(|e| e.as_ref().is_some_and(|e| e.id == id))
        }
    };
    let actions = writer.then(|| {
        let (to_edit, parent) = (category.clone(), category.id.clone());
        let empty = held.is_empty();
        let lines = vec!["It goes to the trash; Undo brings it back.".to_owned()];
        view! {
            <span class="row-actions">
                <button type="button" class="button small" on:click=move |_| form.edit(&to_edit)>
                    "Edit"<span class="visually-hidden">" "{name.clone()}</span>
                </button>
                <button type="button" class="button small" on:click=move |_| { form.clear(Some(&parent)); focus_element("field-name"); }>
                    "Add inside"<span class="visually-hidden">" "{name.clone()}</span>
                </button>
                {empty.then(|| view! {
                    <button type="button" class="button small danger" on:click=move |_| confirming.set(true)>
                        "Delete"<span class="visually-hidden">" "{name.clone()}</span>
                    </button>
                    <ConfirmDialog open=confirming title=format!("Delete the category “{}”?", name) lines
                        confirm="Delete category" on_confirm=Callback::new(move |()| { remove.dispatch(()); })/>
                })}
            </span>
        }
    });
    view! {
        <li class=format!("kb-category-row depth-{}", depth.min(6)) class:editing=edited>
            <span class="kb-category-name">
                <strong>{category.name.clone()}</strong>
                <span class="muted">{format!(" · {summary}")}</span>
                {category.description.clone().map(|d| view! { <span class="muted kb-category-about">{d}</span> })}
            </span>
            {actions}
        </li>
    }
}

/// Adds a category, or changes the one chosen.
#[component]
fn CategoryForm(
    form: Form,
    all: RwSignal<Option<Result<Vec<KbCategory>, ApiError>>>,
    save: Action<(), ()>,
    failure: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let errors = form.errors;
    let heading = move || match form.editing.get() {
        Some(c) => format!("Change “{}”", c.name),
        None => "Add a category".to_owned(),
    };
    // Where it may go: anywhere but in itself or below itself.
    let parents = move || {
        let list = all.with(|a| {
            a.as_ref()
                .and_then(|a| a.as_ref().ok())
                .cloned()
                .unwrap_or_default()
        });
        let excluded = form
            .editing
            .with(|e| e.as_ref().map(|e| family(&list, &e.id)))
            .unwrap_or_default();
        tree(&list)
            .into_iter()
            .filter(|(c, _)| !excluded.contains(&c.id))
            .collect::<Vec<_>>()
    };
    let parent_error = move || errors.sentence_for("/parent_id", "Inside");
    view! {
        <form class="form card" novalidate aria-labelledby="category-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            failure.set(None);
            form.errors.set(Vec::new());
            save.dispatch(());
        }>
            <h2 id="category-form">{heading}</h2>
            <TextField label="Name" pointer="/name" value=form.name errors required=true/>
            <TextField label="Description" pointer="/description" value=form.description errors/>
            <div class="field" class:invalid=move || parent_error().is_some()>
                <label for="field-parent_id">"Inside"</label>
                <select id="field-parent_id" name="/parent_id" prop:value=move || form.parent.get()
                    aria-invalid=move || if parent_error().is_some() { "true" } else { "false" }
                    aria-describedby=move || parent_error().map(|_| "field-parent_id-error")
                    on:change=move |ev| form.parent.set(event_target_value(&ev))>
                    <option value="" selected=move || form.parent.get().is_empty()>"Nothing (a top-level category)"</option>
                    {move || parents().into_iter().map(|(c, depth)| {
                        let id = c.id.clone();
                        let selected = move || form.parent.get() == id;
                        view! { <option value=c.id.clone() selected=selected>{format!("{}{}", "– ".repeat(depth), c.name)}</option> }
                    }).collect_view()}
                </select>
                {move || parent_error().map(|e| view! { <p class="error" id="field-parent_id-error">{e}</p> })}
            </div>
            <TextField label="Order" pointer="/position" value=form.position errors kind="number"
                hint="Among the categories beside it, lower numbers come first."/>
            <div class="form-actions">
                <button type="submit" class="button primary" disabled=move || save.pending().get()>
                    {move || if form.editing.with(Option::is_some) { "Save" } else { "Add category" }}
                </button>
                {move || (form.editing.with(Option::is_some) || !form.parent.get().is_empty()).then(|| view! {
                    <button type="button" class="button subtle" on:click=move |_| form.clear(None)>"Cancel"</button>
                })}
            </div>
        </form>
    }
}
