//! The frame around every signed-in page: navigation, the user, the breadcrumb trail.

use leptos::prelude::*;
use leptos_router::components::{Outlet, A};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use super::palette::PaletteOpen;
use super::status::{Loading, Toast, Toasts};
use crate::api::{users, Session};

/// One step of a breadcrumb trail: its label and, unless it is the page itself, its link.
pub type Crumb = (String, Option<String>);

/// The breadcrumb trail of the current page; the last crumb is the page itself.
#[derive(Clone, Copy)]
pub struct Crumbs(pub RwSignal<Vec<Crumb>>);

impl Crumbs {
    /// Sets the breadcrumb trail and the document title of a page.
    pub fn set(&self, crumbs: Vec<Crumb>) {
        if let Some(title) = crumbs.last().map(|(label, _)| label.clone()) {
            if let Some(document) = web_sys::window().and_then(|w| w.document()) {
                document.set_title(&format!("{title} · Rapport"));
            }
        }
        self.0.set(crumbs);
    }
}

/// Sets the breadcrumb trail and the document title of the page being built.
pub fn set_crumbs(crumbs: Vec<Crumb>) {
    expect_context::<Crumbs>().set(crumbs);
}

/// Whether the screen is a touch screen (no keyboard hints there).
fn touch_screen() -> bool {
    web_sys::window().is_some_and(|w| w.navigator().max_touch_points() > 0)
}

/// The skip link: focus the page's content (the router would take a `#` link for a route).
fn skip_to_content(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    if let Some(main) = element_by_selector("#main") {
        let _ = main.focus();
    }
}

fn element_by_selector(selector: &str) -> Option<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    web_sys::window()?
        .document()?
        .query_selector(selector)
        .ok()??
        .dyn_into()
        .ok()
}

thread_local! {
    /// The heading of the page shown last, so that a new page's is told from it.
    static LAST_HEADING: std::cell::RefCell<Option<web_sys::HtmlElement>> =
        const { std::cell::RefCell::new(None) };
}

/// After each change of page, once the new page's heading is there, moves the focus to it
/// and announces the page's title, so that keyboard and screen-reader users know where they
/// are (a single-page app does not reload, so the browser does neither). A record page keeps
/// the old page on screen while the new one loads: its heading is not the new one.
fn focus_heading_after_navigation() {
    let location = use_location();
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        let moved = previous.as_ref().is_some_and(|p| *p != path);
        if previous.is_none() || moved {
            when_new_heading(100, moved);
        }
        path
    });
}

fn when_new_heading(tries: u32, focus: bool) {
    set_timeout(
        move || {
            let heading = element_by_selector("main h1");
            let is_new = heading
                .as_ref()
                .is_some_and(|h| LAST_HEADING.with(|last| last.borrow().as_ref() != Some(h)));
            match heading.filter(|_| is_new) {
                Some(heading) => {
                    LAST_HEADING.with(|last| *last.borrow_mut() = Some(heading.clone()));
                    if focus {
                        announce_page(&heading);
                    }
                }
                None if tries > 0 => when_new_heading(tries - 1, focus),
                None => {}
            }
        },
        std::time::Duration::from_millis(50),
    );
}

fn announce_page(heading: &web_sys::HtmlElement) {
    let _ = heading.set_attribute("tabindex", "-1");
    let _ = heading.focus();
    if let (Some(announcer), Some(document)) = (
        element_by_selector("#announcer"),
        web_sys::window().and_then(|w| w.document()),
    ) {
        announcer.set_text_content(Some(&document.title()));
    }
}

/// Where a signed-out visitor goes: the login page, remembering the way back.
fn login_path(location: &str) -> String {
    format!("/login?next={}", js_sys::encode_uri_component(location))
}

