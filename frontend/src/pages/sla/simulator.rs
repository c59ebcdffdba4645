//! The simulator on a policy's page: a ticket's life (its priority, when it was opened, what
//! happened to it) run through `POST /sla/simulate`, drawn as a timeline with each clock's
//! running and paused spans, warning and deadline, and a table of the same for screen readers.

use api_types::sla::{ClockBody, Policy, SimulateRequest, SimulateResponse, SimulatedEvent};
use chrono::{DateTime, Utc};
use leptos::prelude::*;

use super::policies::{duration, PRIORITIES};
use crate::api::{sla, ApiError, Session};
use crate::components::status::ErrorNote;
use crate::format;
use crate::pages::accounts::label_of;

const EVENT_KINDS: [(&str, &str); 4] = [
    ("agent_replied", "An agent replies"),
    ("customer_replied", "The customer replies"),
    ("status_changed", "The status becomes"),
    ("priority_changed", "The priority becomes"),
];

const CLOCKS: [(&str, &str); 3] = [
    ("first_response", "First response"),
    ("next_response", "Next response"),
    ("resolution", "Resolution"),
];

const CLOCK_STATES: [(&str, &str); 6] = [
    ("running", "Running"),
    ("warning", "Past the warning"),
    ("paused", "Paused"),
    ("breached", "Breached"),
    ("met", "Met"),
    ("met_late", "Met late"),
];

/// A `datetime-local` value for `date` in the browser's time zone.
fn local_input(date: &js_sys::Date) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes()
    )
}

/// A `datetime-local` value as an instant, read in the browser's time zone.
fn instant(local: &str) -> Option<DateTime<Utc>> {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(local));
    if date.get_time().is_nan() {
        return None;
    }
    DateTime::parse_from_rfc3339(&String::from(date.to_iso_string()))
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

/// A `datetime-local` value as milliseconds since the epoch (NaN when it is not one).
fn millis(local: &str) -> f64 {
    js_sys::Date::new(&wasm_bindgen::JsValue::from_str(local)).get_time()
}

/// `hours` after `local`, as another `datetime-local` value.
fn later(local: &str, hours: f64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(local));
    local_input(&js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
        date.get_time() + hours * 3_600_000.0,
    )))
}

/// One event of the ticket's life in the form.
#[derive(Clone, Copy)]
struct EventRow {
    at: RwSignal<String>,
    kind: RwSignal<String>,
    value: RwSignal<String>,
}

