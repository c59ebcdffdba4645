//! Signing in: with an address and a password, with a link by mail, by signing up (when the
//! organization allows it), and the pages the mailed links open: an invitation's, a new
//! password's, a sign-up's, a sign-in link's.

use leptos::prelude::*;

use super::{Failure, PageTasks, Sending};
use crate::api::{query_value, Portal};
use crate::router::Router;

/// What the sign-in page shows.
#[derive(Clone, Copy, PartialEq)]
enum Way {
    /// The address and password.
    Password,
    /// Asking for a link to choose a new password.
    NewPassword,
    /// Asking for a link that signs in.
    Link,
    /// Signing up.
    SignUp,
}

/// The sign-in page. `failed` says why a single sign-on did not work, if one did not.
#[component]
pub fn SignIn(failed: RwSignal<Option<String>>) -> impl IntoView {
    let email = RwSignal::new(String::new());
    let way = RwSignal::new(Way::Password);
    move || match way.get() {
        Way::Password => view! { <PasswordForm email way failed/> }.into_any(),
        Way::SignUp => view! { <SignUp email way/> }.into_any(),
        asking => view! { <LinkByMail email way reset=asking == Way::NewPassword/> }.into_any(),
    }
}

#[component]
fn PasswordForm(
    email: RwSignal<String>,
    way: RwSignal<Way>,
    failed: RwSignal<Option<String>>,
) -> impl IntoView {
    let portal = expect_context::<Portal>();
    let tasks = PageTasks::new();
    let password = RwSignal::new(String::new());
    let sending = Sending::new();
    let Sending { busy, error } = sending;
    // Said once: not again on coming back from another way in.
    error.set(failed.get_untracked());
    failed.set(None);
    if portal.expired.get_untracked() {
        error.set(Some("Your session has ended. Please sign in again.".into()));
    }
    let submit = move |ev: leptos::ev::SubmitEvent| {
        if !sending.start(&ev) {
            return;
        }
        tasks.spawn(async move {
            let result = portal
                .sign_in(&email.get_untracked(), &password.get_untracked())
                .await;
            // Signed in, the form is gone: only a refusal is shown on it.
            if let Err(e) = result {
                password.set(String::new());
                sending.refused(e.message());
            }
        });
    };
    let title = move || {
        portal.branding.with(|b| match b {
            Some(b) => format!("Sign in to {} support", b.name),
            None => "Sign in".to_owned(),
        })
    };
    let sign_up = move || {
        portal
            .branding
            .with(|b| b.as_ref().is_some_and(|b| b.self_sign_up))
    };
    view! {
        <section class="card narrow" aria-labelledby="sign-in-title">
            <h1 id="sign-in-title">{title}</h1>
            <form on:submit=submit aria-label="Sign in">
                <label for="email">"Email"</label>
                <input id="email" type="email" autocomplete="username" required
                    prop:value=email on:input=move |ev| email.set(event_target_value(&ev))/>
                <label for="password">"Password"</label>
                <input id="password" type="password" autocomplete="current-password" required
                    prop:value=password on:input=move |ev| password.set(event_target_value(&ev))/>
                <Failure error/>
                <button type="submit" class="primary" disabled=busy>
                    {move || if busy.get() { "Signing in…" } else { "Sign in" }}
                </button>
            </form>
            <p><button type="button" class="link" on:click=move |_| way.set(Way::NewPassword)>"Forgot your password?"</button></p>
            <p><button type="button" class="link" on:click=move |_| way.set(Way::Link)>"Email me a sign-in link"</button></p>
            <Show when=sign_up fallback=|| view! {
                <p class="hint">"No password yet? Ask the company you buy from for an invitation."</p>
            }>
                <p class="hint">"New here? "<button type="button" class="link" on:click=move |_| way.set(Way::SignUp)>"Sign up with your work address"</button></p>
            </Show>
        </section>
    }
}

