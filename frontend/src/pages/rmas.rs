//! A ticket's unit and its returns (RMA), beside the conversation: which of the account's
//! assets the ticket is about, the returns opened from it moving through their steps, and a
//! short form to open one.

use api_types::assets::Asset;
use api_types::rmas::{CreateRma, Rma, UpdateRma};
use api_types::tickets::{Ticket, UpdateTicket};
use api_types::{MoneyBody, Patch};
use leptos::prelude::*;

use crate::api::{self, assets, organization, rmas, ApiError, Session};
use crate::components::status::{ErrorNote, Loading};
use crate::format;

/// The names of a return's steps.
fn step(status: &str) -> &str {
    match status {
        "requested" => "Requested",
        "approved" => "Approved",
        "rejected" => "Rejected",
        "awaiting_return" => "Awaiting return",
        "received" => "Received",
        "inspected" => "Inspected",
        "repaired" => "Repaired",
        "replaced" => "Replaced",
        "refunded" => "Refunded",
        "closed" => "Closed",
        other => other,
    }
}

/// What the card reads: the account's assets, the ticket's returns, the base currency.
#[derive(Clone)]
struct Loaded {
    assets: Vec<Asset>,
    returns: Vec<Rma>,
    currency: String,
}

/// The ticket's unit and returns.
#[component]
pub fn TicketReturns(ticket: Ticket, writable: bool, reload: Callback<()>) -> impl IntoView {
    let session = expect_context::<Session>();
    let (id, account) = (ticket.id.clone(), ticket.account_id.clone());
    let found = LocalResource::new(move || {
        let (id, account) = (id.clone(), account.clone());
        async move {
            let assets = match &account {
                Some(a) => assets::of_account(&session, a).await?,
                None => Vec::new(),
            };
            let returns = rmas::of_ticket(&session, &id).await?;
            let currency = organization::organization(&session)
                .await?
                .record
                .base_currency;
            Ok::<_, ApiError>(Loaded {
                assets,
                returns,
                currency,
            })
        }
    });
    let refresh = Callback::new(move |()| found.refetch());
    view! {
        <section class="card" aria-labelledby="returns-heading">
            <h2 id="returns-heading">"Unit and returns"</h2>
            {move || match found.get() {
                None => view! { <Loading what="Loading the unit and its returns"/> }.into_any(),
                Some(Err(error)) => view! { <ErrorNote error retry=Some(refresh)/> }.into_any(),
                Some(Ok(loaded)) => view! {
                    <UnitChoice ticket=ticket.clone() assets=loaded.assets.clone() writable reload/>
                    <ul class="returns">
                        {loaded.returns.iter().cloned().map(|r| view! {
                            <ReturnItem rma=r writable currency=loaded.currency.clone() changed=refresh/>
                        }).collect_view()}
                    </ul>
                    {(writable && (ticket.asset_id.is_some() || !loaded.assets.is_empty())).then(|| view! {
                        <NewReturn ticket=ticket.clone() assets=loaded.assets.clone() opened=refresh/>
                    })}
                }.into_any(),
            }}
        </section>
    }
}

