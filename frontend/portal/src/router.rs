//! The portal's handful of pages and the way between them: the address names the page
//! (`/portal/{partner_key}/tickets/tkt_…`), links and the browser's back and forward buttons
//! change it without reloading. (A router of its own: the general one would have been a
//! tenth of the portal's size budget.)

use leptos::ev::MouseEvent;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// A page of the portal.
#[derive(Clone, Debug, PartialEq)]
pub enum Page {
    /// The ticket list.
    Tickets,
    /// Opening a ticket.
    NewTicket,
    /// One ticket, by id.
    Ticket(String),
    /// Searching the help articles.
    Help,
    /// One help article, by id.
    Article(String),
    /// Assets and contracts.
    Products,
    /// The customer's name and which mail they get.
    Profile,
    /// Arriving through the partner's single sign-on (`?token=`).
    SingleSignOn,
    /// Arriving from an invitation (`?token=`).
    Invitation,
    /// Arriving from a sign-up's link (`?token=`).
    SignUp,
    /// Arriving from a sign-in link (`?token=`).
    SignInLink,
    /// Anything else.
    Unknown,
}

impl Page {
    /// The page a path below the portal's root names (`""`, `/tickets/new`, …).
    fn parse(rest: &str) -> Self {
        let parts: Vec<&str> = rest.split('/').filter(|p| !p.is_empty()).collect();
        match parts.as_slice() {
            [] => Self::Tickets,
            ["tickets", "new"] => Self::NewTicket,
            ["tickets", id] => Self::Ticket((*id).to_owned()),
            ["help"] => Self::Help,
            ["help", id] => Self::Article((*id).to_owned()),
            ["products"] => Self::Products,
            ["profile"] => Self::Profile,
            ["sso"] => Self::SingleSignOn,
            ["invitation"] => Self::Invitation,
            ["sign-up"] => Self::SignUp,
            ["sign-in-link"] => Self::SignInLink,
            _ => Self::Unknown,
        }
    }

    /// The page the browser's address names.
    fn current() -> Self {
        let path = web_sys::window()
            .and_then(|w| w.location().pathname().ok())
            .unwrap_or_default();
        let rest = path
            .strip_prefix("/portal/")
            .and_then(|p| p.split_once('/'))
            .map(|(_, rest)| rest)
            .unwrap_or_default();
        Self::parse(rest)
    }
}

/// The page on screen; shared through the context.
#[derive(Clone, Copy)]
pub struct Router {
    /// The portal's root, `/portal/{partner_key}`.
    root: StoredValue<String>,
    /// The page.
    pub page: RwSignal<Page>,
}

impl Router {
    /// The router of the portal at `root`, following the browser's back and forward buttons.
    pub fn start(root: String) -> Self {
        let router = Self {
            root: StoredValue::new(root),
            page: RwSignal::new(Page::current()),
        };
        let on_pop = Closure::<dyn FnMut()>::new(move || router.page.set(Page::current()));
        if let Some(window) = web_sys::window() {
            let _ = window
                .add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
        }
        // Listens for as long as the page lives.
        on_pop.forget();
        router
    }

    /// The address of a page: `rest` is `""`, `/tickets/new`, ….
    pub fn href(&self, rest: &str) -> String {
        format!("{}{rest}", self.root.get_value())
    }

    /// Shows the page at `href`; `replace` keeps the current one out of the history (an
    /// address that worked once, such as a sign-in link's).
    pub fn go(&self, href: &str, replace: bool) {
        if let Some(window) = web_sys::window() {
            if let Ok(history) = window.history() {
                let _ = if replace {
                    history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href))
                } else {
                    history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href))
                };
            }
            window.scroll_to_with_x_and_y(0.0, 0.0);
        }
        self.page.set(Page::current());
    }
}

/// A link to a page of the portal, followed without a reload (a click with a modifier key
/// opens it as the browser would). Marked as the current page when it is.
#[component]
pub fn Link(
    /// The page, below the portal's root: `""`, `/help`, ….
    #[prop(into)]
    to: String,
    /// A class for the anchor.
    #[prop(optional, into)]
    class: String,
    children: Children,
) -> impl IntoView {
    let router = expect_context::<Router>();
    let href = router.href(&to);
    let target = Page::parse(&to);
    let current = move || (router.page.get() == target).then_some("page");
    let follow = {
        let href = href.clone();
        move |ev: MouseEvent| {
            if ev.button() != 0 || ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key()
            {
                return;
            }
            ev.prevent_default();
            router.go(&href, false);
        }
    };
    view! {
        <a href=href class=class aria-current=current on:click=follow>{children()}</a>
    }
}
