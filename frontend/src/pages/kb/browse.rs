//! `/kb`: the category tree beside the articles of the chosen category, and search with the
//! passage where the words were found.

use api_types::kb::{KbArticle, KbCategory, KbSearchResults};
use leptos::prelude::*;
use leptos_router::components::A;

use super::{label, tree};
use crate::api::{kb, ApiError, Session};
use crate::components::debounce::debounced;
use crate::components::shell::set_crumbs;
use crate::components::status::{ErrorNote, Loading};
use crate::format;

/// The knowledge base's front page.
#[component]
pub fn KnowledgeBase() -> impl IntoView {
    let session = expect_context::<Session>();
    set_crumbs(vec![("Knowledge base".into(), None)]);
    let writer = session.can(domain::Permission::WriteKnowledge);
    let chosen = RwSignal::new(None::<String>);
    let query = RwSignal::new(String::new());
    let categories = LocalResource::new(move || async move { kb::categories(&session).await });
    let articles = LocalResource::new(move || {
        let category = chosen.get();
        async move { kb::articles(&session, category.as_deref()).await }
    });
    let results = RwSignal::new(None::<Result<KbSearchResults, ApiError>>);
    let search = debounced(250, move |q: String| {
        if q.trim().is_empty() {
            results.set(None);
            return;
        }
        leptos::task::spawn_local(async move {
            let found = kb::search(&session, &q).await;
            // Only the answer to what the box still says, and only while the page is open.
            if query.try_get_untracked().as_deref() == Some(q.as_str()) {
                results.try_set(Some(found));
            }
        });
    });
    view! {
        <section class="page">
            <div class="page-head">
                <h1>"Knowledge base"</h1>
                {writer.then(|| view! { <A href="/kb/new" attr:class="button primary">"New article"</A> })}
            </div>
            <div class="field kb-search">
                <label for="kb-search">"Search the articles"</label>
                <input id="kb-search" type="search" placeholder="Words from the title or the text"
                    prop:value=move || query.get()
                    on:input=move |ev| {
                        let q = event_target_value(&ev);
                        query.set(q.clone());
                        search(q);
                    }/>
            </div>
            <div class="columns kb-columns">
                <nav class="card kb-categories" aria-labelledby="kb-categories">
                    <h2 id="kb-categories">"Categories"</h2>
                    {writer.then(|| view! { <A href="/kb/categories" attr:class="small">"Edit the categories"</A> })}
                    {move || match categories.get() {
                        None => view! { <Loading what="Loading the categories"/> }.into_any(),
                        Some(Err(error)) => view! { <ErrorNote error/> }.into_any(),
                        Some(Ok(all)) => view! { <CategoryTree all chosen query results/> }.into_any(),
                    }}
                </nav>
                <section class="card kb-articles" aria-label="Articles">
                    {move || match results.get() {
                        Some(Ok(found)) => view! { <SearchResults found/> }.into_any(),
                        Some(Err(error)) => view! { <ErrorNote error/> }.into_any(),
                        None => match articles.get() {
                            None => view! { <Loading what="Loading the articles"/> }.into_any(),
                            Some(Err(error)) => view! { <ErrorNote error/> }.into_any(),
                            Some(Ok(list)) => view! { <ArticleList list/> }.into_any(),
                        },
                    }}
                </section>
            </div>
        </section>
    }
}

/// The categories; choosing one shows its articles (and ends a search).
#[component]
fn CategoryTree(
    all: Vec<KbCategory>,
    chosen: RwSignal<Option<String>>,
    query: RwSignal<String>,
    results: RwSignal<Option<Result<KbSearchResults, ApiError>>>,
) -> impl IntoView {
    let rows = tree(&all);
    let choose = move |category: Option<String>| {
        query.set(String::new());
        results.set(None);
        chosen.set(category);
    };
    view! {
        <ul class="plain kb-tree">
            <li>
                <button type="button" class="link-button" aria-pressed=move || chosen.get().is_none().to_string()
                    on:click=move |_| choose(None)>"All articles"</button>
            </li>
            {rows.into_iter().map(|(c, depth)| {
                let id = c.id.clone();
                let pressed = {
                    let id = id.clone();
                    move || (chosen.get().as_deref() == Some(id.as_str())).to_string()
                };
                view! {
                    <li class=format!("depth-{}", depth.min(6))>
                        <button type="button" class="link-button" aria-pressed=pressed
                            on:click=move |_| choose(Some(id.clone()))>{c.name.clone()}</button>
                        <span class="muted">{format!(" {}", c.published_count)}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
fn ArticleList(list: Vec<KbArticle>) -> impl IntoView {
    if list.is_empty() {
        return view! { <p class="muted">"No articles here yet."</p> }.into_any();
    }
    view! {
        <ul class="plain kb-list">
            {list.into_iter().map(|a| view! {
                <li>
                    <A href=format!("/kb/{}", a.id)>{a.title.clone()}</A>
                    <span class=format!("badge kb-{}", a.status)>{label(&a.status)}</span>
                    <span class="badge">{label(&a.visibility)}</span>
                    <p class="muted">{format!("Updated {} · read {} times · {} found it helpful",
                        format::date_time(&a.updated_at), a.view_count, a.helpful_count)}</p>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn SearchResults(found: KbSearchResults) -> impl IntoView {
    if found.items.is_empty() {
        return view! { <p class="muted">"No published article has all these words."</p> }
            .into_any();
    }
    view! {
        <h2 class="visually-hidden">"What was found"</h2>
        <ol class="plain kb-list">
            {found.items.into_iter().map(|hit| view! {
                <li>
                    <A href=format!("/kb/{}", hit.id)>{hit.title.clone()}</A>
                    <span class="badge">{label(&hit.visibility)}</span>
                    // The server escapes the passage and marks the words found.
                    <p class="kb-snippet" inner_html=hit.snippet.clone()></p>
                </li>
            }).collect_view()}
        </ol>
    }
    .into_any()
}
