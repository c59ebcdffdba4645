use api_types::accounts::Account;
use api_types::contacts::Contact;
use api_types::notes::Note;
use leptos::prelude::*;
use leptos_router::components::A;

use super::{CHANNELS, PHONE_KINDS};
use crate::api::{self, Versioned};
use crate::components::notes::record_notes;
use crate::components::record_page::{record_page, RecordView};
use crate::format;
use crate::pages::accounts::label_of;

/// What the contact page shows: the contact, its account's name and its notes.
#[derive(Clone)]
struct Found {
    contact: Versioned<Contact>,
    account_name: Option<String>,
    notes: Vec<Note>,
}

/// A contact: details, consent, account and notes.
pub fn contact_page() -> impl IntoView {
    record_page(RecordView {
        load: |session, id| {
            Box::pin(async move {
                let contact = api::one::<Contact>(&session, &id).await?;
                let account_name = match &contact.record.account_id {
                    Some(account) => api::one::<Account>(&session, account)
                        .await
                        .ok()
                        .map(|a| a.record.name),
                    None => None,
                };
                let notes = api::notes::<Contact>(&session, &id).await?.items;
                Ok(Found {
                    contact,
                    account_name,
                    notes,
                })
            })
        },
        record: |found| found.contact.clone(),
        trail: |found| match (&found.contact.record.account_id, &found.account_name) {
            (Some(account), Some(name)) => vec![
                ("Accounts".into(), Some("/accounts".into())),
                (name.clone(), Some(format!("/accounts/{account}"))),
            ],
            _ => Vec::new(),
        },
        head: |found| {
            let title = found.contact.record.title.clone().unwrap_or_default();
            view! { <p class="muted">{title}</p> }.into_any()
        },
        body: |found, reload| {
            view! {
                <Details contact=found.contact.record account_name=found.account_name notes=found.notes reload/>
            }
            .into_any()
        },
    })
}

#[component]
fn Details(
    contact: Contact,
    account_name: Option<String>,
    notes: Vec<api_types::notes::Note>,
    reload: Callback<()>,
) -> impl IntoView {
    let id = contact.id.clone();
    let consent = &contact.consent;
    let consents: Vec<&str> = [
        (consent.email, "email"),
        (consent.phone, "phone calls"),
        (consent.sms, "text messages"),
    ]
    .into_iter()
    .filter_map(|(given, what)| given.then_some(what))
    .collect();
    view! {
        {contact.consent.do_not_contact.then(|| view! { <p class="notice">"Do not contact this person."</p> })}
        <div class="columns">
            <section class="card" aria-labelledby="contact-details">
                <h2 id="contact-details">"Details"</h2>
                <dl class="details">
                    <dt>"Email"</dt>
                    <dd>{match contact.email.clone() {
                        Some(e) => view! { <a href=format!("mailto:{e}")>{e.clone()}</a> }.into_any(),
                        None => view! { <span class="muted">"—"</span> }.into_any(),
                    }}</dd>
                    <dt>"Phones"</dt>
                    <dd>
                        {if contact.phones.is_empty() { view! { <span class="muted">"—"</span> }.into_any() } else {
                            view! { <ul class="plain">{contact.phones.iter().map(|p| view! {
                                <li><a href=format!("tel:{}", p.number)>{p.number.clone()}</a>" "<span class="muted">{label_of(&PHONE_KINDS, &p.kind)}</span></li>
                            }).collect_view()}</ul> }.into_any()
                        }}
                    </dd>
                    <dt>"Account"</dt>
                    <dd>{match (contact.account_id.clone(), account_name) {
                        (Some(account), Some(name)) => view! { <A href=format!("/accounts/{account}")>{name}</A> }.into_any(),
                        _ => view! { <span class="muted">"—"</span> }.into_any(),
                    }}</dd>
                    <dt>"Prefers"</dt>
                    <dd>{label_of(&CHANNELS, &contact.preferred_channel)}</dd>
                    <dt>"Agreed to"</dt>
                    <dd>{if consents.is_empty() { "Nothing yet".to_owned() } else { consents.join(", ") }}</dd>
                    <dt>"Tags"</dt>
                    <dd>{if contact.tags.is_empty() { view! { <span class="muted">"—"</span> }.into_any() } else {
                        view! { <span>{contact.tags.iter().map(|t| view! { <span class="tag">{t.clone()}</span> }).collect_view()}</span> }.into_any()
                    }}</dd>
                    <dt>"Created"</dt>
                    <dd>{format::date_time(&contact.created_at)}</dd>
                    <dt>"Last changed"</dt>
                    <dd>{format::date_time(&contact.updated_at)}</dd>
                </dl>
            </section>
            <section class="card" aria-labelledby="contact-notes">
                <h2 id="contact-notes">"Notes"</h2>
                {record_notes::<Contact>(id.clone(), notes, reload)}
            </section>
        </div>
    }
}
