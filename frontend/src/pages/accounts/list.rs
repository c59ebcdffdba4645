use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::{label_of, TIERS, TYPES};
use crate::api::accounts::{self, AccountQuery};
use crate::api::Session;
use crate::components::list_nav::{ListNav, Pager, SearchBox};
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
    let nav = ListNav::new(current);
    let text = RwSignal::new(param("q"));
    let filtered = move || {
        let q = current();
        !q.q.is_empty() || !q.account_type.is_empty() || !q.tier.is_empty()
    };

    let clear = move |_| {
        text.set(String::new());
        nav.refine(|q| {
            q.q.clear();
            q.account_type.clear();
            q.tier.clear();
        });
    };

    view! {
        <section class="page">
            <div class="page-head">
                <h1>{move || if current().deleted { "Deleted accounts" } else { "Accounts" }}</h1>
                <Show when=move || session.can(domain::Permission::WriteCustomers)>
                    <A href="/accounts/new" attr:class="button primary">"New account"</A>
                </Show>
            </div>
            <div class="toolbar" role="search">
                <SearchBox nav id="account-search" placeholder="Name, domain or phone" text
                    set_words=|q, words| q.q = words/>
                <div class="field">
                    <label for="account-type">"Type"</label>
                    <select id="account-type" prop:value=move || param("type")
                        on:change=move |ev| { let v = event_target_value(&ev); nav.refine(|q| q.account_type = v) }>
                        <option value="">"All types"</option>
                        {TYPES.iter().map(|(v, l)| view! { <option value=*v selected=move || param("type") == *v>{*l}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="account-tier">"Tier"</label>
                    <select id="account-tier" prop:value=move || param("tier")
                        on:change=move |ev| { let v = event_target_value(&ev); nav.refine(|q| q.tier = v) }>
                        <option value="">"All tiers"</option>
                        {TIERS.iter().map(|(v, l)| view! { <option value=*v selected=move || param("tier") == *v>{*l}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="account-sort">"Sort"</label>
                    <select id="account-sort"
                        on:change=move |ev| { let v = event_target_value(&ev); nav.refine(|q| q.sort = v) }>
                        {SORTS.iter().map(|(v, l)| view! { <option value=*v selected=move || { let s = param("sort"); s == *v || (s.is_empty() && *v == "-created_at") }>{*l}</option> }).collect_view()}
                    </select>
                </div>
                <label class="checkbox">
                    <input type="checkbox" prop:checked=move || current().deleted
                        on:change=move |ev| { let on = event_target_checked(&ev); nav.refine(|q| q.deleted = on) }/>
                    "Show deleted"
                </label>
            </div>
            {move || match page.get() {
                None => view! { <Loading what="Loading accounts"/> }.into_any(),
                Some(Err(error)) => view! { <ErrorNote error/> }.into_any(),
                Some(Ok(found)) if found.items.is_empty() => {
                    if filtered() {
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
                        <Pager nav has_previous next/>
                    }.into_any()
                }
            }}
        </section>
    }
}
