//! Creating and editing an opportunity. Moving it between stages happens on its page and the
//! board (closing asks for a reason there); a new one may start in any open stage.

use api_types::opportunities::{CreateOpportunity, Opportunity, UpdateOpportunity};
use api_types::pipelines::Pipeline;
use api_types::{ListQuery, MoneyBody, Patch};
use chrono::NaiveDate;
use domain::{text, FieldError, Money};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{self, Session};
use crate::components::account_picker::AccountPicker;
use crate::components::field::{FieldErrors, SelectField, TextField};
use crate::components::owner_picker::OwnerPicker;
use crate::components::record_form::{record_form, FormValues};

const CURRENCIES: [(&str, &str); 6] = [
    ("EUR", "EUR"),
    ("USD", "USD"),
    ("GBP", "GBP"),
    ("CHF", "CHF"),
    ("JPY", "JPY"),
    ("CAD", "CAD"),
];

const CATEGORIES: [(&str, &str); 5] = [
    ("", "From the probability"),
    ("pipeline", "Pipeline"),
    ("best_case", "Best case"),
    ("commit", "Commit"),
    ("omitted", "Omitted"),
];

/// The form's values, one signal per input.
#[derive(Clone, Copy)]
pub struct Values {
    name: RwSignal<String>,
    account: RwSignal<Option<(String, String)>>,
    pipeline: RwSignal<String>,
    /// An open stage of the pipeline, "" for its first.
    stage: RwSignal<String>,
    amount: RwSignal<String>,
    currency: RwSignal<String>,
    close_date: RwSignal<String>,
    owner: RwSignal<String>,
    next_step: RwSignal<String>,
    competitors: RwSignal<String>,
    category: RwSignal<String>,
    description: RwSignal<String>,
    /// Whether the form edits a stored deal (whose stage moves elsewhere).
    editing: RwSignal<bool>,
    /// Whether the deal is priced by its line items (edited on its page), so the amount is
    /// not the form's to change.
    priced_by_lines: RwSignal<bool>,
}

