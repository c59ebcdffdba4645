//! An account's service contracts on its page: each with its dates, its status and what is
//! left of its entitlements this period; and a short form to write a new one.

use api_types::contracts::{Contract, CreateContract, CreateEntitlement, Entitlement};
use chrono::{Months, NaiveDate, Utc};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{contracts, ApiError, Session};
use crate::components::status::{ErrorNote, Loading};
use crate::format;
use crate::pages::deals::day;

/// The kinds of contract, as (value, label).
const TYPES: [(&str, &str); 5] = [
    ("support", "Support"),
    ("maintenance", "Maintenance"),
    ("labour", "Labour"),
    ("parts", "Parts"),
    ("usage_based", "Usage-based"),
];

pub(crate) fn label(value: &str) -> &str {
    TYPES
        .iter()
        .find(|(v, _)| *v == value)
        .map_or(value, |(_, l)| *l)
}

/// The account's contracts card.
#[component]
pub fn AccountContracts(account_id: String) -> impl IntoView {
    let session = expect_context::<Session>();
    let account = account_id.clone();
    let found = LocalResource::new(move || {
        let account = account.clone();
        async move {
            let contracts = contracts::of_account(&session, &account).await?.items;
            let mut with_entitlements = Vec::with_capacity(contracts.len());
            for contract in contracts {
                let entitlements = if contract.in_force {
                    contracts::entitlements(&session, &contract.id).await?
                } else {
                    Vec::new()
                };
                with_entitlements.push((contract, entitlements));
            }
            Ok::<_, ApiError>(with_entitlements)
        }
    });
    let reload = Callback::new(move |()| found.refetch());
    let writer = session.can(domain::Permission::WriteContracts);
    let adding = RwSignal::new(false);
    view! {
        <section class="card" aria-labelledby="contracts-heading">
            <div class="card-head">
                <h2 id="contracts-heading">"Contracts"</h2>
                {writer.then(|| view! {
                    <button type="button" class="button small" on:click=move |_| adding.update(|a| *a = !*a)>
                        {move || if adding.get() { "Close" } else { "New contract" }}
                    </button>
                })}
            </div>
            <Show when=move || adding.get()>
                <NewContract account_id=account_id.clone() done=Callback::new(move |()| { adding.set(false); reload.run(()); })/>
            </Show>
            {move || match found.get() {
                None => view! { <Loading what="Loading the contracts"/> }.into_any(),
                Some(Err(error)) => view! { <ErrorNote error retry=Some(reload)/> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <p class="muted">"No contracts: tickets of this account are covered by none."</p>
                }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="contracts">
                        {list.into_iter().map(|(c, e)| contract_row(c, e)).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}

fn contract_row(c: Contract, entitlements: Vec<Entitlement>) -> impl IntoView {
    let number = c.number.clone();
    let status = if c.in_force {
        "In force".to_owned()
    } else {
        let mut s = c.status.replace('_', " ");
        s[..1].make_ascii_uppercase();
        s
    };
    view! {
        <li class="contract" class:in-force=c.in_force>
            <div class="contract-head">
                <A href=format!("/contracts/{}", c.id)><strong>{number}</strong></A>
                <span>{label(&c.contract_type).to_owned()}</span>
                <span class=format!("badge contract-{}", if c.in_force { "in-force" } else { c.status.as_str() })>{status}</span>
            </div>
            <p class="muted">
                {format!("{} – {}", day(c.starts_on), day(c.ends_on))}
                {c.auto_renew.then_some(" · renews by itself")}
                {c.value.as_ref().map(|v| format!(" · {}", format::money(v)))}
            </p>
            {(!entitlements.is_empty()).then(|| view! {
                <ul class="entitlements" aria-label=format!("What {} covers", c.number)>
                    {entitlements.into_iter().map(|e| {
                        let left = match (e.allowance, e.remaining) {
                            (Some(allowance), Some(left)) => format!("{left} of {allowance} incidents left this {}", period(&e.period)),
                            _ => "no limit".to_owned(),
                        };
                        let channels = if e.channels.is_empty() { "every channel".to_owned() } else { e.channels.join(", ") };
                        view! { <li><span>{e.name.clone()}</span><span class="muted">{format!("{channels} · {left}")}</span></li> }
                    }).collect_view()}
                </ul>
            })}
        </li>
    }
}

pub(crate) fn period(name: &str) -> &str {
    match name {
        "contract" => "term",
        other => other,
    }
}

/// A new contract of the account: active from today for a year, with support for every
/// channel and the incidents a month it allows (none: no limit).
#[component]
fn NewContract(account_id: String, done: Callback<()>) -> impl IntoView {
    let session = expect_context::<Session>();
    let today = Utc::now().date_naive();
    let a_year_on = today
        .checked_add_months(Months::new(12))
        .and_then(|d| d.pred_opt())
        .unwrap_or(today);
    let kind = RwSignal::new("support".to_owned());
    let starts = RwSignal::new(today.to_string());
    let ends = RwSignal::new(a_year_on.to_string());
    let incidents = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let save = Action::new_local(move |()| {
        let account_id = account_id.clone();
        async move {
            let parse = |raw: String| NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d");
            let (Ok(starts_on), Ok(ends_on)) =
                (parse(starts.get_untracked()), parse(ends.get_untracked()))
            else {
                problem.set(Some("Give the first and the last day.".into()));
                return;
            };
            let allowance = match incidents.get_untracked().trim() {
                "" => None,
                raw => match raw.parse::<u32>() {
                    Ok(n) if n >= 1 => Some(n),
                    _ => {
                        problem.set(Some(
                            "Incidents a month: a whole number from 1, or empty for no limit."
                                .into(),
                        ));
                        return;
                    }
                },
            };
            let new = CreateContract {
                number: None,
                account_id,
                contract_type: kind.get_untracked(),
                status: Some("active".into()),
                starts_on,
                ends_on,
                value: None,
                auto_renew: None,
                renewal_term_months: None,
                expiry_notice_days: None,
                owner_id: None,
                sla_policy_id: None,
                authorised_contact_ids: None,
                notes: None,
            };
            let made = match contracts::create(&session, &new).await {
                Ok(made) => made,
                Err(error) => return problem.set(Some(error.message())),
            };
            let cover = CreateEntitlement {
                name: format!("{} for every channel", label(&made.contract_type)),
                product_ids: None,
                asset_ids: None,
                channels: None,
                calendar_id: None,
                allowance,
                period: allowance.map(|_| "month".to_owned()),
            };
            match contracts::add_entitlement(&session, &made.id, &cover).await {
                Ok(_) => {
                    problem.set(None);
                    done.try_run(());
                }
                Err(error) => problem.set(Some(error.message())),
            }
        }
    });
    view! {
        <form class="inline-form contract-form" aria-label="New contract"
            on:submit=move |ev| { ev.prevent_default(); save.dispatch_local(()); }>
            <label>"Type"
                <select on:change=move |ev| kind.set(event_target_value(&ev)) prop:value=move || kind.get()>
                    {TYPES.iter().map(|(v, l)| view! { <option value=*v>{*l}</option> }).collect_view()}
                </select>
            </label>
            <label>"First day"<input type="date" required prop:value=starts on:input=move |ev| starts.set(event_target_value(&ev))/></label>
            <label>"Last day"<input type="date" required prop:value=ends on:input=move |ev| ends.set(event_target_value(&ev))/></label>
            <label>"Incidents a month"<input type="number" min="1" placeholder="No limit" prop:value=incidents on:input=move |ev| incidents.set(event_target_value(&ev))/></label>
            <button type="submit" class="button primary" disabled=move || save.pending().get()>"Start the contract"</button>
            {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
        </form>
    }
}
