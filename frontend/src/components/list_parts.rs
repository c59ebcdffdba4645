//! The parts a list page is made of, around its state and navigation (`list_nav`): the
//! search box, the filters, sortable headers, the trash and "only mine" switches, and the
//! results with their pager.

use api_types::Page;
use leptos::prelude::*;

use super::list_nav::{ListNav, ListState, PAGE_SIZE};
use super::status::{Empty, Loading, Problems};
use crate::api::{ApiError, Resource, Session};
use crate::format;

/// A column header that sorts the list by its column: a button saying which way it sorts,
/// with `aria-sort` on the header.
#[component]
pub fn SortHeader<R: Resource>(
    /// The list's navigation.
    nav: ListNav<R>,
    /// The column's title.
    label: &'static str,
    /// The list's sort key for the column.
    key: &'static str,
    /// The list's order when none is named.
    default: &'static str,
    /// Classes of the header cell.
    #[prop(default = "")]
    class: &'static str,
) -> impl IntoView {
    let (sorted_key, descending) = nav.sorted(default);
    let here = sorted_key == key;
    let aria_sort = match (here, descending) {
        (false, _) => "none",
        (true, false) => "ascending",
        (true, true) => "descending",
    };
    let arrow = match (here, descending) {
        (false, _) => "",
        (true, false) => " ▲",
        (true, true) => " ▼",
    };
    view! {
        <th scope="col" class=class aria-sort=aria_sort>
            <button type="button" class="sort" on:click=move |_| nav.sort_by(key)>
                {label}<span aria-hidden="true">{arrow}</span>
            </button>
        </th>
    }
}

/// Which records are shown, "51–100 of 1,234", with Previous and Next when the list is longer
/// than a page.
#[component]
pub fn Pager<R: Resource>(
    /// The list's navigation.
    nav: ListNav<R>,
    /// Whether this is a later page.
    has_previous: bool,
    /// The next page's cursor, if there is one.
    next: Option<String>,
    /// Which records this page shows, such as "51–100 of 1,234".
    range: String,
) -> impl IntoView {
    let single_page = !has_previous && next.is_none();
    view! {
        <nav class="pager" aria-label="Pages">
            <button type="button" class="button" hidden=single_page disabled=!has_previous on:click=move |_| nav.previous()>
                "← Previous"
            </button>
            <span class="muted">{range}</span>
            <span hidden=single_page>
                {next.map(|cursor| view! {
                    <button type="button" class="button" on:click=move |_| nav.next(cursor.clone())>"Next →"</button>
                })}
            </span>
        </nav>
    }
}

/// The search box of a list: searches as the user types, after a pause.
#[component]
pub fn SearchBox<R: Resource>(
    /// The list's navigation.
    nav: ListNav<R>,
    /// The input's id.
    id: &'static str,
    /// What can be searched.
    placeholder: &'static str,
    /// The words typed (starts with those in the address).
    text: RwSignal<String>,
    /// Puts the words into the list's filters.
    set_words: fn(&mut R::Filters, String),
) -> impl IntoView {
    let search = super::debounce::debounced(300, move |value: String| {
        nav.refine(|state| set_words(&mut state.filters, value))
    });
    view! {
        <div class="field grow">
            <label for=id>"Search"</label>
            <input id=id type="search" placeholder=placeholder
                prop:value=move || text.get()
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    text.set(value.clone());
                    search(value);
                }/>
        </div>
    }
}

