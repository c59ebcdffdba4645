//! Logging a call or an email, planning a task or a meeting, on the record a page shows.

use api_types::activities::CreateActivity;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::api::{self, Session};

/// The kinds one logs or plans, with their labels.
const KINDS: [(&str, &str); 4] = [
    ("call", "Call"),
    ("task", "Task"),
    ("meeting", "Meeting"),
    ("email", "Email"),
];

/// A `datetime-local` value (the user's own clock) as a time.
pub fn from_local(value: &str) -> Option<DateTime<Utc>> {
    if value.is_empty() {
        return None;
    }
    let date = js_sys::Date::new(&JsValue::from_str(value));
    let millis = date.get_time();
    (!millis.is_nan())
        .then(|| DateTime::from_timestamp_millis(millis as i64))
        .flatten()
}

fn text(value: String) -> Option<String> {
    let value = value.trim().to_owned();
    (!value.is_empty()).then_some(value)
}

/// The form: `links` says which record the activity is on; `saved` runs after it is stored.
#[component]
pub fn ActivityComposer(links: CreateActivity, saved: Callback<()>) -> impl IntoView {
    let session = expect_context::<Session>();
    let kind = RwSignal::new("call".to_owned());
    let subject = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let direction = RwSignal::new("outbound".to_owned());
    let minutes = RwSignal::new(String::new());
    let outcome = RwSignal::new("connected".to_owned());
    let due = RwSignal::new(String::new());
    let priority = RwSignal::new("normal".to_owned());
    let starts = RwSignal::new(String::new());
    let ends = RwSignal::new(String::new());
    let location = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::<String>::new());
    let save = Action::new_local(move |body: &CreateActivity| {
        let body = body.clone();
        async move {
            match api::activities::create(&session, &body).await {
                Ok(_) => {
                    subject.set(String::new());
                    description.set(String::new());
                    minutes.set(String::new());
                    problems.set(Vec::new());
                    saved.try_run(());
                }
                Err(error) => {
                    let fields = error.field_errors();
                    problems.set(if fields.is_empty() {
                        vec![error.message()]
                    } else {
                        fields
                            .into_iter()
                            .map(|(p, d)| api::field_sentence(p.trim_start_matches('/'), &d))
                            .collect()
                    });
                }
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let kind = kind.get_untracked();
        let mut body = CreateActivity {
            kind: kind.clone(),
            subject: subject.get_untracked(),
            description: text(description.get_untracked()),
            ..links.clone()
        };
        match kind.as_str() {
            "call" => {
                body.direction = Some(direction.get_untracked());
                body.outcome = Some(outcome.get_untracked());
                body.duration_seconds = minutes
                    .get_untracked()
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .map(|m| (m * 60.0).round() as i64);
            }
            "email" => body.direction = Some(direction.get_untracked()),
            "task" => {
                body.due_at = from_local(&due.get_untracked());
                body.priority = Some(priority.get_untracked());
            }
            _ => {
                body.starts_at = from_local(&starts.get_untracked());
                body.ends_at = from_local(&ends.get_untracked());
                body.location = text(location.get_untracked());
            }
        }
        if body.subject.trim().is_empty() {
            problems.set(vec!["Say in a few words what it was about.".into()]);
            return;
        }
        save.dispatch(body);
    };
    let is = move |k: &'static str| move || kind.get() == k;
    view! {
        <form class="activity-form" on:submit=on_submit aria-label="Log an activity">
            <div class="segmented" role="radiogroup" aria-label="Kind">
                {KINDS.into_iter().map(|(value, label)| view! {
                    <label class="segment" class:chosen=move || kind.get() == value>
                        <input type="radio" name="activity-kind" value=value
                            prop:checked=move || kind.get() == value
                            on:change=move |_| kind.set(value.to_owned())/>
                        {label}
                    </label>
                }).collect_view()}
            </div>
            <label for="activity-subject">"Subject"</label>
            <input id="activity-subject" type="text" maxlength="200" prop:value=move || subject.get()
                on:input=move |ev| subject.set(event_target_value(&ev))/>
            <div class="activity-fields">
                <Show when=move || is("call")() || is("email")()>
                    <label>"Direction"
                        <select prop:value=move || direction.get() on:change=move |ev| direction.set(event_target_value(&ev))>
                            <option value="outbound">"Outbound"</option>
                            <option value="inbound">"Inbound"</option>
                        </select>
                    </label>
                </Show>
                <Show when=is("call")>
                    <label>"Minutes"
                        <input type="number" min="0" max="1440" step="1" inputmode="numeric" prop:value=move || minutes.get()
                            on:input=move |ev| minutes.set(event_target_value(&ev))/>
                    </label>
                    <label>"Outcome"
                        <select prop:value=move || outcome.get() on:change=move |ev| outcome.set(event_target_value(&ev))>
                            <option value="connected">"Connected"</option>
                            <option value="left_voicemail">"Left a voicemail"</option>
                            <option value="no_answer">"No answer"</option>
                            <option value="busy">"Busy"</option>
                            <option value="wrong_number">"Wrong number"</option>
                        </select>
                    </label>
                </Show>
                <Show when=is("task")>
                    <label>"Due"
                        <input type="datetime-local" prop:value=move || due.get() on:input=move |ev| due.set(event_target_value(&ev))/>
                    </label>
                    <label>"Priority"
                        <select prop:value=move || priority.get() on:change=move |ev| priority.set(event_target_value(&ev))>
                            <option value="low">"Low"</option>
                            <option value="normal">"Normal"</option>
                            <option value="high">"High"</option>
                        </select>
                    </label>
                </Show>
                <Show when=is("meeting")>
                    <label>"Starts"
                        <input type="datetime-local" prop:value=move || starts.get() on:input=move |ev| starts.set(event_target_value(&ev))/>
                    </label>
                    <label>"Ends"
                        <input type="datetime-local" prop:value=move || ends.get() on:input=move |ev| ends.set(event_target_value(&ev))/>
                    </label>
                    <label>"Where"
                        <input type="text" maxlength="200" prop:value=move || location.get() on:input=move |ev| location.set(event_target_value(&ev))/>
                    </label>
                </Show>
            </div>
            <label for="activity-notes">"Notes"</label>
            <textarea id="activity-notes" rows="2" prop:value=move || description.get()
                on:input=move |ev| description.set(event_target_value(&ev))></textarea>
            {move || {
                let list = problems.get();
                (!list.is_empty()).then(|| view! {
                    <ul class="error" role="alert">{list.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                })
            }}
            <button type="submit" class="button primary" disabled=move || save.pending().get()>
                {move || match kind.get().as_str() {
                    "task" => "Add task",
                    "meeting" => "Add meeting",
                    "email" => "Log email",
                    _ => "Log call",
                }}
            </button>
        </form>
    }
}
