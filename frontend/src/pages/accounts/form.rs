use api_types::accounts::{Account, Address, CreateAccount, UpdateAccount};
use api_types::{MoneyBody, Patch};
use domain::text::{self, DomainName, Phone, Tag, WebAddress};
use domain::{FieldError, Money};
use leptos::prelude::*;

use super::{TIERS, TYPES};
use crate::api::{self, Session};
use crate::components::account_picker::AccountPicker;
use crate::components::field::{FieldErrors, SelectField, TextField};
use crate::components::owner_picker::OwnerPicker;
use crate::components::record_form::{record_form, FormValues};

const CURRENCIES: [(&str, &str); 8] = [
    ("EUR", "EUR"),
    ("USD", "USD"),
    ("GBP", "GBP"),
    ("CHF", "CHF"),
    ("JPY", "JPY"),
    ("CAD", "CAD"),
    ("AUD", "AUD"),
    ("SEK", "SEK"),
];

/// The form's values, one signal per input.
#[derive(Clone, Copy)]
pub struct Values {
    name: RwSignal<String>,
    domain: RwSignal<String>,
    account_type: RwSignal<String>,
    industry: RwSignal<String>,
    tier: RwSignal<String>,
    size: RwSignal<String>,
    phone: RwSignal<String>,
    website: RwSignal<String>,
    street: RwSignal<String>,
    postal_code: RwSignal<String>,
    city: RwSignal<String>,
    region: RwSignal<String>,
    country: RwSignal<String>,
    revenue: RwSignal<String>,
    currency: RwSignal<String>,
    tags: RwSignal<String>,
    /// The owner's id, or "".
    owner: RwSignal<String>,
    /// The parent account: (id, name).
    parent: RwSignal<Option<(String, String)>>,
    session: Session,
}

