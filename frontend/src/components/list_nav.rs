//! A list's state lives in the address (search, filters, sort, the page's cursor), so reload,
//! back and shared links show the same list. This moves between such addresses.

use api_types::{ListQuery, Page};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::params::ParamsMap;
use leptos_router::NavigateOptions;

use super::status::{Loading, Problems};
use crate::api::{query_string, ApiError, Resource, Session};
use crate::format;

/// What a list of `R` shows: the list parameters the server shares with every list and the
/// list's own filters, the same types the server reads.
pub struct ListState<R: Resource> {
    /// Order, cursor, trash.
    pub list: ListQuery,
    /// The list's own filters.
    pub filters: R::Filters,
}

impl<R: Resource> Clone for ListState<R> {
    fn clone(&self) -> Self {
        Self {
            list: self.list.clone(),
            filters: self.filters.clone(),
        }
    }
}

impl<R: Resource> ListState<R> {
    /// The state the address's query holds.
    pub fn from_address(params: &ParamsMap) -> Self {
        let mut list = ListQuery::default();
        let mut own = serde_json::Map::new();
        for (key, value) in params.latest_values() {
            match key.as_ref() {
                "sort" => list.sort = Some(value.to_owned()),
                "cursor" => list.cursor = Some(value.to_owned()),
                "deleted" => list.deleted = (value == "true").then_some(true),
                other if ListQuery::FIELDS.contains(&other) => {}
                other => {
                    own.insert(other.to_owned(), serde_json::Value::from(value));
                }
            }
        }
        Self {
            list,
            filters: serde_json::from_value(serde_json::Value::Object(own)).unwrap_or_default(),
        }
    }

    /// The address of the list showing this.
    pub fn address(&self) -> String {
        format!("/{}{}", R::PATH, query_string(&self.list, &self.filters))
    }

    /// Whether the trash is shown.
    pub fn deleted(&self) -> bool {
        self.list.deleted == Some(true)
    }

    /// Whether this is a later page.
    pub fn later_page(&self) -> bool {
        self.list.cursor.as_deref().is_some_and(|c| !c.is_empty())
    }
}

/// Goes to an address, replacing the current history entry.
type Navigate = Box<dyn Fn(&str)>;

/// Navigation of one list: refine it, or page through it with the cursors.
pub struct ListNav<R: Resource> {
    current: StoredValue<Box<dyn Fn() -> ListState<R>>, LocalStorage>,
    navigate: StoredValue<Navigate, LocalStorage>,
    /// Cursors of the pages before this one, for "Previous".
    earlier: RwSignal<Vec<String>>,
}

impl<R: Resource> Clone for ListNav<R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R: Resource> Copy for ListNav<R> {}

impl<R: Resource> ListNav<R> {
    /// `current` reads the list's state from the address.
    pub fn new(current: impl Fn() -> ListState<R> + 'static) -> Self {
        let navigate = use_navigate();
        Self {
            current: StoredValue::new_local(Box::new(current)),
            navigate: StoredValue::new_local(Box::new(move |url: &str| {
                navigate(
                    url,
                    NavigateOptions {
                        replace: true,
                        scroll: false,
                        ..Default::default()
                    },
                )
            })),
            earlier: RwSignal::new(Vec::new()),
        }
    }

    fn show(&self, state: &ListState<R>) {
        let url = state.address();
        self.navigate.with_value(|navigate| navigate(&url));
    }

    fn current(&self) -> ListState<R> {
        self.current.with_value(|current| current())
    }

    /// Changes filters, sort or trash; the list starts again from its first page.
    pub fn refine(&self, change: impl FnOnce(&mut ListState<R>)) {
        let mut state = self.current();
        change(&mut state);
        state.list.cursor = None;
        self.earlier.set(Vec::new());
        self.show(&state);
    }

    /// The page after this one.
    pub fn next(&self, cursor: String) {
        let mut state = self.current();
        let here = state.list.cursor.replace(cursor).unwrap_or_default();
        self.earlier.update(|e| e.push(here));
        self.show(&state);
        scroll_to_top();
    }

    /// Whether the list shows the trash.
    pub fn showing_trash(&self) -> bool {
        self.current().deleted()
    }

    /// How many pages come before this one, as far as this visit knows.
    pub fn pages_before(&self) -> usize {
        self.earlier.with(Vec::len)
    }

    /// The list ordered by `key`: ascending first, descending when it already is ascending.
    pub fn sort_by(&self, key: &'static str) {
        let ascending = self.current().list.sort.as_deref() == Some(key);
        self.refine(|state| {
            state.list.sort = Some(if ascending {
                format!("-{key}")
            } else {
                key.to_owned()
            })
        });
    }

    /// The order shown: the key and whether it is descending (`default` when none is named).
    pub fn sorted(&self, default: &str) -> (String, bool) {
        let sort = self
            .current()
            .list
            .sort
            .unwrap_or_else(|| default.to_owned());
        match sort.strip_prefix('-') {
            Some(key) => (key.to_owned(), true),
            None => (sort, false),
        }
    }

    /// The page before this one (the first page after a reload).
    pub fn previous(&self) {
        let mut state = self.current();
        state.list.cursor = self.earlier.try_update(|e| e.pop()).flatten();
        self.show(&state);
        scroll_to_top();
    }
}

fn scroll_to_top() {
    if let Some(window) = web_sys::window() {
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

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
                                        format::count(i64::try_from(total).unwrap_or(i64::MAX))
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

/// A page of a list as it loads.
pub type PageResource<R> = LocalResource<Result<Page<R>, ApiError>>;

/// What every list page starts from: its state as the address holds it, the page of records
/// that state asks for (`PAGE_SIZE` at a time), and its navigation. `with_owners` reads the
/// staff directory first, for lists that name owners.
pub fn list_page<R: Resource>(
    with_owners: bool,
) -> (
    impl Fn() -> ListState<R> + Copy + Send + Sync + 'static,
    PageResource<R>,
    ListNav<R>,
) {
    let session = expect_context::<Session>();
    let params = leptos_router::hooks::use_query_map();
    let current = move || params.with(ListState::<R>::from_address);
    let page = LocalResource::new(move || {
        let state = current();
        async move {
            let list = ListQuery {
                limit: Some(PAGE_SIZE),
                count: Some(true),
                ..state.list
            };
            if with_owners {
                let _ = crate::api::users::directory(&session).await;
            }
            crate::api::list::<R>(&session, &list, &state.filters).await
        }
    });
    (current, page, ListNav::new(current))
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

/// How many records a page of a list holds.
pub const PAGE_SIZE: i64 = 50;