/// The answer to a request for a link: the same whatever the address, so that nobody learns
/// who has access.
#[component]
fn Asked(text: String, way: RwSignal<Way>) -> impl IntoView {
    view! {
        <p role="status">{text}</p>
        <p><button type="button" class="link" on:click=move |_| way.set(Way::Password)>"Back to signing in"</button></p>
    }
}

/// Asking for a link by mail: to choose a new password (`reset`), or to sign in.
#[component]
fn LinkByMail(email: RwSignal<String>, way: RwSignal<Way>, reset: bool) -> impl IntoView {
    let portal = expect_context::<Portal>();
    let tasks = PageTasks::new();
    let sending = Sending::new();
    let Sending { busy, error } = sending;
    let sent_to = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        if !sending.start(&ev) {
            return;
        }
        let address = email.get_untracked().trim().to_owned();
        tasks.spawn(async move {
            let asked = if reset {
                portal.reset_password(&address).await
            } else {
                portal.ask_sign_in_link(&address).await
            };
            match asked {
                Ok(()) => {
                    busy.set(false);
                    sent_to.set(Some(address));
                }
                Err(e) => sending.refused(e.message()),
            }
        });
    };
    let (title, what) = if reset {
        (
            "Choose a new password",
            "a link to choose a new password is on its way. It works once, for an hour.",
        )
    } else {
        (
            "Sign in by email",
            "a link that signs you in is on its way. It works once, for 15 minutes.",
        )
    };
    view! {
        <section class="card narrow" aria-labelledby="link-title">
            <h1 id="link-title">{title}</h1>
            {move || match sent_to.get() {
                Some(address) => view! {
                    <Asked text=format!("If {address} has access to this portal, {what}") way/>
                }.into_any(),
                None => view! {
                    <form on:submit=submit aria-label="Ask for a link">
                        <label for="link-email">"Email"</label>
                        <input id="link-email" type="email" autocomplete="username" required
                            prop:value=email on:input=move |ev| email.set(event_target_value(&ev))/>
                        <Failure error/>
                        <button type="submit" class="primary" disabled=busy>"Send me a link"</button>
                    </form>
                    <p><button type="button" class="link" on:click=move |_| way.set(Way::Password)>"Back to signing in"</button></p>
                }.into_any(),
            }}
        </section>
    }
}

/// Signing up: a name and a work address, to which a link to finish is mailed.
#[component]
fn SignUp(email: RwSignal<String>, way: RwSignal<Way>) -> impl IntoView {
    let portal = expect_context::<Portal>();
    let tasks = PageTasks::new();
    let name = RwSignal::new(String::new());
    let sending = Sending::new();
    let Sending { busy, error } = sending;
    let sent_to = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        if !sending.start(&ev) {
            return;
        }
        let address = email.get_untracked().trim().to_owned();
        let name = name.get_untracked();
        tasks.spawn(async move {
            match portal.sign_up(&address, &name).await {
                Ok(()) => {
                    busy.set(false);
                    sent_to.set(Some(address));
                }
                Err(e) => sending.refused(e.message()),
            }
        });
    };
    view! {
        <section class="card narrow" aria-labelledby="sign-up-title">
            <h1 id="sign-up-title">"Sign up"</h1>
            {move || match sent_to.get() {
                Some(address) => view! {
                    <Asked text=format!("If {address} is at a company we work with, a mail is on its way: a link to finish signing up, or to sign in if you have access already. If nothing arrives, ask your contact with us for an invitation.") way/>
                }.into_any(),
                None => view! {
                    <form on:submit=submit aria-label="Sign up">
                        <label for="sign-up-name">"Your name"</label>
                        <input id="sign-up-name" type="text" autocomplete="name" required maxlength="100"
                            prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
                        <label for="sign-up-email">"Work email"</label>
                        <input id="sign-up-email" type="email" autocomplete="email" required
                            aria-describedby="sign-up-rule"
                            prop:value=email on:input=move |ev| email.set(event_target_value(&ev))/>
                        <p id="sign-up-rule" class="hint">"Your company's address: we send a link to it to confirm it is yours."</p>
                        <Failure error/>
                        <button type="submit" class="primary" disabled=busy>"Send me a link"</button>
                    </form>
                    <p><button type="button" class="link" on:click=move |_| way.set(Way::Password)>"Back to signing in"</button></p>
                }.into_any(),
            }}
        </section>
    }
}

