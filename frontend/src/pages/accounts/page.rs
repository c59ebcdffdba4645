use api_types::accounts::{Account, AccountCounts, AccountOverview};
use api_types::activities::CreateActivity;
use leptos::prelude::*;
use leptos_router::components::A;

use super::{label_of, TIERS, TYPES};
use crate::pages::leads::SIZES;
use api_types::territories::Territory;
use api_types::users::User;

use crate::api::{self, accounts, users, Session, Versioned};
use crate::components::notes::record_notes;
use crate::components::record_page::{record_page, RecordView};
use crate::components::timeline::timeline_card;
use crate::format;
use crate::pages::assets::InstalledBase;
use crate::pages::contracts::AccountContracts;
use crate::pages::deals::AccountDeals;
use crate::pages::tickets::related::RelatedTickets;
use api_types::tickets::TicketFilters;

/// What the account page shows: the overview, the parent account and the staff directory
/// (for the owner's and the note authors' names).
#[derive(Clone)]
struct Found {
    overview: Versioned<AccountOverview>,
    parent: Option<Account>,
    /// The territory the account is placed in.
    territory: Option<Territory>,
    people: Vec<User>,
}

/// The 360° view of an account: details, counters, contacts and notes. Later modules add
/// their cards (tickets, opportunities, the timeline) to its columns.
pub fn account_page() -> impl IntoView {
    record_page(RecordView {
        load: |session, id| {
            Box::pin(async move {
                let (overview, people) = futures::join!(
                    accounts::overview(&session, &id),
                    users::directory(&session)
                );
                let overview = overview?;
                let parent = match &overview.record.account.parent_id {
                    Some(parent) => api::one::<Account>(&session, parent)
                        .await
                        .ok()
                        .map(|p| p.record),
                    None => None,
                };
                let territory = match &overview.record.account.territory_id {
                    Some(t) => api::one::<Territory>(&session, t)
                        .await
                        .ok()
                        .map(|t| t.record),
                    None => None,
                };
                Ok(Found {
                    overview,
                    parent,
                    territory,
                    people: people.unwrap_or_default(),
                })
            })
        },
        record: |found| Versioned {
            record: found.overview.record.account.clone(),
            etag: found.overview.etag.clone(),
        },
        trail: |_| Vec::new(),
        head: |found| {
            let account = &found.overview.record.account;
            view! {
                <p class="badges">
                    <span class="badge">{label_of(&TYPES, &account.account_type)}</span>
                    {account.tier.as_deref().map(|t| view! { <span class=format!("badge tier-{t}")>{label_of(&TIERS, t)}</span> })}
                </p>
            }
            .into_any()
        },
        body: |found, reload| view! { <Overview found reload/> }.into_any(),
        impact: |found| deletion_impact(&found.overview.record.counts),
    })
}

/// What deleting an account does to what hangs on it: nothing is lost, and a restore brings
/// every link back.
fn deletion_impact(counts: &AccountCounts) -> Vec<String> {
    let mut linked = Vec::new();
    if counts.contacts > 0 {
        linked.push(format::counted(counts.contacts, "contact", "contacts"));
    }
    if counts.child_accounts > 0 {
        linked.push(format::counted(
            counts.child_accounts,
            "child account",
            "child accounts",
        ));
    }
    let mut lines = Vec::new();
    if !linked.is_empty() {
        let verb = if counts.contacts + counts.child_accounts == 1 {
            "stays"
        } else {
            "stay"
        };
        lines.push(format!(
            "Its {} {verb}, still linked to it.",
            linked.join(" and ")
        ));
    }
    if counts.notes > 0 {
        lines.push(format!(
            "Its {} go with it.",
            format::counted(counts.notes, "note", "notes")
        ));
    }
    lines
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
fn Overview(found: Found, reload: Callback<()>) -> impl IntoView {
    let session = expect_context::<Session>();
    let Found {
        overview,
        parent,
        territory,
        people,
    } = found;
    let found = overview.record;
    let account = found.account.clone();
    let id = account.id.clone();
    // A record in the trash is read-only until it is restored.
    let writer = session.can(domain::Permission::WriteCustomers) && account.deleted_at.is_none();
    let contact_link = format!(
        "/contacts/new?account_id={}&account_name={}",
        id,
        js_sys::encode_uri_component(&account.name)
    );
    let owner = account
        .owner_id
        .as_deref()
        .map(|o| users::name_of(&people, o));
    let details: Vec<(&str, AnyView)> = vec![
        ("Owner", owner.map(|o| view! { <span>{o}</span> }.into_any()).unwrap_or_else(dash)),
        ("Parent account", parent.map(|p| view! {
            <A href=format!("/accounts/{}", p.id)>{p.name.clone()}</A>
            {p.deleted_at.is_some().then(|| view! { " " <span class="badge deleted">"In the trash"</span> })}
        }.into_any()).unwrap_or_else(dash)),
        ("Domain", account.domain.clone().map(|d| view! { <span>{d}</span> }.into_any()).unwrap_or_else(dash)),
        ("Website", account.website.clone().map(|w| view! { <a href=w.clone() rel="noopener noreferrer" target="_blank">{w.clone()}</a> }.into_any()).unwrap_or_else(dash)),
        ("Phone", account.phone.clone().map(|p| view! { <a href=format!("tel:{p}")>{p.clone()}</a> }.into_any()).unwrap_or_else(dash)),
        ("Industry", account.industry.clone().map(|i| view! { <span>{i}</span> }.into_any()).unwrap_or_else(dash)),
        ("Company size", account.company_size.as_deref().map(|s| view! { <span>{label_of(&SIZES, s)}</span> }.into_any()).unwrap_or_else(dash)),
        ("Territory", territory.map(|t| view! { <A href="/lead-routing">{t.name}</A> }.into_any()).unwrap_or_else(dash)),
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
            <li><A href=format!("/contacts?account_id={id}")><strong>{format::count(found.counts.contacts)}</strong>{noun(found.counts.contacts, " contact", " contacts")}</A></li>
            <li><a href="#notes-heading" on:click=jump_to_notes><strong>{format::count(found.counts.notes)}</strong>{noun(found.counts.notes, " note", " notes")}</a></li>
            <li><A href=format!("/accounts?parent_id={id}")><strong>{format::count(found.counts.child_accounts)}</strong>{noun(found.counts.child_accounts, " child account", " child accounts")}</A></li>
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
        <AccountContracts account_id=id.clone()/>
        <InstalledBase account_id=id.clone()/>
        <AccountDeals account_id=id.clone() account_name=found.account.name.clone()/>
        <RelatedTickets filters=TicketFilters { account_id: Some(id.clone()), ..TicketFilters::default() }
            list=format!("/tickets?account_id={id}")/>
        {timeline_card("accounts", id.clone(), CreateActivity { account_id: Some(id.clone()), ..CreateActivity::default() }, people.clone(), account.deleted_at.is_none())}
        <section class="card" aria-labelledby="notes-heading">
            <h2 id="notes-heading">"Notes"</h2>
            {record_notes::<Account>(id.clone(), found.latest_notes.clone(), people, writer, reload)}
        </section>
    }
}

fn noun(n: i64, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// The notes are on this page: scroll to them (the router would take the `#` link).
fn jump_to_notes(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    if let Some(heading) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("notes-heading"))
    {
        heading.scroll_into_view();
    }
}

fn dash() -> AnyView {
    view! { <span class="muted">"—"</span> }.into_any()
}
