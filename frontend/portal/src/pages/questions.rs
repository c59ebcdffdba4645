//! The partner's own questions on the new-ticket form (custom ticket fields): each asked by
//! its kind, its answer kept as the API takes it.

use std::collections::BTreeMap;

use api_types::custom_fields::TicketFieldDefinition;
use leptos::prelude::*;
use serde_json::Value;

/// The answers given so far, by key, as typed; and the questions the server found fault
/// with.
#[derive(Clone, Copy)]
pub struct Answers {
    typed: RwSignal<BTreeMap<String, String>>,
    invalid: RwSignal<Vec<String>>,
}

impl Answers {
    /// None yet.
    pub fn new() -> Self {
        Self {
            typed: RwSignal::new(BTreeMap::new()),
            invalid: RwSignal::new(Vec::new()),
        }
    }

    fn set(&self, key: &str, value: String) {
        self.typed.update(|a| {
            a.insert(key.to_owned(), value);
        });
    }

    fn typed(&self, key: &str) -> String {
        self.typed.with(|a| a.get(key).cloned().unwrap_or_default())
    }

    /// Marks the questions answered at these pointers (`/custom_fields/{key}`) as refused.
    pub fn refused<'a>(&self, pointers: impl Iterator<Item = &'a str>) {
        let keys = pointers
            .filter_map(|p| p.strip_prefix("/custom_fields/"))
            .map(str::to_owned);
        self.invalid.set(keys.collect());
    }

    /// The answers as the API takes them: a number as a number (what is no number stays
    /// text, for the server to name), every tick box as `true` or `false`, blanks left out.
    pub fn body(&self, questions: &[TicketFieldDefinition]) -> BTreeMap<String, Value> {
        self.typed.with_untracked(|typed| {
            questions
                .iter()
                .filter_map(|q| {
                    let text = typed.get(&q.key).map_or("", |t| t.trim());
                    let value = match q.kind.as_str() {
                        "checkbox" => Value::Bool(text == "true"),
                        _ if text.is_empty() => return None,
                        "number" => number(text)
                            .and_then(serde_json::Number::from_f64)
                            .map_or_else(|| Value::from(text), Value::Number),
                        _ => Value::from(text),
                    };
                    Some((q.key.clone(), value))
                })
                .collect()
        })
    }
}

/// A number as typed: digits with a sign and one decimal mark, a point or (as some locales
/// write it) a comma; nothing else, so "1,000" is not read as one. Converted by the browser:
/// Rust's own float parser would bring its code into the page.
fn number(text: &str) -> Option<f64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match digits.split_once(['.', ',']) {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || !fraction.is_none_or(all_digits) {
        return None;
    }
    let n = wasm_bindgen::JsValue::from_str(&text.replace(',', ".")).unchecked_into_f64();
    n.is_finite().then_some(n)
}

/// The label of the question answered at `pointer` (`/custom_fields/{key}`), for an error.
pub fn label_at<'a>(questions: &'a [TicketFieldDefinition], pointer: &str) -> Option<&'a str> {
    let key = pointer.strip_prefix("/custom_fields/")?;
    questions
        .iter()
        .find(|q| q.key == key)
        .map(|q| q.label.as_str())
}

/// The questions, each with its label, hint and input of its kind; asked anew when the
/// partner's questions change.
#[component]
pub fn Questions(questions: Memo<Vec<TicketFieldDefinition>>, answers: Answers) -> impl IntoView {
    move || {
        questions
            .get()
            .into_iter()
            .map(|q| view! { <Question q answers/> })
            .collect_view()
    }
}

#[component]
fn Question(q: TicketFieldDefinition, answers: Answers) -> impl IntoView {
    let id = format!("question-{}", q.key);
    let hint_id = format!("{id}-hint");
    let described = q.hint.as_ref().map(|_| hint_id.clone());
    let hint = q
        .hint
        .clone()
        .map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> });
    let label = format!("{}{}", q.label, if q.required { "" } else { " (optional)" });
    let invalid = {
        let key = q.key.clone();
        move || answers.invalid.with(|i| i.contains(&key)).to_string()
    };
    let key = StoredValue::new(q.key.clone());
    let on_input = move |ev: leptos::ev::Event| {
        key.with_value(|k| answers.set(k, event_target_value(&ev)));
    };
    let value = move || key.with_value(|k| answers.typed(k));
    if q.kind == "checkbox" {
        let for_id = id.clone();
        return view! {
            <label class="check question" for=for_id>
                <input type="checkbox" id=id required=q.required aria-describedby=described
                    aria-invalid=invalid prop:checked=move || value() == "true"
                    on:change=move |ev| key.with_value(|k| answers.set(k, event_target_checked(&ev).to_string()))/>
                {label}
            </label>
            {hint}
        }
        .into_any();
    }
    let input = match q.kind.as_str() {
        "choice" => view! {
            <select id=id.clone() required=q.required aria-describedby=described aria-invalid=invalid
                prop:value=value on:change=on_input>
                <option value="">"Choose…"</option>
                {q.options.iter().map(|o| view! { <option value=o.clone()>{o.clone()}</option> }).collect_view()}
            </select>
        }
        .into_any(),
        kind => {
            let (kind, mode) = match kind {
                "number" => ("text", "decimal"),
                "date" => ("date", "text"),
                _ => ("text", "text"),
            };
            view! {
                <input id=id.clone() type=kind inputmode=mode required=q.required autocomplete="off"
                    aria-describedby=described aria-invalid=invalid prop:value=value on:input=on_input/>
            }
            .into_any()
        }
    };
    view! {
        <label for=id>{label}</label>
        {hint}
        {input}
    }
    .into_any()
}
