//! Business calendars: the list, a calendar's page (its week and holidays) and the form with
//! the weekly hours editor. Admins and managers; the server checks every rule again.

use api_types::sla::{Calendar, TimeRange};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{self, Session};
use crate::components::list_nav::{list_page, ListNav, ListState};
use crate::components::list_parts::{empty_or_first, list_results, ShowDeleted};
use crate::components::record_page::{record_page, RecordView};
use crate::components::shell::set_crumbs;
use crate::format;

/// The days of a calendar's week, Monday first, as the API orders them.
pub const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// A day's open hours in words: "09:00–12:00, 13:00–17:00" or "Closed".
fn hours(ranges: &[TimeRange]) -> String {
    if ranges.is_empty() {
        return "Closed".into();
    }
    ranges
        .iter()
        .map(|r| format!("{}–{}", r.start, r.end))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The calendars, with the trash.
#[component]
pub fn CalendarList() -> impl IntoView {
    set_crumbs(vec![("Business calendars".into(), None)]);
    let session = expect_context::<Session>();
    let (current, page, nav) = list_page::<Calendar>(false);
    view! {
        <section class="page">
            <div class="page-head">
                <h1>{move || if current().deleted() { "Deleted business calendars" } else { "Business calendars" }}</h1>
                <Show when=move || session.can(domain::Permission::ManageSla)>
                    <A href="/sla/calendars/new" attr:class="button primary">"New calendar"</A>
                </Show>
            </div>
            <p class="muted">"The hours in which SLA clocks run. "<A href="/sla/policies">"SLA policies"</A>" name the calendar they count in."</p>
            <div class="toolbar">
                <ShowDeleted nav/>
            </div>
            {list_results(nav, current, page, empty, Callback::new(|()| ()), rows)}
        </section>
    }
}

fn empty(state: &ListState<Calendar>, _: Callback<()>) -> AnyView {
    empty_or_first(
        state.deleted(),
        "No business calendars yet",
        "/sla/calendars/new",
        "Create the first calendar",
    )
}

fn rows(calendars: Vec<Calendar>, _: ListNav<Calendar>) -> AnyView {
    view! {
        <div class="table-wrap">
            <table class="records" aria-label="Business calendars">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Time zone"</th>
                        <th scope="col">"Monday"</th>
                        <th scope="col">"Holidays"</th>
                        <th scope="col">"Used by"</th>
                    </tr>
                </thead>
                <tbody>
                    {calendars.into_iter().map(|c| view! {
                        <tr>
                            <td class="primary-cell"><A href=format!("/sla/calendars/{}", c.id)>{c.name.clone()}</A></td>
                            <td data-label="Time zone">{c.time_zone.clone()}</td>
                            <td data-label="Monday">{if c.always_open { "Always open".to_owned() } else { hours(c.weekly.first().map_or(&[][..], Vec::as_slice)) }}</td>
                            <td data-label="Holidays">{c.holidays.len()}</td>
                            <td data-label="Used by">{format::counted(c.policy_count, "policy", "policies")}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// A calendar: its week and its holidays.
pub fn calendar_page() -> impl IntoView {
    record_page(RecordView {
        load: |session, id| Box::pin(async move { api::one::<Calendar>(&session, &id).await }),
        record: |found| found.clone(),
        trail: |_| Vec::new(),
        head: |found| view! { <p class="muted">{found.record.time_zone.clone()}</p> }.into_any(),
        body: |found, _| view! { <CalendarDetails calendar=found.record/> }.into_any(),
        impact: |found| match found.record.policy_count {
            0 => Vec::new(),
            n => vec![format!(
                "{} use it: a calendar in use cannot be deleted until they use another.",
                api::sentence(&format::counted(n, "policy", "policies")).trim_end_matches('.')
            )],
        },
    })
}

#[component]
fn CalendarDetails(calendar: Calendar) -> impl IntoView {
    view! {
        <div class="columns">
            <section class="card" aria-labelledby="week-heading">
                <h2 id="week-heading">"Opening hours"</h2>
                {if calendar.always_open {
                    view! { <p>"Always open: clocks run around the clock."</p> }.into_any()
                } else {
                    view! {
                        <dl class="details">
                            {DAYS.iter().enumerate().map(|(i, day)| view! {
                                <dt>{*day}</dt>
                                <dd>{hours(calendar.weekly.get(i).map_or(&[][..], Vec::as_slice))}</dd>
                            }).collect_view()}
                        </dl>
                    }.into_any()
                }}
            </section>
            <section class="card" aria-labelledby="holidays-heading">
                <h2 id="holidays-heading">"Holidays"</h2>
                {if calendar.holidays.is_empty() {
                    view! { <p class="muted">"No holidays."</p> }.into_any()
                } else {
                    view! {
                        <ul class="people">
                            {calendar.holidays.iter().map(|h| view! {
                                <li>
                                    <strong>{h.name.clone()}</strong>
                                    <span class="muted">
                                        {h.date.clone()}
                                        {h.yearly.then_some(", every year")}
                                        {h.closed.as_ref().map(|c| format!(", closed {}–{}", c.start, c.end))}
                                    </span>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
        </div>
    }
}
