use crate::pages::tickets::related::RelatedTickets;
use api_types::accounts::Account;
use api_types::activities::CreateActivity;
use api_types::contacts::Contact;
use api_types::notes::Note;
use api_types::tickets::TicketFilters;
use leptos::prelude::*;
use leptos_router::components::A;

use super::portal_access::{LastInvitation, PortalAccess};
use super::{CHANNELS, PHONE_KINDS};
use api_types::users::User;

use crate::api::{self, users, Versioned};
use crate::components::notes::record_notes;
use crate::components::record_page::{record_page, RecordView};
use crate::components::timeline::timeline_card;
use crate::format;
use crate::pages::accounts::label_of;

/// What the contact page shows: the contact, its account's name and its notes.
#[derive(Clone)]
struct Found {
    contact: Versioned<Contact>,
    account: Option<Account>,
    notes: Vec<Note>,
    people: Vec<User>,
}

/// A contact: details, consent, account and notes.
pub fn contact_page() -> impl IntoView {
    LastInvitation::provide();
    record_page(RecordView {
        load: |session, id| {
            Box::pin(async move {
                let contact = api::one::<Contact>(&session, &id).await?;
                // From the trash too: the link stays while the account is deleted.
                let account = match &contact.record.account_id {
                    Some(account) => api::one::<Account>(&session, account)
                        .await
                        .ok()
                        .map(|a| a.record),
                    None => None,
                };
                // A contact in the trash has no notes to list (the server reads live subjects).
                let notes = if contact.record.deleted_at.is_some() {
                    Vec::new()
                } else {
                    api::notes::of::<Contact>(&session, &id).await?.items
                };
                let people = users::directory(&session).await.unwrap_or_default();
                Ok(Found {
                    contact,
                    account,
                    notes,
                    people,
                })
            })
        },
        record: |found| found.contact.clone(),
        trail: |found| match &found.account {
            Some(account) => vec![
                ("Accounts".into(), Some("/accounts".into())),
                (
                    account.name.clone(),
                    Some(format!("/accounts/{}", account.id)),
                ),
            ],
            None => Vec::new(),
        },
        head: |found| {
            let title = found.contact.record.title.clone().unwrap_or_default();
            view! { <p class="muted">{title}</p> }.into_any()
        },
        body: |found, reload| {
            view! {
                <Details contact=found.contact.record account=found.account notes=found.notes people=found.people reload/>
            }
            .into_any()
        },
        impact: |found| match found.notes.len() {
            0 => Vec::new(),
            1 => vec!["Its note goes with it.".into()],
            n => vec![format!("Its {n} notes go with it.")],
        },
    })
}

#[component]
fn Details(
    contact: Contact,
    account: Option<Account>,
    notes: Vec<api_types::notes::Note>,
    people: Vec<User>,
    reload: Callback<()>,
) -> impl IntoView {
    let owner = contact
        .owner_id
        .as_deref()
        .map(|o| users::name_of(&people, o));
    // A contact in the trash is read-only until it is restored.
    let session = expect_context::<crate::api::Session>();
    let writable = session.can(domain::Permission::WriteCustomers) && contact.deleted_at.is_none();
    // The card lists the partners (settings) to give access (users).
    let portal_admin = session.can(domain::Permission::ManageUsers)
        && session.can(domain::Permission::ManageSettings)
        && contact.deleted_at.is_none();
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
                    <dd>{match account {
                        Some(account) => view! {
                            <A href=format!("/accounts/{}", account.id)>{account.name.clone()}</A>
                            {account.deleted_at.is_some().then(|| view! { " " <span class="badge deleted">"In the trash"</span> })}
                        }.into_any(),
                        None => view! { <span class="muted">"—"</span> }.into_any(),
                    }}</dd>
                    <dt>"Owner"</dt>
                    <dd>{owner.unwrap_or_else(|| "—".to_owned())}</dd>
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
            <RelatedTickets filters=TicketFilters { requester_id: Some(id.clone()), ..TicketFilters::default() }
                list=format!("/tickets?requester_id={id}")/>
            {timeline_card("contacts", id.clone(), CreateActivity { contact_id: Some(id.clone()), ..CreateActivity::default() }, people.clone(), contact.deleted_at.is_none())}
            <section class="card" aria-labelledby="contact-notes">
                <h2 id="contact-notes">"Notes"</h2>
                {record_notes::<Contact>(id.clone(), notes, people, writable, reload)}
            </section>
            {portal_admin.then(|| view! { <PortalAccess contact=contact.clone()/> })}
        </div>
    }
}
