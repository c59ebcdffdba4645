//! SLA policies: the list in evaluation order (moved by drag or by keyboard), a policy's page
//! with the simulator (a ticket's life drawn on a timeline with each clock), and the form.

use api_types::sla::{
    Calendar, CreatePolicy, Policy, PolicyConditionsBody, PriorityTargets, UpdatePolicy,
};
use api_types::Patch;
use leptos::prelude::*;
use leptos_router::components::A;

use super::simulator::Simulator;
use crate::api::{self, sla, ApiError, Session};
use crate::components::field::{FieldErrors, SelectField, TextField};
use crate::components::list_nav::{list_page, list_results, ListNav, ListState, ShowDeleted};
use crate::components::record_form::{record_form, FormValues};
use crate::components::record_page::{record_page, RecordView};
use crate::components::shell::set_crumbs;
use crate::components::status::{Empty, ErrorNote};
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
    if state.deleted() {
        view! { <Empty title="The trash is empty".into()/> }.into_any()
    } else {
        view! {
            <Empty title="No SLA policies yet".into()>
                <p><A href="/sla/policies/new">"Create the first policy"</A></p>
            </Empty>
        }
        .into_any()
    }
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

/// Targets of one priority in the form: minutes as typed.
#[derive(Clone, Copy)]
struct TargetRow {
    first: RwSignal<String>,
    next: RwSignal<String>,
    resolution: RwSignal<String>,
}

/// The form's values.
#[derive(Clone, Copy)]
pub struct Values {
    name: RwSignal<String>,
    description: RwSignal<String>,
    calendar: RwSignal<String>,
    targets: [TargetRow; 4],
    warning: RwSignal<String>,
    pausing: RwSignal<String>,
    tiers: RwSignal<Vec<String>>,
    priorities: RwSignal<Vec<String>>,
    channels: RwSignal<String>,
    categories: RwSignal<String>,
    contract: RwSignal<String>,
    session: Session,
}

fn words(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

fn minutes(raw: &str, pointer: String, errors: &mut Vec<(String, String)>) -> Option<i64> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    match raw.parse::<i64>() {
        Ok(n) if n > 0 => Some(n),
        _ => {
            errors.push((pointer, "must be a whole number of minutes above 0".into()));
            None
        }
    }
}

impl FormValues<Policy> for Values {
    fn new(session: Session) -> Self {
        let s = |v: &str| RwSignal::new(v.to_owned());
        let row = |first: &str, next: &str, resolution: &str| TargetRow {
            first: s(first),
            next: s(next),
            resolution: s(resolution),
        };
        Self {
            name: s(""),
            description: s(""),
            calendar: s(""),
            targets: [
                row("30", "60", "240"),
                row("60", "120", "480"),
                row("240", "480", "1440"),
                row("480", "960", "2880"),
            ],
            warning: s("75"),
            pausing: s("pending, on_hold"),
            tiers: RwSignal::new(Vec::new()),
            priorities: RwSignal::new(Vec::new()),
            channels: s(""),
            categories: s(""),
            contract: s(""),
            session,
        }
    }

    fn fill(&self, p: &Policy) {
        self.name.set(p.name.clone());
        self.description
            .set(p.description.clone().unwrap_or_default());
        self.calendar.set(p.calendar_id.clone());
        for (row, (priority, _)) in self.targets.iter().zip(PRIORITIES) {
            let found = p.targets.iter().find(|t| t.priority == priority);
            let text = |m: Option<i64>| m.map(|m| m.to_string()).unwrap_or_default();
            row.first
                .set(text(found.and_then(|t| t.first_response_minutes)));
            row.next
                .set(text(found.and_then(|t| t.next_response_minutes)));
            row.resolution
                .set(text(found.and_then(|t| t.resolution_minutes)));
        }
        self.warning.set(p.warning_percent.to_string());
        self.pausing.set(p.pausing_statuses.join(", "));
        self.tiers.set(p.conditions.tiers.clone());
        self.priorities.set(p.conditions.priorities.clone());
        self.channels.set(p.conditions.channels.join(", "));
        self.categories.set(p.conditions.categories.join(", "));
        self.contract.set(match p.conditions.has_contract {
            Some(true) => "yes".into(),
            Some(false) => "no".into(),
            None => String::new(),
        });
    }

