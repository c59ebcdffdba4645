//! Outgoing mail (admins): the SMTP server and sender, and a test mail to check them.

use api_types::mail::Mailbox;
use api_types::outbound::{MailSettings, PutMailSettings};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{self, outbound, ApiError, Session};
use crate::components::field::{FieldErrors, SelectField, TextField};
use crate::components::record_form::{focus_first_error, save_refused};
use crate::components::shell::set_crumbs;
use crate::components::status::{ConflictBanner, ErrorNote, Loading, Toast, Toasts};

/// The form's values, as typed.
#[derive(Clone, Copy)]
struct Values {
    enabled: RwSignal<bool>,
    host: RwSignal<String>,
    port: RwSignal<String>,
    security: RwSignal<String>,
    username: RwSignal<String>,
    /// A new password; blank keeps the one kept.
    password: RwSignal<String>,
    password_set: RwSignal<bool>,
    forget_password: RwSignal<bool>,
    from_address: RwSignal<String>,
    from_name: RwSignal<String>,
    /// The reply-to mailbox's id, or "".
    reply_to: RwSignal<String>,
}

impl Values {
    fn new() -> Self {
        Self {
            enabled: RwSignal::new(false),
            host: RwSignal::new(String::new()),
            port: RwSignal::new(String::new()),
            security: RwSignal::new(String::new()),
            username: RwSignal::new(String::new()),
            password: RwSignal::new(String::new()),
            password_set: RwSignal::new(false),
            forget_password: RwSignal::new(false),
            from_address: RwSignal::new(String::new()),
            from_name: RwSignal::new(String::new()),
            reply_to: RwSignal::new(String::new()),
        }
    }

    fn fill(&self, s: &MailSettings) {
        self.enabled.set(s.enabled);
        self.host.set(s.smtp_host.clone());
        self.port.set(s.smtp_port.to_string());
        self.security.set(s.smtp_security.clone());
        self.username
            .set(s.smtp_username.clone().unwrap_or_default());
        self.password.set(String::new());
        self.password_set.set(s.password_set);
        self.forget_password.set(false);
        self.from_address.set(s.from_address.clone());
        self.from_name.set(s.from_name.clone().unwrap_or_default());
        self.reply_to
            .set(s.reply_to_mailbox_id.clone().unwrap_or_default());
    }

    /// The settings to send, or the fields the browser can already tell are wrong.
    fn body(&self) -> Result<PutMailSettings, Vec<(String, String)>> {
        let port = self.port.get_untracked().trim().parse::<i64>().unwrap_or(0);
        let username = self.username.get_untracked();
        let from_name = self.from_name.get_untracked();
        let input = domain::outbound::MailSettingsInput {
            enabled: self.enabled.get_untracked(),
            smtp_host: &self.host.get_untracked(),
            smtp_port: port,
            smtp_security: &self.security.get_untracked(),
            smtp_username: Some(&username),
            from_address: &self.from_address.get_untracked(),
            from_name: Some(&from_name),
        };
        if let Err(v) = domain::outbound::MailSettingsFields::parse(&input) {
            return Err(v
                .into_errors()
                .into_iter()
                .map(|e| (e.pointer, e.detail))
                .collect());
        }
        let password = self.password.get_untracked();
        let reply_to = self.reply_to.get_untracked();
        Ok(PutMailSettings {
            enabled: input.enabled,
            smtp_host: input.smtp_host.to_owned(),
            smtp_port: port,
            smtp_security: input.smtp_security.to_owned(),
            smtp_username: Some(username.clone()).filter(|u| !u.trim().is_empty()),
            smtp_password: if self.forget_password.get_untracked() {
                Some(String::new())
            } else {
                Some(password).filter(|p| !p.is_empty())
            },
            from_address: input.from_address.trim().to_owned(),
            from_name: Some(from_name.clone()).filter(|n| !n.trim().is_empty()),
            reply_to_mailbox_id: Some(reply_to).filter(|r| !r.is_empty()),
        })
    }
}

/// How the connection may be secured, as (value, label).
const SECURITIES: [(&str, &str); 3] = [
    ("starttls", "STARTTLS (usually port 587)"),
    ("tls", "TLS from the start (usually port 465)"),
    ("none", "None: only for a relay on a network you trust"),
];

