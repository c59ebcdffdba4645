use api_types::activities::CreateActivity;
use api_types::leads::{ConvertLead, ConvertOpportunity, Lead, LeadMatch, LeadMatches};
use api_types::notes::Note;
use api_types::pipelines::Pipeline;
use api_types::scoring::LeadScore;
use api_types::users::User;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::{status_label, SIZES, SOURCES};
use crate::api::{self, users, Resource, Session, Versioned};
use crate::components::notes::record_notes;
use crate::components::phones::PHONE_KINDS;
use crate::components::record_page::{record_page, RecordView};
use crate::components::status::{Toast, Toasts};
use crate::components::timeline::timeline_card;
use crate::format;
use crate::pages::accounts::label_of;

/// What the lead page shows: the lead, the records like it, its notes.
#[derive(Clone)]
struct Found {
    lead: Versioned<Lead>,
    matches: Option<LeadMatches>,
    score: Option<LeadScore>,
    notes: Vec<Note>,
    people: Vec<User>,
}

/// A lead: details, the records like it, notes, and its conversion.
pub fn lead_page() -> impl IntoView {
    record_page(RecordView {
        load: |session, id| {
            Box::pin(async move {
                let lead = api::one::<Lead>(&session, &id).await?;
                // A lead in the trash has no notes or matches to read (the server reads live ones).
                let live = lead.record.deleted_at.is_none();
                let (matches, score, notes) = if live {
                    let (matches, score, notes) = futures::join!(
                        api::leads::matches(&session, &id),
                        api::leads::score(&session, &id),
                        api::notes::of::<Lead>(&session, &id)
                    );
                    (Some(matches?), Some(score?), notes?.items)
                } else {
                    (None, None, Vec::new())
                };
                let people = users::directory(&session).await.unwrap_or_default();
                Ok(Found {
                    lead,
                    matches,
                    score,
                    notes,
                    people,
                })
            })
        },
        record: |found| found.lead.clone(),
        trail: |_| Vec::new(),
        head: |found| {
            let lead = &found.lead.record;
            let class = format!("badge status-{}", lead.status);
            let line = [lead.title.clone(), lead.company.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" at ");
            let score = format!("Score {}", lead.score);
            view! {
                <p class="muted"><span class=class>{status_label(&lead.status)}</span>" "<span class="badge score">{score}</span>" "{line}</p>
            }
            .into_any()
        },
        body: |found, reload| view! { <Details found reload/> }.into_any(),
        impact: |found| match found.notes.len() {
            0 => Vec::new(),
            1 => vec!["Its note goes with it.".into()],
            n => vec![format!("Its {n} notes go with it.")],
        },
    })
}

fn dash() -> AnyView {
    view! { <span class="muted">"—"</span> }.into_any()
}

fn text_or_dash(text: Option<String>) -> AnyView {
    match text {
        Some(t) => view! { <span>{t}</span> }.into_any(),
        None => dash(),
    }
}

