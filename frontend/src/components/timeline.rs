//! A record's timeline: what was done, said and decided on it, newest first, a page at a
//! time, narrowed by kind, with the form that logs the next activity.

use api_types::activities::{Activity, CreateActivity, TimelineEntry};
use api_types::users::User;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use super::activity_form::ActivityComposer;
use crate::api::{self, users, Session};
use crate::format;

/// The filters offered: label and the kinds they ask for. Notes have their own card on each
/// page (where they are written, changed and deleted), so the timeline leaves them out rather
/// than show each twice.
const FILTERS: [(&str, &str); 5] = [
    ("All", "task,call,meeting,email,stage_change,ticket_event"),
    ("Calls", "call"),
    ("Tasks", "task"),
    ("Meetings", "meeting"),
    ("Emails", "email"),
];

/// The timeline of the record at `/api/v1/{path}/{id}`; `links` names the record for new
/// activities (only shown to users who may write them when `writable`).
#[component]
pub fn RecordTimeline(
    path: &'static str,
    id: String,
    links: CreateActivity,
    people: Vec<User>,
    writable: bool,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let kinds = RwSignal::new(FILTERS[0].1.to_owned());
    let entries = RwSignal::new(Vec::<TimelineEntry>::new());
    let next = RwSignal::new(None::<String>);
    let loading = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let id = StoredValue::new(id);
    let load = move |more: bool| {
        let cursor = if more { next.get_untracked() } else { None };
        loading.set(true);
        spawn_local(async move {
            let filter = kinds.get_untracked();
            let page = api::activities::timeline(
                &session,
                path,
                &id.get_value(),
                &filter,
                cursor.as_deref(),
            )
            .await;
            loading.set(false);
            match page {
                Ok(page) => {
                    if more {
                        entries.update(|e| e.extend(page.items));
                    } else {
                        entries.set(page.items);
                    }
                    next.set(page.next_cursor);
                    problem.set(None);
                }
                Err(error) => problem.set(Some(error.message())),
            }
        });
    };
    Effect::new(move |_| {
        kinds.track();
        load(false);
    });
    let reload = Callback::new(move |()| load(false));
    let people = StoredValue::new(people);
    view! {
        {writable.then(|| view! { <ActivityComposer links saved=reload/> })}
        <div class="chips" role="group" aria-label="Show">
            {FILTERS.into_iter().map(|(label, value)| view! {
                <button type="button" class="chip" aria-pressed=move || (kinds.get() == value).to_string()
                    on:click=move |_| kinds.set(value.to_owned())>{label}</button>
            }).collect_view()}
        </div>
        {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
        {move || {
            let list = entries.get();
            if list.is_empty() && !loading.get() {
                return view! { <p class="muted">"Nothing here yet."</p> }.into_any();
            }
            view! {
                <ol class="timeline activity-timeline">
                    {list.into_iter().map(|e| {
                        let actor = e.actor_id.as_deref().map_or_else(|| "Rapport".to_owned(), |a| people.with_value(|p| users::name_of(p, a)));
                        view! { <Entry entry=e actor writable changed=reload/> }
                    }).collect_view()}
                </ol>
            }.into_any()
        }}
        {move || next.get().is_some().then(|| view! {
            <button type="button" class="button subtle" disabled=move || loading.get() on:click=move |_| load(true)>"Show older"</button>
        })}
    }
}

/// What a logged call or email says in a line: direction, duration, outcome.
fn logged(a: &Activity) -> String {
    let mut parts = Vec::new();
    if let Some(d) = &a.direction {
        parts.push(
            if d == "inbound" {
                "inbound"
            } else {
                "outbound"
            }
            .to_owned(),
        );
    }
    if let Some(s) = a.duration_seconds.filter(|s| *s > 0) {
        parts.push(format!("{} min", (s + 59) / 60));
    }
    if let Some(o) = &a.outcome {
        parts.push(o.replace('_', " "));
    }
    parts.join(", ")
}

/// One entry.
#[component]
fn Entry(
    entry: TimelineEntry,
    actor: String,
    writable: bool,
    changed: Callback<()>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let problem = RwSignal::new(None::<String>);
    let kind = entry.kind.clone();
    let mut when = format::date_time(&entry.at);
    let datetime = entry.at.to_rfc3339();
    let (title, detail, body): (AnyView, Option<String>, Option<String>) = match (
        &entry.activity,
        &entry.note,
        &entry.stage_change,
        &entry.ticket_event,
    ) {
        (Some(a), _, _, _) => {
            let label = match a.kind.as_str() {
                "call" => "Call",
                "task" => "Task",
                "meeting" => "Meeting",
                _ => "Email",
            };
            // The meta line says when; the detail line what else there is to know.
            let detail = match a.kind.as_str() {
                "meeting" => {
                    if let Some(end) = a.ends_at {
                        when = format!("{when} – {}", format::date_time(&end));
                    }
                    a.location.clone()
                }
                "task" => {
                    when = match a.due_at {
                        Some(_) => format!("due {when}"),
                        None => "no due date".to_owned(),
                    };
                    let overdue =
                        a.status == "open" && a.due_at.is_some_and(|d| d < chrono::Utc::now());
                    let high = a.priority.as_deref() == Some("high");
                    match (overdue, high) {
                        (true, true) => Some("Overdue · high priority".to_owned()),
                        (true, false) => Some("Overdue".to_owned()),
                        (false, true) => Some("High priority".to_owned()),
                        (false, false) => None,
                    }
                }
                _ => Some(logged(a)).filter(|s| !s.is_empty()),
            };
            let title = format!("{label}: {}", a.subject);
            (
                view! { <strong>{title}</strong> }.into_any(),
                detail,
                a.description.clone(),
            )
        }
        (_, Some(n), _, _) => (
            view! { <strong>"Note"</strong> }.into_any(),
            None,
            Some(n.body.clone()),
        ),
        (_, _, Some(s), _) => {
            let href = format!("/opportunities/{}", s.opportunity_id);
            let name = s.opportunity_name.clone();
            let moved = match &s.from_stage_name {
                Some(from) => format!(" moved from {from} to {}", s.to_stage_name),
                None => format!(" opened in {}", s.to_stage_name),
            };
            (
                view! { <strong><A href=href>{name}</A>{moved}</strong> }.into_any(),
                s.reason.clone(),
                None,
            )
        }
        (_, _, _, Some(t)) => {
            let href = format!("/tickets/{}", t.ticket_id);
            let label = format!("#{} {}", t.ticket_number, t.ticket_subject);
            let what = match t.event.as_str() {
                "created" => "opened".to_owned(),
                other => other.replace('_', " "),
            };
            (
                view! { <strong>"Ticket "<A href=href>{label}</A>" "{what}</strong> }.into_any(),
                None,
                None,
            )
        }
        _ => (
            view! { <strong>{kind.clone()}</strong> }.into_any(),
            None,
            None,
        ),
    };
    // An open task can be ticked off where it shows.
    let task = entry
        .activity
        .as_deref()
        .filter(|a| a.kind == "task")
        .cloned();
    let toggle = Action::new_local(move |task: &Activity| {
        let task = task.clone();
        async move {
            let status = if task.status == "done" {
                "open"
            } else {
                "done"
            };
            match api::activities::set_status(&session, &task, status).await {
                Ok(_) => {
                    changed.try_run(());
                }
                Err(error) => problem.set(Some(error.message())),
            }
        }
    });
    let class = format!("tl-{kind}");
    view! {
        <li class=class>
            <p class="note-meta">
                {task.map(|t| {
                    let done = t.status == "done";
                    let label = if done { "Mark as not done" } else { "Mark as done" };
                    view! {
                        <input type="checkbox" class="task-check" prop:checked=done aria-label=label disabled=!writable
                            on:change=move |_| { toggle.dispatch(t.clone()); }/>
                    }
                })}
                {title}
            </p>
            {detail.map(|d| view! { <p class="muted small">{d}</p> })}
            {body.map(|b| view! { <p class="note-body">{b}</p> })}
            <p class="note-meta"><span>{actor}</span>" · "<time datetime=datetime>{when}</time></p>
            {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
        </li>
    }
}

/// The timeline as a card of a record page: `live` when the record is not in the trash.
pub fn timeline_card(
    path: &'static str,
    id: String,
    links: CreateActivity,
    people: Vec<User>,
    live: bool,
) -> impl IntoView {
    let session = expect_context::<Session>();
    // Everyone but read-only users and marketing logs activities (agents log calls).
    let writable = live && session.can(domain::Permission::WriteTickets);
    let heading = format!("{path}-activity");
    let labelled_by = heading.clone();
    view! {
        <section class="card" aria-labelledby=labelled_by>
            <h2 id=heading>"Activity"</h2>
            <RecordTimeline path id links people writable/>
        </section>
    }
}
