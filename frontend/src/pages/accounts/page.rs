use api_types::accounts::{Account, AccountOverview};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::{label_of, TIERS, TYPES};
use crate::api::{self, accounts, Session};
use crate::components::notes::Notes;
use crate::components::shell::set_crumbs;
use crate::components::status::{ErrorNote, Loading};
use crate::components::trash::delete_with_undo;
use crate::format;

/// The 360° view of an account: details, counters, contacts and notes.
#[component]
pub fn AccountPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let overview = LocalResource::new(move || {
        let id = id();
        async move { accounts::overview(&session, &id).await }
    });
    view! {
        <section class="page">
            {move || match overview.get() {
                None => {
                    set_crumbs(vec![("Accounts".into(), Some("/accounts".into())), ("Loading…".into(), None)]);
                    view! { <Loading what="Loading the account"/> }.into_any()
                }
                Some(Err(error)) => {
                    set_crumbs(vec![("Accounts".into(), Some("/accounts".into())), ("Not found".into(), None)]);
                    view! { <ErrorNote error/> }.into_any()
                }
                Some(Ok(found)) => {
                    set_crumbs(vec![("Accounts".into(), Some("/accounts".into())), (found.account.name.clone(), None)]);
                    view! { <Overview found reload=Callback::new(move |()| overview.refetch())/> }.into_any()
                }
            }}
        </section>
    }
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
    let failure = RwSignal::new(None::<String>);
    let delete = delete_with_undo("accounts", id.clone(), account.name.clone(), failure);
    let add_note = {
        let id = id.clone();
        move |body: String| {
            let id = id.clone();
            async move { api::add_note(&session, "accounts", &id, &body).await }
        }
    };
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
        <div class="page-head">
            <div>
                <h1>{account.name.clone()}</h1>
                <p class="badges">
                    <span class="badge">{label_of(&TYPES, &account.account_type)}</span>
                    {account.tier.as_deref().map(|t| view! { <span class=format!("badge tier-{t}")>{label_of(&TIERS, t)}</span> })}
                </p>
            </div>
            {writer.then(|| view! {
                <div class="actions">
                    <A href=format!("/accounts/{id}/edit") attr:class="button">"Edit"</A>
                    <button type="button" class="button danger" on:click=delete>"Delete"</button>
                </div>
            })}
        </div>
        {move || failure.get().map(|f| view! { <p class="error-note" role="alert">{f}</p> })}
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
            <Notes notes=found.latest_notes.clone() add=add_note added=reload writable=writer/>
        </section>
    }
}

fn dash() -> AnyView {
    view! { <span class="muted">"—"</span> }.into_any()
}
