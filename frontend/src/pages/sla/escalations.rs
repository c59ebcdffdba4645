//! A policy's escalations in its form: what happens when a clock warns or breaches, besides
//! telling the assignee and the team's lead.

use api_types::sla::PolicyEscalation;
use leptos::prelude::*;

use crate::api::{self, users, Session};
use crate::components::field::FieldErrors;

/// The clocks an escalation may wait for, and how they read.
const CLOCKS: [(&str, &str); 4] = [
    ("", "Any clock"),
    ("first_response", "First response"),
    ("next_response", "Next response"),
    ("resolution", "Resolution"),
];

/// One escalation as edited.
#[derive(Clone, Copy)]
pub struct EscalationRow {
    on: RwSignal<String>,
    clock: RwSignal<String>,
    raise: RwSignal<bool>,
    team: RwSignal<String>,
    notify: RwSignal<String>,
}

impl EscalationRow {
    /// A row showing `e`.
    pub fn of(e: &PolicyEscalation) -> Self {
        Self {
            on: RwSignal::new(e.on.clone()),
            clock: RwSignal::new(e.clock.clone().unwrap_or_default()),
            raise: RwSignal::new(e.raise_priority),
            team: RwSignal::new(e.team_id.clone().unwrap_or_default()),
            notify: RwSignal::new(e.notify_user_id.clone().unwrap_or_default()),
        }
    }

    /// The escalation as sent.
    pub fn body(&self) -> PolicyEscalation {
        let chosen = |v: RwSignal<String>| Some(v.get_untracked()).filter(|v| !v.is_empty());
        PolicyEscalation {
            on: self.on.get_untracked(),
            clock: chosen(self.clock),
            raise_priority: self.raise.get_untracked(),
            team_id: chosen(self.team),
            notify_user_id: chosen(self.notify),
        }
    }
}

/// A select of `options` (value, label) for `value`, labelled `label`.
fn choice(
    id: String,
    label: &'static str,
    value: RwSignal<String>,
    options: Vec<(String, String)>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id prop:value=move || value.get() on:change=move |ev| value.set(event_target_value(&ev))>
                {options.into_iter().map(|(v, l)| {
                    let selected = v == value.get_untracked();
                    view! { <option value=v selected=selected>{l}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// The escalations of the policy: a row each, added and removed in place.
#[component]
pub fn EscalationsEditor(rows: RwSignal<Vec<EscalationRow>>, errors: FieldErrors) -> impl IntoView {
    let session = expect_context::<Session>();
    let teams = LocalResource::new(move || async move { users::teams(&session).await });
    let people = LocalResource::new(move || async move { users::directory(&session).await });
    let row_view = move |(i, row): (usize, EscalationRow)| {
        let team_options = move || {
            let mut options = vec![(String::new(), "Keep its team".to_owned())];
            let list = teams.get().and_then(Result::ok).unwrap_or_default();
            options.extend(
                list.into_iter()
                    .map(|t| (t.id, format!("Move to {}", t.name))),
            );
            options
        };
        let people_options = move || {
            let mut options = vec![(String::new(), "Nobody else".to_owned())];
            let list = people.get().and_then(Result::ok).unwrap_or_default();
            options.extend(list.into_iter().map(|u| (u.id, u.name)));
            options
        };
        let labelled = |&(v, l): &(&str, &str)| (v.to_owned(), l.to_owned());
        let triggers = [("warning", "A clock warns"), ("breach", "A clock breaches")];
        let remove = move |_| {
            rows.update(|r| {
                r.remove(i);
            })
        };
        view! {
            <div class="escalation" role="group" aria-label=format!("Escalation {}", i + 1)>
                <div class="row">
                    {choice(format!("escalation-{i}-on"), "When", row.on, triggers.iter().map(labelled).collect())}
                    {choice(format!("escalation-{i}-clock"), "Of", row.clock, CLOCKS.iter().map(labelled).collect())}
                </div>
                <label class="checkbox">
                    <input type="checkbox" prop:checked=move || row.raise.get()
                        on:change=move |ev| row.raise.set(event_target_checked(&ev))/>
                    "Raise the priority one step"
                </label>
                <div class="row">
                    {move || choice(format!("escalation-{i}-team"), "Team", row.team, team_options())}
                    {move || choice(format!("escalation-{i}-notify"), "Also tell", row.notify, people_options())}
                </div>
                <button type="button" class="button small subtle" on:click=remove>
                    {format!("Remove escalation {}", i + 1)}
                </button>
            </div>
        }
    };
    let add = move |_| {
        rows.update(|r| {
            r.push(EscalationRow::of(&PolicyEscalation {
                on: "breach".into(),
                ..Default::default()
            }))
        })
    };
    view! {
        <fieldset>
            <legend>"Escalations"</legend>
            <p class="hint">"Besides telling the assignee and the team's lead: what happens the first time a clock warns or breaches."</p>
            {move || rows.get().into_iter().enumerate().map(row_view).collect_view()}
            {move || errors.for_pointer("/escalations").map(|e| view! { <p class="error" role="alert">{api::sentence(&e)}</p> })}
            <button type="button" class="button small" on:click=add>"Add an escalation"</button>
        </fieldset>
    }
}

/// One escalation in words: "On a breach of first response: raise the priority, move to
/// Second line, tell Morgan Lee."
fn in_words(e: &PolicyEscalation, team: Option<String>, person: Option<String>) -> String {
    let clock = CLOCKS
        .iter()
        .find(|(v, _)| Some(*v) == e.clock.as_deref())
        .map_or("any clock".to_owned(), |(_, l)| l.to_lowercase());
    let event = if e.on == "warning" {
        "a warning"
    } else {
        "a breach"
    };
    let mut actions = Vec::new();
    if e.raise_priority {
        actions.push("raise the priority".to_owned());
    }
    if e.team_id.is_some() {
        actions.push(format!(
            "move to {}",
            team.unwrap_or_else(|| "a team".into())
        ));
    }
    if e.notify_user_id.is_some() {
        actions.push(format!(
            "tell {}",
            person.unwrap_or_else(|| "a user".into())
        ));
    }
    if actions.is_empty() {
        actions.push("nothing more".into());
    }
    format!("On {event} of {clock}: {}.", actions.join(", "))
}

/// A policy's escalations in words, for its page.
#[component]
pub fn EscalationList(escalations: Vec<PolicyEscalation>) -> impl IntoView {
    let session = expect_context::<Session>();
    let teams = LocalResource::new(move || async move { users::teams(&session).await });
    let people = LocalResource::new(move || async move { users::directory(&session).await });
    if escalations.is_empty() {
        return view! { <span class="muted">"None: only the assignee and the team's lead are told"</span> }
            .into_any();
    }
    view! {
        <ul class="plain">
            {move || {
                let teams = teams.get().and_then(Result::ok).unwrap_or_default();
                let people = people.get().and_then(Result::ok).unwrap_or_default();
                escalations.iter().map(|e| {
                    let team = teams.iter().find(|t| Some(&t.id) == e.team_id.as_ref()).map(|t| t.name.clone());
                    let person = e.notify_user_id.as_ref().map(|u| users::name_of(&people, u));
                    view! { <li>{in_words(e, team, person)}</li> }
                }).collect_view()
            }}
        </ul>
    }
    .into_any()
}
