//! Capture forms: the list, a form's page with its snippet to paste into a web site, and the
//! builder with a live preview.

use api_types::lead_forms::{CreateLeadForm, FormFieldBody, LeadForm, UpdateLeadForm};
use api_types::Patch;
use domain::lead_form::{parse_origin, snippet, FieldSpec, FormField, LeadFormFields};
use domain::text::{self, WebAddress};
use domain::FieldError;
use leptos::prelude::*;
use leptos_router::components::A;

use super::SOURCES;
use crate::api::{self, Session};
use crate::components::field::{FieldErrors, SelectField, TextField};
use crate::components::list_nav::{list_page, ListNav, ListState};
use crate::components::list_parts::{empty_or_first, list_results, ShowDeleted};
use crate::components::owner_picker::OwnerPicker;
use crate::components::record_form::{record_form, FormValues};
use crate::components::record_page::{record_page, RecordView};
use crate::components::shell::set_crumbs;
use crate::components::status::Toasts;
use crate::format;
use crate::pages::accounts::label_of;

/// Every field a form can ask for, in the order forms show them.
const ALL_FIELDS: [FormField; 15] = [
    FormField::FirstName,
    FormField::LastName,
    FormField::Email,
    FormField::Phone,
    FormField::Company,
    FormField::Title,
    FormField::Website,
    FormField::Industry,
    FormField::CompanySize,
    FormField::Street,
    FormField::City,
    FormField::Region,
    FormField::PostalCode,
    FormField::Country,
    FormField::Message,
];

/// The capture forms.
#[component]
pub fn CaptureFormList() -> impl IntoView {
    set_crumbs(vec![("Capture forms".into(), None)]);
    let (current, page, nav) = list_page::<LeadForm>(false);
    view! {
        <section class="page">
            <div class="page-head">
                <h1>{move || if current().deleted() { "Deleted capture forms" } else { "Capture forms" }}</h1>
                <A href="/lead-forms/new" attr:class="button primary">"New capture form"</A>
            </div>
            <p class="muted">"Forms on your web site whose submissions become "<A href="/leads">"leads"</A>"."</p>
            <div class="toolbar">
                <ShowDeleted nav/>
            </div>
            {list_results(nav, current, page, empty, Callback::new(|()| ()), rows)}
        </section>
    }
}

fn empty(state: &ListState<LeadForm>, _: Callback<()>) -> AnyView {
    empty_or_first(
        state.deleted(),
        "No capture forms yet",
        "/lead-forms/new",
        "Build the first form",
    )
}

