//! Labelled form fields that show the error for their JSON pointer.

use leptos::prelude::*;

/// Field errors of a form, by JSON pointer (`/name`, `/address/city`…).
#[derive(Clone, Copy)]
pub struct FieldErrors(pub RwSignal<Vec<(String, String)>>);

impl FieldErrors {
    /// No errors.
    pub fn new() -> Self {
        Self(RwSignal::new(Vec::new()))
    }

    /// The message for the field `label` at `pointer`, as a sentence naming it.
    pub fn sentence_for(&self, pointer: &str, label: &str) -> Option<String> {
        self.for_pointer(pointer)
            .map(|detail| crate::api::field_sentence(label, &detail))
    }

    /// The message for `pointer`, if any.
    pub fn for_pointer(&self, pointer: &str) -> Option<String> {
        self.0.with(|errors| {
            errors
                .iter()
                .find(|(p, _)| p == pointer || p.starts_with(&format!("{pointer}/")))
                .map(|(_, m)| m.clone())
        })
    }

    /// Replaces the errors.
    pub fn set(&self, errors: Vec<(String, String)>) {
        self.0.set(errors);
    }
}

impl Default for FieldErrors {
    fn default() -> Self {
        Self::new()
    }
}

fn field_id(pointer: &str) -> String {
    format!("field{}", pointer.replace('/', "-"))
}

/// A text input with its label, hint and error.
#[component]
pub fn TextField(
    /// The label.
    label: &'static str,
    /// The JSON pointer of the field in the request body.
    pointer: &'static str,
    /// The value.
    value: RwSignal<String>,
    /// The form's errors.
    errors: FieldErrors,
    /// `text`, `email`, `password`, `tel`, `url`…
    #[prop(default = "text")]
    kind: &'static str,
    /// Must be filled in.
    #[prop(optional)]
    required: bool,
    /// A hint under the label.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// The browser's autocomplete token.
    #[prop(default = "off")]
    autocomplete: &'static str,
) -> impl IntoView {
    let id = field_id(pointer);
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let error = move || errors.sentence_for(pointer, label);
    let described = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error().is_some() {
                ids.push(error_id.clone());
            }
            ids.join(" ")
        }
    };
    view! {
        <div class="field" class:invalid=move || error().is_some()>
            <label for=id.clone()>
                {label}
                {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
            </label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            <input
                id=id.clone()
                name=pointer
                type=kind
                autocomplete=autocomplete
                required=required
                aria-invalid=move || if error().is_some() { "true" } else { "false" }
                aria-describedby=described
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            {move || error().map(|e| view! { <p class="error" id=error_id.clone()>{e}</p> })}
        </div>
    }
}

/// A select with its label and error; `options` are (value, label).
#[component]
pub fn SelectField(
    /// The label.
    label: &'static str,
    /// The JSON pointer of the field.
    pointer: &'static str,
    /// The chosen value.
    value: RwSignal<String>,
    /// The choices.
    options: Vec<(&'static str, &'static str)>,
    /// The form's errors.
    errors: FieldErrors,
) -> impl IntoView {
    let id = field_id(pointer);
    let error_id = format!("{id}-error");
    let error = move || errors.sentence_for(pointer, label);
    view! {
        <div class="field" class:invalid=move || error().is_some()>
            <label for=id.clone()>{label}</label>
            <select
                id=id.clone()
                name=pointer
                aria-invalid=move || if error().is_some() { "true" } else { "false" }
                on:change=move |ev| value.set(event_target_value(&ev))
                prop:value=move || value.get()
            >
                {options
                    .into_iter()
                    .map(|(v, l)| view! { <option value=v selected=move || value.get() == v>{l}</option> })
                    .collect_view()}
            </select>
            {move || error().map(|e| view! { <p class="error" id=error_id.clone()>{e}</p> })}
        </div>
    }
}
