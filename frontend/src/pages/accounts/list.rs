use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use super::{label_of, TIERS, TYPES};
use crate::api::accounts::{self, AccountQuery};
use crate::api::{query, Session};
use crate::components::debounce::debounced;
use crate::components::shell::set_crumbs;
use crate::components::status::{Empty, ErrorNote, Loading};
use crate::format;

const SORTS: [(&str, &str); 6] = [
    ("-created_at", "Newest first"),
    ("created_at", "Oldest first"),
    ("name", "Name A–Z"),
    ("-name", "Name Z–A"),
    ("-updated_at", "Recently changed"),
    ("updated_at", "Least recently changed"),
];

/// The account list: search as you type, filters, sort and paging, all kept in the address so
/// that reload, back and shared links show the same list.
#[component]
pub fn AccountList() -> impl IntoView {
    set_crumbs(vec![("Accounts".into(), None)]);
    let session = expect_context::<Session>();
    let params = use_query_map();
    let param = move |key: &str| params.with(|p| p.get(key).unwrap_or_default());
    let current = move || AccountQuery {
        q: param("q"),
        account_type: param("type"),
        tier: param("tier"),
        sort: param("sort"),
        deleted: param("deleted") == "true",
        cursor: param("cursor"),
        limit: 25,
    };
    let page = LocalResource::new(move || {
        let q = current();
        async move { accounts::list(&session, &q).await }
    });
    // Cursors of the pages before this one, for "Previous".
    let earlier = RwSignal::new(Vec::<String>::new());

    let navigate = use_navigate();
    let show = {
        let navigate = navigate.clone();
        move |q: AccountQuery| {
            let url = format!(
                "/accounts{}",
                query(&[
                    ("q", q.q.as_str()),
                    ("type", &q.account_type),
                    ("tier", &q.tier),
                    ("sort", &q.sort),
                    ("deleted", if q.deleted { "true" } else { "" }),
                    ("cursor", &q.cursor),
                ])
            );
            navigate(
                &url,
                NavigateOptions {
                    replace: true,
                    scroll: false,
                    ..Default::default()
                },
            );
        }
    };
    // Any change of search, filter or sort starts again from the first page.
    let refine = {
        let show = show.clone();
        move |change: &dyn Fn(&mut AccountQuery)| {
            let mut q = current();
            change(&mut q);
            q.cursor.clear();
            earlier.set(Vec::new());
            show(q);
        }
    };
    let text = RwSignal::new(param("q"));
    let search = {
        let refine = refine.clone();
        debounced(300, move |value: String| refine(&|q| q.q = value.clone()))
    };
    let filtered = move || {
        let q = current();
        !q.q.is_empty() || !q.account_type.is_empty() || !q.tier.is_empty()
    };

    let refine_type = refine.clone();
    let refine_tier = refine.clone();
    let refine_sort = refine.clone();
    let refine_trash = refine.clone();
    let clear = {
        let refine = refine.clone();
        move |_| {
            text.set(String::new());
            refine(&|q| {
                q.q.clear();
                q.account_type.clear();
                q.tier.clear();
            });
        }
    };
    let next_page = {
        let show = show.clone();
        move |cursor: String| {
            let mut q = current();
            earlier.update(|e| e.push(q.cursor.clone()));
            q.cursor = cursor;
            show(q);
        }
    };
    let previous_page = {
        let show = show.clone();
        move |_| {
            let mut q = current();
            q.cursor = earlier
                .try_update(|e| e.pop())
                .flatten()
                .unwrap_or_default();
            show(q);
        }
    };

    view! {
        <section class="page">
            <div class="page-head">
                <h1>{move || if current().deleted { "Deleted accounts" } else { "Accounts" }}</h1>
                <A href="/accounts/new" attr:class="button primary">"New account"</A>
            </div>
            <div class="toolbar" role="search">
                <div class="field grow">
                    <label for="account-search">"Search"</label>
                    <input id="account-search" type="search" placeholder="Name, domain or phone"
                        prop:value=move || text.get()
                        on:input=move |ev| {
                            let value = event_target_value(&ev);
                            text.set(value.clone());
                            search(value);
                        }/>
                </div>
                <div class="field">
                    <label for="account-type">"Type"</label>
                    <select id="account-type" prop:value=move || param("type")
                        on:change=move |ev| { let v = event_target_value(&ev); refine_type(&|q| q.account_type = v.clone()) }>
                        <option value="">"All types"</option>
                        {TYPES.iter().map(|(v, l)| view! { <option value=*v selected=move || param("type") == *v>{*l}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="account-tier">"Tier"</label>
                    <select id="account-tier" prop:value=move || param("tier")
                        on:change=move |ev| { let v = event_target_value(&ev); refine_tier(&|q| q.tier = v.clone()) }>
                        <option value="">"All tiers"</option>
                        {TIERS.iter().map(|(v, l)| view! { <option value=*v selected=move || param("tier") == *v>{*l}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="account-sort">"Sort"</label>
                    <select id="account-sort" prop:value=move || param("sort")
                        on:change=move |ev| { let v = event_target_value(&ev); refine_sort(&|q| q.sort = v.clone()) }>
                        {SORTS.iter().map(|(v, l)| view! { <option value=*v selected=move || { let s = param("sort"); s == *v || (s.is_empty() && *v == "-created_at") }>{*l}</option> }).collect_view()}
                    </select>
                </div>
                <label class="checkbox">
                    <input type="checkbox" prop:checked=move || current().deleted
                        on:change=move |ev| { let on = event_target_checked(&ev); refine_trash(&|q| q.deleted = on) }/>
                    "Show deleted"
                </label>
            </div>
            {move || match page.get() {
                None => view! { <Loading what="Loading accounts"/> }.into_any(),
                Some(Err(error)) => view! { <ErrorNote error/> }.into_any(),
                Some(Ok(found)) if found.items.is_empty() => {
                    if filtered() {
                        let clear = clear.clone();
                        view! {
                            <Empty title="No accounts match".into()>
                                <p>"Try other words, or "<button type="button" class="link-button" on:click=clear>"clear the search and filters"</button>"."</p>
                            </Empty>
                        }.into_any()
                    } else if current().deleted {
                        view! { <Empty title="The trash is empty".into()/> }.into_any()
                    } else {
                        view! {
                            <Empty title="No accounts yet".into()>
                                <p><A href="/accounts/new">"Create the first account"</A></p>
                            </Empty>
                        }.into_any()
                    }
                }
                Some(Ok(found)) => {
                    let next = found.next_cursor.clone();
                    let next_page = next_page.clone();
                    let previous_page = previous_page.clone();
                    let has_previous = !current().cursor.is_empty();
                    view! {
                        <div class="table-wrap">
                            <table class="records">
                                <thead>
                                    <tr>
                                        <th scope="col">"Name"</th>
                                        <th scope="col">"Type"</th>
                                        <th scope="col">"Tier"</th>
                                        <th scope="col" class="hide-narrow">"Industry"</th>
                                        <th scope="col" class="hide-narrow">"Location"</th>
                                        <th scope="col" class="hide-narrow">"Updated"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {found.items.into_iter().map(|a| {
                                        let location = [a.address.city.clone(), a.address.country.clone()]
                                            .into_iter().flatten().collect::<Vec<_>>().join(", ");
                                        view! {
                                            <tr>
                                                <td>
                                                    <A href=format!("/accounts/{}", a.id)>{a.name.clone()}</A>
                                                    {a.domain.clone().map(|d| view! { <span class="muted block">{d}</span> })}
                                                </td>
                                                <td>{label_of(&TYPES, &a.account_type)}</td>
                                                <td>{a.tier.as_deref().map(|t| view! { <span class=format!("badge tier-{t}")>{label_of(&TIERS, t)}</span> })}</td>
                                                <td class="hide-narrow">{a.industry.clone().unwrap_or_default()}</td>
                                                <td class="hide-narrow">{location}</td>
                                                <td class="hide-narrow">{format::date(&a.updated_at)}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <nav class="pager" aria-label="Pages">
                            <button type="button" class="button" disabled=!has_previous on:click=previous_page>"← Previous"</button>
                            {next.map(|cursor| view! {
                                <button type="button" class="button" on:click=move |_| next_page(cursor.clone())>"Next →"</button>
                            })}
                        </nav>
                    }.into_any()
                }
            }}
        </section>
    }
}