fn rows(forms: Vec<LeadForm>, _: ListNav<LeadForm>) -> AnyView {
    view! {
        <div class="table-wrap">
            <table class="records" aria-label="Capture forms">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Fields"</th>
                        <th scope="col">"Campaign"</th>
                        <th scope="col">"Takes submissions"</th>
                        <th scope="col">"Created"</th>
                    </tr>
                </thead>
                <tbody>
                    {forms.into_iter().map(|f| view! {
                        <tr>
                            <td class="primary-cell"><A href=format!("/lead-forms/{}", f.id)>{f.name.clone()}</A></td>
                            <td data-label="Fields">{f.fields.len()}</td>
                            <td data-label="Campaign">{f.campaign.clone().unwrap_or_default()}</td>
                            <td data-label="Takes submissions">{if f.active { "Yes" } else { "No" }}</td>
                            <td data-label="Created">{format::date(&f.created_at)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The domain's form of an API one, for its preview and snippet.
fn specs(fields: &[FormFieldBody]) -> Vec<FieldSpec> {
    fields
        .iter()
        .filter_map(|f| {
            let field = FormField::parse("", &f.field).ok()?;
            Some(FieldSpec {
                field,
                label: f
                    .label
                    .clone()
                    .unwrap_or_else(|| field.default_label().to_owned()),
                required: f.required,
            })
        })
        .collect()
}

fn domain_form(form: &LeadForm) -> LeadFormFields {
    LeadFormFields {
        name: form.name.clone(),
        fields: specs(&form.fields),
        thank_you_url: form.thank_you_url.clone(),
        allowed_origins: form.allowed_origins.clone(),
        source: domain::lead::LeadSource::parse("", &form.source)
            .unwrap_or(domain::lead::LeadSource::Web),
        campaign: form.campaign.clone(),
        owner_id: None,
        active: form.active,
    }
}

/// The form as a visitor sees it (inert: it sends nothing).
#[component]
fn Preview(specs: Signal<Vec<FieldSpec>>) -> impl IntoView {
    view! {
        <div class="form-preview" role="group" aria-label="Preview">
            {move || specs.get().into_iter().map(|s| {
                let label = if s.required { format!("{} *", s.label) } else { s.label.clone() };
                view! {
                    <label class="preview-field">
                        <span>{label}</span>
                        {if s.field == FormField::Message {
                            view! { <textarea disabled=true rows="3"></textarea> }.into_any()
                        } else {
                            view! { <input type="text" disabled=true/> }.into_any()
                        }}
                    </label>
                }
            }).collect_view()}
            <button type="button" class="button" disabled=true>"Send"</button>
        </div>
    }
}

/// A capture form: where it takes submissions from, its preview and the snippet to paste.
pub fn capture_form_page() -> impl IntoView {
    record_page(RecordView {
        load: |session, id| Box::pin(async move { api::one::<LeadForm>(&session, &id).await }),
        record: |found| found.clone(),
        trail: |_| {
            vec![
                ("Leads".into(), Some("/leads".into())),
                ("Capture forms".into(), Some("/lead-forms".into())),
            ]
        },
        head: |found| {
            let state = if found.record.active {
                "Takes submissions"
            } else {
                "Switched off"
            };
            view! { <p class="muted">{state}</p> }.into_any()
        },
        body: |found, _| view! { <CaptureDetails form=found.record/> }.into_any(),
        impact: |_| vec!["It takes no more submissions while it is in the trash.".into()],
    })
}

#[component]
fn CaptureDetails(form: LeadForm) -> impl IntoView {
    let toasts = expect_context::<Toasts>();
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let html = snippet(
        &format!("{origin}{}", form.submission_path),
        &domain_form(&form),
    );
    let copied = html.clone();
    let copy = move |_| toasts.copy(&copied, "Snippet copied.");
    let shown = Signal::derive({
        let specs = specs(&form.fields);
        move || specs.clone()
    });
    view! {
        <div class="columns">
            <section class="card" aria-labelledby="form-settings">
                <h2 id="form-settings">"Settings"</h2>
                <dl class="details">
                    <dt>"Web sites"</dt>
                    <dd>{if form.allowed_origins.is_empty() {
                        view! { <span class="muted">"None yet: no web page may send to it."</span> }.into_any()
                    } else {
                        view! { <ul class="plain">{form.allowed_origins.iter().map(|o| view! { <li>{o.clone()}</li> }).collect_view()}</ul> }.into_any()
                    }}</dd>
                    <dt>"Thank-you page"</dt>
                    <dd>{form.thank_you_url.clone().unwrap_or_else(|| "—".into())}</dd>
                    <dt>"Leads get"</dt>
                    <dd>{format!("Source {}{}", label_of(&SOURCES, &form.source), form.campaign.as_deref().map(|c| format!(", campaign {c}")).unwrap_or_default())}</dd>
                </dl>
            </section>
            <section class="card" aria-labelledby="form-preview">
                <h2 id="form-preview">"Preview"</h2>
                <Preview specs=shown/>
            </section>
            <section class="card wide" aria-labelledby="form-snippet">
                <h2 id="form-snippet">"Snippet"</h2>
                <p class="muted">"Paste it into a page of one of the web sites above. It works without JavaScript; style it with the "<code>"rapport-lead-form"</code>" class."</p>
                <pre class="snippet"><code id="snippet-code">{html}</code></pre>
                <button type="button" class="button" on:click=copy>"Copy the snippet"</button>
            </section>
        </div>
    }
}

/// One field of the builder.
#[derive(Clone, Copy)]
struct FieldRow {
    field: FormField,
    asked: RwSignal<bool>,
    label: RwSignal<String>,
    required: RwSignal<bool>,
}

/// The builder's values.
#[derive(Clone, Copy)]
pub struct Values {
    name: RwSignal<String>,
    rows: StoredValue<Vec<FieldRow>>,
    thank_you: RwSignal<String>,
    origins: RwSignal<String>,
    source: RwSignal<String>,
    campaign: RwSignal<String>,
    owner: RwSignal<String>,
    active: RwSignal<bool>,
}

fn blank(value: String) -> Option<String> {
    let trimmed = value.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

impl Values {
    fn asked(&self) -> Vec<FieldSpec> {
        self.rows.with_value(|rows| {
            rows.iter()
                .filter(|r| r.asked.get())
                .map(|r| FieldSpec {
                    field: r.field,
                    label: blank(r.label.get())
                        .unwrap_or_else(|| r.field.default_label().to_owned()),
                    required: r.required.get(),
                })
                .collect()
        })
    }
}

impl FormValues<LeadForm> for Values {
    /// A contact-us form owned by the one who builds it.
    fn new(session: Session) -> Self {
        let me = session
            .me
            .with_untracked(|me| me.as_ref().map(|me| me.id.clone()))
            .unwrap_or_default();
        let rows = ALL_FIELDS
            .iter()
            .map(|&field| FieldRow {
                field,
                asked: RwSignal::new(matches!(
                    field,
                    FormField::FirstName
                        | FormField::LastName
                        | FormField::Email
                        | FormField::Company
                        | FormField::Message
                )),
                label: RwSignal::new(field.default_label().to_owned()),
                required: RwSignal::new(matches!(field, FormField::LastName | FormField::Email)),
            })
            .collect();
        Self {
            name: RwSignal::new(String::new()),
            rows: StoredValue::new(rows),
            thank_you: RwSignal::new(String::new()),
            origins: RwSignal::new(String::new()),
            source: RwSignal::new("web".into()),
            campaign: RwSignal::new(String::new()),
            owner: RwSignal::new(me),
            active: RwSignal::new(true),
        }
    }

    fn fill(&self, form: &LeadForm) {
        self.name.set(form.name.clone());
        let asked = specs(&form.fields);
        self.rows.with_value(|rows| {
            for row in rows {
                let found = asked.iter().find(|s| s.field == row.field);
                row.asked.set(found.is_some());
                row.required.set(found.is_some_and(|s| s.required));
                row.label.set(
                    found.map_or_else(|| row.field.default_label().to_owned(), |s| s.label.clone()),
                );
            }
        });
        self.thank_you
            .set(form.thank_you_url.clone().unwrap_or_default());
        self.origins.set(form.allowed_origins.join("\n"));
        self.source.set(form.source.clone());
        self.campaign.set(form.campaign.clone().unwrap_or_default());
        self.owner.set(form.owner_id.clone().unwrap_or_default());
        self.active.set(form.active);
    }

    fn body(&self) -> Result<CreateLeadForm, Vec<(String, String)>> {
        let mut errors: Vec<FieldError> = Vec::new();
        if let Err(e) = text::required("/name", &self.name.get_untracked(), 100) {
            errors.push(e);
        }
        let fields = self.asked();
        let thank_you = blank(self.thank_you.get_untracked());
        if let Some(url) = &thank_you {
            if let Err(e) = WebAddress::parse("/thank_you_url", url) {
                errors.push(e);
            }
        }
        let origins: Vec<String> = self
            .origins
            .get_untracked()
            .lines()
            .filter_map(|l| blank(l.to_owned()))
            .collect();
        for (i, origin) in origins.iter().enumerate() {
            if let Err(e) = parse_origin(&format!("/allowed_origins/{i}"), origin) {
                errors.push(FieldError::new(
                    "/allowed_origins",
                    e.code,
                    format!("{origin}: {}", e.detail),
                ));
            }
        }
        let whole = LeadFormFields {
            name: String::new(),
            fields: fields.clone(),
            thank_you_url: None,
            allowed_origins: Vec::new(),
            source: domain::lead::LeadSource::Web,
            campaign: None,
            owner_id: None,
            active: true,
        };
        errors.extend(whole.check());
        if !errors.is_empty() {
            return Err(errors.into_iter().map(|e| (e.pointer, e.detail)).collect());
        }
        Ok(CreateLeadForm {
            name: self.name.get_untracked().trim().to_owned(),
            fields: fields
                .iter()
                .map(|s| FormFieldBody {
                    field: s.field.as_str().to_owned(),
                    label: Some(s.label.clone()),
                    required: s.required,
                })
                .collect(),
            thank_you_url: thank_you,
            allowed_origins: origins,
            source: Some(self.source.get_untracked()),
            campaign: blank(self.campaign.get_untracked()),
            owner_id: blank(self.owner.get_untracked()),
            active: Some(self.active.get_untracked()),
        })
    }

    fn update(body: CreateLeadForm) -> UpdateLeadForm {
        UpdateLeadForm {
            name: Some(body.name),
            fields: Some(body.fields),
            thank_you_url: Patch::set(body.thank_you_url),
            allowed_origins: Some(body.allowed_origins),
            source: body.source,
            campaign: Patch::set(body.campaign),
            owner_id: Patch::set(body.owner_id),
            active: body.active,
        }
    }

    fn fields(self, errors: FieldErrors) -> AnyView {
        let v = self;
        let preview = Signal::derive(move || v.asked());
        let fields_error = Signal::derive(move || errors.sentence_for("/fields", "The fields"));
        let origins_error =
            Signal::derive(move || errors.sentence_for("/allowed_origins", "The web sites"));
        view! {
            <TextField label="Name" pointer="/name" value=v.name errors=errors required=true hint="For staff, such as Web site: contact us"/>
            <div class="columns builder">
                <fieldset>
                    <legend>"Fields"</legend>
                    {move || fields_error.get().map(|e| view! { <p class="error">{e}</p> })}
                    <table class="field-table" aria-label="Fields the form asks for">
                        <thead><tr><th scope="col">"Ask"</th><th scope="col">"Label"</th><th scope="col">"Required"</th></tr></thead>
                        <tbody>
                        {v.rows.get_value().into_iter().map(|row| {
                            let name = row.field.as_str();
                            view! {
                                <tr>
                                    <td><label class="checkbox"><input type="checkbox" id=format!("ask-{name}")
                                        prop:checked=move || row.asked.get()
                                        on:change=move |ev| row.asked.set(event_target_checked(&ev))/>{row.field.default_label()}</label></td>
                                    <td><input type="text" aria-label=format!("Label of {}", row.field.default_label())
                                        prop:value=move || row.label.get() disabled=move || !row.asked.get()
                                        on:input=move |ev| row.label.set(event_target_value(&ev))/></td>
                                    <td><input type="checkbox" aria-label=format!("{} is required", row.field.default_label())
                                        prop:checked=move || row.required.get() disabled=move || !row.asked.get()
                                        on:change=move |ev| row.required.set(event_target_checked(&ev))/></td>
                                </tr>
                            }
                        }).collect_view()}
                        </tbody>
                    </table>
                </fieldset>
                <section class="card" aria-labelledby="builder-preview">
                    <h2 id="builder-preview">"Preview"</h2>
                    <Preview specs=preview/>
                </section>
            </div>
            <fieldset>
                <legend>"Where it lives"</legend>
                <div class="field">
                    <label for="allowed-origins">"Web sites that may send it"</label>
                    <p class="hint">"One per line, such as https://www.example.com"</p>
                    <textarea id="allowed-origins" rows="3" prop:value=move || v.origins.get()
                        aria-invalid=move || if origins_error.get().is_some() { "true" } else { "false" }
                        on:input=move |ev| v.origins.set(event_target_value(&ev))></textarea>
                    {move || origins_error.get().map(|e| view! { <p class="error">{e}</p> })}
                </div>
                <TextField label="Thank-you page" pointer="/thank_you_url" value=v.thank_you errors=errors kind="url" hint="Where visitors go after sending; starting with https://"/>
                <label class="checkbox"><input type="checkbox" prop:checked=move || v.active.get() on:change=move |ev| v.active.set(event_target_checked(&ev))/>"Takes submissions"</label>
            </fieldset>
            <fieldset>
                <legend>"Its leads"</legend>
                <div class="row">
                    <SelectField label="Source" pointer="/source" value=v.source errors=errors options=SOURCES.to_vec()/>
                    <TextField label="Campaign" pointer="/campaign" value=v.campaign errors=errors/>
                </div>
                <OwnerPicker owner=v.owner errors=errors/>
            </fieldset>
        }
        .into_any()
    }
}

/// Builds a capture form, or changes one.
pub fn capture_form(editing: bool) -> impl IntoView {
    record_form::<LeadForm, Values>(editing)
}
