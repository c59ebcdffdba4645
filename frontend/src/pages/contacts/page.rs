use api_types::contacts::Contact;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::{full_name, CHANNELS, PHONE_KINDS};
use crate::api::{self, accounts, contacts, Session};
use crate::components::notes::Notes;
use crate::components::shell::set_crumbs;
use crate::components::status::{ErrorNote, Loading};
use crate::components::trash::delete_with_undo;
use crate::format;
use crate::pages::accounts::label_of;

/// A contact: details, consent, account and notes.
#[component]
pub fn ContactPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let loaded = LocalResource::new(move || {
        let id = id();
        async move {
            let contact = contacts::one(&session, &id).await?.body;
            let account_name = match &contact.account_id {
                Some(account) => accounts::one(&session, account)
                    .await
                    .ok()
                    .map(|a| a.body.name),
                None => None,
            };
            let notes = contacts::notes(&session, &id).await?.items;
            Ok::<_, crate::api::ApiError>((contact, account_name, notes))
        }
    });
    view! {
        <section class="page">
            {move || match loaded.get() {
                None => {
                    set_crumbs(vec![("Contacts".into(), Some("/contacts".into())), ("Loading…".into(), None)]);
                    view! { <Loading what="Loading the contact"/> }.into_any()
                }
                Some(Err(error)) => {
                    set_crumbs(vec![("Contacts".into(), Some("/contacts".into())), ("Not found".into(), None)]);
                    view! { <ErrorNote error/> }.into_any()
                }
                Some(Ok((contact, account_name, notes))) => {
                    let mut trail = vec![("Contacts".to_owned(), Some("/contacts".to_owned()))];
                    if let (Some(account), Some(name)) = (&contact.account_id, &account_name) {
                        trail = vec![
                            ("Accounts".into(), Some("/accounts".into())),
                            (name.clone(), Some(format!("/accounts/{account}"))),
                        ];
                    }
                    trail.push((full_name(&contact), None));
                    set_crumbs(trail);
                    view! {
                        <Details contact account_name notes=notes reload=Callback::new(move |()| loaded.refetch())/>
                    }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn Details(
    contact: Contact,
    account_name: Option<String>,
    notes: Vec<api_types::notes::Note>,
    reload: Callback<()>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let id = contact.id.clone();
    let writer = session.can(domain::Permission::WriteCustomers);
    let failure = RwSignal::new(None::<String>);
    let delete = delete_with_undo("contacts", id.clone(), full_name(&contact), failure);
    let add_note = {
        let id = id.clone();
        move |body: String| {
            let id = id.clone();
            async move { api::add_note(&session, "contacts", &id, &body).await }
        }
    };
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
        <div class="page-head">
            <div>
                <h1>{full_name(&contact)}</h1>
                <p class="muted">{contact.title.clone().unwrap_or_default()}</p>
            </div>
            {writer.then(|| view! {
                <div class="actions">
                    <A href=format!("/contacts/{id}/edit") attr:class="button">"Edit"</A>
                    <button type="button" class="button danger" on:click=delete>"Delete"</button>
                </div>
            })}
        </div>
        {move || failure.get().map(|f| view! { <p class="error-note" role="alert">{f}</p> })}
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
                <Notes notes add=add_note added=reload writable=writer/>
            </section>
        </div>
    }
}
