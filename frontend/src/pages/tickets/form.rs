use api_types::tickets::{CreateTicket, Ticket, UpdateTicket};
use api_types::Patch;
use domain::text;
use domain::ticket::{self, MAX_BODY};
use domain::{Email, FieldError};
use leptos::prelude::*;

use super::{CHANNELS, PRIORITIES};
use crate::api::Session;
use crate::components::field::{FieldErrors, SelectField, TextField};
use crate::components::record_form::{record_form, FormValues};

/// The form's values, one signal per input.
#[derive(Clone, Copy)]
pub struct Values {
    subject: RwSignal<String>,
    description: RwSignal<String>,
    requester_email: RwSignal<String>,
    /// The requester when editing (their address is not asked again).
    requester_id: RwSignal<Option<String>>,
    priority: RwSignal<String>,
    channel: RwSignal<String>,
    category: RwSignal<String>,
    language: RwSignal<String>,
}

fn blank(value: String) -> Option<String> {
    let trimmed = value.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

impl FormValues<Ticket> for Values {
    fn new(_session: Session) -> Self {
        let s = |v: &str| RwSignal::new(v.to_owned());
        Self {
            subject: s(""),
            description: s(""),
            requester_email: s(""),
            requester_id: RwSignal::new(None),
            priority: s("normal"),
            channel: s("phone"),
            category: s(""),
            language: s(""),
        }
    }

    fn fill(&self, t: &Ticket) {
        self.subject.set(t.subject.clone());
        self.description.set(t.description.clone());
        self.requester_id.set(Some(t.requester_id.clone()));
        self.priority.set(t.priority.clone());
        self.channel.set(t.channel.clone());
        self.category.set(t.category.clone().unwrap_or_default());
        self.language.set(t.language.clone().unwrap_or_default());
    }

    fn body(&self) -> Result<CreateTicket, Vec<(String, String)>> {
        let get = |s: RwSignal<String>| s.get_untracked();
        let mut errors: Vec<FieldError> = Vec::new();
        errors.extend(text::required("/subject", &get(self.subject), 250).err());
        errors.extend(text::required("/description", &get(self.description), MAX_BODY).err());
        errors.extend(ticket::language("/language", &get(self.language)).err());
        let requester_id = self.requester_id.get_untracked();
        if requester_id.is_none() {
            errors.extend(Email::parse("/requester_email", &get(self.requester_email)).err());
        }
        if !errors.is_empty() {
            return Err(errors.into_iter().map(|e| (e.pointer, e.detail)).collect());
        }
        Ok(CreateTicket {
            subject: get(self.subject).trim().to_owned(),
            description: get(self.description).trim().to_owned(),
            requester_email: requester_id
                .is_none()
                .then(|| get(self.requester_email).trim().to_owned()),
            requester_id,
            priority: Some(get(self.priority)),
            channel: Some(get(self.channel)),
            category: blank(get(self.category)),
            language: blank(get(self.language)),
            ..CreateTicket::default()
        })
    }

    fn update(body: CreateTicket) -> UpdateTicket {
        UpdateTicket {
            subject: Patch::Value(body.subject),
            description: Patch::Value(body.description),
            priority: body.priority,
            channel: body.channel,
            category: Patch::set(body.category),
            language: Patch::set(body.language),
            ..UpdateTicket::default()
        }
    }

    fn fields(self, errors: FieldErrors) -> AnyView {
        let v = self;
        let description_error = move || errors.sentence_for("/description", "The description");
        view! {
            <fieldset>
                <legend>"The request"</legend>
                <TextField label="Subject" pointer="/subject" value=v.subject errors=errors required=true/>
                <div class="field" class:invalid=move || description_error().is_some()>
                    <label for="field-description">"Description"<span class="required" aria-hidden="true">" *"</span></label>
                    <textarea id="field-description" name="/description" rows="6" required=true
                        aria-invalid=move || if description_error().is_some() { "true" } else { "false" }
                        prop:value=move || v.description.get()
                        on:input=move |ev| v.description.set(event_target_value(&ev))></textarea>
                    {move || description_error().map(|e| view! { <p class="error">{e}</p> })}
                </div>
                <Show when=move || v.requester_id.get().is_none()>
                    <TextField label="Requester's email" pointer="/requester_email" value=v.requester_email errors=errors kind="email" required=true
                        hint="The contact with this address, or a new one"/>
                </Show>
            </fieldset>
            <fieldset>
                <legend>"Triage"</legend>
                <div class="row">
                    <SelectField label="Priority" pointer="/priority" value=v.priority errors=errors options=PRIORITIES.to_vec()/>
                    <SelectField label="Channel" pointer="/channel" value=v.channel errors=errors options=CHANNELS.to_vec()/>
                </div>
                <div class="row">
                    <TextField label="Category" pointer="/category" value=v.category errors=errors hint="One word, such as billing"/>
                    <TextField label="Language" pointer="/language" value=v.language errors=errors hint="The customer's, such as en, de or pt-BR"/>
                </div>
            </fieldset>
        }
        .into_any()
    }
}

/// Opens a ticket, or edits one's subject, description and triage.
pub fn ticket_form(editing: bool) -> impl IntoView {
    record_form::<Ticket, Values>(editing)
}
