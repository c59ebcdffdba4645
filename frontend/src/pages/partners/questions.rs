//! The partner form's questions on a new ticket (custom ticket fields): added, reordered and
//! removed row by row, each with its label, kind, key, options and hint.

use api_types::custom_fields::TicketFieldDefinition;
use domain::portal::ticket_fields::{self, FieldKind, MAX_TICKET_FIELDS};
use leptos::prelude::*;

use crate::components::field::FieldErrors;

/// The kinds of answer, as the form names them and as the partner page describes them.
pub const KINDS: [(&str, &str, &str); 5] = [
    ("text", "Text", "text"),
    ("number", "Number", "a number"),
    ("date", "Date", "a date"),
    ("choice", "One of a list", "one of"),
    ("checkbox", "Tick box", "a tick box"),
];

/// What a question takes, in words: "a number", "one of Small, Large".
pub fn kind_in_words(kind: &str, options: &[String]) -> String {
    let words = KINDS
        .iter()
        .find(|(k, _, _)| *k == kind)
        .map_or(kind, |(_, _, words)| words);
    if kind == FieldKind::Choice.as_str() {
        format!("{words} {}", options.join(", "))
    } else {
        words.to_owned()
    }
}

/// The key a question gets when none is typed: made from its label, or from its place when
/// the label has no letter a to z or digit.
fn made_key(label: &str, index: usize) -> String {
    let key = ticket_fields::key_from_label(label);
    if key.is_empty() {
        format!("question_{}", index + 1)
    } else {
        key
    }
}

/// One question as typed.
#[derive(Clone, Copy)]
pub struct Question {
    /// Which row it is, for as long as the form is open.
    id: u32,
    label: RwSignal<String>,
    /// Blank: made from the label.
    key: RwSignal<String>,
    kind: RwSignal<String>,
    required: RwSignal<bool>,
    /// A choice's options, one a line.
    options: RwSignal<String>,
    hint: RwSignal<String>,
}

impl Question {
    fn new(id: u32, f: Option<&TicketFieldDefinition>) -> Self {
        Self {
            id,
            label: RwSignal::new(f.map(|f| f.label.clone()).unwrap_or_default()),
            key: RwSignal::new(f.map(|f| f.key.clone()).unwrap_or_default()),
            kind: RwSignal::new(f.map_or_else(|| "text".to_owned(), |f| f.kind.clone())),
            required: RwSignal::new(f.is_some_and(|f| f.required)),
            options: RwSignal::new(f.map(|f| f.options.join("\n")).unwrap_or_default()),
            hint: RwSignal::new(f.and_then(|f| f.hint.clone()).unwrap_or_default()),
        }
    }

    /// The question (at `index`) as the API takes it; a blank key is made from the label.
    fn definition(&self, index: usize) -> TicketFieldDefinition {
        let label = self.label.get_untracked();
        let key = self.key.get_untracked().trim().to_owned();
        let kind = self.kind.get_untracked();
        let options = if kind == FieldKind::Choice.as_str() {
            let typed = self.options.get_untracked();
            typed
                .lines()
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map(str::to_owned)
                .collect()
        } else {
            Vec::new()
        };
        let hint = self.hint.get_untracked();
        TicketFieldDefinition {
            key: if key.is_empty() {
                made_key(&label, index)
            } else {
                key
            },
            label,
            kind,
            required: self.required.get_untracked(),
            options,
            hint: Some(hint.trim().to_owned()).filter(|h| !h.is_empty()),
        }
    }
}

/// The questions of a partner's form.
#[derive(Clone, Copy)]
pub struct Questions(RwSignal<Vec<Question>>);

impl Questions {
    /// None yet.
    pub fn new() -> Self {
        Self(RwSignal::new(Vec::new()))
    }

    /// A partner's questions.
    pub fn fill(&self, fields: &[TicketFieldDefinition]) {
        let rows = (0_u32..)
            .zip(fields)
            .map(|(id, f)| Question::new(id, Some(f)));
        self.0.set(rows.collect());
    }

    /// The questions as the API takes them, checked with the server's own rules (their
    /// errors at `/ticket_fields/{index}/…`).
    pub fn body(&self, errors: &mut Vec<domain::FieldError>) -> Vec<TicketFieldDefinition> {
        let all: Vec<_> = self.0.with_untracked(|q| {
            q.iter()
                .enumerate()
                .map(|(i, row)| row.definition(i))
                .collect()
        });
        let raw: Vec<_> = all.iter().map(TicketFieldDefinition::raw).collect();
        if let Err(found) = ticket_fields::definitions("/ticket_fields", &raw) {
            errors.extend(found);
        }
        all
    }

    fn add(&self) {
        self.0.update(|q| {
            let id = q.iter().map(|r| r.id + 1).max().unwrap_or(0);
            q.push(Question::new(id, None));
        });
    }

    /// Removes question `id`; the questions' errors go, as they name places that moved.
    fn remove(&self, id: u32, errors: FieldErrors) {
        self.0.update(|q| q.retain(|r| r.id != id));
        forget_errors(errors);
    }

    /// Moves question `id` up a place; the questions' errors go, as with a removal.
    fn move_up(&self, id: u32, errors: FieldErrors) {
        self.0.update(|q| {
            if let Some(i) = q.iter().position(|r| r.id == id).filter(|i| *i > 0) {
                q.swap(i, i - 1);
            }
        });
        forget_errors(errors);
    }
}

