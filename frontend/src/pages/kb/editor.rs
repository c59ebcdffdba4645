//! `/kb/new` and `/kb/:id/edit`: an article's Markdown with a preview as readers will see
//! it, where it is filed, and who may read it. Each save is a new version.

use api_types::kb::{CreateKbArticle, KbArticle, KbCategory, UpdateKbArticle};
use api_types::Patch;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::tree;
use crate::api::{kb, ApiError, Session};
use crate::components::field::{FieldErrors, SelectField, TextField};
use crate::components::record_form::focus_first_error;
use crate::components::shell::set_crumbs;
use crate::components::status::{ConflictBanner, ErrorNote, Loading};

/// What the form holds.
#[derive(Clone, Copy)]
struct Draft {
    title: RwSignal<String>,
    body: RwSignal<String>,
    category: RwSignal<String>,
    tags: RwSignal<String>,
    visibility: RwSignal<String>,
    status: RwSignal<String>,
    language: RwSignal<String>,
}

impl Draft {
    fn new() -> Self {
        Draft {
            title: RwSignal::new(String::new()),
            body: RwSignal::new(String::new()),
            category: RwSignal::new(String::new()),
            tags: RwSignal::new(String::new()),
            visibility: RwSignal::new("internal".into()),
            status: RwSignal::new("draft".into()),
            language: RwSignal::new("en".into()),
        }
    }

    fn show(&self, a: &KbArticle) {
        self.title.set(a.title.clone());
        self.body.set(a.body.clone());
        self.category.set(a.category_id.clone().unwrap_or_default());
        self.tags.set(a.tags.join(", "));
        self.visibility.set(a.visibility.clone());
        self.status.set(a.status.clone());
        self.language.set(a.language.clone());
    }

    /// Every field as it reads now, untracked.
    fn snapshot_untracked(&self) -> [String; 7] {
        untrack(|| self.snapshot())
    }

    /// Every field as it reads now (tracked): what the leave guard compares with the saved.
    fn snapshot(&self) -> [String; 7] {
        [
            self.title.get(),
            self.body.get(),
            self.category.get(),
            self.tags.get(),
            self.visibility.get(),
            self.status.get(),
            self.language.get(),
        ]
    }

    fn tags(&self) -> Vec<String> {
        self.tags
            .get_untracked()
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect()
    }

    fn category(&self) -> Option<String> {
        Some(self.category.get_untracked()).filter(|c| !c.is_empty())
    }

    fn new_article(&self) -> CreateKbArticle {
        CreateKbArticle {
            title: self.title.get_untracked(),
            body: self.body.get_untracked(),
            category_id: self.category(),
            tags: Some(self.tags()),
            visibility: Some(self.visibility.get_untracked()),
            status: Some(self.status.get_untracked()),
            language: Some(self.language.get_untracked()),
        }
    }

    fn change(&self) -> UpdateKbArticle {
        UpdateKbArticle {
            title: Some(self.title.get_untracked()),
            body: Some(self.body.get_untracked()),
            category_id: self.category().map_or(Patch::Null, Patch::Value),
            tags: Some(self.tags()),
            visibility: Some(self.visibility.get_untracked()),
            status: Some(self.status.get_untracked()),
            language: Some(self.language.get_untracked()),
        }
    }
}

/// The editor of a new article, or of the one named by the route's `:id`.
pub fn article_editor(editing: bool) -> impl IntoView {
    view! { <ArticleEditor editing/> }
}