fn none_if_blank(value: String) -> Option<String> {
    let trimmed = value.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

impl FormValues<Opportunity> for Values {
    /// Empty, or at the account of `?account_id=` (named by `?account_name=`).
    fn new(session: Session) -> Self {
        let s = |v: &str| RwSignal::new(v.to_owned());
        let me = session
            .me
            .with_untracked(|me| me.as_ref().map(|me| me.id.clone()))
            .unwrap_or_default();
        let preset = use_query_map().with_untracked(|q| {
            q.get("account_id").map(|id| {
                (
                    id,
                    q.get("account_name")
                        .unwrap_or_else(|| "This account".into()),
                )
            })
        });
        let in_a_quarter = super::today() + chrono::Duration::days(90);
        Self {
            name: s(""),
            account: RwSignal::new(preset),
            pipeline: s(""),
            stage: s(""),
            amount: s(""),
            currency: s("EUR"),
            close_date: RwSignal::new(in_a_quarter.to_string()),
            owner: RwSignal::new(me),
            next_step: s(""),
            competitors: s(""),
            category: s(""),
            description: s(""),
            editing: RwSignal::new(false),
            priced_by_lines: RwSignal::new(false),
        }
    }

    fn fill(&self, d: &Opportunity) {
        self.editing.set(true);
        self.name.set(d.name.clone());
        self.account
            .set(Some((d.account_id.clone(), d.account_name.clone())));
        self.pipeline.set(d.pipeline_id.clone());
        self.stage.set(d.stage_id.clone());
        if let Ok(m) = Money::parse("", d.amount.amount_minor, &d.amount.currency, false) {
            self.amount.set(m.to_decimal_string());
        }
        self.currency.set(d.amount.currency.clone());
        self.priced_by_lines.set(!d.line_items.is_empty());
        self.close_date.set(d.close_date.to_string());
        self.owner.set(d.owner_id.clone().unwrap_or_default());
        self.next_step.set(d.next_step.clone().unwrap_or_default());
        self.competitors.set(d.competitors.join(", "));
        self.category
            .set(d.forecast_category_override.clone().unwrap_or_default());
        self.description
            .set(d.description.clone().unwrap_or_default());
    }

    fn body(&self) -> Result<CreateOpportunity, Vec<(String, String)>> {
        let get = |s: RwSignal<String>| s.get_untracked();
        let mut errors: Vec<FieldError> = Vec::new();
        if let Err(e) = text::required("/name", &get(self.name), 200) {
            errors.push(e);
        }
        let account = self.account.get_untracked().map(|(id, _)| id);
        if account.is_none() {
            errors.push(FieldError::new("/account_id", "required", "must be chosen"));
        }
        if get(self.pipeline).is_empty() {
            errors.push(FieldError::new(
                "/pipeline_id",
                "required",
                "must be chosen",
            ));
        }
        let close_date = NaiveDate::parse_from_str(&get(self.close_date), "%Y-%m-%d");
        if close_date.is_err() {
            errors.push(FieldError::new(
                "/close_date",
                "invalid_date",
                "must be a date",
            ));
        }
        let amount = match none_if_blank(get(self.amount)) {
            None => None,
            Some(raw) => match Money::parse_decimal("/amount", &raw, &get(self.currency), true) {
                Ok(m) => Some(MoneyBody {
                    amount_minor: m.amount_minor,
                    currency: m.currency.code().to_owned(),
                }),
                Err(e) => {
                    errors.push(e);
                    None
                }
            },
        };
        if !errors.is_empty() {
            return Err(errors.into_iter().map(|e| (e.pointer, e.detail)).collect());
        }
        Ok(CreateOpportunity {
            name: get(self.name).trim().to_owned(),
            account_id: account.unwrap_or_default(),
            pipeline_id: get(self.pipeline),
            stage_id: none_if_blank(get(self.stage)),
            close_reason: None,
            amount,
            close_date: close_date.unwrap_or_default(),
            owner_id: none_if_blank(get(self.owner)),
            primary_contact_id: None,
            contact_roles: Vec::new(),
            line_items: Vec::new(),
            next_step: none_if_blank(get(self.next_step)),
            competitors: get(self.competitors)
                .split(',')
                .filter_map(|c| none_if_blank(c.to_owned()))
                .collect(),
            source_lead_id: None,
            campaign: None,
            forecast_category: none_if_blank(get(self.category)),
            description: none_if_blank(get(self.description)),
        })
    }

    /// What the form edits; the stage, people and source stay as they are.
    fn update(body: CreateOpportunity) -> UpdateOpportunity {
        UpdateOpportunity {
            name: Some(body.name),
            account_id: Some(body.account_id),
            amount: body.amount,
            close_date: Some(body.close_date),
            owner_id: Patch::set(body.owner_id),
            next_step: Patch::set(body.next_step),
            competitors: Some(body.competitors),
            forecast_category: Patch::set(body.forecast_category),
            description: Patch::set(body.description),
            ..UpdateOpportunity::default()
        }
    }

    fn fields(self, errors: FieldErrors) -> AnyView {
        let v = self;
        view! {
            <fieldset>
                <legend>"Deal"</legend>
                <TextField label="Name" pointer="/name" value=v.name errors=errors required=true
                    hint="What is being sold, such as 250 seats"/>
                <AccountPicker account=v.account
                    error=Signal::derive(move || errors.sentence_for("/account_id", "The account"))/>
                {move || (!v.editing.get()).then(|| view! { <PipelineFields values=v errors/> })}
                {move || if v.priced_by_lines.get() {
                    view! { <p class="muted">"The amount is the sum of the line items, edited on the deal's page."</p> }.into_any()
                } else {
                    view! {
                        <div class="row">
                            <TextField label="Amount" pointer="/amount" value=v.amount errors=errors hint="For example 45000.00"/>
                            <SelectField label="Currency" pointer="/amount/currency" value=v.currency errors=errors options=CURRENCIES.to_vec()/>
                        </div>
                    }.into_any()
                }}
                <div class="row">
                    <TextField label="Close date" pointer="/close_date" value=v.close_date errors=errors kind="date" required=true/>
                    <SelectField label="Forecast category" pointer="/forecast_category" value=v.category errors=errors options=CATEGORIES.to_vec()/>
                </div>
                <OwnerPicker owner=v.owner errors=errors/>
            </fieldset>
            <fieldset>
                <legend>"More"</legend>
                <TextField label="Next step" pointer="/next_step" value=v.next_step errors=errors/>
                <TextField label="Competitors" pointer="/competitors" value=v.competitors errors=errors hint="Separated by commas"/>
                <TextField label="Description" pointer="/description" value=v.description errors=errors/>
            </fieldset>
        }
        .into_any()
    }
}

/// The pipeline and the open stage a new deal starts in.
#[component]
fn PipelineFields(values: Values, errors: FieldErrors) -> impl IntoView {
    let session = expect_context::<Session>();
    let pipelines = LocalResource::new(move || async move {
        let all = ListQuery {
            limit: Some(100),
            ..ListQuery::default()
        };
        api::list::<Pipeline>(&session, &all, &()).await
    });
    let known = move || {
        pipelines
            .get()
            .and_then(Result::ok)
            .map(|p| p.items)
            .unwrap_or_default()
    };
    // The first pipeline until the user chooses.
    Effect::new(move |_| {
        if values.pipeline.get().is_empty() {
            if let Some(first) = known().first() {
                values.pipeline.set(first.id.clone());
            }
        }
    });
    let open_stages = move || {
        let chosen = values.pipeline.get();
        known()
            .into_iter()
            .find(|p| p.id == chosen)
            .map(|p| {
                p.stages
                    .into_iter()
                    .filter(|s| s.kind == "open")
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let pipeline_error = move || errors.sentence_for("/pipeline_id", "The pipeline");
    let stage_error = move || errors.sentence_for("/stage_id", "The stage");
    view! {
        <div class="row">
            <div class="field" class:invalid=move || pipeline_error().is_some()>
                <label for="field-pipeline_id">"Pipeline"</label>
                <select id="field-pipeline_id" name="/pipeline_id"
                    on:change=move |ev| { values.pipeline.set(event_target_value(&ev)); values.stage.set(String::new()); }
                    prop:value=move || values.pipeline.get()>
                    {move || known().into_iter().map(|p| {
                        let id = p.id.clone();
                        view! { <option value=id.clone() selected=move || values.pipeline.get() == id>{p.name}</option> }
                    }).collect_view()}
                </select>
                {move || pipeline_error().map(|e| view! { <p class="error">{e}</p> })}
            </div>
            <div class="field" class:invalid=move || stage_error().is_some()>
                <label for="field-stage_id">"Stage"</label>
                <select id="field-stage_id" name="/stage_id"
                    on:change=move |ev| values.stage.set(event_target_value(&ev))
                    prop:value=move || values.stage.get()>
                    {move || open_stages().into_iter().enumerate().map(|(i, s)| {
                        let id = if i == 0 { String::new() } else { s.id.clone() };
                        let label = format!("{} ({} %)", s.name, s.probability);
                        view! { <option value=id>{label}</option> }
                    }).collect_view()}
                </select>
                {move || stage_error().map(|e| view! { <p class="error">{e}</p> })}
            </div>
        </div>
    }
}

/// Creates an opportunity, or edits one (`editing`, the id from the path).
pub fn opportunity_form(editing: bool) -> impl IntoView {
    record_form::<Opportunity, Values>(editing)
}
