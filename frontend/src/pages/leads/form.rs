use api_types::accounts::Address;
use api_types::leads::{CreateLead, Lead, UpdateLead};
use api_types::Patch;
use domain::text::{self, Tag, WebAddress};
use domain::{Email, FieldError};
use leptos::prelude::*;

use super::{SIZES, SOURCES, STATUSES};
use crate::api::Session;
use crate::components::field::{FieldErrors, SelectField, TextField};
use crate::components::owner_picker::OwnerPicker;
use crate::components::phones::{self, PhoneRow, PhoneRows};
use crate::components::record_form::{record_form, FormValues};

/// The form's values, one signal per input.
#[derive(Clone, Copy)]
pub struct Values {
    first_name: RwSignal<String>,
    last_name: RwSignal<String>,
    company: RwSignal<String>,
    title: RwSignal<String>,
    email: RwSignal<String>,
    phones: RwSignal<Vec<PhoneRow>>,
    website: RwSignal<String>,
    street: RwSignal<String>,
    city: RwSignal<String>,
    region: RwSignal<String>,
    postal_code: RwSignal<String>,
    country: RwSignal<String>,
    industry: RwSignal<String>,
    size: RwSignal<String>,
    source: RwSignal<String>,
    campaign: RwSignal<String>,
    status: RwSignal<String>,
    reason: RwSignal<String>,
    tags: RwSignal<String>,
    /// The owner's id, or "".
    owner: RwSignal<String>,
}

