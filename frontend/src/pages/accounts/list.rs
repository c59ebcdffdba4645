use api_types::accounts::{Account, AccountFilters};
use leptos::prelude::*;
use leptos_router::components::A;

use super::{label_of, TIERS, TYPES};
use crate::api::{users, Session};
use crate::components::bulk::{BulkActions, SelectAllCell, SelectCell, Selection};
use crate::components::columns::{ColumnChooser, Columns};
use crate::components::list_nav::{list_page, ListNav, ListState};
use crate::components::list_parts::{
    list_results, Filters, OnlyMine, SearchBox, ShowDeleted, SortHeader,
};
use crate::components::shell::set_crumbs;
use crate::components::status::Empty;
use crate::format;

const SORTS: [(&str, &str); 6] = [
    ("-created_at", "Newest first"),
    ("created_at", "Oldest first"),
    ("name", "Name A–Z"),
    ("-name", "Name Z–A"),
    ("-updated_at", "Recently changed"),
    ("updated_at", "Least recently changed"),
];

const DEFAULT_SORT: &str = "-created_at";

/// The columns beside the name, which a user may hide.
const COLUMNS: [(&str, &str); 6] = [
    ("type", "Type"),
    ("tier", "Tier"),
    ("industry", "Industry"),
    ("location", "Location"),
    ("owner", "Owner"),
    ("updated", "Updated"),
];

