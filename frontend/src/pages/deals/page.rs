//! An opportunity: where it stands in its pipeline (and moving it), what it is worth and
//! what it sells line by line, the people on it, and every stage it went through.

use api_types::activities::CreateActivity;
use api_types::contacts::Contact;
use api_types::opportunities::{Opportunity, ReopenOpportunity, StageChangeBody};
use api_types::pipelines::Pipeline;
use api_types::users::User;
use leptos::prelude::*;
use leptos_router::components::A;

use super::lines::LineItems;
use super::{amount, category_label, day, move_open, status_label, CloseDialog, Closing};
use crate::api::{self, deals, users, Session, Versioned};
use crate::components::record_page::{record_page, RecordView};
use crate::components::status::{ErrorNote, Toast, Toasts};
use crate::components::timeline::timeline_card;
use crate::format;

/// What the page shows: the deal, its pipeline, history, people and colleagues.
#[derive(Clone)]
struct Found {
    deal: Versioned<Opportunity>,
    pipeline: Option<Pipeline>,
    history: Vec<StageChangeBody>,
    contacts: Vec<Contact>,
    people: Vec<User>,
}

/// The opportunity page.
pub fn opportunity_page() -> impl IntoView {
    record_page(RecordView {
        load: |session, id| {
            Box::pin(async move {
                let deal = api::one::<Opportunity>(&session, &id).await?;
                let d = &deal.record;
                let live = d.deleted_at.is_none();
                let pipeline = api::one::<Pipeline>(&session, &d.pipeline_id).await.ok();
                let history = if live {
                    deals::history(&session, &id).await?
                } else {
                    Vec::new()
                };
                let mut ids: Vec<String> = d
                    .contact_roles
                    .iter()
                    .map(|r| r.contact_id.clone())
                    .collect();
                ids.extend(d.primary_contact_id.clone());
                ids.dedup();
                let mut contacts = Vec::new();
                for id in ids {
                    if let Ok(c) = api::one::<Contact>(&session, &id).await {
                        contacts.push(c.record);
                    }
                }
                let people = users::directory(&session).await.unwrap_or_default();
                Ok(Found {
                    pipeline: pipeline.map(|p| p.record),
                    deal,
                    history,
                    contacts,
                    people,
                })
            })
        },
        record: |found| found.deal.clone(),
        trail: |_| vec![("Pipeline".into(), Some("/pipeline".into()))],
        head: |found| {
            let d = &found.deal.record;
            let class = format!("badge status-{}", d.status);
            let status = status_label(&d.status);
            let account = format!("/accounts/{}", d.account_id);
            let account_name = d.account_name.clone();
            let worth = amount(d.amount.amount_minor, &d.amount.currency);
            let closes = format!(" · closes {}", day(d.close_date));
            view! {
                <p class="muted">
                    <span class=class>{status}</span>" "
                    <A href=account>{account_name}</A>
                    " · "{worth}{closes}
                </p>
            }
            .into_any()
        },
        body: |found, reload| view! { <Details found reload/> }.into_any(),
        impact: |found| match found.history.len() {
            0 | 1 => Vec::new(),
            _ => vec!["Its stage history goes with it.".into()],
        },
    })
}

/// A duration in the largest unit that fits: "45 min", "5 h", "3 days".
fn duration(seconds: i64) -> String {
    match seconds {
        s if s < 3_600 => format!("{} min", s / 60),
        s if s < 2 * 86_400 => format!("{} h", s / 3_600),
        s => format!("{} days", s / 86_400),
    }
}

fn role_label(role: &str) -> String {
    let mut label = role.replace('_', " ");
    if let Some(first) = label.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    label
}