/// Which asset the ticket is about, changed in place.
#[component]
fn UnitChoice(
    ticket: Ticket,
    assets: Vec<Asset>,
    writable: bool,
    reload: Callback<()>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let failure = RwSignal::new(None::<ApiError>);
    let current = ticket.asset_id.clone().unwrap_or_default();
    let name = assets
        .iter()
        .find(|a| a.id == current)
        .map(|a| a.name.clone());
    if !writable || assets.is_empty() {
        return view! {
            <p><span class="muted">"About "</span>{name.unwrap_or_else(|| "no asset".into())}</p>
        }
        .into_any();
    }
    let (id, etag) = (ticket.id.clone(), format!("\"{}\"", ticket.version));
    let save = Action::new_local(move |chosen: &String| {
        let change = UpdateTicket {
            asset_id: if chosen.is_empty() {
                Patch::Null
            } else {
                Patch::Value(chosen.clone())
            },
            ..UpdateTicket::default()
        };
        let (id, etag) = (id.clone(), etag.clone());
        async move { api::update::<Ticket>(&session, &id, &etag, &change).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => {
            reload.try_run(());
        }
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    view! {
        <div class="field">
            <label for="ticket-asset">"About the unit"</label>
            <select id="ticket-asset" on:change=move |ev| { save.dispatch(event_target_value(&ev)); }>
                <option value="" selected=current.is_empty()>"No asset"</option>
                {assets.into_iter().map(|a| {
                    let on = a.id == current;
                    let label = match &a.serial_number { Some(s) => format!("{} ({s})", a.name), None => a.name.clone() };
                    view! { <option value=a.id.clone() selected=on>{label}</option> }
                }).collect_view()}
            </select>
            {move || failure.get().map(|error| view! { <ErrorNote error/> })}
        </div>
    }
    .into_any()
}

/// One return: its step, what it holds, and the moves it may make.
#[component]
fn ReturnItem(rma: Rma, writable: bool, currency: String, changed: Callback<()>) -> impl IntoView {
    let session = expect_context::<Session>();
    let chosen = RwSignal::new(String::new());
    let findings = RwSignal::new(String::new());
    let credit = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let current = rma.clone();
    let save = Action::new_local(move |()| {
        let (rma, currency) = (current.clone(), currency.clone());
        async move {
            let to = chosen.get_untracked();
            let mut change = UpdateRma {
                status: Some(to.clone()),
                ..UpdateRma::default()
            };
            if to == "inspected" {
                change.inspection_notes = Patch::Value(findings.get_untracked());
            }
            if to == "refunded" {
                let amount = credit.get_untracked().trim().replace(',', ".");
                match amount.parse::<f64>() {
                    Ok(a) if a >= 0.0 => {
                        change.credit = Patch::Value(MoneyBody {
                            amount_minor: (a * 100.0).round() as i64,
                            currency,
                        });
                    }
                    _ => {
                        return problem
                            .set(Some("Give the amount paid back, such as 129.90.".into()))
                    }
                }
            }
            match rmas::update(&session, &rma, &change).await {
                Ok(_) => {
                    problem.set(None);
                    chosen.set(String::new());
                    changed.try_run(());
                }
                Err(error) => problem.set(Some(error.message())),
            }
        }
    });
    let next = rma.next_statuses.clone();
    let facts = [
        Some(if rma.under_warranty {
            "under warranty, free of charge".to_owned()
        } else {
            "not under warranty".to_owned()
        }),
        rma.tracking_number
            .as_ref()
            .map(|t| format!("tracking {t}")),
        rma.charge
            .as_ref()
            .map(|c| format!("charge {}", format::money(c))),
        rma.credit
            .as_ref()
            .map(|c| format!("credit {}", format::money(c))),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    view! {
        <li class="return">
            <div class="return-head">
                <strong>{rma.number.clone()}</strong>
                <span class=format!("badge rma-{}", rma.status)>{step(&rma.status).to_owned()}</span>
            </div>
            <p class="muted">{rma.reason.clone()}</p>
            <p class="muted">{facts}</p>
            {rma.inspection_notes.clone().map(|n| view! { <p class="muted">"Found: "{n}</p> })}
            {(writable && !next.is_empty()).then(|| view! {
                <form class="inline-form return-move" aria-label=format!("Move {}", rma.number)
                    on:submit=move |ev| { ev.prevent_default(); save.dispatch_local(()); }>
                    <label>"Next step"
                        <select required on:change=move |ev| chosen.set(event_target_value(&ev)) prop:value=move || chosen.get()>
                            <option value="">"Choose…"</option>
                            {next.iter().map(|s| view! { <option value=s.clone()>{step(s).to_owned()}</option> }).collect_view()}
                        </select>
                    </label>
                    <Show when=move || chosen.get() == "inspected">
                        <label>"What the inspection found"
                            <textarea rows="2" required prop:value=findings on:input=move |ev| findings.set(event_target_value(&ev))></textarea>
                        </label>
                    </Show>
                    <Show when=move || chosen.get() == "refunded">
                        <label>"Paid back"<input type="text" inputmode="decimal" required prop:value=credit on:input=move |ev| credit.set(event_target_value(&ev))/></label>
                    </Show>
                    <button type="submit" class="button small" disabled=move || save.pending().get() || chosen.get().is_empty()>"Move"</button>
                    {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
                </form>
            })}
        </li>
    }
}

/// Opens a return for the ticket's unit (or one of the account's, when it names none).
#[component]
fn NewReturn(ticket: Ticket, assets: Vec<Asset>, opened: Callback<()>) -> impl IntoView {
    let session = expect_context::<Session>();
    let reason = RwSignal::new(String::new());
    let unit = RwSignal::new(ticket.asset_id.clone().unwrap_or_default());
    let problem = RwSignal::new(None::<String>);
    let ticket_id = ticket.id.clone();
    let save = Action::new_local(move |()| {
        let ticket_id = ticket_id.clone();
        async move {
            let new = CreateRma {
                ticket_id,
                asset_id: Some(unit.get_untracked()).filter(|u| !u.is_empty()),
                reason: reason.get_untracked().trim().to_owned(),
                ..CreateRma::default()
            };
            match rmas::create(&session, &new).await {
                Ok(_) => {
                    problem.set(None);
                    reason.set(String::new());
                    opened.try_run(());
                }
                Err(error) => problem.set(Some(error.message())),
            }
        }
    });
    let choose = ticket.asset_id.is_none();
    view! {
        <form class="inline-form return-form" aria-label="New return"
            on:submit=move |ev| { ev.prevent_default(); save.dispatch_local(()); }>
            {choose.then(|| view! {
                <label>"Unit"
                    <select required on:change=move |ev| unit.set(event_target_value(&ev)) prop:value=move || unit.get()>
                        <option value="">"Choose…"</option>
                        {assets.iter().map(|a| view! { <option value=a.id.clone()>{a.name.clone()}</option> }).collect_view()}
                    </select>
                </label>
            })}
            <label>"What is wrong"
                <textarea rows="2" required maxlength="10000" prop:value=reason on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
            </label>
            <button type="submit" class="button" disabled=move || save.pending().get()>"Open a return"</button>
            {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
        </form>
    }
}