#[component]
fn ArticleEditor(editing: bool) -> impl IntoView {
    let session = expect_context::<Session>();
    let params = use_params_map();
    let navigate = use_navigate();
    let draft = Draft::new();
    let errors = FieldErrors::new();
    let failure = RwSignal::new(None::<ApiError>);
    let editing_now = RwSignal::new(None::<KbArticle>);
    let categories = RwSignal::new(Vec::<KbCategory>::new());
    let loaded = RwSignal::new(!editing);
    let preview = RwSignal::new(None::<String>);
    let conflict = RwSignal::new(false);
    // Unsaved while the fields differ from what was loaded (or from empty, for a new one).
    let saved = RwSignal::new(draft.snapshot_untracked());
    let dirty = RwSignal::new(false);
    crate::components::leave_guard::guard(dirty);
    Effect::new(move |_| {
        let now = draft.snapshot();
        dirty.set(saved.with(|s| *s != now));
    });
    let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
    let reread = move |id: String| async move {
        match kb::article(&session, &id).await {
            Ok(a) => {
                if loaded.try_set(true).is_none() {
                    draft.show(&a);
                    saved.set(draft.snapshot_untracked());
                    editing_now.set(Some(a));
                    conflict.set(false);
                    errors.set(Vec::new());
                }
            }
            Err(e) => {
                failure.try_set(Some(e));
            }
        }
    };
    let reload = {
        let id = id.clone();
        Callback::new(move |()| leptos::task::spawn_local(reread(id.clone())))
    };
    leptos::task::spawn_local(async move {
        match kb::categories(&session).await {
            Ok(all) => {
                categories.try_set(all);
            }
            Err(e) => {
                failure.try_set(Some(e));
            }
        }
        if editing {
            reread(id).await;
        }
    });
    Effect::new(move |_| {
        let here = match editing_now.get() {
            Some(a) => vec![
                (a.title.clone(), Some(format!("/kb/{}", a.id))),
                ("Edit".into(), None),
            ],
            None => vec![("New article".into(), None)],
        };
        set_crumbs([vec![("Knowledge base".into(), Some("/kb".into()))], here].concat());
    });
    let show_preview = Action::new_local(move |(): &()| async move {
        match kb::preview(&session, &draft.body.get_untracked()).await {
            Ok(html) => preview.set(Some(html)),
            Err(e) => failure.set(Some(e)),
        }
    });
    let save = Action::new_local(move |(): &()| {
        let navigate = navigate.clone();
        async move {
            let stored = match editing_now.get_untracked() {
                Some(a) => kb::update(&session, &a.id, a.version, &draft.change()).await,
                None => kb::create(&session, &draft.new_article()).await,
            };
            match stored {
                Ok(a) => {
                    dirty.set(false);
                    saved.set(draft.snapshot_untracked());
                    navigate(&format!("/kb/{}", a.id), Default::default());
                }
                Err(e) if e.is_conflict() => conflict.set(true),
                Err(e) if !e.field_errors().is_empty() => {
                    errors.set(e.field_errors());
                    focus_first_error();
                }
                Err(e) => failure.set(Some(e)),
            }
        }
    });
    let heading = if editing {
        "Edit the article"
    } else {
        "New article"
    };
    view! {
        <section class="page">
            <h1>{heading}</h1>
            {move || failure.get().map(|error| view! { <ErrorNote error/> })}
            {move || conflict.get().then(|| view! { <ConflictBanner on_reload=reload/> })}
            <Show when=move || loaded.get() fallback=move || failure.with(Option::is_none).then(|| view! { <Loading what="Loading the article"/> })>
                <div class="columns">
                    <form class="form card" novalidate on:submit=move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        failure.set(None);
                        errors.set(Vec::new());
                        save.dispatch(());
                    }>
                        <TextField label="Title" pointer="/title" value=draft.title errors required=true/>
                        <div class="field" class:invalid=move || errors.for_pointer("/body").is_some()>
                            <label for="field-body">"Text"<span class="required" aria-hidden="true">" *"</span></label>
                            <p class="hint" id="field-body-hint">"Markdown: **bold**, # headings, - lists, [links](https://…), tables."</p>
                            <textarea id="field-body" name="/body" rows="16" class="code" aria-required="true"
                                aria-describedby=move || if errors.for_pointer("/body").is_some() { "field-body-hint field-body-error" } else { "field-body-hint" }
                                aria-invalid=move || if errors.for_pointer("/body").is_some() { "true" } else { "false" }
                                prop:value=move || draft.body.get()
                                on:input=move |ev| draft.body.set(event_target_value(&ev))></textarea>
                            {move || errors.sentence_for("/body", "Text").map(|e| view! { <p class="error" id="field-body-error">{e}</p> })}
                        </div>
                        <div class="field">
                            <label for="field-category_id">"Category"</label>
                            <select id="field-category_id" name="/category_id" prop:value=move || draft.category.get()
                                on:change=move |ev| draft.category.set(event_target_value(&ev))>
                                <option value="">"None"</option>
                                {move || tree(&categories.get()).into_iter().map(|(c, depth)| {
                                    let id = c.id.clone();
                                    let selected = move || draft.category.get() == id;
                                    view! { <option value=c.id.clone() selected=selected>{format!("{}{}", "– ".repeat(depth), c.name)}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                        <TextField label="Tags" pointer="/tags" value=draft.tags errors hint="Separated by commas."/>
                        <div class="row">
                            <SelectField label="Readers" pointer="/visibility" value=draft.visibility errors
                                options=vec![("internal", "Staff only"), ("public", "Customers too")]/>
                            <SelectField label="Status" pointer="/status" value=draft.status errors
                                options=vec![("draft", "Draft"), ("published", "Published"), ("archived", "Archived")]/>
                            <TextField label="Language" pointer="/language" value=draft.language errors hint="Such as en, de, en-GB."/>
                        </div>
                        <div class="form-actions">
                            <button type="submit" class="button primary" disabled=move || save.pending().get()>"Save"</button>
                            <button type="button" class="button" on:click=move |_| { show_preview.dispatch(()); }>"Preview"</button>
                        </div>
                    </form>
                    {move || preview.get().map(|html| view! {
                        <section class="card kb-preview" aria-labelledby="kb-preview">
                            <h2 id="kb-preview">"Preview"</h2>
                            // Rendered and sanitised by the server, as readers will get it.
                            <div class="kb-body" inner_html=html></div>
                        </section>
                    })}
                </div>
            </Show>
        </section>
    }
}