#[component]
fn Details(found: Found, reload: Callback<()>) -> impl IntoView {
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let deal = found.deal.record.clone();
    let can_write = session.can(domain::Permission::WriteSales) && deal.deleted_at.is_none();
    let closing = RwSignal::new(None::<Closing>);
    let failure = RwSignal::new(None::<api::ApiError>);
    let people = StoredValue::new(found.people.clone());
    let name_of = move |id: &Option<String>| {
        id.as_ref()
            .map(|id| {
                people.with_value(|people| {
                    people
                        .iter()
                        .find(|p| p.id == *id)
                        .map_or_else(|| "A former colleague".to_owned(), |p| p.name.clone())
                })
            })
            .unwrap_or_else(|| "Nobody".to_owned())
    };
    let contacts = StoredValue::new(found.contacts.clone());
    let contact_name = move |id: &str| {
        contacts.with_value(|contacts| {
            contacts.iter().find(|c| c.id == id).map_or_else(
                || "A contact".to_owned(),
                |c| {
                    [c.first_name.clone(), Some(c.last_name.clone())]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" ")
                },
            )
        })
    };
    let stages = found
        .pipeline
        .as_ref()
        .map(|p| p.stages.clone())
        .unwrap_or_default();
    let position = stages.iter().position(|s| s.id == deal.stage_id);
    let pipeline = StoredValue::new(found.pipeline.clone());
    let shown = StoredValue::new(deal.clone());
    let move_to = Callback::new(move |stage: api_types::pipelines::Stage| {
        let deal = shown.get_value();
        if stage.kind != "open" {
            if let Some(p) = pipeline.get_value() {
                closing.set(Some(Closing::new(deal, stage, &p)));
            }
            return;
        }
        let toasts = toasts.clone();
        leptos::task::spawn_local(async move {
            match move_open(session, &deal, &stage).await {
                Ok(()) => {
                    toasts.show(Toast {
                        message: format!("Moved to {}.", stage.name),
                        action: None,
                    });
                    reload.try_run(());
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    });
    let reopen = move |_| {
        let deal = shown.get_value();
        leptos::task::spawn_local(async move {
            let etag = format!("\"{}\"", deal.version);
            match deals::reopen(&session, &deal.id, &etag, &ReopenOpportunity::default()).await {
                Ok(_) => {
                    reload.try_run(());
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    let closed = deal.status != "open";
    let stage_path = stages
        .iter()
        .enumerate()
        .map(|(i, stage)| {
            let current = Some(i) == position;
            let passed = position.is_some_and(|p| i < p) && stage.kind == "open";
            let class = format!("stage-step kind-{}", stage.kind);
            let target = stage.clone();
            let label = match (stage.kind.as_str(), current) {
                (_, true) => None,
                ("won", false) => Some("Mark won"),
                ("lost", false) => Some("Mark lost"),
                _ => Some("Move here"),
            };
            let movable = can_write && (!closed || stage.kind == "open");
            let aria = if current { Some("step") } else { None };
            view! {
                <li class=class class:current=current class:passed=passed aria-current=aria>
                    <span class="stage-name">{stage.name.clone()}</span>
                    <span class="muted small">{format!("{} %", stage.probability)}</span>
                    {(movable && label.is_some()).then(|| {
                        let target = target.clone();
                        let text = label.unwrap_or_default();
                        let aria = format!("{text}: {}", stage.name);
                        view! { <button type="button" class="button subtle small" aria-label=aria
                            on:click=move |_| move_to.run(target.clone())>{text}</button> }
                    })}
                </li>
            }
        })
        .collect_view();
    let base_differs = deal.amount.currency != deal.base_currency;
    view! {
        {move || failure.get().map(|error| view! { <ErrorNote error/> })}
        <section class="card" aria-labelledby="deal-stage">
            <h2 id="deal-stage">"Stage"</h2>
            <ol class="stage-path">{stage_path}</ol>
            {deal.close_reason.clone().map(|r| view! {
                <p>{if deal.status == "won" { "Won for: " } else { "Lost for: " }}<strong>{r}</strong></p>
            })}
            {(closed && can_write).then(|| view! {
                <button type="button" class="button" on:click=reopen>"Reopen"</button>
            })}
        </section>
        <div class="columns">
            <section class="card" aria-labelledby="deal-facts">
                <h2 id="deal-facts">"Deal"</h2>
                <dl class="details">
                    <dt>"Amount"</dt><dd>{amount(deal.amount.amount_minor, &deal.amount.currency)}</dd>
                    {base_differs.then(|| view! {
                        <dt>"In "{deal.base_currency.clone()}</dt><dd>{amount(deal.amount_base_minor, &deal.base_currency)}</dd>
                    })}
                    <dt>"Probability"</dt><dd>{format!("{} %", deal.probability)}</dd>
                    <dt>"Weighted"</dt><dd>{amount(deal.weighted_amount_minor, &deal.base_currency)}</dd>
                    <dt>"Forecast"</dt><dd>{category_label(&deal.forecast_category)}</dd>
                    <dt>"Close date"</dt><dd>{day(deal.close_date)}</dd>
                    <dt>"Owner"</dt><dd>{name_of(&deal.owner_id)}</dd>
                    <dt>"Next step"</dt><dd>{deal.next_step.clone().unwrap_or_else(|| "—".into())}</dd>
                    <dt>"Competitors"</dt><dd>{if deal.competitors.is_empty() { "None known".to_owned() } else { deal.competitors.join(", ") }}</dd>
                    {deal.campaign.clone().map(|c| view! { <dt>"Campaign"</dt><dd>{c}</dd> })}
                    {deal.source_lead_id.clone().map(|l| view! {
                        <dt>"Source"</dt><dd><A href=format!("/leads/{l}")>"The lead it came from"</A></dd>
                    })}
                </dl>
                {deal.description.clone().map(|d| view! { <p class="prewrap">{d}</p> })}
            </section>
            <section class="card" aria-labelledby="deal-people">
                <h2 id="deal-people">"People"</h2>
                {match deal.primary_contact_id.clone() {
                    Some(c) => view! {
                        <p>"Primary contact: "<A href=format!("/contacts/{c}")>{contact_name(&c)}</A></p>
                    }.into_any(),
                    None => view! { <p class="muted">"No primary contact."</p> }.into_any(),
                }}
                <ul class="plain">
                    {deal.contact_roles.clone().into_iter().map(|r| view! {
                        <li><A href=format!("/contacts/{}", r.contact_id)>{contact_name(&r.contact_id)}</A>
                            " "<span class="badge">{role_label(&r.role)}</span></li>
                    }).collect_view()}
                </ul>
            </section>
        </div>
        <LineItems deal=deal.clone() editable=can_write && !closed reload/>
        <section class="card" aria-labelledby="deal-history">
            <h2 id="deal-history">"Stage history"</h2>
            <table class="records" aria-label="Stage changes, latest first">
                <thead><tr><th scope="col">"When"</th><th scope="col">"Stage"</th><th scope="col">"Time in the stage before"</th><th scope="col">"By"</th><th scope="col">"Reason"</th></tr></thead>
                <tbody>
                    {found.history.iter().rev().map(|c| view! {
                        <tr>
                            <td>{format::date_time(&c.changed_at)}</td>
                            <td>{match &c.from_stage_name {
                                Some(from) => format!("{from} → {}", c.to_stage_name),
                                None => format!("Created in {}", c.to_stage_name),
                            }}</td>
                            <td>{c.seconds_in_previous_stage.map(duration).unwrap_or_else(|| "—".into())}</td>
                            <td>{name_of(&c.changed_by)}</td>
                            <td>{c.reason.clone().unwrap_or_default()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
        {timeline_card("opportunities", deal.id.clone(),
            CreateActivity { opportunity_id: Some(deal.id.clone()), account_id: Some(deal.account_id.clone()), ..CreateActivity::default() },
            found.people.clone(), deal.deleted_at.is_none())}
        <CloseDialog closing done=reload/>
    }
}
