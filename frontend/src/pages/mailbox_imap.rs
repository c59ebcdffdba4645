//! A mailbox's IMAP source on its page: where its mail is fetched from, how the last poll
//! went, and the form to set or stop it.

use api_types::mail::{ImapSource, PutImapSource};
use leptos::prelude::*;

use crate::api::{mail, ApiError, Session};
use crate::components::field::{FieldErrors, SelectField, TextField};
use crate::components::record_form::save_refused;
use crate::components::status::{ErrorNote, Loading, Toast, Toasts};
use crate::format;

/// How the connection may be secured, as (value, label).
const SECURITIES: [(&str, &str); 2] = [
    ("tls", "TLS (usually port 993)"),
    ("none", "None: only on a network you trust"),
];

/// The IMAP card of a mailbox's page.
#[component]
pub fn ImapCard(mailbox: String) -> impl IntoView {
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let source = RwSignal::new(None::<Option<ImapSource>>);
    let editing = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    let errors = FieldErrors::new();
    let host = RwSignal::new(String::new());
    let port = RwSignal::new("993".to_owned());
    let security = RwSignal::new("tls".to_owned());
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let folder = RwSignal::new("INBOX".to_owned());
    let id = StoredValue::new(mailbox);
    let load = Action::new_local(move |(): &()| async move {
        match mail::imap(&session, &id.get_value()).await {
            Ok(found) => {
                if let Some(s) = &found {
                    host.set(s.host.clone());
                    port.set(s.port.to_string());
                    security.set(s.security.clone());
                    username.set(s.username.clone());
                    folder.set(s.folder.clone());
                }
                source.set(Some(found));
            }
            Err(error) => failure.set(Some(error)),
        }
    });
    load.dispatch(());
    let save = Action::new_local(move |body: &PutImapSource| {
        let (body, toasts) = (body.clone(), toasts.clone());
        async move {
            match mail::save_imap(&session, &id.get_value(), &body).await {
                Ok(saved) => {
                    source.set(Some(Some(saved)));
                    editing.set(false);
                    password.set(String::new());
                    toasts.show(Toast {
                        message: "Its mail is fetched from now on, every minute.".into(),
                        action: None,
                    });
                }
                Err(error) => save_refused(error, RwSignal::new(false), errors, failure),
            }
        }
    });
    let stop = Action::new_local(move |(): &()| async move {
        match mail::remove_imap(&session, &id.get_value()).await {
            Ok(()) => source.set(Some(None)),
            Err(error) => failure.set(Some(error)),
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.set(Vec::new());
        failure.set(None);
        let typed = password.get_untracked();
        save.dispatch(PutImapSource {
            host: host.get_untracked().trim().to_owned(),
            port: port.get_untracked().trim().parse().unwrap_or(0),
            security: security.get_untracked(),
            username: username.get_untracked(),
            password: (!typed.is_empty()).then_some(typed),
            folder: Some(folder.get_untracked()),
        });
    };
    view! {
        <section class="card wide" aria-labelledby="mailbox-imap">
            <h2 id="mailbox-imap">"Fetch over IMAP"</h2>
            <p class="muted">"For mail you host yourself: Rapport reads new messages from the folder every minute and leaves them there, marked read."</p>
            {move || failure.get().map(|error| view! { <ErrorNote error/> })}
            {move || match source.get() {
                None => view! { <Loading what="Loading"/> }.into_any(),
                Some(found) if !editing.get() => match found {
                    Some(s) => view! {
                        <p>{format!("{} at {}:{}{}, folder {}", s.username, s.host, s.port,
                            if s.security == "tls" { " over TLS" } else { " without TLS" }, s.folder)}</p>
                        <p class="muted">{match (&s.error, s.polled_at) {
                            (Some(error), _) => format!("The last poll failed: {error}"),
                            (None, Some(at)) => format!("Last polled {}.", format::date_time(&at)),
                            (None, None) => "Not polled yet.".to_owned(),
                        }}</p>
                        <div class="form-actions">
                            <button type="button" class="button" on:click=move |_| editing.set(true)>"Change"</button>
                            <button type="button" class="button subtle" disabled=move || stop.pending().get()
                                on:click=move |_| { stop.dispatch(()); }>"Stop fetching"</button>
                        </div>
                    }.into_any(),
                    None => view! {
                        <button type="button" class="button" on:click=move |_| editing.set(true)>"Fetch this mailbox's mail over IMAP"</button>
                    }.into_any(),
                },
                Some(found) => view! {
                    <form class="form" novalidate on:submit=on_submit>
                        <TextField label="IMAP host" pointer="/host" value=host errors required=true hint="Such as imap.example.com"/>
                        <TextField label="IMAP port" pointer="/port" value=port errors kind="number" required=true/>
                        <SelectField label="IMAP security" pointer="/security" value=security options=SECURITIES.to_vec() errors/>
                        <TextField label="IMAP user name" pointer="/username" value=username errors required=true/>
                        <TextField label="IMAP password" pointer="/password" value=password errors kind="password" autocomplete="new-password"
                            hint=if found.is_some() { "Leave blank to keep the saved one." } else { "Never shown again once saved." }/>
                        <TextField label="Folder" pointer="/folder" value=folder errors required=true/>
                        <div class="form-actions">
                            <button type="submit" class="button primary" disabled=move || save.pending().get()>"Save"</button>
                            <button type="button" class="button subtle" on:click=move |_| editing.set(false)>"Cancel"</button>
                        </div>
                    </form>
                }.into_any(),
            }}
        </section>
    }
}
