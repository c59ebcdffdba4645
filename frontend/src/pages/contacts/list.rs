use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::full_name;
use crate::api::contacts::{self, ContactQuery};
use crate::api::Session;
use crate::components::list_nav::{ListNav, Pager, SearchBox};
use crate::components::shell::set_crumbs;
use crate::components::status::{Empty, ErrorNote, Loading};
use crate::format;

const SORTS: [(&str, &str); 4] = [
    ("-created_at", "Newest first"),
    ("name", "Name A–Z"),
    ("-name", "Name Z–A"),
    ("-updated_at", "Recently changed"),
];

/// The contact list: search as you type, sort and paging, kept in the address.
#[component]
pub fn ContactList() -> impl IntoView {
    set_crumbs(vec![("Contacts".into(), None)]);
    let session = expect_context::<Session>();
    let params = use_query_map();
    let param = move |key: &str| params.with(|p| p.get(key).unwrap_or_default());
    let current = move || ContactQuery {
        q: param("q"),
        account_id: String::new(),
        sort: param("sort"),
        deleted: param("deleted") == "true",
        cursor: param("cursor"),
        limit: 25,
    };
    let page = LocalResource::new(move || {
        let q = current();
        async move { contacts::list(&session, &q).await }
    });
    let nav = ListNav::new(current);
    let text = RwSignal::new(param("q"));
    view! {
        <section class="page">
            <div class="page-head">
                <h1>{move || if current().deleted { "Deleted contacts" } else { "Contacts" }}</h1>
                <Show when=move || session.can(domain::Permission::WriteCustomers)>
                    <A href="/contacts/new" attr:class="button primary">"New contact"</A>
                </Show>
            </div>
            <div class="toolbar" role="search">
                <SearchBox nav id="contact-search" placeholder="Name, email or phone" text
                    set_words=|q, words| q.q = words/>
                <div class="field">
                    <label for="contact-sort">"Sort"</label>
                    <select id="contact-sort" on:change=move |ev| { let v = event_target_value(&ev); nav.refine(|q| q.sort = v) }>
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
                None => view! { <Loading what="Loading contacts"/> }.into_any(),
                Some(Err(error)) => view! { <ErrorNote error/> }.into_any(),
                Some(Ok(found)) if found.items.is_empty() => {
                    let title = if !current().q.is_empty() { "No contacts match" } else if current().deleted { "The trash is empty" } else { "No contacts yet" };
                    view! { <Empty title=title.to_owned()/> }.into_any()
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
                                        <th scope="col">"Email"</th>
                                        <th scope="col" class="hide-narrow">"Phone"</th>
                                        <th scope="col" class="hide-narrow">"Title"</th>
                                        <th scope="col" class="hide-narrow">"Updated"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {found.items.into_iter().map(|c| { let name = full_name(&c); view! {
                                        <tr>
                                            <td><A href=format!("/contacts/{}", c.id)>{name}</A></td>
                                            <td>{c.email.clone().unwrap_or_default()}</td>
                                            <td class="hide-narrow">{c.phones.first().map(|p| p.number.clone()).unwrap_or_default()}</td>
                                            <td class="hide-narrow">{c.title.clone().unwrap_or_default()}</td>
                                            <td class="hide-narrow">{format::date(&c.updated_at)}</td>
                                        </tr>
                                    }}).collect_view()}
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