fn text_of(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

fn none_if_blank(value: String) -> Option<String> {
    let trimmed = value.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

impl Values {
    fn empty(session: Session) -> Self {
        let s = |v: &str| RwSignal::new(v.to_owned());
        let me = session
            .me
            .with_untracked(|me| me.as_ref().map(|me| me.id.clone()))
            .unwrap_or_default();
        Self {
            owner: RwSignal::new(me),
            parent: RwSignal::new(None),
            session,
            name: s(""),
            domain: s(""),
            account_type: s("customer"),
            industry: s(""),
            tier: s(""),
            size: s(""),
            phone: s(""),
            website: s(""),
            street: s(""),
            postal_code: s(""),
            city: s(""),
            region: s(""),
            country: s(""),
            revenue: s(""),
            currency: s("EUR"),
            tags: s(""),
        }
    }

    fn fill_from(&self, a: &Account) {
        self.name.set(a.name.clone());
        self.domain.set(text_of(&a.domain));
        self.account_type.set(a.account_type.clone());
        self.industry.set(text_of(&a.industry));
        self.tier.set(text_of(&a.tier));
        self.size.set(text_of(&a.company_size));
        self.phone.set(text_of(&a.phone));
        self.website.set(text_of(&a.website));
        self.street.set(text_of(&a.address.street));
        self.postal_code.set(text_of(&a.address.postal_code));
        self.city.set(text_of(&a.address.city));
        self.region.set(text_of(&a.address.region));
        self.country.set(text_of(&a.address.country));
        if let Some(m) = &a.annual_revenue {
            if let Ok(money) = Money::parse("", m.amount_minor, &m.currency, false) {
                self.revenue.set(money.to_decimal_string());
            }
            self.currency.set(m.currency.clone());
        }
        self.tags.set(a.tags.join(", "));
        self.owner.set(a.owner_id.clone().unwrap_or_default());
        self.parent.set(
            a.parent_id
                .clone()
                .map(|id| (id, "The parent account".into())),
        );
        if let Some(parent_id) = a.parent_id.clone() {
            let (session, parent) = (self.session, self.parent);
            leptos::task::spawn_local(async move {
                if let Ok(found) = api::one::<Account>(&session, &parent_id).await {
                    // Unless the user chose another parent, or left the form, meanwhile.
                    let still = parent
                        .try_with_untracked(|p| p.as_ref().is_some_and(|(id, _)| *id == parent_id));
                    if still == Some(true) {
                        parent.set(Some((parent_id, found.record.name)));
                    }
                }
            });
        }
    }

    fn tag_list(&self) -> Vec<String> {
        self.tags
            .get_untracked()
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// Checks what the browser can check with the server's own rules; the server checks the
    /// rest. Returns the body or the field errors.
    fn checked(&self) -> Result<CreateAccount, Vec<(String, String)>> {
        let mut errors: Vec<FieldError> = Vec::new();
        let get = |s: RwSignal<String>| s.get_untracked();
        if let Err(e) = text::required("/name", &get(self.name), 200) {
            errors.push(e);
        }
        let optional = |raw: String, check: &dyn Fn(&str) -> Result<(), FieldError>| {
            none_if_blank(raw).map_or(Ok(()), |v| check(&v))
        };
        let checks = [
            optional(get(self.domain), &|v| {
                DomainName::parse("/domain", v).map(|_| ())
            }),
            optional(get(self.phone), &|v| Phone::parse("/phone", v).map(|_| ())),
            optional(get(self.website), &|v| {
                WebAddress::parse("/website", v).map(|_| ())
            }),
            optional(get(self.country), &|v| {
                text::country_code("/address/country", v).map(|_| ())
            }),
            Tag::parse_list("/tags", &self.tag_list()).map(|_| ()),
        ];
        errors.extend(checks.into_iter().filter_map(Result::err));
        let revenue = match none_if_blank(get(self.revenue)) {
            None => None,
            Some(raw) => {
                match Money::parse_decimal("/annual_revenue", &raw, &get(self.currency), true) {
                    Ok(m) => Some(MoneyBody {
                        amount_minor: m.amount_minor,
                        currency: m.currency.code().to_owned(),
                    }),
                    Err(e) => {
                        errors.push(e);
                        None
                    }
                }
            }
        };
        if !errors.is_empty() {
            return Err(errors.into_iter().map(|e| (e.pointer, e.detail)).collect());
        }
        Ok(CreateAccount {
            name: get(self.name).trim().to_owned(),
            domain: none_if_blank(get(self.domain)),
            account_type: Some(get(self.account_type)),
            industry: none_if_blank(get(self.industry)),
            tier: none_if_blank(get(self.tier)),
            company_size: none_if_blank(get(self.size)),
            owner_id: none_if_blank(get(self.owner)),
            parent_id: self.parent.get_untracked().map(|(id, _)| id),
            address: Some(Address {
                street: none_if_blank(get(self.street)),
                city: none_if_blank(get(self.city)),
                region: none_if_blank(get(self.region)),
                postal_code: none_if_blank(get(self.postal_code)),
                country: none_if_blank(get(self.country)),
            }),
            phone: none_if_blank(get(self.phone)),
            website: none_if_blank(get(self.website)),
            annual_revenue: revenue,
            tags: self.tag_list(),
        })
    }
}

/// Every editable field of the form, replacing what is stored.
fn as_update(body: CreateAccount) -> UpdateAccount {
    UpdateAccount {
        name: Patch::Value(body.name),
        domain: Patch::set(body.domain),
        account_type: body.account_type,
        industry: Patch::set(body.industry),
        tier: Patch::set(body.tier),
        company_size: Patch::set(body.company_size),
        owner_id: Patch::set(body.owner_id),
        parent_id: Patch::set(body.parent_id),
        address: body.address,
        phone: Patch::set(body.phone),
        website: Patch::set(body.website),
        annual_revenue: Patch::set(body.annual_revenue),
        tags: Some(body.tags),
    }
}

impl FormValues<Account> for Values {
    fn new(session: Session) -> Self {
        Values::empty(session)
    }

    fn fill(&self, account: &Account) {
        self.fill_from(account);
    }

    fn body(&self) -> Result<CreateAccount, Vec<(String, String)>> {
        self.checked()
    }

    fn update(body: CreateAccount) -> UpdateAccount {
        as_update(body)
    }

    fn fields(self, errors: FieldErrors) -> AnyView {
        let v = self;
        // An account cannot be its own parent: when editing, the picker leaves it out.
        let this = leptos_router::hooks::use_params_map().with_untracked(|p| p.get("id"));
        view! {
            <fieldset>
                <legend>"Company"</legend>
                <TextField label="Name" pointer="/name" value=v.name errors=errors required=true autocomplete="organization"/>
                <div class="row">
                    <SelectField label="Type" pointer="/type" value=v.account_type errors=errors options=TYPES.to_vec()/>
                    <SelectField label="Tier" pointer="/tier" value=v.tier errors=errors
                        options=std::iter::once(("", "None")).chain(TIERS).collect()/>
                </div>
                <div class="row">
                    <TextField label="Industry" pointer="/industry" value=v.industry errors=errors/>
                    <SelectField label="Company size" pointer="/company_size" value=v.size errors=errors
                        options=std::iter::once(("", "Unknown")).chain(crate::pages::leads::SIZES).collect()/>
                </div>
                <TextField label="Domain" pointer="/domain" value=v.domain errors=errors hint="For example northwind.example"/>
                <TextField label="Website" pointer="/website" value=v.website errors=errors kind="url" autocomplete="url"/>
                <TextField label="Phone" pointer="/phone" value=v.phone errors=errors kind="tel" autocomplete="tel"/>
                <div class="row">
                    <OwnerPicker owner=v.owner errors=errors/>
                    <AccountPicker account=v.parent label="Parent account" name="parent_id" except=this
                        error=Signal::derive(move || errors.sentence_for("/parent_id", "The parent account"))/>
                </div>
            </fieldset>
            <fieldset>
                <legend>"Address"</legend>
                <TextField label="Street" pointer="/address/street" value=v.street errors=errors autocomplete="street-address"/>
                <div class="row">
                    <TextField label="Postal code" pointer="/address/postal_code" value=v.postal_code errors=errors autocomplete="postal-code"/>
                    <TextField label="City" pointer="/address/city" value=v.city errors=errors autocomplete="address-level2"/>
                </div>
                <div class="row">
                    <TextField label="Region" pointer="/address/region" value=v.region errors=errors autocomplete="address-level1"/>
                    <TextField label="Country" pointer="/address/country" value=v.country errors=errors hint="Two letters, such as DE" autocomplete="country"/>
                </div>
            </fieldset>
            <fieldset>
                <legend>"More"</legend>
                <div class="row">
                    <TextField label="Annual revenue" pointer="/annual_revenue" value=v.revenue errors=errors hint="For example 1250000.00"/>
                    <SelectField label="Currency" pointer="/annual_revenue/currency" value=v.currency errors=errors options=CURRENCIES.to_vec()/>
                </div>
                <TextField label="Tags" pointer="/tags" value=v.tags errors=errors hint="Separated by commas"/>
            </fieldset>
        }
        .into_any()
    }
}

/// Creates an account, or edits one (`editing`, the id from the path).
pub fn account_form(editing: bool) -> impl IntoView {
    record_form::<Account, Values>(editing)
}
