use api_types::accounts::{Account, AccountOverview};
use leptos::prelude::*;
use leptos_router::components::A;

use super::{label_of, TIERS, TYPES};
use crate::api::{accounts, Session, Versioned};
use crate::components::notes::record_notes;
use crate::components::record_page::{record_page, RecordView};
use crate::format;

/// The 360° view of an account: details, counters, contacts and notes.
pub fn account_page() -> impl IntoView {
    record_page(RecordView {
        load: |session, id| Box::pin(async move { accounts::overview(&session, &id).await }),
        record: |found| Versioned {
            record: found.record.account.clone(),
            etag: found.etag.clone(),
        },
        trail: |_| Vec::new(),
        head: |found| {
            let account = &found.record.account;
            view! {
                <p class="badges">
                    <span class="badge">{label_of(&TYPES, &account.account_type)}</span>
                    {account.tier.as_deref().map(|t| view! { <span class=format!("badge tier-{t}")>{label_of(&TIERS, t)}</span> })}
                </p>
            }
            .into_any()
        },
        body: |found, reload| view! { <Overview found=found.record reload/> }.into_any(),
    })
}

fn address(account: &Account) -> String {
    let a = &account.address;
    let city_line = [a.postal_code.clone(), a.city.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    [
        a.street.clone(),
        Some(city_line).filter(|l| !l.is_empty()),
        a.region.clone(),
        a.country.clone(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ")
}

#[component]
fn Overview(found: AccountOverview, reload: Callback<()>) -> impl IntoView {
    let session = expect_context::<Session>();
    let account = found.account.clone();
    let id = account.id.clone();
    let writer = session.can(domain::Permission::WriteCustomers);
    let contact_link = format!(
        "/contacts/new?account_id={}&account_name={}",
        id,
        js_sys::encode_uri_component(&account.name)
    );
    let details: Vec<(&str, AnyView)> = vec![
        ("Domain", account.domain.clone().map(|d| view! { <span>{d}</span> }.into_any()).unwrap_or_else(dash)),
        ("Website", account.website.clone().map(|w| view! { <a href=w.clone() rel="noopener noreferrer" target="_blank">{w.clone()}</a> }.into_any()).unwrap_or_else(dash)),
        ("Phone", account.phone.clone().map(|p| view! { <a href=format!("tel:{p}")>{p.clone()}</a> }.into_any()).unwrap_or_else(dash)),
        ("Industry", account.industry.clone().map(|i| view! { <span>{i}</span> }.into_any()).unwrap_or_else(dash)),
        ("Annual revenue", account.annual_revenue.as_ref().map(|m| view! { <span>{format::money(m)}</span> }.into_any()).unwrap_or_else(dash)),
        ("Address", Some(address(&account)).filter(|a| !a.is_empty()).map(|a| view! { <span>{a}</span> }.into_any()).unwrap_or_else(dash)),
        ("Tags", if account.tags.is_empty() { dash() } else {
            view! { <span>{account.tags.iter().map(|t| view! { <span class="tag">{t.clone()}</span> }).collect_view()}</span> }.into_any()
        }),
        ("Created", view! { <span>{format::date_time(&account.created_at)}</span> }.into_any()),
        ("Last changed", view! { <span>{format::date_time(&account.updated_at)}</span> }.into_any()),
    ];
    view! {
        <ul class="counters" aria-label="Counts">
            <li><strong>{format::count(found.counts.contacts)}</strong>" contacts"</li>
            <li><strong>{format::count(found.counts.notes)}</strong>" notes"</li>
            <li><strong>{format::count(found.counts.child_accounts)}</strong>" child accounts"</li>
        </ul>
        <div class="columns">
            <section class="card" aria-labelledby="details-heading">
                <h2 id="details-heading">"Details"</h2>
                <dl class="details">
                    {details.into_iter().map(|(term, value)| view! { <dt>{term}</dt><dd>{value}</dd> }).collect_view()}
                </dl>
            </section>
            <section class="card" aria-labelledby="contacts-heading">
                <div class="card-head">
                    <h2 id="contacts-heading">"Contacts"</h2>
                    {writer.then(|| view! { <A href=contact_link attr:class="button small">"Add contact"</A> })}
                </div>
                {if found.contacts.is_empty() {
                    view! { <p class="muted">"No contacts yet."</p> }.into_any()
                } else {
                    view! {
                        <ul class="people">
                            {found.contacts.iter().map(|c| {
                                let name = c.first_name.as_ref().map_or_else(|| c.last_name.clone(), |f| format!("{f} {}", c.last_name));
                                view! {
                                    <li>
                                        <A href=format!("/contacts/{}", c.id)>{name}</A>
                                        <span class="muted">{[c.title.clone(), c.email.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ")}</span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
        </div>
        <section class="card" aria-labelledby="notes-heading">
            <h2 id="notes-heading">"Notes"</h2>
            {record_notes::<Account>(id.clone(), found.latest_notes.clone(), reload)}
        </section>
    }
}

fn dash() -> AnyView {
    view! { <span class="muted">"—"</span> }.into_any()
}
