//! The ticket page's composer: a reply to the customer or an internal note, with files and
//! suggested articles, and the status to move the ticket to with it.

use api_types::tickets::{CreateMessage, Ticket};
use leptos::prelude::*;

use super::attachments::{AttachFiles, Uploads};
use super::presence::Draft;
use super::{label, STATUSES};
use crate::api::{self, ApiError, Session};
use crate::components::status::ErrorNote;

/// Writes a reply or an internal note, and may move the status with it.
#[component]
pub fn Composer(ticket: Ticket, reload: Callback<()>) -> impl IntoView {
    let session = expect_context::<Session>();
    let draft = expect_context::<Draft>();
    let body = RwSignal::new(draft.text(&ticket.id));
    {
        let id = ticket.id.clone();
        Effect::new(move |_| draft.keep(&id, body.get()));
    }
    let public = RwSignal::new(true);
    let then = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<ApiError>);
    let files = Uploads::new(session);
    let id = ticket.id.clone();
    let send = Action::new_local(move |message: &CreateMessage| {
        let (message, id) = (message.clone(), id.clone());
        async move { api::tickets::add_message(&session, &id, &message).await }
    });
    Effect::new(move |_| match send.value().get() {
        Some(Ok(_)) => {
            body.set(String::new());
            then.set(String::new());
            files.sent();
            reload.try_run(());
        }
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        failure.set(None);
        let status = then.get_untracked();
        send.dispatch(CreateMessage {
            body: body.get_untracked(),
            public: Some(public.get_untracked()),
            status: (!status.is_empty()).then_some(status),
            attachment_ids: files.ids(),
        });
    };
    let next = ticket.next_statuses.clone();
    let asked = format!("{}\n{}", ticket.subject, ticket.description);
    let suggestion_text = Signal::derive(move || format!("{asked}\n{}", body.get()));
    view! {
        <form class="composer" on:submit=submit class:internal=move || !public.get()>
            <div class="composer-kind" role="radiogroup" aria-label="Kind of message">
                <label class="checkbox"><input type="radio" name="kind" id="kind-reply" prop:checked=move || public.get() on:change=move |_| public.set(true)/>"Reply to the customer"</label>
                <label class="checkbox"><input type="radio" name="kind" id="kind-note" prop:checked=move || !public.get() on:change=move |_| public.set(false)/>"Internal note"</label>
            </div>
            <div class="field">
                <label for="message-body">{move || if public.get() { "Reply" } else { "Note (only staff see it)" }}</label>
                <textarea id="message-body" rows="5" required=true prop:value=move || body.get()
                    on:input=move |ev| body.set(event_target_value(&ev))></textarea>
            </div>
            <AttachFiles files/>
            <crate::pages::kb::Suggestions text=suggestion_text insert=Callback::new(move |link: String| {
                body.update(|b| {
                    if !b.is_empty() && !b.ends_with('\n') {
                        b.push('\n');
                    }
                    b.push_str(&link);
                });
            })/>
            <div class="row">
                <div class="field">
                    <label for="message-status">"Then set the status to"</label>
                    <select id="message-status" prop:value=move || then.get() on:change=move |ev| then.set(event_target_value(&ev))>
                        <option value="">"Leave it"</option>
                        {next.iter().map(|s| view! { <option value=s.clone()>{label(&STATUSES, s)}</option> }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button primary" disabled=move || send.pending().get() || files.busy()>
                    {move || if public.get() { "Send reply" } else { "Add note" }}
                </button>
            </div>
            {move || failure.get().map(|error| view! { <ErrorNote error/> })}
        </form>
    }
}