fn blank(value: String) -> Option<String> {
    let trimmed = value.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

impl Values {
    fn checked(&self) -> Result<CreateLead, Vec<(String, String)>> {
        let get = |s: RwSignal<String>| s.get_untracked();
        let mut errors: Vec<FieldError> = Vec::new();
        let email = blank(get(self.email));
        if let Some(email) = &email {
            if let Err(e) = Email::parse("/email", email) {
                errors.push(e);
            }
        }
        let last_name = blank(get(self.last_name));
        if last_name.is_none() && email.is_none() {
            errors.push(FieldError::new(
                "/last_name",
                "required",
                "a lead needs a last name or an email address",
            ));
        }
        let phones = phones::checked(&self.phones.get_untracked(), &mut errors);
        let website = blank(get(self.website));
        if let Some(website) = &website {
            if let Err(e) = WebAddress::parse("/website", website) {
                errors.push(e);
            }
        }
        let country = blank(get(self.country));
        if let Some(country) = &country {
            if let Err(e) = text::country_code("/address/country", country) {
                errors.push(e);
            }
        }
        let status = get(self.status);
        let reason = blank(get(self.reason)).filter(|_| status == "disqualified");
        if status == "disqualified" && reason.is_none() {
            errors.push(FieldError::new(
                "/disqualified_reason",
                "required",
                "say why the lead is disqualified",
            ));
        }
        let tags: Vec<String> = get(self.tags)
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect();
        if let Err(e) = Tag::parse_list("/tags", &tags) {
            errors.push(e);
        }
        if !errors.is_empty() {
            return Err(errors.into_iter().map(|e| (e.pointer, e.detail)).collect());
        }
        Ok(CreateLead {
            first_name: blank(get(self.first_name)),
            last_name,
            company: blank(get(self.company)),
            title: blank(get(self.title)),
            email,
            phones,
            website,
            address: Some(Address {
                street: blank(get(self.street)),
                city: blank(get(self.city)),
                region: blank(get(self.region)),
                postal_code: blank(get(self.postal_code)),
                country,
            }),
            industry: blank(get(self.industry)),
            company_size: blank(get(self.size)),
            source: blank(get(self.source)),
            campaign: blank(get(self.campaign)),
            status: Some(status),
            disqualified_reason: reason,
            owner_id: blank(get(self.owner)),
            tags,
        })
    }
}

impl FormValues<Lead> for Values {
    fn new(session: Session) -> Self {
        let s = |v: &str| RwSignal::new(v.to_owned());
        let me = session
            .me
            .with_untracked(|me| me.as_ref().map(|me| me.id.clone()))
            .unwrap_or_default();
        Self {
            first_name: s(""),
            last_name: s(""),
            company: s(""),
            title: s(""),
            email: s(""),
            phones: RwSignal::new(phones::one_blank()),
            website: s(""),
            street: s(""),
            city: s(""),
            region: s(""),
            postal_code: s(""),
            country: s(""),
            industry: s(""),
            size: s(""),
            source: s(""),
            campaign: s(""),
            status: s("new"),
            reason: s(""),
            tags: s(""),
            owner: RwSignal::new(me),
        }
    }

    fn fill(&self, l: &Lead) {
        let set = |signal: RwSignal<String>, value: &Option<String>| {
            signal.set(value.clone().unwrap_or_default());
        };
        set(self.first_name, &l.first_name);
        set(self.last_name, &l.last_name);
        set(self.company, &l.company);
        set(self.title, &l.title);
        set(self.email, &l.email);
        self.phones.set(phones::rows_of(&l.phones));
        set(self.website, &l.website);
        set(self.street, &l.address.street);
        set(self.city, &l.address.city);
        set(self.region, &l.address.region);
        set(self.postal_code, &l.address.postal_code);
        set(self.country, &l.address.country);
        set(self.industry, &l.industry);
        set(self.size, &l.company_size);
        set(self.source, &l.source);
        set(self.campaign, &l.campaign);
        self.status.set(l.status.clone());
        set(self.reason, &l.disqualified_reason);
        self.tags.set(l.tags.join(", "));
        set(self.owner, &l.owner_id);
    }

    fn body(&self) -> Result<CreateLead, Vec<(String, String)>> {
        self.checked()
    }

    fn update(body: CreateLead) -> UpdateLead {
        UpdateLead {
            first_name: Patch::set(body.first_name),
            last_name: Patch::set(body.last_name),
            company: Patch::set(body.company),
            title: Patch::set(body.title),
            email: Patch::set(body.email),
            phones: Some(body.phones),
            website: Patch::set(body.website),
            address: body.address,
            industry: Patch::set(body.industry),
            company_size: Patch::set(body.company_size),
            source: Patch::set(body.source),
            campaign: Patch::set(body.campaign),
            status: body.status,
            disqualified_reason: Patch::set(body.disqualified_reason),
            owner_id: Patch::set(body.owner_id),
            tags: Some(body.tags),
        }
    }

    fn fields(self, errors: FieldErrors) -> AnyView {
        let v = self;
        let or_none = |list: &[(&'static str, &'static str)]| {
            std::iter::once(("", "—"))
                .chain(list.iter().copied())
                .collect::<Vec<_>>()
        };
        view! {
            <fieldset>
                <legend>"Person"</legend>
                <div class="row">
                    <TextField label="First name" pointer="/first_name" value=v.first_name errors=errors autocomplete="given-name"/>
                    <TextField label="Last name" pointer="/last_name" value=v.last_name errors=errors autocomplete="family-name" hint="A last name or an email is needed"/>
                </div>
                <TextField label="Title" pointer="/title" value=v.title errors=errors hint="For example Head of Purchasing"/>
                <TextField label="Email" pointer="/email" value=v.email errors=errors kind="email" autocomplete="email"/>
                <PhoneRows phones=v.phones errors=errors/>
            </fieldset>
            <fieldset>
                <legend>"Company"</legend>
                <div class="row">
                    <TextField label="Company" pointer="/company" value=v.company errors=errors autocomplete="organization"/>
                    <TextField label="Web site" pointer="/website" value=v.website errors=errors kind="url" hint="Starting with https://"/>
                </div>
                <div class="row">
                    <TextField label="Industry" pointer="/industry" value=v.industry errors=errors/>
                    <SelectField label="Company size" pointer="/company_size" value=v.size errors=errors options=or_none(&SIZES)/>
                </div>
                <TextField label="Street" pointer="/address/street" value=v.street errors=errors autocomplete="street-address"/>
                <div class="row">
                    <TextField label="City" pointer="/address/city" value=v.city errors=errors/>
                    <TextField label="Postal code" pointer="/address/postal_code" value=v.postal_code errors=errors/>
                </div>
                <div class="row">
                    <TextField label="State or region" pointer="/address/region" value=v.region errors=errors/>
                    <TextField label="Country" pointer="/address/country" value=v.country errors=errors hint="Two letters, such as DE"/>
                </div>
            </fieldset>
            <fieldset>
                <legend>"Qualification"</legend>
                <div class="row">
                    <SelectField label="Status" pointer="/status" value=v.status errors=errors options=STATUSES.to_vec()/>
                    <OwnerPicker owner=v.owner errors=errors/>
                </div>
                <Show when=move || v.status.get() == "disqualified">
                    <TextField label="Why disqualified" pointer="/disqualified_reason" value=v.reason errors=errors required=true/>
                </Show>
                <div class="row">
                    <SelectField label="Source" pointer="/source" value=v.source errors=errors options=or_none(&SOURCES)/>
                    <TextField label="Campaign" pointer="/campaign" value=v.campaign errors=errors/>
                </div>
            </fieldset>
            <TextField label="Tags" pointer="/tags" value=v.tags errors=errors hint="Separated by commas"/>
        }
        .into_any()
    }
}

/// Creates a lead, or edits one.
pub fn lead_form(editing: bool) -> impl IntoView {
    record_form::<Lead, Values>(editing)
}
