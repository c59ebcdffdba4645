//! The public knowledge base: search, and one article.

use api_types::kb::KbSearchResults;
use api_types::portal::PortalArticle;
use leptos::prelude::*;
use web_shared::format;

use super::{explain, Failure, PageTasks};
use crate::api::{query, Portal};
use crate::router::Link;

/// Searching the help articles.
#[component]
pub fn Help() -> impl IntoView {
    let portal = expect_context::<Portal>();
    let tasks = PageTasks::new();
    let words = RwSignal::new(String::new());
    let results = RwSignal::new(None::<KbSearchResults>);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = words.get_untracked();
        if q.trim().is_empty() {
            return;
        }
        busy.set(true);
        error.set(None);
        let path = format!("/api/v1/portal/kb/search{}", query(&[("q", q.as_str())]));
        tasks.spawn(async move {
            match portal.get::<KbSearchResults>(&path).await {
                Ok(found) => results.set(Some(found)),
                Err(e) => error.set(Some(explain(&e))),
            }
            busy.set(false);
        });
    };
    view! {
        <h1>"Help articles"</h1>
        <form class="search" role="search" on:submit=search>
            <label for="kb-words" class="visually-hidden">"Search the help articles"</label>
            <input id="kb-words" type="search" placeholder="What do you need help with?"
                prop:value=words on:input=move |ev| words.set(event_target_value(&ev))/>
            <button type="submit" class="primary" disabled=busy>"Search"</button>
        </form>
        <Failure error/>
        {move || results.get().map(|found| {
            if found.items.is_empty() {
                view! { <p class="notice">"No article matches these words. Try others, or open a ticket."</p> }.into_any()
            } else {
                view! {
                    <ul class="articles" aria-label="Articles found">
                        {found.items.into_iter().map(|hit| view! {
                            <li>
                                <Link to=format!("/help/{}", hit.id)>{hit.title}</Link>
                                // The server escapes the text and marks the words found.
                                <p class="snippet" inner_html=hit.snippet></p>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }
        })}
    }
}

/// One article.
#[component]
pub fn ArticlePage(id: String) -> impl IntoView {
    let portal = expect_context::<Portal>();
    let tasks = PageTasks::new();
    let article = RwSignal::new(None::<PortalArticle>);
    let error = RwSignal::new(None::<String>);
    tasks.spawn(async move {
        match portal
            .get::<PortalArticle>(&format!("/api/v1/portal/kb/articles/{id}"))
            .await
        {
            Ok(a) => article.set(Some(a)),
            Err(e) => error.set(Some(explain(&e))),
        }
    });
    view! {
        <p><Link to="/help">"← All help articles"</Link></p>
        <Failure error/>
        {move || article.get().map(|a| view! {
            <article class="card article" lang=a.language>
                <h1>{a.title}</h1>
                <p class="meta">{format!("Updated {}", format::date(&a.updated_at))}</p>
                // Rendered and sanitized by the server.
                <div class="body" inner_html=a.body_html></div>
            </article>
        })}
    }
}
