//! The business calendar form, with the weekly hours editor and the holidays.

use api_types::sla::{Calendar, CreateCalendar, HolidayBody, TimeRange, UpdateCalendar};
use api_types::Patch;
use leptos::prelude::*;

use super::calendars::DAYS;
use crate::api::{self, Session};
use crate::components::field::{FieldErrors, TextField};
use crate::components::record_form::{record_form, FormValues};

/// One open span of a day in the form.
#[derive(Clone, Copy)]
struct Span {
    start: RwSignal<String>,
    end: RwSignal<String>,
}

impl Span {
    fn new(start: &str, end: &str) -> Self {
        Self {
            start: RwSignal::new(start.to_owned()),
            end: RwSignal::new(end.to_owned()),
        }
    }
}

/// One holiday in the form.
#[derive(Clone, Copy)]
struct Holiday {
    name: RwSignal<String>,
    date: RwSignal<String>,
    yearly: RwSignal<bool>,
    /// The closed part of the day, kept as stored (the form closes new holidays all day).
    closed: RwSignal<Option<TimeRange>>,
}

/// The form's values.
#[derive(Clone, Copy)]
pub struct Values {
    name: RwSignal<String>,
    time_zone: RwSignal<String>,
    always_open: RwSignal<bool>,
    weekly: [RwSignal<Vec<Span>>; 7],
    holidays: RwSignal<Vec<Holiday>>,
}