#[component]
fn Details(found: Found, reload: Callback<()>) -> impl IntoView {
    let Found {
        lead,
        matches,
        score,
        notes,
        people,
    } = found;
    let lead = lead.record;
    let session = expect_context::<Session>();
    let writable = session.can(domain::Permission::WriteSales) && lead.deleted_at.is_none();
    let convertible = writable && lead.converted_at.is_none();
    let owner = lead.owner_id.as_deref().map(|o| users::name_of(&people, o));
    let converting = RwSignal::new(false);
    let id = lead.id.clone();
    let address = [
        lead.address.street.clone(),
        lead.address.city.clone(),
        lead.address.region.clone(),
        lead.address.postal_code.clone(),
        lead.address.country.clone(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    let dialog_lead = lead.clone();
    let dialog_matches = matches.clone();
    view! {
        {lead.converted_at.map(|at| {
            let account = lead.converted_account_id.clone().unwrap_or_default();
            let contact = lead.converted_contact_id.clone().unwrap_or_default();
            view! {
                <p class="notice">"Converted on " {format::date(&at)} ": "
                    <A href=format!("/accounts/{account}")>"its account"</A>" and "
                    <A href=format!("/contacts/{contact}")>"its contact"</A>"."
                </p>
            }
        })}
        {(lead.status == "disqualified").then(|| view! {
            <p class="notice">"Disqualified: " {lead.disqualified_reason.clone().unwrap_or_default()}</p>
        })}
        <Show when=move || convertible>
            <div class="actions-bar">
                <button type="button" class="button primary" on:click=move |_| converting.set(true)>"Convert…"</button>
            </div>
        </Show>
        <div class="columns">
            <section class="card" aria-labelledby="lead-details">
                <h2 id="lead-details">"Details"</h2>
                <dl class="details">
                    <dt>"Company"</dt>
                    <dd>{text_or_dash(lead.company.clone())}</dd>
                    <dt>"Email"</dt>
                    <dd>{match lead.email.clone() {
                        Some(e) => view! { <a href=format!("mailto:{e}")>{e.clone()}</a> }.into_any(),
                        None => dash(),
                    }}</dd>
                    <dt>"Phones"</dt>
                    <dd>{if lead.phones.is_empty() { dash() } else {
                        view! { <ul class="plain">{lead.phones.iter().map(|p| view! {
                            <li><a href=format!("tel:{}", p.number)>{p.number.clone()}</a>" "<span class="muted">{label_of(&PHONE_KINDS, &p.kind)}</span></li>
                        }).collect_view()}</ul> }.into_any()
                    }}</dd>
                    <dt>"Web site"</dt>
                    <dd>{match lead.website.clone() {
                        Some(w) => view! { <a href=w.clone() rel="noopener noreferrer" target="_blank">{w.clone()}</a> }.into_any(),
                        None => dash(),
                    }}</dd>
                    <dt>"Address"</dt>
                    <dd>{text_or_dash((!address.is_empty()).then_some(address))}</dd>
                    <dt>"Industry"</dt>
                    <dd>{text_or_dash(lead.industry.clone())}</dd>
                    <dt>"Company size"</dt>
                    <dd>{text_or_dash(lead.company_size.as_deref().map(|s| label_of(&SIZES, s)))}</dd>
                    <dt>"Source"</dt>
                    <dd>{text_or_dash(lead.source.as_deref().map(|s| label_of(&SOURCES, s)))}</dd>
                    <dt>"Campaign"</dt>
                    <dd>{text_or_dash(lead.campaign.clone())}</dd>
                    <dt>"Owner"</dt>
                    <dd>{owner.unwrap_or_else(|| "Nobody".to_owned())}</dd>
                    <dt>"Tags"</dt>
                    <dd>{if lead.tags.is_empty() { dash() } else {
                        view! { <span>{lead.tags.iter().map(|t| view! { <span class="tag">{t.clone()}</span> }).collect_view()}</span> }.into_any()
                    }}</dd>
                    <dt>"Created"</dt>
                    <dd>{format::date_time(&lead.created_at)}</dd>
                </dl>
            </section>
            {score.map(|s| view! { <ScoreCard score=s/> })}
            {matches.map(|m| view! { <Matches matches=m/> })}
            {timeline_card("leads", id.clone(), CreateActivity { lead_id: Some(id.clone()), ..CreateActivity::default() }, people.clone(), lead.deleted_at.is_none())}
            <section class="card" aria-labelledby="lead-notes">
                <h2 id="lead-notes">"Notes"</h2>
                {record_notes::<Lead>(id.clone(), notes, people, writable, reload)}
            </section>
        </div>
        {convertible.then(|| view! { <ConvertDialog open=converting lead=dialog_lead matches=dialog_matches.unwrap_or_else(no_matches)/> })}
    }
}

/// The lead's score, rule by rule.
#[component]
fn ScoreCard(score: LeadScore) -> impl IntoView {
    let total = score.score;
    view! {
        <section class="card" aria-labelledby="lead-score">
            <h2 id="lead-score">"Score "<span class="badge score">{total}</span></h2>
            {if score.parts.is_empty() {
                view! { <p class="muted">"No scoring rule gives this lead points."</p> }.into_any()
            } else {
                view! {
                    <table class="score-parts" aria-label="Where the score comes from">
                        <tbody>
                            {score.parts.into_iter().map(|p| {
                                let points = if p.points > 0 { format!("+{}", p.points) } else { p.points.to_string() };
                                view! {
                                    <tr>
                                        <td class="number" class:negative=p.points < 0>{points}</td>
                                        <th scope="row">{p.name}</th>
                                        <td class="muted">{p.reason}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

fn no_matches() -> LeadMatches {
    LeadMatches {
        accounts: Vec::new(),
        contacts: Vec::new(),
        leads: Vec::new(),
    }
}

fn reasons(m: &LeadMatch) -> String {
    let said: Vec<&str> = m
        .reasons
        .iter()
        .map(|r| match r.as_str() {
            "email" => "same email",
            "phone" => "same phone",
            "domain" => "same company domain",
            _ => "alike",
        })
        .collect();
    said.join(", ")
}

/// The records like the lead, each with what makes it alike.
#[component]
fn Matches(matches: LeadMatches) -> impl IntoView {
    let groups = [
        ("Accounts", "accounts", matches.accounts),
        ("Contacts", "contacts", matches.contacts),
        ("Other leads", "leads", matches.leads),
    ];
    let none = groups.iter().all(|(_, _, list)| list.is_empty());
    view! {
        <section class="card" aria-labelledby="lead-matches">
            <h2 id="lead-matches">"Possible duplicates"</h2>
            {if none {
                view! { <p class="muted">"No account, contact or other lead shares its email, phone or company domain."</p> }.into_any()
            } else {
                groups.into_iter().filter(|(_, _, list)| !list.is_empty()).map(|(title, path, list)| view! {
                    <h3 class="small-heading">{title}</h3>
                    <ul class="plain">
                        {list.into_iter().map(|m| {
                            let why = reasons(&m);
                            view! {
                                <li><A href=format!("/{path}/{}", m.id)>{m.name}</A>" "<span class="muted">{why}</span></li>
                            }
                        }).collect_view()}
                    </ul>
                }).collect_view().into_any()
            }}
        </section>
    }
}

/// Converting: which account the lead joins and which contact it is, matched ones offered
/// first; then the account's page.
#[component]
fn ConvertDialog(open: RwSignal<bool>, lead: Lead, matches: LeadMatches) -> impl IntoView {
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let navigate = use_navigate();
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    // "new", or the id of a matched record.
    let account = RwSignal::new(
        matches
            .accounts
            .iter()
            .find(|m| m.reasons.iter().any(|r| r == "domain"))
            .map_or_else(|| "new".to_owned(), |m| m.id.clone()),
    );
    let contact = RwSignal::new(
        matches
            .contacts
            .iter()
            .find(|m| m.reasons.iter().any(|r| r == "email"))
            .map_or_else(|| "new".to_owned(), |m| m.id.clone()),
    );
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let deal = DealChoice::new();
    Effect::new(move |_| {
        let Some(element) = dialog.get() else { return };
        if open.get() {
            if !element.open() {
                let _ = element.show_modal();
            }
        } else if element.open() {
            element.close();
        }
    });
    let id = lead.id.clone();
    let convert = move |_| {
        let body = ConvertLead {
            account_id: Some(account.get_untracked()).filter(|a| a != "new"),
            contact_id: Some(contact.get_untracked()).filter(|c| c != "new"),
            new_account: account.get_untracked() == "new",
            new_contact: contact.get_untracked() == "new",
            opportunity: deal.body(),
        };
        let (id, navigate, toasts) = (id.clone(), navigate.clone(), toasts.clone());
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::leads::convert(&session, &id, &body).await {
                Ok(done) => {
                    open.set(false);
                    toasts.show(Toast {
                        message: "Lead converted.".into(),
                        action: None,
                    });
                    navigate(
                        &format!("/accounts/{}", done.account_id),
                        Default::default(),
                    );
                }
                Err(e) => {
                    let fields = e.field_errors();
                    failure.set(Some(if fields.is_empty() {
                        e.message()
                    } else {
                        fields
                            .into_iter()
                            .map(|(_, m)| m)
                            .collect::<Vec<_>>()
                            .join(" ")
                    }));
                }
            }
            busy.set(false);
        });
    };
    let new_account = lead.company.clone().map(|c| format!("A new account: {c}"));
    let new_contact = lead
        .last_name
        .clone()
        .map(|_| format!("A new contact: {}", lead.title()));
    let option = |signal: RwSignal<String>, name: &'static str, value: String, label: String| {
        let checked = value.clone();
        view! {
            <label class="checkbox">
                <input type="radio" name=name value=value.clone()
                    prop:checked=move || signal.get() == checked
                    on:change=move |_| signal.set(value.clone())/>
                {label}
            </label>
        }
    };
    view! {
        <dialog node_ref=dialog class="confirm convert" aria-labelledby="convert-title"
            on:close=move |_| open.set(false)>
            <h2 id="convert-title">"Convert this lead"</h2>
            <fieldset>
                <legend>"Account"</legend>
                {matches.accounts.iter().map(|m| option(account, "account", m.id.clone(), format!("{} ({})", m.name, reasons(m)))).collect_view()}
                {new_account.map(|label| option(account, "account", "new".into(), label))}
                {(matches.accounts.is_empty() && lead.company.is_none()).then(|| view! {
                    <p class="error">"The lead has no company and no account matches: give it a company first."</p>
                })}
            </fieldset>
            <fieldset>
                <legend>"Contact"</legend>
                {matches.contacts.iter().map(|m| option(contact, "contact", m.id.clone(), format!("{} ({})", m.name, reasons(m)))).collect_view()}
                {new_contact.map(|label| option(contact, "contact", "new".into(), label))}
                {(matches.contacts.is_empty() && lead.last_name.is_none()).then(|| view! {
                    <p class="error">"The lead has no last name and no contact matches: give it a last name first."</p>
                })}
            </fieldset>
            <DealFields deal/>
            {move || failure.get().map(|f| view! { <p class="error" role="alert">{f}</p> })}
            <div class="form-actions">
                <button type="button" class="button primary" disabled=move || busy.get() on:click=convert>"Convert"</button>
                <button type="button" class="button subtle" on:click=move |_| open.set(false)>"Cancel"</button>
            </div>
        </dialog>
    }
}

/// The opportunity a conversion may also make.
#[derive(Clone, Copy)]
struct DealChoice {
    wanted: RwSignal<bool>,
    pipeline: RwSignal<String>,
    amount: RwSignal<String>,
    /// The organization's base currency, which the amount is in.
    currency: RwSignal<String>,
    close_date: RwSignal<String>,
}

impl DealChoice {
    fn new() -> Self {
        let in_a_quarter = chrono::Local::now().date_naive() + chrono::Duration::days(90);
        Self {
            wanted: RwSignal::new(false),
            pipeline: RwSignal::new(String::new()),
            amount: RwSignal::new(String::new()),
            currency: RwSignal::new("EUR".to_owned()),
            close_date: RwSignal::new(in_a_quarter.to_string()),
        }
    }

    /// The opportunity to make, when one is wanted (the server checks the rest).
    fn body(&self) -> Option<ConvertOpportunity> {
        if !self.wanted.get_untracked() {
            return None;
        }
        let amount = domain::Money::parse_decimal(
            "/opportunity/amount",
            self.amount.get_untracked().trim(),
            &self.currency.get_untracked(),
            true,
        )
        .ok()
        .map(|m| api_types::MoneyBody {
            amount_minor: m.amount_minor,
            currency: m.currency.code().to_owned(),
        });
        Some(ConvertOpportunity {
            name: None,
            pipeline_id: self.pipeline.get_untracked(),
            stage_id: None,
            amount,
            close_date: chrono::NaiveDate::parse_from_str(
                &self.close_date.get_untracked(),
                "%Y-%m-%d",
            )
            .unwrap_or_default(),
        })
    }
}

/// Whether to make an opportunity too, and in which pipeline, for how much, closing when.
#[component]
fn DealFields(deal: DealChoice) -> impl IntoView {
    let session = expect_context::<Session>();
    let pipelines = LocalResource::new(move || async move {
        let all = api_types::ListQuery {
            limit: Some(100),
            ..api_types::ListQuery::default()
        };
        api::list::<Pipeline>(&session, &all, &()).await
    });
    let known = move || {
        pipelines
            .get()
            .and_then(Result::ok)
            .map(|p| p.items)
            .unwrap_or_default()
    };
    leptos::task::spawn_local(async move {
        if let Ok(org) = api::organization::organization(&session).await {
            deal.currency.set(org.record.base_currency);
        }
    });
    Effect::new(move |_| {
        if deal.pipeline.get().is_empty() {
            if let Some(first) = known().first() {
                deal.pipeline.set(first.id.clone());
            }
        }
    });
    view! {
        <fieldset>
            <legend>"Opportunity"</legend>
            <label class="checkbox">
                <input type="checkbox" prop:checked=move || deal.wanted.get()
                    on:change=move |ev| deal.wanted.set(event_target_checked(&ev))/>
                "Also create an opportunity"
            </label>
            {move || deal.wanted.get().then(|| view! {
                <div class="field">
                    <label for="convert-pipeline">"Pipeline"</label>
                    <select id="convert-pipeline" on:change=move |ev| deal.pipeline.set(event_target_value(&ev))
                        prop:value=move || deal.pipeline.get()>
                        {known().into_iter().map(|p| {
                            let id = p.id.clone();
                            view! { <option value=id.clone() selected=move || deal.pipeline.get() == id>{p.name}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="row">
                    <div class="field">
                        <label for="convert-amount">{move || format!("Amount ({})", deal.currency.get())}</label>
                        <input id="convert-amount" prop:value=move || deal.amount.get()
                            on:input=move |ev| deal.amount.set(event_target_value(&ev))/>
                    </div>
                    <div class="field">
                        <label for="convert-close">"Close date"</label>
                        <input id="convert-close" type="date" prop:value=move || deal.close_date.get()
                            on:input=move |ev| deal.close_date.set(event_target_value(&ev))/>
                    </div>
                </div>
            })}
        </fieldset>
    }
}
