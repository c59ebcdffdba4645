//! The SLA policy form: calendar, targets per priority, warning, pausing statuses, conditions,
//! escalations.

use api_types::sla::{CreatePolicy, Policy, PolicyConditionsBody, PriorityTargets, UpdatePolicy};
use api_types::Patch;
use leptos::prelude::*;

use super::escalations::{EscalationRow, EscalationsEditor};
use super::policies::PRIORITIES;
use crate::api::{self, sla, Session};
use crate::components::field::{FieldErrors, SelectField, TextField};
use crate::components::record_form::{record_form, FormValues};
use crate::pages::accounts::TIERS;

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
    escalations: RwSignal<Vec<EscalationRow>>,
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
            escalations: RwSignal::new(Vec::new()),
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
        self.escalations
            .set(p.escalations.iter().map(EscalationRow::of).collect());
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
            escalations: self
                .escalations
                .get_untracked()
                .iter()
                .map(EscalationRow::body)
                .collect(),
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
            escalations: Patch::Value(body.escalations),
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
            <EscalationsEditor rows=v.escalations errors/>
        }
        .into_any()
    }
}

/// Creates a policy, or edits one.
pub fn policy_form(editing: bool) -> impl IntoView {
    record_form::<Policy, Values>(editing)
}