impl FormValues<Calendar> for Values {
    /// Weekdays nine to five, in the browser's time zone.
    fn new(_: Session) -> Self {
        let zone = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new())
            .resolved_options();
        let zone = js_sys::Reflect::get(&zone, &"timeZone".into())
            .ok()
            .and_then(|z| z.as_string())
            .unwrap_or_else(|| "UTC".into());
        Self {
            name: RwSignal::new(String::new()),
            time_zone: RwSignal::new(zone),
            always_open: RwSignal::new(false),
            weekly: std::array::from_fn(|day| {
                RwSignal::new(if day < 5 {
                    vec![Span::new("09:00", "17:00")]
                } else {
                    Vec::new()
                })
            }),
            holidays: RwSignal::new(Vec::new()),
        }
    }

    fn fill(&self, c: &Calendar) {
        self.name.set(c.name.clone());
        self.time_zone.set(c.time_zone.clone());
        self.always_open.set(c.always_open);
        for (day, spans) in self.weekly.iter().enumerate() {
            spans.set(
                c.weekly
                    .get(day)
                    .map(|ranges| ranges.iter().map(|r| Span::new(&r.start, &r.end)).collect())
                    .unwrap_or_default(),
            );
        }
        self.holidays.set(
            c.holidays
                .iter()
                .map(|h| Holiday {
                    name: RwSignal::new(h.name.clone()),
                    date: RwSignal::new(h.date.clone()),
                    yearly: RwSignal::new(h.yearly),
                    closed: RwSignal::new(h.closed.clone()),
                })
                .collect(),
        );
    }

    fn body(&self) -> Result<CreateCalendar, Vec<(String, String)>> {
        let name = self.name.get_untracked().trim().to_owned();
        if let Err(e) = domain::text::required("/name", &name, 100) {
            return Err(vec![(e.pointer, e.detail)]);
        }
        Ok(CreateCalendar {
            name,
            time_zone: self.time_zone.get_untracked().trim().to_owned(),
            always_open: self.always_open.get_untracked(),
            weekly: self
                .weekly
                .iter()
                .map(|spans| {
                    spans
                        .get_untracked()
                        .iter()
                        .map(|s| TimeRange {
                            start: s.start.get_untracked(),
                            end: s.end.get_untracked(),
                        })
                        .collect()
                })
                .collect(),
            holidays: self
                .holidays
                .get_untracked()
                .iter()
                .map(|h| HolidayBody {
                    name: h.name.get_untracked().trim().to_owned(),
                    date: h.date.get_untracked(),
                    yearly: h.yearly.get_untracked(),
                    closed: h.closed.get_untracked(),
                })
                .collect(),
        })
    }

    fn update(body: CreateCalendar) -> UpdateCalendar {
        UpdateCalendar {
            name: Patch::Value(body.name),
            time_zone: Patch::Value(body.time_zone),
            always_open: Patch::Value(body.always_open),
            weekly: Patch::Value(body.weekly),
            holidays: Patch::Value(body.holidays),
        }
    }

    fn fields(self, errors: FieldErrors) -> AnyView {
        let v = self;
        let week_error = move || errors.for_pointer("/weekly").map(|e| api::sentence(&e));
        let holiday_error = move || errors.for_pointer("/holidays").map(|e| api::sentence(&e));
        view! {
            <fieldset>
                <legend>"Calendar"</legend>
                <TextField label="Name" pointer="/name" value=v.name errors=errors required=true/>
                <TextField label="Time zone" pointer="/time_zone" value=v.time_zone errors=errors
                    hint="An IANA name such as Europe/Berlin or America/New_York"/>
                <label class="checkbox">
                    <input type="checkbox" prop:checked=move || v.always_open.get()
                        on:change=move |ev| v.always_open.set(event_target_checked(&ev))/>
                    "Always open (clocks run around the clock)"
                </label>
            </fieldset>
            <fieldset hidden=move || v.always_open.get()>
                <legend>"Opening hours"</legend>
                <table class="week-editor" aria-label="Opening hours">
                    <tbody>
                        {DAYS.iter().enumerate().map(|(day, name)| {
                            let spans = v.weekly[day];
                            view! {
                                <tr>
                                    <th scope="row">{*name}</th>
                                    <td>
                                        {move || {
                                            let list = spans.get();
                                            if list.is_empty() {
                                                return view! { <span class="muted">"Closed"</span> }.into_any();
                                            }
                                            list.into_iter().enumerate().map(|(i, span)| view! {
                                                <span class="span-edit">
                                                    <input type="time" aria-label=format!("{name} opens ({})", i + 1)
                                                        prop:value=move || span.start.get()
                                                        on:input=move |ev| span.start.set(event_target_value(&ev))/>
                                                    "–"
                                                    <input type="time" aria-label=format!("{name} closes ({})", i + 1)
                                                        prop:value=move || span.end.get()
                                                        on:input=move |ev| span.end.set(event_target_value(&ev))/>
                                                    <button type="button" class="link-button"
                                                        on:click=move |_| spans.update(|s| { s.remove(i); })>
                                                        "Remove"<span class="visually-hidden">{format!(" {name} hours {}", i + 1)}</span>
                                                    </button>
                                                </span>
                                            }).collect_view().into_any()
                                        }}
                                    </td>
                                    <td>
                                        <button type="button" class="button small"
                                            on:click=move |_| spans.update(|s| {
                                                let start = s.last().map_or_else(|| "09:00".to_owned(), |l| l.end.get_untracked());
                                                s.push(Span::new(&start, "17:00"));
                                            })>
                                            "Add hours"<span class="visually-hidden">{format!(" on {name}")}</span>
                                        </button>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                {move || week_error().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            </fieldset>
            <fieldset>
                <legend>"Holidays"</legend>
                {move || v.holidays.get().into_iter().enumerate().map(|(i, h)| view! {
                    <div class="row holiday-row">
                        <div class="field">
                            <label for=format!("holiday-{i}-name")>"Holiday"</label>
                            <input id=format!("holiday-{i}-name") type="text" prop:value=move || h.name.get()
                                on:input=move |ev| h.name.set(event_target_value(&ev))/>
                        </div>
                        <div class="field">
                            <label for=format!("holiday-{i}-date")>"Date"</label>
                            <input id=format!("holiday-{i}-date") type="date" prop:value=move || h.date.get()
                                on:input=move |ev| h.date.set(event_target_value(&ev))/>
                        </div>
                        <label class="checkbox">
                            <input type="checkbox" prop:checked=move || h.yearly.get()
                                on:change=move |ev| h.yearly.set(event_target_checked(&ev))/>
                            "Every year"
                        </label>
                        {move || h.closed.get().map(|c| view! { <span class="muted">{format!("Closed {}–{} only", c.start, c.end)}</span> })}
                        <button type="button" class="link-button" on:click=move |_| v.holidays.update(|l| { l.remove(i); })>
                            "Remove"<span class="visually-hidden">{format!(" holiday {}", i + 1)}</span>
                        </button>
                    </div>
                }).collect_view()}
                <button type="button" class="button small" on:click=move |_| v.holidays.update(|l| l.push(Holiday {
                    name: RwSignal::new(String::new()),
                    date: RwSignal::new(String::new()),
                    yearly: RwSignal::new(false),
                    closed: RwSignal::new(None),
                }))>"Add holiday"</button>
                {move || holiday_error().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            </fieldset>
        }
        .into_any()
    }
}

/// Creates a calendar, or edits one.
pub fn calendar_form(editing: bool) -> impl IntoView {
    record_form::<Calendar, Values>(editing)
}
