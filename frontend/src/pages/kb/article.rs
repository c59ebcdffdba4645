//! `/kb/:id`: an article as readers see it, whether it helped, and its history with a way
//! back to any version.

use api_types::kb::{KbArticle, KbArticleVersionSummary, KbCategory, KbFeedback};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::label;
use crate::api::{kb, users, ApiError, Session};
use crate::components::shell::set_crumbs;
use crate::components::status::{ErrorNote, Loading, Toast, Toasts};
use crate::format;

#[derive(Clone)]
struct Loaded {
    article: KbArticle,
    category: Option<KbCategory>,
    versions: Vec<KbArticleVersionSummary>,
    people: Vec<api_types::users::User>,
}

/// The page of the article named by the route's `:id`.
#[component]
pub fn ArticlePage() -> impl IntoView {
    let session = expect_context::<Session>();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let found = LocalResource::new(move || {
        let id = id();
        async move {
            let article = kb::article(&session, &id).await?;
            let categories = kb::categories(&session).await?;
            let category = categories
                .into_iter()
                .find(|c| Some(&c.id) == article.category_id.as_ref());
            let versions = kb::versions(&session, &id).await?;
            let people = users::directory(&session).await.unwrap_or_default();
            Ok::<_, ApiError>(Loaded {
                article,
                category,
                versions,
                people,
            })
        }
    });
    // A read is counted once per opening of the page, not on reloads after a change.
    Effect::new(move |counted: Option<String>| {
        let id = id();
        if !id.is_empty() && counted.as_deref() != Some(id.as_str()) {
            let id = id.clone();
            leptos::task::spawn_local(async move {
                let _ = kb::count_view(&session, &id).await;
            });
        }
        id
    });
    let reload = Callback::new(move |()| found.refetch());
    view! {
        <section class="page">
            {move || match found.get() {
                None => view! { <Loading what="Loading the article"/> }.into_any(),
                Some(Err(error)) => view! { <ErrorNote error retry=Some(reload)/> }.into_any(),
                Some(Ok(loaded)) => {
                    set_crumbs(vec![
                        ("Knowledge base".into(), Some("/kb".into())),
                        (loaded.article.title.clone(), None),
                    ]);
                    view! { <ArticleView loaded reload/> }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn ArticleView(loaded: Loaded, reload: Callback<()>) -> impl IntoView {
    let session = expect_context::<Session>();
    let writer = session.can(domain::Permission::WriteKnowledge);
    let a = loaded.article.clone();
    let written_by = |id: &Option<String>| {
        id.as_ref().map_or_else(
            || "Someone".to_owned(),
            |u| users::name_of(&loaded.people, u),
        )
    };
    let updated = format!(
        "Version {} · updated {} by {}",
        a.version,
        format::date_time(&a.updated_at),
        written_by(&a.updated_by)
    );
    view! {
        <div class="page-head">
            <h1>{a.title.clone()}</h1>
            <p class="badges">
                <span class=format!("badge kb-{}", a.status)>{label(&a.status)}</span>
                <span class="badge">{label(&a.visibility)}</span>
                <span class="badge">{a.language.clone()}</span>
            </p>
            {writer.then(|| view! { <A href=format!("/kb/{}/edit", a.id) attr:class="button">"Edit"</A> })}
        </div>
        <div class="columns">
            <article class="card kb-article" aria-labelledby="kb-article-title">
                <h2 id="kb-article-title" class="visually-hidden">"The article"</h2>
                <p class="muted">{updated}</p>
                // Rendered and sanitised by the server: no script survives it.
                <div class="kb-body" inner_html=a.body_html.clone()></div>
                <Helpful id=a.id.clone()/>
            </article>
            <aside class="side">
                <section class="card" aria-labelledby="kb-filed">
                    <h2 id="kb-filed">"Filed"</h2>
                    <dl class="details">
                        <dt>"Category"</dt>
                        <dd>{loaded.category.as_ref().map_or_else(|| "None".to_owned(), |c| c.name.clone())}</dd>
                        <dt>"Tags"</dt>
                        <dd>{if a.tags.is_empty() { "None".to_owned() } else { a.tags.join(", ") }}</dd>
                        <dt>"Read"</dt>
                        <dd>{format!("{} times", a.view_count)}</dd>
                    </dl>
                </section>
                <History article=a.clone() versions=loaded.versions.clone() people=loaded.people.clone() writer reload/>
            </aside>
        </div>
    }
}

/// "Was this helpful?", with the counts and the user's own vote.
#[component]
fn Helpful(id: String) -> impl IntoView {
    let session = expect_context::<Session>();
    let feedback = RwSignal::new(None::<KbFeedback>);
    let failure = RwSignal::new(None::<ApiError>);
    {
        let id = id.clone();
        leptos::task::spawn_local(async move {
            match kb::feedback(&session, &id).await {
                Ok(f) => {
                    feedback.try_set(Some(f));
                }
                Err(e) => {
                    failure.try_set(Some(e));
                }
            }
        });
    }
    let vote = Action::new_local(move |helpful: &bool| {
        let (id, helpful) = (id.clone(), *helpful);
        async move {
            // Choosing the same answer again takes the vote back.
            let again = feedback.get_untracked().and_then(|f| f.your_vote) == Some(helpful);
            match kb::vote(&session, &id, (!again).then_some(helpful)).await {
                Ok(f) => {
                    feedback.try_set(Some(f));
                }
                Err(e) => {
                    failure.try_set(Some(e));
                }
            }
        }
    });
    // Votes wait for the user's current vote, and for each other.
    let busy = move || feedback.with(Option::is_none) || vote.pending().get();
    let pressed = move |helpful: bool| {
        move || (feedback.get().and_then(|f| f.your_vote) == Some(helpful)).to_string()
    };
    view! {
        <div class="kb-helpful" role="group" aria-label="Was this helpful?">
            <span>"Was this helpful?"</span>
            <button type="button" class="button" aria-pressed=pressed(true) disabled=busy on:click=move |_| { vote.dispatch(true); }>
                {move || format!("Yes ({})", feedback.get().map_or(0, |f| f.helpful_count))}
            </button>
            <button type="button" class="button" aria-pressed=pressed(false) disabled=busy on:click=move |_| { vote.dispatch(false); }>
                {move || format!("No ({})", feedback.get().map_or(0, |f| f.unhelpful_count))}
            </button>
            {move || failure.get().map(|error| view! { <ErrorNote error/> })}
        </div>
    }
}

/// Every version, latest first, each with who wrote it; a writer brings one back.
#[component]
fn History(
    article: KbArticle,
    versions: Vec<KbArticleVersionSummary>,
    people: Vec<api_types::users::User>,
    writer: bool,
    reload: Callback<()>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let failure = RwSignal::new(None::<ApiError>);
    let id = article.id.clone();
    let restore = Action::new_local(move |version: &i64| {
        let (id, version, toasts) = (id.clone(), *version, toasts.clone());
        async move {
            match kb::restore_version(&session, &id, version).await {
                Ok(_) => {
                    toasts.show(Toast {
                        message: format!("Version {version} is back, as the latest version."),
                        action: None,
                    });
                    reload.try_run(());
                }
                Err(e) => failure.set(Some(e)),
            }
        }
    });
    let current = article.version;
    view! {
        <section class="card" aria-labelledby="kb-history">
            <h2 id="kb-history">"History"</h2>
            <ol class="plain kb-versions">
                {versions.into_iter().map(|v| {
                    let by = v.written_by.as_ref().map_or_else(|| "Someone".to_owned(), |u| users::name_of(&people, u));
                    let latest = v.version == current;
                    view! {
                        <li>
                            <strong>{format!("Version {}", v.version)}</strong>
                            {latest.then(|| view! { <span class="badge">"Current"</span> })}
                            <p class="muted">{format!("{} · {} · {}", format::date_time(&v.written_at), by, label(&v.status))}</p>
                            <p>{v.title.clone()}</p>
                            {(writer && !latest).then(|| view! {
                                <button type="button" class="button subtle" disabled=move || restore.pending().get()
                                    on:click=move |_| { restore.dispatch(v.version); }>
                                    {format!("Restore version {}", v.version)}
                                </button>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
            {move || failure.get().map(|error| view! { <ErrorNote error/> })}
        </section>
    }
}
