//! The home page: where each user lands. Their own accounts and contacts, latest changes
//! first, and what they opened lately. Later modules add their cards here (my tickets, my
//! tasks, my pipeline).

use api_types::accounts::{Account, AccountFilters};
use api_types::contacts::{Contact, ContactFilters};
use api_types::{ListQuery, Page};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{self, ApiError, Resource, Session};
use crate::components::recent::recent;
use crate::components::shell::set_crumbs;
use crate::components::status::{ErrorNote, Loading};
use crate::format;

/// How many records each card shows.
const SHOWN: i64 = 8;

/// The signed-in user's home.
#[component]
pub fn Home() -> impl IntoView {
    set_crumbs(vec![("Home".into(), None)]);
    let session = expect_context::<Session>();
    let me = move || session.me.with(|me| me.as_ref().map(|me| me.id.clone()));
    let first_name = move || {
        session.me.with(|me| {
            me.as_ref()
                .map(|me| {
                    me.name
                        .split_whitespace()
                        .next()
                        .unwrap_or_default()
                        .to_owned()
                })
                .unwrap_or_default()
        })
    };
    let list = ListQuery {
        limit: Some(SHOWN),
        sort: Some("-updated_at".into()),
        ..ListQuery::default()
    };
    let accounts = {
        let list = list.clone();
        LocalResource::new(move || {
            let filters = AccountFilters {
                owner_id: me(),
                ..AccountFilters::default()
            };
            let list = list.clone();
            async move { api::list::<Account>(&session, &list, &filters).await }
        })
    };
    let contacts = LocalResource::new(move || {
        let filters = ContactFilters {
            owner_id: me(),
            ..ContactFilters::default()
        };
        let list = list.clone();
        async move { api::list::<Contact>(&session, &list, &filters).await }
    });
    let opened = recent(&session);
    view! {
        <section class="page">
            <div class="page-head">
                <h1>{move || format!("Welcome, {}", first_name())}</h1>
            </div>
            <div class="home-grid">
                <MineCard title="My accounts" all="/accounts" mine=format!("/accounts?owner_id={}", me().unwrap_or_default())
                    empty="No accounts are yours yet." page=accounts
                    row=|a: Account| (a.name.clone(), format!("/accounts/{}", a.id), format::date(&a.updated_at))/>
                <MineCard title="My contacts" all="/contacts" mine=format!("/contacts?owner_id={}", me().unwrap_or_default())
                    empty="No contacts are yours yet." page=contacts
                    row=|c: Contact| (c.title(), format!("/contacts/{}", c.id), format::date(&c.updated_at))/>
                <section class="card" aria-labelledby="recent-heading">
                    <h2 id="recent-heading">"Opened lately"</h2>
                    {if opened.is_empty() {
                        view! { <p class="muted">"The records you open will be listed here."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="people">
                                {opened.into_iter().map(|r| view! {
                                    <li><A href=r.href>{r.label}</A><span class="muted">{api::sentence(&r.kind).trim_end_matches('.').to_owned()}</span></li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
            </div>
        </section>
    }
}

/// A card of the user's own records, latest changes first, with a link to all of them.
#[component]
fn MineCard<R: Resource>(
    title: &'static str,
    all: &'static str,
    mine: String,
    empty: &'static str,
    page: LocalResource<Result<Page<R>, ApiError>>,
    row: fn(R) -> (String, String, String),
) -> impl IntoView {
    let id = format!("{}-heading", all.trim_start_matches('/'));
    view! {
        <section class="card" aria-labelledby=id.clone()>
            <div class="card-head">
                <h2 id=id.clone()>{title}</h2>
                <A href=mine>"See all"</A>
            </div>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Err(error) => view! { <ErrorNote error retry=Some(Callback::new(move |()| page.refetch()))/> }.into_any(),
                        Ok(found) if found.items.is_empty() => view! {
                            <p class="muted">{empty}" "<A href=all>"Browse everyone's"</A></p>
                        }.into_any(),
                        Ok(found) => view! {
                            <ul class="people">
                                {found.items.into_iter().map(|record| {
                                    let (label, href, changed) = row(record);
                                    view! { <li><A href=href>{label}</A><span class="muted">"Changed "{changed}</span></li> }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
