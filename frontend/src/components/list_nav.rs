//! A list's state lives in the address (search, filters, sort, the page's cursor), so reload,
//! back and shared links show the same list. This moves between such addresses.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

/// What a list shows.
pub trait ListQuery: Clone + 'static {
    /// The page's cursor (empty for the first page).
    fn cursor(&mut self) -> &mut String;
    /// The address of the list showing this.
    fn url(&self) -> String;
}

/// Goes to an address, replacing the current history entry.
type Navigate = Box<dyn Fn(&str)>;

/// Navigation of one list: refine it, or page through it with the cursors.
pub struct ListNav<Q: 'static> {
    current: StoredValue<Box<dyn Fn() -> Q>, LocalStorage>,
    navigate: StoredValue<Navigate, LocalStorage>,
    /// Cursors of the pages before this one, for "Previous".
    earlier: RwSignal<Vec<String>>,
}

impl<Q> Clone for ListNav<Q> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<Q> Copy for ListNav<Q> {}

impl<Q: ListQuery> ListNav<Q> {
    /// `current` reads the list's state from the address.
    pub fn new(current: impl Fn() -> Q + 'static) -> Self {
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

    fn show(&self, query: &Q) {
        let url = query.url();
        self.navigate.with_value(|navigate| navigate(&url));
    }

    fn current(&self) -> Q {
        self.current.with_value(|current| current())
    }

    /// Changes search, filters or sort; the list starts again from its first page.
    pub fn refine(&self, change: impl FnOnce(&mut Q)) {
        let mut query = self.current();
        change(&mut query);
        query.cursor().clear();
        self.earlier.set(Vec::new());
        self.show(&query);
    }

    /// The page after this one.
    pub fn next(&self, cursor: String) {
        let mut query = self.current();
        let here = std::mem::replace(query.cursor(), cursor);
        self.earlier.update(|e| e.push(here));
        self.show(&query);
    }

    /// The page before this one (the first page after a reload).
    pub fn previous(&self) {
        let mut query = self.current();
        *query.cursor() = self
            .earlier
            .try_update(|e| e.pop())
            .flatten()
            .unwrap_or_default();
        self.show(&query);
    }
}