/// The outgoing mail page.
#[component]
pub fn OutgoingMail() -> impl IntoView {
    set_crumbs(vec![
        ("Settings".into(), Some("/settings".into())),
        ("Outgoing mail".into(), None),
    ]);
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let values = Values::new();
    let etag = RwSignal::new(String::new());
    let loaded = RwSignal::new(false);
    let conflict = RwSignal::new(false);
    let errors = FieldErrors::new();
    let failure = RwSignal::new(None::<ApiError>);
    let dirty = RwSignal::new(false);
    crate::components::leave_guard::guard(dirty);
    let mailboxes = LocalResource::new(move || async move {
        api::list::<Mailbox>(&session, &Default::default(), &())
            .await
            .map(|page| page.items)
            .unwrap_or_default()
    });
    let load = Action::new_local(move |(): &()| async move {
        match outbound::settings(&session).await {
            Ok(found) => {
                values.fill(&found.record);
                etag.set(found.etag);
                dirty.set(false);
                conflict.set(false);
                errors.set(Vec::new());
                loaded.set(true);
            }
            Err(error) => failure.set(Some(error)),
        }
    });
    load.dispatch(());
    let reload = Callback::new(move |()| {
        failure.set(None);
        load.dispatch(());
    });
    let save = Action::new_local(move |body: &PutMailSettings| {
        let (body, toasts) = (body.clone(), toasts.clone());
        async move {
            match outbound::save_settings(&session, &etag.get_untracked(), &body).await {
                Ok(saved) => {
                    values.fill(&saved.record);
                    etag.set(saved.etag);
                    dirty.set(false);
                    let message = if saved.record.enabled {
                        "Saved: Rapport sends your mail with these settings."
                    } else {
                        "Saved. Mail stays off until you switch it on."
                    };
                    toasts.show(Toast {
                        message: message.into(),
                        action: None,
                    });
                }
                Err(error) => save_refused(error, conflict, errors, failure),
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        failure.set(None);
        match values.body() {
            Ok(body) => {
                errors.set(Vec::new());
                save.dispatch(body);
            }
            Err(found) => {
                errors.set(found);
                focus_first_error();
            }
        }
    };
    let saving = save.pending();
    view! {
        <section class="page narrow">
            <h1>"Outgoing mail"</h1>
            <p class="muted">"With mail on, customers hear when their ticket is opened, answered and solved, and users get the notifications they chose by email. The wording is in the "<A href="/email-templates">"email templates"</A>"."</p>
            {move || conflict.get().then(|| view! { <ConflictBanner on_reload=reload/> })}
            {move || failure.get().map(|error| {
                let retry = (!loaded.get_untracked()).then_some(reload);
                view! { <ErrorNote error retry/> }
            })}
            <Show when=move || loaded.get()
                fallback=move || failure.with(Option::is_none).then(|| view! { <Loading what="Loading the mail settings"/> })>
                <form class="form" on:submit=on_submit novalidate
                    on:input=move |_| dirty.set(true) on:change=move |_| dirty.set(true)>
                    <label class="checkbox"><input type="checkbox" id="mail-enabled" prop:checked=move || values.enabled.get()
                        on:change=move |ev| values.enabled.set(event_target_checked(&ev))/>"Send mail"</label>
                    <h2>"SMTP server"</h2>
                    <TextField label="Host" pointer="/smtp_host" value=values.host errors required=true
                        hint="Such as smtp.example.com"/>
                    <TextField label="Port" pointer="/smtp_port" value=values.port errors kind="number" required=true/>
                    <SelectField label="Security" pointer="/smtp_security" value=values.security options=SECURITIES.to_vec() errors/>
                    <TextField label="User name" pointer="/smtp_username" value=values.username errors autocomplete="off"
                        hint="Leave blank if the server takes mail without signing in."/>
                    <TextField label="Password" pointer="/smtp_password" value=values.password errors kind="password" autocomplete="new-password"
                        hint="Never shown again once saved. Leave blank to keep the one saved."/>
                    {move || values.password_set.get().then(|| view! {
                        <label class="checkbox"><input type="checkbox" prop:checked=move || values.forget_password.get()
                            on:change=move |ev| values.forget_password.set(event_target_checked(&ev))/>"Forget the saved password"</label>
                    })}
                    <h2>"Sender"</h2>
                    <TextField label="From address" pointer="/from_address" value=values.from_address errors kind="email" required=true/>
                    <TextField label="From name" pointer="/from_name" value=values.from_name errors
                        hint="Shown beside the address, such as Example Support"/>
                    <div class="field">
                        <label for="mail-reply-to">"Answers go to"</label>
                        <Suspense fallback=|| view! { <Loading/> }>
                            {move || Suspend::new(async move {
                                let mailboxes = mailboxes.await;
                                view! {
                                    <select id="mail-reply-to" prop:value=move || values.reply_to.get()
                                        on:change=move |ev| values.reply_to.set(event_target_value(&ev))>
                                        <option value="">"The from address"</option>
                                        {mailboxes.into_iter().map(|m| {
                                            let id = m.id.clone();
                                            view! { <option value=m.id.clone() selected=move || values.reply_to.get() == id>{format!("{} ({})", m.name, m.address)}</option> }
                                        }).collect_view()}
                                    </select>
                                }
                            })}
                        </Suspense>
                        <p class="hint">"A mailbox's address, with the ticket's number added (support+1042@…), so answers land on their ticket."</p>
                    </div>
                    <div class="form-actions">
                        <button type="submit" class="button primary" disabled=move || saving.get()>
                            {move || if saving.get() { "Saving…" } else { "Save" }}
                        </button>
                    </div>
                </form>
                <TestMailForm/>
            </Show>
        </section>
    }
}

/// Sends a test mail with the saved settings and tells what the server said.
#[component]
fn TestMailForm() -> impl IntoView {
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let to = RwSignal::new(
        session
            .me
            .get_untracked()
            .map(|me| me.email)
            .unwrap_or_default(),
    );
    let errors = FieldErrors::new();
    let failure = RwSignal::new(None::<ApiError>);
    let send = Action::new_local(move |to: &String| {
        let (to, toasts) = (to.clone(), toasts.clone());
        async move {
            match outbound::send_test(&session, &to).await {
                Ok(()) => toasts.show(Toast {
                    message: format!("The server took the test mail for {to}."),
                    action: None,
                }),
                Err(error) => save_refused(error, RwSignal::new(false), errors, failure),
            }
        }
    });
    let sending = send.pending();
    view! {
        <form class="form separate" novalidate on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            errors.set(Vec::new());
            failure.set(None);
            send.dispatch(to.get_untracked());
        }>
            <h2>"Test mail"</h2>
            <p class="muted">"Sends a mail with the saved settings, even while mail is off, and waits for the server's answer."</p>
            {move || failure.get().map(|error| view! { <ErrorNote error/> })}
            <TextField label="Send it to" pointer="/to" value=to errors kind="email"/>
            <div class="form-actions">
                <button type="submit" class="button" disabled=move || sending.get()>
                    {move || if sending.get() { "Sending…" } else { "Send a test mail" }}
                </button>
            </div>
        </form>
    }
}
