//! One message of a ticket's conversation: a reply, the customer's words or an internal note,
//! and for admins the means to redact it.

use api_types::tickets::Message;
use leptos::prelude::*;

use super::attachments::MessageFiles;
use super::problem_sentence;
use crate::api::{tickets, Session};
use crate::format;
use crate::pages::mailboxes::CameByEmail;

/// A message as the conversation shows it: `author` and `redactor` are names.
#[component]
pub fn MessageItem(
    message: Message,
    author: String,
    redactor: Option<String>,
    reload: Callback<()>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let kind = match (message.public, &message.author_user_id) {
        (false, _) => "message internal",
        (true, Some(_)) => "message public",
        (true, None) => "message public from-customer",
    };
    let body = match message.redacted_at {
        Some(at) => view! {
            <p class="body muted">
                {format!("Redacted by {} on {}.", redactor.unwrap_or_else(|| "an admin".into()), format::date_time(&at))}
            </p>
        }
        .into_any(),
        None => view! { <p class="body">{message.body.clone()}</p> }.into_any(),
    };
    let can_redact =
        message.redacted_at.is_none() && session.can(domain::Permission::RedactMessages);
    view! {
        <li class=kind>
            <p class="meta">
                <strong>{author}</strong>" · "{format::date_time(&message.created_at)}
                {(!message.public).then(|| view! { " " <span class="badge note">"Internal note"</span> })}
            </p>
            {body}
            <MessageFiles attachments=message.attachments.clone()/>
            {message.inbound_email_id.clone().map(|id| view! { <CameByEmail email_id=id/> })}
            {can_redact.then(|| view! { <Redact message reload/> })}
        </li>
    }
}

/// Asks once, then blanks the message's text for good.
#[component]
fn Redact(message: Message, reload: Callback<()>) -> impl IntoView {
    let session = expect_context::<Session>();
    let asking = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let redact = Action::new_local(move |(): &()| {
        let (ticket, id) = (message.ticket_id.clone(), message.id.clone());
        async move {
            match tickets::redact(&session, &ticket, &id).await {
                Ok(()) => {
                    reload.try_run(());
                }
                Err(error) => problem.set(Some(problem_sentence(&error))),
            }
        }
    });
    view! {
        <div class="redact">
            <Show when=move || asking.get()
                fallback=move || view! {
                    <button type="button" class="link-button" on:click=move |_| asking.set(true)>"Redact"</button>
                }>
                <p role="alert">
                    "Blank this message's text and delete its files for good? Nobody can read them again. "
                    <button type="button" class="button small danger" disabled=move || redact.pending().get()
                        on:click=move |_| { redact.dispatch(()); }>"Redact for good"</button>" "
                    <button type="button" class="button small subtle" on:click=move |_| asking.set(false)>"Keep it"</button>
                </p>
            </Show>
            {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
        </div>
    }
}
