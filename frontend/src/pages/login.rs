use domain::Email;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::api::Session;
use crate::components::field::{FieldErrors, TextField};

/// Only paths inside the app are followed after login (never another site).
fn safe_next(next: Option<String>) -> String {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/login"))
        .unwrap_or_else(|| "/".to_owned())
}

/// The login page.
#[component]
pub fn Login() -> impl IntoView {
    let session = expect_context::<Session>();
    // A logout ends here; from now on, Back into the app finds nobody signed in and comes back.
    session.signing_out.set(false);
    let query = use_query_map();
    let navigate = use_navigate();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = FieldErrors::new();
    let failure = RwSignal::new(None::<String>);
    let expired = session.expired.get_untracked();
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title("Log in · Rapport");
    }

    let submit = Action::new_local(move |(email, password): &(String, String)| {
        let (email, password) = (email.clone(), password.clone());
        async move { session.login(&email, &password).await }
    });
    let next = move || safe_next(query.with_untracked(|q| q.get("next")));
    Effect::new(move |_| match submit.value().get() {
        Some(Ok(())) => navigate(
            &next(),
            NavigateOptions {
                replace: true,
                ..Default::default()
            },
        ),
        Some(Err(error)) => {
            let message = match error.status() {
                Some(401) => "The email or the password is wrong.".to_owned(),
                Some(429) => format!("This account is locked for now. {}", error.message()),
                _ => error.message(),
            };
            errors.set(error.field_errors());
            failure.set(Some(message));
        }
        None => {}
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        failure.set(None);
        let mut found = Vec::new();
        if let Err(e) = Email::parse("/email", &email.get_untracked()) {
            found.push((e.pointer, e.detail));
        }
        if password.get_untracked().is_empty() {
            found.push(("/password".to_owned(), "Enter your password.".to_owned()));
        }
        let valid = found.is_empty();
        errors.set(found);
        if valid {
            submit.dispatch((email.get_untracked(), password.get_untracked()));
        }
    };

    view! {
        <main id="main" class="login-page">
            <form class="login-card" on:submit=on_submit novalidate>
                <h1>"Rapport"</h1>
                <p class="subtitle">"Log in to your organization"</p>
                {expired.then(|| view! {
                    <p class="notice" role="status">"Your session has ended. Log in again to continue where you were."</p>
                })}
                {move || failure.get().map(|f| view! { <p class="error-note" role="alert">{f}</p> })}
                <TextField label="Email" pointer="/email" value=email errors=errors kind="email"
                    required=true autocomplete="username"/>
                <TextField label="Password" pointer="/password" value=password errors=errors
                    kind="password" required=true autocomplete="current-password"/>
                <button type="submit" class="button primary wide" disabled=move || submit.pending().get()>
                    {move || if submit.pending().get() { "Logging in…" } else { "Log in" }}
                </button>
            </form>
        </main>
    }
}