/// Drops the errors said of the questions by their places.
fn forget_errors(errors: FieldErrors) {
    errors
        .0
        .update(|all| all.retain(|(p, _)| !p.starts_with("/ticket_fields/")));
}

impl Questions {}

/// The questions' part of the partner form.
#[component]
pub fn QuestionsEditor(questions: Questions, errors: FieldErrors) -> impl IntoView {
    let count = move || questions.0.with(Vec::len);
    view! {
        <fieldset class="questions">
            <legend>"Questions on a new ticket"</legend>
            <p class="hint">"Asked of a customer opening a ticket in the portal, such as an order number; staff see the answers on the ticket."</p>
            <For each=move || questions.0.get().into_iter().enumerate() key=|(i, q)| (*i, q.id) let:row>
                <QuestionRow index=row.0 question=row.1 questions errors/>
            </For>
            <button type="button" class="button small" disabled=move || { count() >= MAX_TICKET_FIELDS } on:click=move |_| questions.add()>
                "Add a question"
            </button>
        </fieldset>
    }
}

/// One question's inputs, named by its place for the errors at `/ticket_fields/{index}`.
#[component]
fn QuestionRow(
    index: usize,
    question: Question,
    questions: Questions,
    errors: FieldErrors,
) -> impl IntoView {
    let q = question;
    let at = move |name: &str| format!("/ticket_fields/{index}/{name}");
    let id = move |name: &str| format!("question-{}-{name}", q.id);
    let invalid = move |name: &'static str| {
        move || {
            if errors.for_pointer(&at(name)).is_some() {
                "true"
            } else {
                "false"
            }
        }
    };
    let problems = move || {
        let prefix = format!("/ticket_fields/{index}/");
        errors.0.with(|all| {
            all.iter()
                .filter(|(p, _)| p.starts_with(&prefix))
                .map(|(p, detail)| {
                    let name = match p[prefix.len()..].split('/').next() {
                        Some("key") => "Key",
                        Some("kind") => "Kind",
                        Some("options") => "Options",
                        Some("hint") => "Hint",
                        _ => "Label",
                    };
                    let sentence = crate::api::field_sentence(name, detail);
                    if sentence.starts_with(name) {
                        sentence
                    } else {
                        format!("{name}: {sentence}")
                    }
                })
                .collect::<Vec<_>>()
        })
    };
    let choice = move || q.kind.get() == FieldKind::Choice.as_str();
    let errors_id = format!("question-{}-errors", q.id);
    // An input with an error points at the row's errors, said under it.
    let described = move |name: &'static str| {
        move || {
            errors
                .for_pointer(&at(name))
                .map(|_| format!("question-{}-errors", q.id))
                .unwrap_or_default()
        }
    };
    let placeholder = move || made_key(&q.label.get(), index);
    view! {
        <fieldset class="question" class:invalid=move || !problems().is_empty()>
            <legend>{format!("Question {}", index + 1)}</legend>
            <div class="row">
                <div class="field">
                    <label for=id("label")>"Label"</label>
                    <input type="text" id=id("label") name=at("label") aria-invalid=invalid("label") aria-describedby=described("label")
                        prop:value=move || q.label.get() on:input=move |ev| q.label.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for=id("kind")>"Answer"</label>
                    <select id=id("kind") name=at("kind") aria-invalid=invalid("kind") aria-describedby=described("kind")
                        prop:value=move || q.kind.get() on:change=move |ev| q.kind.set(event_target_value(&ev))>
                        {KINDS.into_iter().map(|(v, l, _)| view! { <option value=v selected=move || q.kind.get() == v>{l}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for=id("key")>"Key"</label>
                    <input type="text" id=id("key") name=at("key") aria-invalid=invalid("key") aria-describedby=described("key") placeholder=placeholder
                        prop:value=move || q.key.get() on:input=move |ev| q.key.set(event_target_value(&ev))/>
                </div>
            </div>
            <Show when=choice>
                <div class="field">
                    <label for=id("options")>"Options, one a line"</label>
                    <textarea id=id("options") name=at("options") rows="3" aria-invalid=invalid("options") aria-describedby=described("options")
                        prop:value=move || q.options.get() on:input=move |ev| q.options.set(event_target_value(&ev))></textarea>
                </div>
            </Show>
            <div class="field">
                <label for=id("hint")>"Hint (optional)"</label>
                <input type="text" id=id("hint") name=at("hint") aria-invalid=invalid("hint") aria-describedby=described("hint")
                    prop:value=move || q.hint.get() on:input=move |ev| q.hint.set(event_target_value(&ev))/>
            </div>
            <label class="checkbox">
                <input type="checkbox" prop:checked=move || q.required.get()
                    on:change=move |ev| q.required.set(event_target_checked(&ev))/>
                {move || if q.kind.get() == FieldKind::Checkbox.as_str() { "Must be ticked" } else { "Must be answered" }}
            </label>
            <div id=errors_id>
                {move || problems().into_iter().map(|p| view! { <p class="error">{p}</p> }).collect_view()}
            </div>
            <div class="actions">
                <button type="button" class="button small" disabled=index == 0 aria-label=format!("Move up question {}", index + 1)
                    on:click=move |_| questions.move_up(q.id, errors)>"Move up"</button>
                <button type="button" class="button small danger" aria-label=format!("Remove question {}", index + 1)
                    on:click=move |_| questions.remove(q.id, errors)>"Remove"</button>
            </div>
        </fieldset>
    }
}