/// What a link that sets a password was mailed for.
#[derive(Clone, Copy, PartialEq)]
pub enum PasswordLink {
    /// An invitation (`/invitation?token=…`), or a new password's (with `&reset=1`).
    Invitation,
    /// A sign-up's (`/sign-up?token=…`).
    SignUp,
}

/// Choosing a password through a mailed link, and in.
#[component]
pub fn ChoosePassword(link: PasswordLink) -> impl IntoView {
    let portal = expect_context::<Portal>();
    let tasks = PageTasks::new();
    let router = expect_context::<Router>();
    let token = query_value("token").unwrap_or_default();
    let reset = query_value("reset").is_some();
    let password = RwSignal::new(String::new());
    let sending = Sending::new();
    let Sending { busy, error } = sending;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        if !sending.start(&ev) {
            return;
        }
        let token = token.clone();
        tasks.spawn(async move {
            let password = password.get_untracked();
            let done = match link {
                PasswordLink::Invitation => portal.accept_invitation(&token, &password).await,
                PasswordLink::SignUp => portal.complete_sign_up(&token, &password).await,
            };
            match done {
                // Signed in, the form is gone.
                Ok(()) => router.go(&router.href(""), true),
                Err(e) => sending.refused(e.message()),
            }
        });
    };
    let (title, intro) = match (link, reset) {
        (PasswordLink::SignUp, _) => ("Almost there", "Choose a password to finish signing up."),
        (_, true) => (
            "Choose a new password",
            "Your new password replaces the old one, and signs you out elsewhere.",
        ),
        (_, false) => ("Welcome", "Choose a password for your support account."),
    };
    view! {
        <section class="card narrow" aria-labelledby="invitation-title">
            <h1 id="invitation-title">{title}</h1>
            <p>{intro}</p>
            <form on:submit=submit aria-label="Choose a password">
                <label for="new-password">"Password"</label>
                <input id="new-password" type="password" autocomplete="new-password" required
                    minlength="12" aria-describedby="password-rule"
                    prop:value=password on:input=move |ev| password.set(event_target_value(&ev))/>
                <p id="password-rule" class="hint">"At least 12 characters."</p>
                <Failure error/>
                <button type="submit" class="primary" disabled=busy>"Set password and sign in"</button>
            </form>
        </section>
    }
}

/// Signing in with a mailed link (`/sign-in-link?token=…`). It waits for a click: a mail
/// program that opens links to check them must not spend it.
#[component]
pub fn SignInWithLink() -> impl IntoView {
    let portal = expect_context::<Portal>();
    let tasks = PageTasks::new();
    let router = expect_context::<Router>();
    let token = query_value("token").unwrap_or_default();
    let sending = Sending::new();
    let Sending { busy, error } = sending;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        if !sending.start(&ev) {
            return;
        }
        let token = token.clone();
        tasks.spawn(async move {
            match portal.sign_in_with_link(&token).await {
                Ok(()) => router.go(&router.href(""), true),
                Err(e) => sending.refused(e.message()),
            }
        });
    };
    view! {
        <section class="card narrow" aria-labelledby="link-sign-in-title">
            <h1 id="link-sign-in-title">"Sign in"</h1>
            <form on:submit=submit aria-label="Sign in with the link">
                <p>"The link you asked for signs you in once."</p>
                <Failure error/>
                <button type="submit" class="primary" disabled=busy>
                    {move || if busy.get() { "Signing in…" } else { "Continue" }}
                </button>
            </form>
            <p><a href=router.href("")>"Sign in another way"</a></p>
        </section>
    }
}
