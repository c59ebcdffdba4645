//! Signing in: with an address and a password, by accepting an invitation, or with a link
//! to choose a new password when it is forgotten.

use leptos::prelude::*;

use super::{Failure, PageTasks, Sending};
use crate::api::{query_value, Portal};
use crate::router::Router;

/// The sign-in form. `failed` says why a single sign-on did not work, if one did not.
#[component]
pub fn SignIn(failed: RwSignal<Option<String>>) -> impl IntoView {
    let portal = expect_context::<Portal>();
    let tasks = PageTasks::new();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let forgot = RwSignal::new(false);
    let sending = Sending::new();
    let Sending { busy, error } = sending;
    error.set(failed.get_untracked());
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
    view! {
        <Show when=move || !forgot.get() fallback=move || view! { <ForgotPassword email forgot/> }>
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
            <p><button type="button" class="link" on:click=move |_| forgot.set(true)>"Forgot your password?"</button></p>
            <p class="hint">"No password yet? Ask the company you buy from for an invitation."</p>
        </section>
        </Show>
    }
}

/// Asking for a link to choose a new password; `forgot` goes back to signing in.
#[component]
fn ForgotPassword(email: RwSignal<String>, forgot: RwSignal<bool>) -> impl IntoView {
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
            match portal.reset_password(&address).await {
                Ok(()) => {
                    busy.set(false);
                    sent_to.set(Some(address));
                }
                Err(e) => sending.refused(e.message()),
            }
        });
    };
    view! {
        <section class="card narrow" aria-labelledby="forgot-title">
            <h1 id="forgot-title">"Choose a new password"</h1>
            {move || match sent_to.get() {
                Some(address) => view! {
                    <p role="status">{format!("If {address} has access to this portal, a link to choose a new password is on its way. It works once, for an hour.")}</p>
                }.into_any(),
                None => view! {
                    <form on:submit=submit aria-label="Ask for a link">
                        <label for="reset-email">"Email"</label>
                        <input id="reset-email" type="email" autocomplete="username" required
                            prop:value=email on:input=move |ev| email.set(event_target_value(&ev))/>
                        <Failure error/>
                        <button type="submit" class="primary" disabled=busy>"Send me a link"</button>
                    </form>
                }.into_any(),
            }}
            <p><button type="button" class="link" on:click=move |_| forgot.set(false)>"Back to signing in"</button></p>
        </section>
    }
}

/// Accepting an invitation (`/invitation?token=…`): choose a password, and in.
#[component]
pub fn AcceptInvitation() -> impl IntoView {
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
            match portal
                .accept_invitation(&token, &password.get_untracked())
                .await
            {
                // Signed in, the form is gone.
                Ok(()) => router.go(&router.href(""), true),
                Err(e) => sending.refused(e.message()),
            }
        });
    };
    view! {
        <section class="card narrow" aria-labelledby="invitation-title">
            <h1 id="invitation-title">{if reset { "Choose a new password" } else { "Welcome" }}</h1>
            <p>{if reset { "Your new password replaces the old one, and signs you out elsewhere." } else { "Choose a password for your support account." }}</p>
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
