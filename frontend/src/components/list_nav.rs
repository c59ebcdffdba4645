//! A list's state lives in the address (search, filters, sort, the page's cursor), so reload,
//! back and shared links show the same list. This moves between such addresses.

use api_types::{ListQuery, Page};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::params::ParamsMap;
use leptos_router::NavigateOptions;

use crate::api::{query_string, ApiError, Resource, Session};

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
    /// The path the router is at.
    here: Memo<String>,
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
            here: use_location().pathname,
        }
    }

    fn show(&self, state: &ListState<R>) {
        // The router takes a followed link's path at once while the list stays on screen
        // until the next page has loaded: a search still waiting then must not pull the
        // user back to the list.
        if self.here.get_untracked() != format!("/{}", R::PATH) {
            return;
        }
        let url = state.address();
        self.navigate.with_value(|navigate| navigate(&url));
    }

    /// The list's state as the address holds it now.
    pub fn current(&self) -> ListState<R> {
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

/// Brings the top of the page into view: a new page of a list starts at its first row.
fn scroll_to_top() {
    if let Some(window) = web_sys::window() {
        window.scroll_to_with_x_and_y(0.0, 0.0);
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

/// How many records a page of a list holds.
pub const PAGE_SIZE: i64 = 50;
