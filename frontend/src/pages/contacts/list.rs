use api_types::contacts::{Contact, ContactFilters};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{users, Resource, Session};
use crate::components::bulk::{BulkActions, SelectAllCell, SelectCell, Selection};
use crate::components::columns::{ColumnChooser, Columns};
use crate::components::list_nav::{list_page, ListNav, ListState};
use crate::components::list_parts::{
    list_results, Filters, OnlyMine, SearchBox, ShowDeleted, SortHeader,
};
use crate::components::shell::set_crumbs;
use crate::components::status::Empty;
use crate::format;

const SORTS: [(&str, &str); 4] = [
    ("-created_at", "Newest first"),
    ("name", "Name A–Z"),
    ("-name", "Name Z–A"),
    ("-updated_at", "Recently changed"),
];

const DEFAULT_SORT: &str = "-created_at";

/// The columns beside the name, which a user may hide.
const COLUMNS: [(&str, &str); 5] = [
    ("email", "Email"),
    ("phone", "Phone"),
    ("title", "Title"),
    ("owner", "Owner"),
    ("updated", "Updated"),
];

/// The contact list: search as you type, sort and paging, kept in the address.
#[component]
pub fn ContactList() -> impl IntoView {
    set_crumbs(vec![("Contacts".into(), None)]);
    let session = expect_context::<Session>();
    let (current, page, nav) = list_page::<Contact>(true);
    let selection = Selection::<Contact>::new();
    let columns = Columns::new("contacts", &COLUMNS);
    provide_context(columns);
    if session.can(domain::Permission::WriteCustomers) {
        provide_context(selection);
    }
    Effect::new(move |_| {
        current();
        selection.0.set(Vec::new());
    });
    let text = RwSignal::new(current().filters.q.unwrap_or_default());
    let sort = move || current().list.sort.unwrap_or_default();
    let clear = Callback::new(move |()| {
        text.set(String::new());
        nav.refine(|s| s.filters = ContactFilters::default());
    });
    view! {
        <section class="page">
            <div class="page-head">
                <h1>{move || if current().deleted() { "Deleted contacts" } else { "Contacts" }}</h1>
                <Show when=move || session.can(domain::Permission::WriteCustomers)>
                    <A href="/contacts/new" attr:class="button primary">"New contact"</A>
                </Show>
            </div>
            <div class="toolbar" role="search">
                <SearchBox nav id="contact-search" placeholder="Name, email or phone" text
                    set_words=|f, words| f.q = Some(words)/>
                <Filters>
                <OnlyMine nav is_on=|f| f.owner_id.is_some() set=|f, owner| f.owner_id = owner/>
                <div class="field">
                    <label for="contact-sort">"Sort"</label>
                    <select id="contact-sort" on:change=move |ev| { let v = event_target_value(&ev); nav.refine(|s| s.list.sort = Some(v)) }>
                        {SORTS.iter().map(|(v, l)| view! { <option value=*v selected=move || { let s = sort(); s == *v || (s.is_empty() && *v == "-created_at") }>{*l}</option> }).collect_view()}
                    </select>
                </div>
                <ShowDeleted nav/>
                <ColumnChooser columns/>
                </Filters>
            </div>
            {move || current().filters.account_id.is_some().then(|| view! {
                <p class="scope">"Only the contacts of one account. "
                    <button type="button" class="link-button" on:click=move |_| nav.refine(|s| s.filters.account_id = None)>"Show all contacts"</button>
                </p>
            })}
            <BulkActions selection done=Callback::new(move |()| page.refetch())/>
            {list_results(nav, current, page, empty, clear, rows)}
        </section>
    }
}

fn empty(state: &ListState<Contact>, clear: Callback<()>) -> AnyView {
    let f = &state.filters;
    let filtered = [&f.q, &f.owner_id, &f.account_id]
        .iter()
        .any(|v| v.as_deref().is_some_and(|v| !v.is_empty()));
    if filtered {
        view! {
            <Empty title="No contacts match".into()>
                <p>"Try other words, or "
                    <button type="button" class="link-button" on:click=move |_| clear.run(())>
                        "clear the search and filters"
                    </button>"."
                </p>
            </Empty>
        }
        .into_any()
    } else if state.deleted() {
        view! { <Empty title="The trash is empty".into()/> }.into_any()
    } else {
        view! { <Empty title="No contacts yet".into()/> }.into_any()
    }
}

fn rows(contacts: Vec<Contact>, nav: ListNav<Contact>) -> AnyView {
    let selection = use_context::<Selection<Contact>>().filter(|_| !nav.showing_trash());
    let people = users::known();
    let all = contacts.clone();
    let columns = expect_context::<Columns>();
    let col = move |key| columns.mark(key);
    view! {
        <div class="table-wrap">
            <table class=move || columns.table_class() aria-label="Contacts">
                <thead>
                    <tr>
                        {selection.map(|selection| view! { <SelectAllCell selection records=all.clone()/> })}
                        <SortHeader nav label="Name" key="name" default=DEFAULT_SORT/>
                        <th scope="col" data-col=col("email")>"Email"</th>
                        <th scope="col" data-col=col("phone")>"Phone"</th>
                        <th scope="col" data-col=col("title")>"Title"</th>
                        <th scope="col" data-col=col("owner")>"Owner"</th>
                        <SortHeader nav label="Updated" key="updated_at" default=DEFAULT_SORT attr:data-col=col("updated")/>
                    </tr>
                </thead>
                <tbody>
                    {contacts.into_iter().map(|c| {
                        let name = c.title();
                        let owner = c.owner_id.as_deref().map(|o| users::name_of(&people, o)).unwrap_or_default();
                        let chosen = c.clone();
                        view! {
                        <tr>
                            {selection.map(|selection| view! { <SelectCell selection record=chosen.clone()/> })}
                            <td class="primary-cell"><A href=format!("/contacts/{}", c.id)>{name}</A></td>
                            <td data-label="Email" data-col=col("email")>{c.email.clone().unwrap_or_default()}</td>
                            <td data-label="Phone" data-col=col("phone")>{c.phones.first().map(|p| p.number.clone()).unwrap_or_default()}</td>
                            <td data-label="Title" data-col=col("title")>{c.title.clone().unwrap_or_default()}</td>
                            <td data-label="Owner" data-col=col("owner")>{owner}</td>
                            <td data-label="Updated" data-col=col("updated")>{format::date(&c.updated_at)}</td>
                        </tr>
                    }}).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