/// The simulator for `policy`.
#[component]
pub fn Simulator(policy: Policy) -> impl IntoView {
    let session = expect_context::<Session>();
    let now = js_sys::Date::new_0();
    now.set_minutes(0);
    let opened = RwSignal::new(local_input(&now));
    let priority = RwSignal::new(
        policy
            .targets
            .first()
            .map_or_else(|| "normal".to_owned(), |t| t.priority.clone()),
    );
    let start = opened.get_untracked();
    let row = |hours: f64, kind: &str, value: &str| EventRow {
        at: RwSignal::new(later(&start, hours)),
        kind: RwSignal::new(kind.to_owned()),
        value: RwSignal::new(value.to_owned()),
    };
    let events = RwSignal::new(vec![
        row(2.0, "agent_replied", ""),
        row(3.0, "status_changed", "pending"),
        row(26.0, "customer_replied", ""),
        row(27.0, "status_changed", "open"),
    ]);
    let as_of = RwSignal::new(later(&start, 72.0));
    let problem = RwSignal::new(None::<String>);
    let policy_id = policy.id.clone();
    let run = Action::new_local(move |request: &SimulateRequest| {
        let request = request.clone();
        async move { sla::simulate(&session, &request).await }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(opened_at) = instant(&opened.get_untracked()) else {
            problem.set(Some("Say when the ticket was opened.".into()));
            return;
        };
        let mut list = Vec::new();
        for (i, e) in events.get_untracked().iter().enumerate() {
            let Some(at) = instant(&e.at.get_untracked()) else {
                problem.set(Some(format!("Say when event {} happens.", i + 1)));
                return;
            };
            let kind = e.kind.get_untracked();
            let value = Some(e.value.get_untracked()).filter(|v| !v.trim().is_empty());
            list.push(SimulatedEvent {
                at,
                status: (kind == "status_changed").then(|| value.clone()).flatten(),
                priority: (kind == "priority_changed")
                    .then(|| value.clone())
                    .flatten(),
                event_type: kind,
            });
        }
        list.sort_by_key(|e| e.at);
        problem.set(None);
        run.dispatch(SimulateRequest {
            policy_id: Some(policy_id.clone()),
            calendar_id: None,
            calendar: None,
            targets: None,
            warning_percent: None,
            pausing_statuses: None,
            priority: priority.get_untracked(),
            opened_at,
            events: list,
            as_of: instant(&as_of.get_untracked()),
        });
    };
    let priorities: Vec<(&'static str, &'static str)> = PRIORITIES
        .iter()
        .copied()
        .filter(|(p, _)| policy.targets.iter().any(|t| t.priority == *p))
        .collect();
    let event_priorities = priorities.clone();
    view! {
        <section class="card spaced" aria-labelledby="simulator-heading">
            <h2 id="simulator-heading">"Try it on a ticket"</h2>
            <p class="muted">"Times are in your time zone; the clocks count business time in the policy's calendar."</p>
            <form class="simulator" on:submit=submit>
                <div class="row">
                    <div class="field">
                        <label for="sim-priority">"Priority"</label>
                        <select id="sim-priority" prop:value=move || priority.get() on:change=move |ev| priority.set(event_target_value(&ev))>
                            {priorities.into_iter().map(|(v, l)| view! { <option value=v selected=move || priority.get() == v>{l}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="sim-opened">"Opened"</label>
                        <input id="sim-opened" type="datetime-local" prop:value=move || opened.get()
                            on:input=move |ev| {
                                // The ticket's life moves with its opening.
                                let value = event_target_value(&ev);
                                let shift = millis(&value) - millis(&opened.get_untracked());
                                if shift.is_finite() {
                                    for e in events.get_untracked() {
                                        e.at.set(later(&e.at.get_untracked(), shift / 3_600_000.0));
                                    }
                                    as_of.set(later(&as_of.get_untracked(), shift / 3_600_000.0));
                                }
                                opened.set(value);
                            }/>
                    </div>
                    <div class="field">
                        <label for="sim-as-of">"Read the clocks at"</label>
                        <input id="sim-as-of" type="datetime-local" prop:value=move || as_of.get() on:input=move |ev| as_of.set(event_target_value(&ev))/>
                    </div>
                </div>
                <p class="label">"What happens"</p>
                <ol class="sim-events">
                    {move || events.get().into_iter().enumerate().map(|(i, e)| {
                        let event_priorities = event_priorities.clone();
                        view! {
                            <li class="row">
                                <input type="datetime-local" aria-label=format!("Event {}: when", i + 1) prop:value=move || e.at.get() on:input=move |ev| e.at.set(event_target_value(&ev))/>
                                <select aria-label=format!("Event {}: what", i + 1) prop:value=move || e.kind.get() on:change=move |ev| e.kind.set(event_target_value(&ev))>
                                    {EVENT_KINDS.iter().map(|(v, l)| view! { <option value=*v selected=move || e.kind.get() == *v>{*l}</option> }).collect_view()}
                                </select>
                                {move || match e.kind.get().as_str() {
                                    "status_changed" => view! {
                                        <input type="text" aria-label=format!("Event {}: status", i + 1) placeholder="pending" prop:value=move || e.value.get() on:input=move |ev| e.value.set(event_target_value(&ev))/>
                                    }.into_any(),
                                    "priority_changed" => {
                                        let options = event_priorities.clone();
                                        view! {
                                            <select aria-label=format!("Event {}: priority", i + 1) prop:value=move || e.value.get() on:change=move |ev| e.value.set(event_target_value(&ev))>
                                                <option value="">"Choose"</option>
                                                {options.into_iter().map(|(v, l)| view! { <option value=v selected=move || e.value.get() == v>{l}</option> }).collect_view()}
                                            </select>
                                        }.into_any()
                                    }
                                    _ => ().into_any(),
                                }}
                                <button type="button" class="link-button" on:click=move |_| events.update(|l| { l.remove(i); })>
                                    "Remove"<span class="visually-hidden">{format!(" event {}", i + 1)}</span>
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ol>
                <div class="form-actions">
                    <button type="button" class="button small" on:click=move |_| events.update(|l| {
                        let at = l.last().map_or_else(|| opened.get_untracked(), |e| later(&e.at.get_untracked(), 1.0));
                        l.push(EventRow { at: RwSignal::new(at), kind: RwSignal::new("agent_replied".into()), value: RwSignal::new(String::new()) });
                    })>"Add event"</button>
                    <button type="submit" class="button primary" disabled=move || run.pending().get()>"Simulate"</button>
                </div>
                {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
            </form>
            {move || run.value().get().map(|result: Result<SimulateResponse, ApiError>| match result {
                Ok(found) => view! { <Timeline found/> }.into_any(),
                Err(error) => view! { <ErrorNote error/> }.into_any(),
            })}
        </section>
    }
}

/// A clock's spans: (from, to, paused).
fn spans(clock: &ClockBody, end: DateTime<Utc>) -> Vec<(DateTime<Utc>, DateTime<Utc>, bool)> {
    let mut out = Vec::new();
    let mut from = clock.started_at;
    let mut paused = false;
    for entry in &clock.timeline {
        match entry.event.as_str() {
            "paused" if !paused => {
                out.push((from, entry.at, false));
                (from, paused) = (entry.at, true);
            }
            "resumed" if paused => {
                out.push((from, entry.at, true));
                (from, paused) = (entry.at, false);
            }
            "met" => {
                out.push((from, entry.at, paused));
                return out;
            }
            _ => {}
        }
    }
    out.push((from, end.max(from), paused));
    out
}

/// The simulated clocks drawn on one time axis, and as a table.
#[component]
fn Timeline(found: SimulateResponse) -> impl IntoView {
    if found.clocks.is_empty() {
        return view! { <p class="muted">"No clock runs for this priority."</p> }.into_any();
    }
    let start = found
        .clocks
        .iter()
        .map(|c| c.started_at)
        .min()
        .unwrap_or(found.as_of);
    let end = found
        .clocks
        .iter()
        .flat_map(|c| [c.deadline, c.warn_at])
        .flatten()
        .chain([found.as_of])
        .max()
        .unwrap_or(found.as_of);
    let span_ms = (end - start).num_milliseconds().max(1) as f64;
    let (left, width, row) = (130.0, 640.0, 34.0);
    let x =
        move |at: DateTime<Utc>| left + width * ((at - start).num_milliseconds() as f64 / span_ms);
    let height = row * found.clocks.len() as f64 + 40.0;
    let description = format!(
        "Timeline of {} clocks from {} to {}",
        found.clocks.len(),
        format::date_time(&start),
        format::date_time(&end)
    );
    view! {
        <figure class="timeline-chart">
            <svg viewBox=format!("0 0 800 {height}") role="img" aria-label=description>
                <line x1=left y1="0" x2=left y2=height - 24.0 class="axis"/>
                <line x1=x(found.as_of) y1="0" x2=x(found.as_of) y2=height - 24.0 class="as-of"/>
                {found.clocks.iter().enumerate().map(|(i, clock)| {
                    let y = i as f64 * row + 6.0;
                    let name = label_of(&CLOCKS, &clock.kind);
                    let breach = clock.deadline.filter(|d| *d < found.as_of && matches!(clock.status.as_str(), "breached" | "met_late"));
                    view! {
                        <text x="0" y=y + 15.0 class="clock-name">{name}</text>
                        {spans(clock, found.as_of).into_iter().map(|(from, to, paused)| view! {
                            <rect x=x(from) y=y width=(x(to) - x(from)).max(1.0) height="20" rx="3"
                                class=if paused { "span paused" } else { "span running" }>
                                <title>{format!("{} {} – {}", if paused { "Paused" } else { "Running" }, format::date_time(&from), format::date_time(&to))}</title>
                            </rect>
                        }).collect_view()}
                        {breach.map(|d| view! {
                            <rect x=x(d) y=y width=(x(found.as_of) - x(d)).max(1.0) height="20" class="span late"><title>"Past the deadline"</title></rect>
                        })}
                        {clock.warn_at.map(|w| view! { <line x1=x(w) y1=y - 2.0 x2=x(w) y2=y + 22.0 class="warn"><title>{format!("Warning {}", format::date_time(&w))}</title></line> })}
                        {clock.deadline.map(|d| view! { <line x1=x(d) y1=y - 3.0 x2=x(d) y2=y + 23.0 class="deadline"><title>{format!("Deadline {}", format::date_time(&d))}</title></line> })}
                    }
                }).collect_view()}
                <text x=left y=height - 6.0 class="tick">{format::date_time(&start)}</text>
                <text x=left + width y=height - 6.0 class="tick end">{format::date_time(&end)}</text>
            </svg>
            <figcaption class="legend">
                <span class="key running"></span>"Running "
                <span class="key paused"></span>"Paused "
                <span class="key late"></span>"Past the deadline "
                <span class="key deadline"></span>"Deadline "
                <span class="key warn"></span>"Warning "
                <span class="key as-of"></span>"Read at"
            </figcaption>
        </figure>
        <table class="records" aria-label="Simulated clocks">
            <thead><tr>
                <th scope="col">"Clock"</th><th scope="col">"State"</th><th scope="col">"Target"</th>
                <th scope="col">"Deadline"</th><th scope="col">"Left"</th>
            </tr></thead>
            <tbody>
                {found.clocks.iter().map(|c| view! {
                    <tr>
                        <td class="primary-cell">{label_of(&CLOCKS, &c.kind)}</td>
                        <td data-label="State"><span class=format!("badge clock-{}", c.status)>{label_of(&CLOCK_STATES, &c.status)}</span></td>
                        <td data-label="Target">{duration(c.target_minutes)}</td>
                        <td data-label="Deadline">{c.deadline.map(|d| format::date_time(&d)).unwrap_or_else(|| "—".into())}</td>
                        <td data-label="Left">{if c.remaining_seconds < 0 {
                            format!("{} overdue", duration(-c.remaining_seconds / 60))
                        } else {
                            duration(c.remaining_seconds / 60)
                        }}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