/// The account list: search as you type, filters, sort and paging, all kept in the address so
/// that reload, back and shared links show the same list.
#[component]
pub fn AccountList() -> impl IntoView {
    set_crumbs(vec![("Accounts".into(), None)]);
    let session = expect_context::<Session>();
    let (current, page, nav) = list_page::<Account>(true);
    let selection = Selection::<Account>::new();
    let columns = Columns::new("accounts", &COLUMNS);
    provide_context(columns);
    if session.can(domain::Permission::WriteCustomers) {
        provide_context(selection);
    }
    Effect::new(move |_| {
        current();
        selection.0.set(Vec::new());
    });
    let text = RwSignal::new(current().filters.q.unwrap_or_default());
    let filter = move |pick: fn(&AccountFilters) -> &Option<String>| {
        pick(&current().filters).clone().unwrap_or_default()
    };
    let sort = move || current().list.sort.unwrap_or_default();
    let clear = Callback::new(move |()| {
        text.set(String::new());
        nav.refine(|s| s.filters = AccountFilters::default());
    });
    view! {
        <section class="page">
            <div class="page-head">
                <h1>{move || if current().deleted() { "Deleted accounts" } else { "Accounts" }}</h1>
                <Show when=move || session.can(domain::Permission::WriteCustomers)>
                    <A href="/accounts/new" attr:class="button primary">"New account"</A>
                </Show>
            </div>
            <div class="toolbar" role="search">
                <SearchBox nav id="account-search" placeholder="Name, domain or phone" text
                    set_words=|f, words| f.q = Some(words)/>
                <Filters>
                <OnlyMine nav is_on=|f| f.owner_id.is_some() set=|f, owner| f.owner_id = owner/>
                <div class="field">
                    <label for="account-type">"Type"</label>
                    <select id="account-type" prop:value=move || filter(|f| &f.account_type)
                        on:change=move |ev| { let v = event_target_value(&ev); nav.refine(|s| s.filters.account_type = Some(v)) }>
                        <option value="">"All types"</option>
                        {TYPES.iter().map(|(v, l)| view! { <option value=*v selected=move || filter(|f| &f.account_type) == *v>{*l}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="account-tier">"Tier"</label>
                    <select id="account-tier" prop:value=move || filter(|f| &f.tier)
                        on:change=move |ev| { let v = event_target_value(&ev); nav.refine(|s| s.filters.tier = Some(v)) }>
                        <option value="">"All tiers"</option>
                        {TIERS.iter().map(|(v, l)| view! { <option value=*v selected=move || filter(|f| &f.tier) == *v>{*l}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="account-sort">"Sort"</label>
                    <select id="account-sort"
                        on:change=move |ev| { let v = event_target_value(&ev); nav.refine(|s| s.list.sort = Some(v)) }>
                        {SORTS.iter().map(|(v, l)| view! { <option value=*v selected=move || { let s = sort(); s == *v || (s.is_empty() && *v == "-created_at") }>{*l}</option> }).collect_view()}
                    </select>
                </div>
                <ShowDeleted nav/>
                <ColumnChooser columns/>
                </Filters>
            </div>
            {move || current().filters.parent_id.is_some().then(|| view! {
                <p class="scope">"Only the child accounts of one account. "
                    <button type="button" class="link-button" on:click=move |_| nav.refine(|s| s.filters.parent_id = None)>"Show all accounts"</button>
                </p>
            })}
            <BulkActions selection done=Callback::new(move |()| page.refetch())/>
            {list_results(nav, current, page, empty, clear, rows)}
        </section>
    }
}

/// What the list says when it has nothing: no match (with a way out), an empty trash, or no
/// accounts at all.
fn empty(state: &ListState<Account>, clear: Callback<()>) -> AnyView {
    let f = &state.filters;
    let filtered = [&f.q, &f.account_type, &f.tier, &f.owner_id, &f.parent_id]
        .iter()
        .any(|v| v.as_deref().is_some_and(|v| !v.is_empty()));
    if filtered {
        view! {
            <Empty title="No accounts match".into()>
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
        view! {
            <Empty title="No accounts yet".into()>
                <p><A href="/accounts/new">"Create the first account"</A></p>
            </Empty>
        }
        .into_any()
    }
}

fn rows(accounts: Vec<Account>, nav: ListNav<Account>) -> AnyView {
    let selection = use_context::<Selection<Account>>().filter(|_| !nav.showing_trash());
    let people = users::known();
    let all = accounts.clone();
    let columns = expect_context::<Columns>();
    let col = move |key| columns.mark(key);
    view! {
        <div class="table-wrap">
            <table class=move || columns.table_class() aria-label="Accounts">
                <thead>
                    <tr>
                        {selection.map(|selection| view! { <SelectAllCell selection records=all.clone()/> })}
                        <SortHeader nav label="Name" key="name" default=DEFAULT_SORT/>
                        <th scope="col" data-col=col("type")>"Type"</th>
                        <th scope="col" data-col=col("tier")>"Tier"</th>
                        <th scope="col" data-col=col("industry")>"Industry"</th>
                        <th scope="col" data-col=col("location")>"Location"</th>
                        <th scope="col" data-col=col("owner")>"Owner"</th>
                        <SortHeader nav label="Updated" key="updated_at" default=DEFAULT_SORT attr:data-col=col("updated")/>
                    </tr>
                </thead>
                <tbody>
                    {accounts.into_iter().map(|a| {
                        let location = [a.address.city.clone(), a.address.country.clone()]
                            .into_iter().flatten().collect::<Vec<_>>().join(", ");
                        let owner = a.owner_id.as_deref().map(|o| users::name_of(&people, o)).unwrap_or_default();
                        let chosen = a.clone();
                        view! {
                            <tr>
                                {selection.map(|selection| view! { <SelectCell selection record=chosen.clone()/> })}
                                <td class="primary-cell">
                                    <A href=format!("/accounts/{}", a.id)>{a.name.clone()}</A>
                                    {a.domain.clone().map(|d| view! { <span class="muted block">{d}</span> })}
                                </td>
                                <td data-label="Type" data-col=col("type")>{label_of(&TYPES, &a.account_type)}</td>
                                <td data-label="Tier" data-col=col("tier")>{a.tier.as_deref().map(|t| view! { <span class=format!("badge tier-{t}")>{label_of(&TIERS, t)}</span> })}</td>
                                <td data-label="Industry" data-col=col("industry")>{a.industry.clone().unwrap_or_default()}</td>
                                <td data-label="Location" data-col=col("location")>{location}</td>
                                <td data-label="Owner" data-col=col("owner")>{owner}</td>
                                <td data-label="Updated" data-col=col("updated")>{format::date(&a.updated_at)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
