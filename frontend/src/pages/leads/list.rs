use api_types::leads::{Lead, LeadFilters};
use leptos::prelude::*;
use leptos_router::components::A;

use super::{status_label, OPEN, SOURCES, STATUSES};
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
use crate::pages::accounts::label_of;

const SORTS: [(&str, &str); 6] = [
    ("-created_at", "Newest first"),
    ("-score", "Highest score"),
    ("score", "Lowest score"),
    ("name", "Name A–Z"),
    ("-name", "Name Z–A"),
    ("-updated_at", "Recently changed"),
];

const DEFAULT_SORT: &str = "-created_at";

/// The columns beside the name, which a user may hide.
const COLUMNS: [(&str, &str); 7] = [
    ("score", "Score"),
    ("company", "Company"),
    ("email", "Email"),
    ("status", "Status"),
    ("source", "Source"),
    ("owner", "Owner"),
    ("created", "Created"),
];

/// The lead list: search as you type, filters by status and source, kept in the address.
#[component]
pub fn LeadList() -> impl IntoView {
    set_crumbs(vec![("Leads".into(), None)]);
    let session = expect_context::<Session>();
    let (current, page, nav) = list_page::<Lead>(true);
    let selection = Selection::<Lead>::new();
    let columns = Columns::new("leads", &COLUMNS);
    provide_context(columns);
    if session.can(domain::Permission::WriteSales) {
        provide_context(selection);
    }
    Effect::new(move |_| {
        current();
        selection.0.set(Vec::new());
    });
    let text = RwSignal::new(current().filters.q.unwrap_or_default());
    let sort = move || current().list.sort.unwrap_or_default();
    let status = move || current().filters.status.unwrap_or_default();
    let source = move || current().filters.source.unwrap_or_default();
    let clear = Callback::new(move |()| {
        text.set(String::new());
        nav.refine(|s| s.filters = LeadFilters::default());
    });
    view! {
        <section class="page">
            <div class="page-head">
                <h1>{move || if current().deleted() { "Deleted leads" } else { "Leads" }}</h1>
                <div class="head-actions">
                    <Show when=move || session.can(domain::Permission::ManageSales)>
                        <A href="/lead-forms" attr:class="button">"Capture forms"</A>
                    </Show>
                    <A href="/lead-routing" attr:class="button">"Routing and scoring"</A>
                    <Show when=move || session.can(domain::Permission::WriteSales)>
                        <A href="/leads/new" attr:class="button primary">"New lead"</A>
                    </Show>
                </div>
            </div>
            <div class="toolbar" role="search">
                <SearchBox nav id="lead-search" placeholder="Name, company, email or phone" text
                    set_words=|f, words| f.q = Some(words)/>
                <Filters>
                <div class="field">
                    <label for="lead-status">"Status"</label>
                    <select id="lead-status" on:change=move |ev| { let v = event_target_value(&ev); nav.refine(|s| s.filters.status = (!v.is_empty()).then_some(v)) }>
                        <option value="" selected=move || status().is_empty()>"Any"</option>
                        <option value=OPEN selected=move || status() == OPEN>"Open"</option>
                        {STATUSES.iter().chain(&[("converted", "Converted")]).map(|(v, l)| view! { <option value=*v selected=move || status() == *v>{*l}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="lead-source">"Source"</label>
                    <select id="lead-source" on:change=move |ev| { let v = event_target_value(&ev); nav.refine(|s| s.filters.source = (!v.is_empty()).then_some(v)) }>
                        <option value="" selected=move || source().is_empty()>"Any"</option>
                        {SOURCES.iter().map(|(v, l)| view! { <option value=*v selected=move || source() == *v>{*l}</option> }).collect_view()}
                    </select>
                </div>
                <OnlyMine nav is_on=|f| f.owner_id.is_some() set=|f, owner| f.owner_id = owner/>
                <div class="field">
                    <label for="lead-sort">"Sort"</label>
                    <select id="lead-sort" on:change=move |ev| { let v = event_target_value(&ev); nav.refine(|s| s.list.sort = Some(v)) }>
                        {SORTS.iter().map(|(v, l)| view! { <option value=*v selected=move || { let s = sort(); s == *v || (s.is_empty() && *v == DEFAULT_SORT) }>{*l}</option> }).collect_view()}
                    </select>
                </div>
                <ShowDeleted nav/>
                <ColumnChooser columns/>
                </Filters>
            </div>
            <BulkActions selection done=Callback::new(move |()| page.refetch())/>
            {list_results(nav, current, page, empty, clear, rows)}
        </section>
    }
}

fn empty(state: &ListState<Lead>, clear: Callback<()>) -> AnyView {
    let f = &state.filters;
    let filtered = [&f.q, &f.owner_id, &f.status, &f.source]
        .iter()
        .any(|v| v.as_deref().is_some_and(|v| !v.is_empty()));
    if filtered {
        view! {
            <Empty title="No leads match".into()>
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
        view! { <Empty title="No leads yet".into()/> }.into_any()
    }
}

fn rows(leads: Vec<Lead>, nav: ListNav<Lead>) -> AnyView {
    let selection = use_context::<Selection<Lead>>().filter(|_| !nav.showing_trash());
    let people = users::known();
    let all = leads.clone();
    let columns = expect_context::<Columns>();
    let col = move |key| columns.mark(key);
    view! {
        <div class="table-wrap">
            <table class=move || columns.table_class() aria-label="Leads">
                <thead>
                    <tr>
                        {selection.map(|selection| view! { <SelectAllCell selection records=all.clone()/> })}
                        <SortHeader nav label="Name" key="name" default=DEFAULT_SORT/>
                        <SortHeader nav label="Score" key="score" default=DEFAULT_SORT attr:data-col=col("score")/>
                        <th scope="col" data-col=col("company")>"Company"</th>
                        <th scope="col" data-col=col("email")>"Email"</th>
                        <th scope="col" data-col=col("status")>"Status"</th>
                        <th scope="col" data-col=col("source")>"Source"</th>
                        <th scope="col" data-col=col("owner")>"Owner"</th>
                        <SortHeader nav label="Created" key="created_at" default=DEFAULT_SORT attr:data-col=col("created")/>
                    </tr>
                </thead>
                <tbody>
                    {leads.into_iter().map(|l| {
                        let name = l.title();
                        let owner = l.owner_id.as_deref().map(|o| users::name_of(&people, o)).unwrap_or_default();
                        let source = l.source.as_deref().map(|s| label_of(&SOURCES, s)).unwrap_or_default();
                        let chosen = l.clone();
                        let status_class = format!("badge status-{}", l.status);
                        view! {
                        <tr>
                            {selection.map(|selection| view! { <SelectCell selection record=chosen.clone()/> })}
                            <td class="primary-cell"><A href=format!("/leads/{}", l.id)>{name}</A></td>
                            <td data-label="Score" data-col=col("score") class="number">{l.score}</td>
                            <td data-label="Company" data-col=col("company")>{l.company.clone().unwrap_or_default()}</td>
                            <td data-label="Email" data-col=col("email")>{l.email.clone().unwrap_or_default()}</td>
                            <td data-label="Status" data-col=col("status")><span class=status_class>{status_label(&l.status)}</span></td>
                            <td data-label="Source" data-col=col("source")>{source}</td>
                            <td data-label="Owner" data-col=col("owner")>{owner}</td>
                            <td data-label="Created" data-col=col("created")>{format::date(&l.created_at)}</td>
                        </tr>
                    }}).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
