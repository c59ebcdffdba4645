//! Editing a list of phone numbers, each with its kind: the rows a contact's and a lead's forms
//! share.

use api_types::contacts::ContactPhone;
use domain::text::Phone;
use domain::FieldError;
use leptos::prelude::*;

use super::field::FieldErrors;

/// The kinds of phone numbers, as (value, label).
pub const PHONE_KINDS: [(&str, &str); 4] = [
    ("work", "Work"),
    ("mobile", "Mobile"),
    ("home", "Home"),
    ("other", "Other"),
];

/// One number being edited.
#[derive(Clone, Copy)]
pub struct PhoneRow {
    kind: RwSignal<String>,
    number: RwSignal<String>,
}

/// One empty work number, as a new record's form starts.
pub fn one_blank() -> Vec<PhoneRow> {
    vec![PhoneRow {
        kind: RwSignal::new("work".into()),
        number: RwSignal::new(String::new()),
    }]
}

/// The rows of stored numbers.
pub fn rows_of(phones: &[ContactPhone]) -> Vec<PhoneRow> {
    phones
        .iter()
        .map(|p| PhoneRow {
            kind: RwSignal::new(p.kind.clone()),
            number: RwSignal::new(p.number.clone()),
        })
        .collect()
}

/// The numbers filled in, checked with the server's rule (errors at `/phones/{i}/number`).
pub fn checked(rows: &[PhoneRow], errors: &mut Vec<FieldError>) -> Vec<ContactPhone> {
    rows.iter()
        .filter_map(|row| {
            let number = row.number.get_untracked();
            let number = number.trim();
            (!number.is_empty()).then(|| (row.kind.get_untracked(), number.to_owned()))
        })
        .enumerate()
        .map(|(i, (kind, number))| {
            if let Err(e) = Phone::parse(&format!("/phones/{i}/number"), &number) {
                errors.push(e);
            }
            ContactPhone { kind, number }
        })
        .collect()
}

/// The rows, each with its kind, a remove button, and a button adding one.
#[component]
pub fn PhoneRows(phones: RwSignal<Vec<PhoneRow>>, errors: FieldErrors) -> impl IntoView {
    view! {
        {move || phones.get().into_iter().enumerate().map(|(i, row)| {
            let number_id = format!("phone-{i}");
            let kind_id = format!("phone-kind-{i}");
            let pointer = format!("/phones/{i}");
            let error = Signal::derive(move || errors.sentence_for(&pointer, "The phone number"));
            view! {
                <div class="row phone-row" class:invalid=move || error.get().is_some()>
                    <div class="field">
                        <label for=kind_id.clone()>{format!("Phone {} kind", i + 1)}</label>
                        <select id=kind_id on:change=move |ev| row.kind.set(event_target_value(&ev))>
                            {PHONE_KINDS.iter().map(|(val, label)| view! { <option value=*val selected=move || row.kind.get() == *val>{*label}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field grow">
                        <label for=number_id.clone()>{format!("Phone {}", i + 1)}</label>
                        <input id=number_id type="tel" autocomplete="tel"
                            aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                            prop:value=move || row.number.get()
                            on:input=move |ev| row.number.set(event_target_value(&ev))/>
                        {move || error.get().map(|e| view! { <p class="error">{e}</p> })}
                    </div>
                    <button type="button" class="button subtle remove" aria-label=format!("Remove phone {}", i + 1)
                        on:click=move |_| phones.update(|p| { if i < p.len() { p.remove(i); } })>"Remove"</button>
                </div>
            }
        }).collect_view()}
        <button type="button" class="button small" on:click=move |_| phones.update(|p| p.push(PhoneRow { kind: RwSignal::new("mobile".into()), number: RwSignal::new(String::new()) }))>
            "Add a phone number"
        </button>
    }
}
