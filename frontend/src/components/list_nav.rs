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

/// Previous and Next under a list; hidden when the list fits on one page.
#[component]
pub fn Pager<Q: ListQuery>(
    /// The list's navigation.
    nav: ListNav<Q>,
    /// Whether this is a later page.
    has_previous: bool,
    /// The next page's cursor, if there is one.
    next: Option<String>,
) -> impl IntoView {
    let single_page = !has_previous && next.is_none();
    view! {
        <nav class="pager" aria-label="Pages" hidden=single_page>
            <button type="button" class="button" disabled=!has_previous on:click=move |_| nav.previous()>
                "← Previous"
            </button>
            {next.map(|cursor| view! {
                <button type="button" class="button" on:click=move |_| nav.next(cursor.clone())>"Next →"</button>
            })}
        </nav>
    }
}

/// The search box of a list: searches as the user types, after a pause.
#[component]
pub fn SearchBox<Q: ListQuery>(
    /// The list's navigation.
    nav: ListNav<Q>,
    /// The input's id.
    id: &'static str,
    /// What can be searched.
    placeholder: &'static str,
    /// The words typed (starts with those in the address).
    text: RwSignal<String>,
    /// Puts the words into the list's state.
    set_words: fn(&mut Q, String),
) -> impl IntoView {
    let search = super::debounce::debounced(300, move |value: String| {
        nav.refine(|q| set_words(q, value))
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
