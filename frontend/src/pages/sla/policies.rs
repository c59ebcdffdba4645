//! SLA policies: the list in evaluation order (moved by drag or by keyboard), a policy's page
//! with the simulator (a ticket's life drawn on a timeline with each clock), and the form.

use api_types::sla::{Calendar, Policy, PolicyConditionsBody, PriorityTargets};
use leptos::prelude::*;
use leptos_router::components::A;

use super::escalations::EscalationList;
use super::simulator::Simulator;
use crate::api::{self, sla, ApiError, Session};
use crate::components::list_nav::{list_page, ListNav, ListState};
use crate::components::list_parts::{empty_or_first, list_results, ShowDeleted};
use crate::components::record_page::{record_page, RecordView};
use crate::components::shell::set_crumbs;
use crate::components::status::ErrorNote;
use crate::pages::accounts::{label_of, TIERS};

/// The priorities, most pressing first, as (value, label).
pub const PRIORITIES: [(&str, &str); 4] = [
    ("urgent", "Urgent"),
    ("high", "High"),
    ("normal", "Normal"),
    ("low", "Low"),
];

/// Minutes as "1 h 30 min", "2 d 4 h" (business time).
pub fn duration(minutes: i64) -> String {
    let (days, hours, mins) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
    let parts: Vec<String> = [(days, "d"), (hours, "h"), (mins, "min")]
        .into_iter()
        .filter(|(n, _)| *n != 0)
        .map(|(n, unit)| format!("{n} {unit}"))
        .collect();
    if parts.is_empty() {
        "0 min".into()
    } else {
        parts.join(" ")
    }
}

fn target_text(t: &PriorityTargets) -> String {
    [
        ("first response", t.first_response_minutes),
        ("next response", t.next_response_minutes),
        ("resolution", t.resolution_minutes),
    ]
    .into_iter()
    .filter_map(|(what, m)| m.map(|m| format!("{what} {}", duration(m))))
    .collect::<Vec<_>>()
    .join(", ")
}

fn conditions_text(c: &PolicyConditionsBody) -> String {
    let mut parts = Vec::new();
    let named = |values: &[String], list: &[(&'static str, &'static str)]| {
        values
            .iter()
            .map(|v| label_of(list, v))
            .collect::<Vec<_>>()
            .join(" or ")
    };
    if !c.tiers.is_empty() {
        parts.push(format!("tier {}", named(&c.tiers, &TIERS)));
    }
    if !c.priorities.is_empty() {
        parts.push(format!("priority {}", named(&c.priorities, &PRIORITIES)));
    }
    if !c.channels.is_empty() {
        parts.push(format!("channel {}", c.channels.join(" or ")));
    }
    if !c.categories.is_empty() {
        parts.push(format!("category {}", c.categories.join(" or ")));
    }
    match c.has_contract {
        Some(true) => parts.push("with a service contract".into()),
        Some(false) => parts.push("without a service contract".into()),
        None => {}
    }
    if parts.is_empty() {
        "Every ticket".into()
    } else {
        api::sentence(&parts.join(", "))
    }
}

/// Moves a policy in the evaluation order; shared with the list's rows.
#[derive(Clone, Copy)]
struct Reorder {
    run: Callback<(Policy, i64)>,
    /// The policy being dragged.
    dragged: RwSignal<Option<Policy>>,
    /// A move is under way (the list's versions are about to change).
    busy: Memo<bool>,
    can: bool,
}

/// The policies in the order they are tried: the first whose conditions match a ticket sets
/// its clocks.
#[component]
pub fn PolicyList() -> impl IntoView {
    set_crumbs(vec![("SLA policies".into(), None)]);
    let session = expect_context::<Session>();
    let (current, page, nav) = list_page::<Policy>(false);
    let failure = RwSignal::new(None::<ApiError>);
    let moving = Action::new_local(move |(policy, position): &(Policy, i64)| {
        let (policy, position) = (policy.clone(), *position);
        async move {
            match sla::move_policy(&session, &policy, position).await {
                Ok(()) => failure.set(None),
                Err(error) => failure.set(Some(error)),
            }
            page.refetch();
        }
    });
    provide_context(Reorder {
        run: Callback::new(move |change| {
            moving.dispatch(change);
        }),
        dragged: RwSignal::new(None),
        busy: moving.pending(),
        can: session.can(domain::Permission::ManageSla),
    });
    view! {
        <section class="page">
            <div class="page-head">
                <h1>{move || if current().deleted() { "Deleted SLA policies" } else { "SLA policies" }}</h1>
                <Show when=move || session.can(domain::Permission::ManageSla)>
                    <A href="/sla/policies/new" attr:class="button primary">"New policy"</A>
                </Show>
            </div>
            <p class="muted">
                "Tried from the top: the first policy whose conditions match a ticket sets its clocks. Drag a row, or use Move up and Move down, to change the order. The hours come from the "
                <A href="/sla/calendars">"business calendars"</A>"."
            </p>
            <div class="toolbar">
                <ShowDeleted nav/>
            </div>
            {move || failure.get().map(|error| view! { <ErrorNote error/> })}
            <p class="visually-hidden" role="status" aria-live="polite">{move || moving.pending().get().then_some("Moving the policy…")}</p>
            {list_results(nav, current, page, empty, Callback::new(|()| ()), rows)}
        </section>
    }
}

fn empty(state: &ListState<Policy>, _: Callback<()>) -> AnyView {
    empty_or_first(
        state.deleted(),
        "No SLA policies yet",
        "/sla/policies/new",
        "Create the first policy",
    )
}

