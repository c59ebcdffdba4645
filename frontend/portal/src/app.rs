//! The portal's pages and its frame: the partner's header, the sign-in gate and the
//! navigation.

use std::future::Future;

use leptos::lazy;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{partner_key_of_page, query_value, Portal};
use crate::embed;
use crate::pages::help::{ArticlePage, Help};
use crate::pages::new_ticket::NewTicket;
use crate::pages::products::Products;
use crate::pages::profile::Profile;
use crate::pages::sign_in::{ChoosePassword, PasswordLink, SignIn, SignInWithLink};
use crate::pages::ticket::TicketPage;
use crate::pages::tickets::TicketList;
use crate::pages::Notice;
use crate::router::{Link, Page, Router};

/// The app.
#[component]
pub fn App() -> impl IntoView {
    embed::remember_parent();
    let portal = Portal::new(partner_key_of_page());
    provide_context(portal);
    provide_context(Router::start(format!("/portal/{}", portal.key.get_value())));
    let unknown = RwSignal::new(false);
    spawn_local(async move {
        match portal.load_branding().await {
            Ok(()) => {
                if let Some(branding) = portal.branding.get_untracked() {
                    embed::apply_branding(&branding);
                    embed::fit_frame_to_content(&branding.allowed_origins);
                }
            }
            Err(_) => unknown.set(true),
        }
    });
    view! { <Shell unknown/> }
}

/// A page of its own module, shown once it arrived (the first time it is opened).
fn loaded(page: impl Future<Output = AnyView> + 'static) -> AnyView {
    let waiting = || view! { <p class="loading" role="status">"Loading…"</p> };
    // (The browser has one thread: the loader's future need not be sent between threads.)
    let page = send_wrapper::SendWrapper::new(page);
    view! { <Suspense fallback=waiting>{Suspend::new(page)}</Suspense> }.into_any()
}

// The pages not every visit needs: each in a module of its own, loaded when first opened, so
// that what the portal's page loads stays small.

#[lazy]
fn password_page(link: PasswordLink) -> AnyView {
    view! { <ChoosePassword link/> }.into_any()
}

#[lazy]
fn sign_in_link_page() -> AnyView {
    view! { <SignInWithLink/> }.into_any()
}

#[lazy]
fn new_ticket_page() -> AnyView {
    view! { <NewTicket/> }.into_any()
}

#[lazy]
fn help_page() -> AnyView {
    view! { <Help/> }.into_any()
}

#[lazy]
fn article_page(id: String) -> AnyView {
    view! { <ArticlePage id/> }.into_any()
}

#[lazy]
fn products_page() -> AnyView {
    view! { <Products/> }.into_any()
}

#[lazy]
fn profile_page() -> AnyView {
    view! { <Profile/> }.into_any()
}

/// The frame of every page: the partner's header; the page once someone is signed in, the
/// sign-in otherwise.
#[component]
fn Shell(unknown: RwSignal<bool>) -> impl IntoView {
    let portal = expect_context::<Portal>();
    let router = expect_context::<Router>();
    let checking = RwSignal::new(true);
    let sso_failed = RwSignal::new(None::<String>);
    let arrival = router.page.get_untracked();
    spawn_local(async move {
        match arrival {
            Page::SingleSignOn => {
                match query_value("token") {
                    Some(token) => {
                        if let Err(e) = portal.single_sign_on(&token).await {
                            sso_failed.set(Some(e.message()));
                        }
                    }
                    None => sso_failed.set(Some("The sign-in link has no token.".into())),
                }
                // The token works once, if at all: its address leaves the history either way.
                router.go(&router.href(""), true);
            }
            // A mailed link's page: the link decides who signs in.
            Page::Invitation | Page::SignUp | Page::SignInLink => {}
            _ => {
                portal.resume().await;
            }
        }
        checking.set(false);
    });
    // Whether, not who: a changed profile must not build the page again.
    let signed_in = Memo::new(move |_| portal.me.with(Option::is_some));
    let body = move || {
        if unknown.get() {
            return view! { <Notice text="This portal does not exist, or it was closed."/> }
                .into_any();
        }
        if checking.get() {
            return view! { <p class="loading" role="status">"Loading…"</p> }.into_any();
        }
        let page = router.page.get();
        if !signed_in.get() {
            return match page {
                Page::Invitation => loaded(password_page(PasswordLink::Invitation)),
                Page::SignUp => loaded(password_page(PasswordLink::SignUp)),
                Page::SignInLink => loaded(sign_in_link_page()),
                _ => view! { <SignIn failed=sso_failed/> }.into_any(),
            };
        }
        match page {
            Page::Tickets
            | Page::SingleSignOn
            | Page::Invitation
            | Page::SignUp
            | Page::SignInLink => view! { <TicketList/> }.into_any(),
            Page::NewTicket => loaded(new_ticket_page()),
            Page::Ticket(id) => view! { <TicketPage id/> }.into_any(),
            Page::Help => loaded(help_page()),
            Page::Article(id) => loaded(article_page(id)),
            Page::Products => loaded(products_page()),
            Page::Profile => loaded(profile_page()),
            Page::Unknown => {
                view! { <Notice text="There is no such page in this portal."/> }.into_any()
            }
        }
    };
    view! {
        <header class="top">
            <Brand/>
            <Show when=move || signed_in.get()>
                <Navigation/>
            </Show>
        </header>
        <main id="main">{body}</main>
    }
}

/// The partner's logo, or its name.
#[component]
fn Brand() -> impl IntoView {
    let portal = expect_context::<Portal>();
    move || {
        portal.branding.with(|b| match b {
            Some(b) => match &b.logo_url {
                Some(logo) => {
                    view! { <img class="logo" src=logo.clone() alt=b.name.clone()/> }.into_any()
                }
                None => view! { <span class="brand">{b.name.clone()}</span> }.into_any(),
            },
            None => ().into_any(),
        })
    }
}

/// The portal's parts the partner turned on, who is signed in, and signing out.
#[component]
fn Navigation() -> impl IntoView {
    let portal = expect_context::<Portal>();
    let router = expect_context::<Router>();
    let feature = move |on: fn(&api_types::portal::PortalFeatures) -> bool| {
        portal
            .branding
            .with(|b| b.as_ref().is_some_and(|b| on(&b.features)))
    };
    let name = move || portal.me.with(|m| m.as_ref().map(|m| m.name.clone()));
    let sign_out = move |_| {
        spawn_local(async move {
            portal.sign_out().await;
            router.go(&router.href(""), false);
        });
    };
    view! {
        <nav aria-label="Portal">
            <Link to="">"Tickets"</Link>
            <Show when=move || feature(|f| f.knowledge_base)>
                <Link to="/help">"Help articles"</Link>
            </Show>
            <Show when=move || feature(|f| f.assets)>
                <Link to="/products">"Products"</Link>
            </Show>
        </nav>
        <div class="who">
            <Link to="/profile" class="name">{name}</Link>
            <button type="button" class="link" on:click=sign_out>"Sign out"</button>
        </div>
    }
}
