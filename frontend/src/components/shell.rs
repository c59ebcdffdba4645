//! The frame around every signed-in page: navigation, the user, the breadcrumb trail.

use leptos::prelude::*;
use leptos_router::components::{Outlet, A};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use super::palette::PaletteOpen;
use super::status::Loading;
use crate::api::Session;

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
            if session.signing_out.get_untracked() {
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
    let palette = expect_context::<PaletteOpen>();
    let crumbs = expect_context::<Crumbs>();
    let logout = move |_| {
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            session.logout().await;
            navigate("/login", NavigateOptions::default());
        });
    };
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="topbar">
            <A href="/accounts" attr:class="brand">"Rapport"</A>
            <nav aria-label="Main" class="mainnav">
                <A href="/accounts">"Accounts"</A>
                <A href="/contacts">"Contacts"</A>
            </nav>
            <button type="button" class="search-button" on:click=move |_| palette.0.set(true)
                aria-keyshortcuts="Control+K">
                <span>"Search…"</span>
                <kbd>"Ctrl K"</kbd>
            </button>
            <div class="user">
                {move || session.me.get().map(|me| view! {
                    <span class="user-name">{me.name.clone()}</span>
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
        <main id="main" tabindex="-1">
            <Show when=move || !checking.get() fallback=|| view! { <Loading what="Signing in"/> }>
                <Outlet/>
            </Show>
        </main>
    }
}