fn rows(policies: Vec<Policy>, nav: ListNav<Policy>) -> AnyView {
    let reorder = expect_context::<Reorder>();
    let movable = reorder.can && !nav.showing_trash();
    let count = policies.len();
    view! {
        <div class="table-wrap">
            <table class="records" aria-label="SLA policies in evaluation order">
                <thead>
                    <tr>
                        <th scope="col">"Order"</th>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Applies to"</th>
                        <th scope="col">"Targets"</th>
                        {movable.then(|| view! { <th scope="col"><span class="visually-hidden">"Move"</span></th> })}
                    </tr>
                </thead>
                <tbody>
                    {policies.into_iter().enumerate().map(|(i, p)| {
                        let (up, down, dragged, dropped) = (p.clone(), p.clone(), p.clone(), p.clone());
                        let position = p.position;
                        let name = p.name.clone();
                        view! {
                            <tr draggable=if movable { "true" } else { "false" }
                                class:draggable=movable
                                on:dragstart=move |_| reorder.dragged.set(Some(dragged.clone()))
                                on:dragover=move |ev| if movable { ev.prevent_default() }
                                on:drop=move |ev| {
                                    ev.prevent_default();
                                    if let Some(moved) = reorder.dragged.get_untracked() {
                                        if moved.id != dropped.id {
                                            reorder.run.run((moved, dropped.position));
                                        }
                                    }
                                    reorder.dragged.set(None);
                                }>
                                <td data-label="Order">{movable.then(|| view! { <span class="grip" aria-hidden="true">"⠿ "</span> })}{i + 1}</td>
                                <td class="primary-cell"><A href=format!("/sla/policies/{}", p.id)>{p.name.clone()}</A></td>
                                <td data-label="Applies to">{conditions_text(&p.conditions)}</td>
                                <td data-label="Targets">
                                    <ul class="plain">
                                        {p.targets.iter().map(|t| view! {
                                            <li><strong>{label_of(&PRIORITIES, &t.priority)}</strong>": "{target_text(t)}</li>
                                        }).collect_view()}
                                    </ul>
                                </td>
                                {movable.then(|| view! {
                                    <td class="move-cell">
                                        <button type="button" class="button small" disabled=move || i == 0 || reorder.busy.get()
                                            on:click=move |_| reorder.run.run((up.clone(), position - 1))>
                                            "Move up"<span class="visually-hidden">{format!(" {name}")}</span>
                                        </button>
                                        <button type="button" class="button small" disabled=move || i + 1 == count || reorder.busy.get()
                                            on:click=move |_| reorder.run.run((down.clone(), position + 1))>
                                            "Move down"<span class="visually-hidden">{format!(" {name}")}</span>
                                        </button>
                                    </td>
                                })}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// What a policy's page shows: the policy and the name of its calendar.
#[derive(Clone)]
struct Found {
    policy: api::Versioned<Policy>,
    calendar: Option<Calendar>,
}

/// A policy: when it applies, its targets, and the simulator.
pub fn policy_page() -> impl IntoView {
    record_page(RecordView {
        load: |session, id| {
            Box::pin(async move {
                let policy = api::one::<Policy>(&session, &id).await?;
                let calendar = api::one::<Calendar>(&session, &policy.record.calendar_id)
                    .await
                    .ok()
                    .map(|c| c.record);
                Ok(Found { policy, calendar })
            })
        },
        record: |found| found.policy.clone(),
        trail: |_| Vec::new(),
        head: |found| {
            view! { <p class="muted">{found.policy.record.description.clone().unwrap_or_default()}</p> }
                .into_any()
        },
        body: |found, _| view! { <PolicyDetails found/> }.into_any(),
        impact: |_| Vec::new(),
    })
}

#[component]
fn PolicyDetails(found: Found) -> impl IntoView {
    let policy = found.policy.record;
    let live = policy.deleted_at.is_none();
    view! {
        <div class="columns">
            <section class="card" aria-labelledby="policy-heading">
                <h2 id="policy-heading">"When it applies"</h2>
                <dl class="details">
                    <dt>"Applies to"</dt>
                    <dd>{conditions_text(&policy.conditions)}</dd>
                    <dt>"Order"</dt>
                    <dd>{format!("Tried {}", match policy.position { 0 => "first".to_owned(), n => format!("in place {}", n + 1) })}</dd>
                    <dt>"Calendar"</dt>
                    <dd>{match found.calendar {
                        Some(c) => view! { <A href=format!("/sla/calendars/{}", c.id)>{c.name.clone()}</A> }.into_any(),
                        None => view! { <span class="muted">"A deleted calendar"</span> }.into_any(),
                    }}</dd>
                    <dt>"Warning"</dt>
                    <dd>{format!("When {}% of a target has passed", policy.warning_percent)}</dd>
                    <dt>"Clocks pause in"</dt>
                    <dd>{policy.pausing_statuses.join(", ")}</dd>
                    <dt>"Escalations"</dt>
                    <dd><EscalationList escalations=policy.escalations.clone()/></dd>
                </dl>
            </section>
            <section class="card" aria-labelledby="targets-heading">
                <h2 id="targets-heading">"Targets (business time)"</h2>
                <ul class="people">
                    {policy.targets.iter().map(|t| view! {
                        <li><strong>{label_of(&PRIORITIES, &t.priority)}</strong><span>{target_text(t)}</span></li>
                    }).collect_view()}
                </ul>
            </section>
        </div>
        {live.then(|| view! { <Simulator policy=policy.clone()/> })}
    }
}