/// A list's results: the rows and the pager, the empty state, or the failure with the
/// server's explanation and a retry. While the next page or a refined list loads, the rows on
/// screen stay, dimmed, and a status says that it is loading.
pub fn list_results<R: Resource>(
    nav: ListNav<R>,
    current: impl Fn() -> ListState<R> + Copy + Send + Sync + 'static,
    page: LocalResource<Result<Page<R>, ApiError>>,
    empty: fn(&ListState<R>, Callback<()>) -> AnyView,
    clear: Callback<()>,
    rows: fn(Vec<R>, ListNav<R>) -> AnyView,
) -> impl IntoView {
    let pending = RwSignal::new(false);
    let retry = Callback::new(move |()| page.refetch());
    view! {
        <p class="list-status" role="status" aria-live="polite">
            {move || pending.get().then_some("Loading…")}
        </p>
        <div class="results" aria-busy=move || if pending.get() { "true" } else { "false" }>
            <Transition fallback=|| view! { <Loading what="Loading"/> } set_pending=pending.write_only()>
                <ErrorBoundary fallback=move |errors| view! { <Problems errors retry=Some(retry)/> }>
                    {move || {
                        let state = current();
                        Suspend::new(async move {
                            page.await.map(|found| {
                                if found.items.is_empty() {
                                    return empty(&state, clear);
                                }
                                let next = found.next_cursor.clone();
                                let has_previous = state.later_page();
                                let first = nav.pages_before() as i64 * PAGE_SIZE + 1;
                                let last = first + found.items.len() as i64 - 1;
                                let range = match found.total {
                                    Some(total) => format!(
                                        "{}–{} of {}",
                                        format::count(first),
                                        format::count(last),
                                        format::count_at_least(i64::try_from(total).unwrap_or(i64::MAX), found.total_capped)
                                    ),
                                    None => format!("{}–{}", format::count(first), format::count(last)),
                                };
                                view! {
                                    {rows(found.items, nav)}
                                    <Pager nav has_previous next range/>
                                }
                                .into_any()
                            })
                        })
                    }}
                </ErrorBoundary>
            </Transition>
        </div>
    }
}

/// A list's filters beside its search box: always shown on a wide screen, folded behind a
/// "Filters" button on a phone.
#[component]
pub fn Filters(children: Children) -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <button type="button" class="button filters-toggle"
            aria-expanded=move || if open.get() { "true" } else { "false" }
            aria-controls="list-filters"
            on:click=move |_| open.update(|o| *o = !*o)>
            "Filters"
        </button>
        <div id="list-filters" class="filters" class:folded=move || !open.get()>
            {children()}
        </div>
    }
}
/// "Show deleted": the list's trash instead of its live records.
#[component]
pub fn ShowDeleted<R: Resource>(
    /// The list's navigation.
    nav: ListNav<R>,
) -> impl IntoView {
    view! {
        <label class="checkbox">
            <input type="checkbox" prop:checked=move || nav.showing_trash()
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    nav.refine(|s| s.list.deleted = on.then_some(true));
                }/>
            "Show deleted"
        </label>
    }
}

/// "Only mine": the list narrowed to the records the signed-in user owns.
#[component]
pub fn OnlyMine<R: Resource>(
    /// The list's navigation.
    nav: ListNav<R>,
    /// Whether the list's filters hold an owner.
    is_on: fn(&R::Filters) -> bool,
    /// Sets the list's owner filter.
    set: fn(&mut R::Filters, Option<String>),
) -> impl IntoView {
    let session = expect_context::<Session>();
    let me = move || {
        session
            .me
            .with_untracked(|me| me.as_ref().map(|me| me.id.clone()))
    };
    view! {
        <label class="checkbox">
            <input type="checkbox" prop:checked=move || is_on(&nav.current().filters)
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    nav.refine(|s| set(&mut s.filters, on.then(me).flatten()));
                }/>
            "Only mine"
        </label>
    }
}

/// What a list with a trash and no search shows when it is empty: that the trash is, or that
/// there is `none` yet, with a link to `href` making the `first`.
pub fn empty_or_first(
    deleted: bool,
    none: &'static str,
    href: &'static str,
    first: &'static str,
) -> AnyView {
    if deleted {
        view! { <Empty title="The trash is empty".into()/> }.into_any()
    } else {
        view! {
            <Empty title=none.into()>
                <p><leptos_router::components::A href=href>{first}</leptos_router::components::A></p>
            </Empty>
        }
        .into_any()
    }
}