    fn body(&self) -> Result<CreatePolicy, Vec<(String, String)>> {
        let mut errors = Vec::new();
        let name = self.name.get_untracked().trim().to_owned();
        if let Err(e) = domain::text::required("/name", &name, 100) {
            errors.push((e.pointer, e.detail));
        }
        if self.calendar.get_untracked().is_empty() {
            errors.push(("/calendar_id".into(), "must be chosen".into()));
        }
        let mut targets = Vec::new();
        for (i, (row, (priority, _))) in self.targets.iter().zip(PRIORITIES).enumerate() {
            let target = PriorityTargets {
                priority: priority.to_owned(),
                first_response_minutes: minutes(
                    &row.first.get_untracked(),
                    format!("/targets/{i}/first_response_minutes"),
                    &mut errors,
                ),
                next_response_minutes: minutes(
                    &row.next.get_untracked(),
                    format!("/targets/{i}/next_response_minutes"),
                    &mut errors,
                ),
                resolution_minutes: minutes(
                    &row.resolution.get_untracked(),
                    format!("/targets/{i}/resolution_minutes"),
                    &mut errors,
                ),
            };
            let any = target.first_response_minutes.is_some()
                || target.next_response_minutes.is_some()
                || target.resolution_minutes.is_some();
            if any {
                targets.push(target);
            }
        }
        if targets.is_empty() && errors.iter().all(|(p, _)| !p.starts_with("/targets")) {
            errors.push((
                "/targets".into(),
                "need at least one priority with a target".into(),
            ));
        }
        let warning = self.warning.get_untracked().trim().parse::<i64>().ok();
        if !warning.is_some_and(|w| (1..=99).contains(&w)) {
            errors.push((
                "/warning_percent".into(),
                "must be a whole number from 1 to 99".into(),
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let description = self.description.get_untracked().trim().to_owned();
        Ok(CreatePolicy {
            name,
            description: (!description.is_empty()).then_some(description),
            calendar_id: self.calendar.get_untracked(),
            position: None,
            conditions: PolicyConditionsBody {
                tiers: self.tiers.get_untracked(),
                channels: words(&self.channels.get_untracked()),
                categories: words(&self.categories.get_untracked()),
                priorities: self.priorities.get_untracked(),
                has_contract: match self.contract.get_untracked().as_str() {
                    "yes" => Some(true),
                    "no" => Some(false),
                    _ => None,
                },
            },
            targets,
            warning_percent: warning,
            pausing_statuses: Some(words(&self.pausing.get_untracked())),
        })
    }

    fn update(body: CreatePolicy) -> UpdatePolicy {
        UpdatePolicy {
            name: Patch::Value(body.name),
            description: Patch::set(body.description),
            calendar_id: Patch::Value(body.calendar_id),
            position: Patch::Absent,
            conditions: Patch::Value(body.conditions),
            targets: Patch::Value(body.targets),
            warning_percent: Patch::set(body.warning_percent),
            pausing_statuses: Patch::set(body.pausing_statuses),
        }
    }

    fn fields(self, errors: FieldErrors) -> AnyView {
        let v = self;
        let session = v.session;
        let calendars = LocalResource::new(move || async move { sla::calendars(&session).await });
        let error_at = move |pointer: &'static str| {
            move || {
                errors
                    .for_pointer(pointer)
                    .map(|e| view! { <p class="error" role="alert">{api::sentence(&e)}</p> })
            }
        };
        let checkboxes = |chosen: RwSignal<Vec<String>>,
                          options: &'static [(&'static str, &'static str)],
                          group: &'static str| {
            view! {
                <div class="checkbox-group" role="group" aria-label=group>
                    {options.iter().map(|(value, label)| view! {
                        <label class="checkbox">
                            <input type="checkbox" prop:checked=move || chosen.with(|c| c.iter().any(|x| x == value))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    chosen.update(|c| { c.retain(|x| x != value); if on { c.push((*value).to_owned()); } });
                                }/>
                            {*label}
                        </label>
                    }).collect_view()}
                </div>
            }
        };
        view! {
            <fieldset>
                <legend>"Policy"</legend>
                <TextField label="Name" pointer="/name" value=v.name errors=errors required=true/>
                <TextField label="Description" pointer="/description" value=v.description errors=errors/>
                <div class="field">
                    <label for="field-calendar_id">"Business calendar"</label>
                    <select id="field-calendar_id" prop:value=move || v.calendar.get()
                        aria-invalid=move || if errors.for_pointer("/calendar_id").is_some() { "true" } else { "false" }
                        on:change=move |ev| v.calendar.set(event_target_value(&ev))>
                        <option value="">"Choose a calendar"</option>
                        {move || calendars.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|c| {
                            let selected = c.id == v.calendar.get_untracked();
                            view! { <option value=c.id.clone() selected=selected>{c.name.clone()}</option> }
                        }).collect_view()}
                    </select>
                    {error_at("/calendar_id")}
                </div>
            </fieldset>
            <fieldset>
                <legend>"Targets in business minutes"</legend>
                <p class="hint">"Leave a field empty for no clock of that kind; leave a whole row empty for a priority the policy does not cover."</p>
                <table class="targets-editor" aria-label="Targets in business minutes">
                    <thead>
                        <tr><th scope="col">"Priority"</th><th scope="col">"First response"</th><th scope="col">"Next response"</th><th scope="col">"Resolution"</th></tr>
                    </thead>
                    <tbody>
                        {v.targets.into_iter().zip(PRIORITIES).map(|(row, (_, label))| view! {
                            <tr>
                                <th scope="row">{label}</th>
                                <td><input type="text" inputmode="numeric" aria-label=format!("{label}: first response, minutes") prop:value=move || row.first.get() on:input=move |ev| row.first.set(event_target_value(&ev))/></td>
                                <td><input type="text" inputmode="numeric" aria-label=format!("{label}: next response, minutes") prop:value=move || row.next.get() on:input=move |ev| row.next.set(event_target_value(&ev))/></td>
                                <td><input type="text" inputmode="numeric" aria-label=format!("{label}: resolution, minutes") prop:value=move || row.resolution.get() on:input=move |ev| row.resolution.set(event_target_value(&ev))/></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                {error_at("/targets")}
                <div class="row">
                    <TextField label="Warn at (% of a target)" pointer="/warning_percent" value=v.warning errors=errors/>
                    <TextField label="Statuses that pause the clocks" pointer="/pausing_statuses" value=v.pausing errors=errors hint="Separated by commas"/>
                </div>
            </fieldset>
            <fieldset>
                <legend>"Applies to (empty means any)"</legend>
                <p class="label">"Account tiers"</p>
                {checkboxes(v.tiers, &TIERS, "Account tiers")}
                <p class="label">"Ticket priorities"</p>
                {checkboxes(v.priorities, &PRIORITIES, "Ticket priorities")}
                <div class="row">
                    <TextField label="Channels" pointer="/conditions/channels" value=v.channels errors=errors hint="Such as email, phone, portal; separated by commas"/>
                    <TextField label="Categories" pointer="/conditions/categories" value=v.categories errors=errors hint="Separated by commas"/>
                </div>
                <SelectField label="Service contract" pointer="/conditions/has_contract" value=v.contract errors=errors
                    options=vec![("", "Either"), ("yes", "Has one"), ("no", "Has none")]/>
            </fieldset>
        }
        .into_any()
    }
}

/// Creates a policy, or edits one.
pub fn policy_form(editing: bool) -> impl IntoView {
    record_form::<Policy, Values>(editing)
}