/// The signed-in frame. Visitors without a session go to the login page and come back here
/// after it.
#[component]
pub fn Shell() -> impl IntoView {
    let session = expect_context::<Session>();
    let location = use_location();
    let here = move || {
        let search = location.search.get_untracked();
        let search = search.trim_start_matches('?');
        let path = location.pathname.get_untracked();
        if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        }
    };
    let navigate = use_navigate();
    let checking = RwSignal::new(session.me.get_untracked().is_none());
    {
        let navigate = navigate.clone();
        Effect::new(move |_| {
            if session.me.get().is_some() {
                checking.set(false);
                return;
            }
            if session.signing_out.get_untracked()
                || location.pathname.get_untracked().starts_with("/login")
            {
                return; // the logout button goes to the login page itself
            }
            if session.expired.get() || !session.has_saved_login() {
                navigate(
                    &login_path(&here()),
                    NavigateOptions {
                        replace: true,
                        ..Default::default()
                    },
                );
                return;
            }
            let navigate = navigate.clone();
            leptos::task::spawn_local(async move {
                if session.load_me().await.is_err() {
                    navigate(
                        &login_path(&here()),
                        NavigateOptions {
                            replace: true,
                            ..Default::default()
                        },
                    );
                }
            });
        });
    }
    provide_context(crate::api::live::Live::start(session));
    let palette = expect_context::<PaletteOpen>();
    let crumbs = expect_context::<Crumbs>();
    let logout = move |_| {
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            session.logout().await;
            navigate("/login", NavigateOptions::default());
        });
    };
    focus_heading_after_navigation();
    view! {
        <a class="skip-link" href="#main" on:click:capture=skip_to_content>"Skip to content"</a>
        <p id="announcer" class="visually-hidden" aria-live="polite" aria-atomic="true"></p>
        <header class="topbar">
            <A href="/" attr:class="brand">"Rapport"</A>
            <nav aria-label="Main" class="mainnav">
                <A href="/" exact=true>"Home"</A>
                <A href="/accounts">"Accounts"</A>
                <A href="/contacts">"Contacts"</A>
                <A href="/leads">"Leads"</A>
                <A href="/pipeline">"Pipeline"</A>
                <A href="/forecast">"Forecast"</A>
                <A href="/tasks">"Tasks"</A>
                <A href="/tickets">"Tickets"</A>
                <A href="/kb">"Knowledge"</A>
                {move || session.can(domain::Permission::WriteTickets).then(|| view! { <A href="/callbacks">"Callbacks"</A> })}
                {move || session.can(domain::Permission::ManageSla).then(|| view! { <A href="/sla/policies">"Service levels"</A> })}
                {move || session.can(domain::Permission::ManageUsers).then(|| view! { <A href="/users">"Users"</A> })}
                {move || session.can(domain::Permission::ManageSettings).then(|| view! { <A href="/settings">"Settings"</A> })}
            </nav>
            <button type="button" class="search-button" on:click=move |_| palette.0.set(true)
                aria-keyshortcuts="Control+K">
                <span>"Search…"</span>
                {(!touch_screen()).then(|| view! { <kbd>"Ctrl K"</kbd> })}
            </button>
            <div class="user">
                <super::bell::Bell/>
                {move || session.can(domain::Permission::WriteTickets).then(|| view! { <Availability/> })}
                {move || session.me.get().map(|me| view! {
                    <A href="/me" attr:class="user-name" attr:title="Your settings">{me.name.clone()}</A>
                    <span class="user-role">{me.role.replace('_', " ")}</span>
                })}
                <button type="button" class="button subtle" on:click=logout>"Log out"</button>
            </div>
        </header>
        <nav aria-label="Breadcrumb" class="breadcrumbs">
            <ol>
                {move || {
                    let trail = crumbs.0.get();
                    let last = trail.len().saturating_sub(1);
                    trail
                        .into_iter()
                        .enumerate()
                        .map(|(i, (label, href))| match href {
                            Some(href) if i != last => view! { <li><a href=href>{label}</a></li> }.into_any(),
                            _ => view! { <li aria-current="page">{label}</li> }.into_any(),
                        })
                        .collect_view()
                }}
            </ol>
        </nav>
        {move || session.can(domain::Permission::WriteTickets).then(|| view! { <super::screen_pop::ScreenPop/> })}
        <main id="main" tabindex="-1">
            <Show when=move || !checking.get() fallback=|| view! { <Loading what="Signing in"/> }>
                <Outlet/>
            </Show>
        </main>
    }
}

/// The availabilities an agent chooses from, as (value, label).
const AVAILABILITIES: [(&str, &str); 3] = [
    ("available", "Available"),
    ("away", "Away"),
    ("offline", "Offline"),
];

/// Whether the signed-in agent takes tickets from their teams' queues now.
#[component]
fn Availability() -> impl IntoView {
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let current = move || {
        session
            .me
            .with(|me| me.as_ref().map(|me| me.availability.clone()))
            .unwrap_or_default()
    };
    let change = Action::new_local(move |to: &String| {
        let (to, toasts) = (to.clone(), toasts.clone());
        async move {
            if let Err(error) = users::set_availability(&session, &to).await {
                toasts.show(Toast {
                    message: format!("Your availability was not changed: {}", error.message()),
                    action: None,
                });
            }
        }
    });
    view! {
        <select class="availability" aria-label="Availability for new tickets"
            data-state=current
            prop:value=current
            disabled=move || change.pending().get()
            on:change=move |ev| { change.dispatch(event_target_value(&ev)); }>
            {AVAILABILITIES.iter().map(|(value, label)| view! { <option value=*value>{*label}</option> }).collect_view()}
        </select>
    }
}
