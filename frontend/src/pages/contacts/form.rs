use api_types::accounts::Account;
use api_types::contacts::{Consent, Contact, CreateContact, UpdateContact};
use api_types::Patch;
use domain::text::{self, Tag};
use domain::{Email, FieldError};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::CHANNELS;
use crate::api::{self, Session};
use crate::components::account_picker::AccountPicker;
use crate::components::field::{FieldErrors, SelectField, TextField};
use crate::components::owner_picker::OwnerPicker;
use crate::components::phones::{self, PhoneRow, PhoneRows};
use crate::components::record_form::{record_form, FormValues};

/// The form's values, one signal per input.
#[derive(Clone, Copy)]
pub struct Values {
    session: Session,
    first_name: RwSignal<String>,
    last_name: RwSignal<String>,
    email: RwSignal<String>,
    title: RwSignal<String>,
    phones: RwSignal<Vec<PhoneRow>>,
    account: RwSignal<Option<(String, String)>>,
    channel: RwSignal<String>,
    consent_email: RwSignal<bool>,
    consent_phone: RwSignal<bool>,
    consent_sms: RwSignal<bool>,
    do_not_contact: RwSignal<bool>,
    tags: RwSignal<String>,
    /// The owner's id, or "".
    owner: RwSignal<String>,
}

fn blank(value: String) -> Option<String> {
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
            session,
            first_name: s(""),
            last_name: s(""),
            email: s(""),
            title: s(""),
            phones: RwSignal::new(phones::one_blank()),
            account: RwSignal::new(None),
            channel: s("any"),
            consent_email: RwSignal::new(false),
            consent_phone: RwSignal::new(false),
            consent_sms: RwSignal::new(false),
            do_not_contact: RwSignal::new(false),
            tags: s(""),
        }
    }

    /// The contact's values; the account's name follows when it has been read.
    fn fill_from(&self, c: &Contact) {
        self.first_name
            .set(c.first_name.clone().unwrap_or_default());
        self.last_name.set(c.last_name.clone());
        self.email.set(c.email.clone().unwrap_or_default());
        self.title.set(c.title.clone().unwrap_or_default());
        self.phones.set(phones::rows_of(&c.phones));
        self.account
            .set(c.account_id.clone().map(|id| (id, "This account".into())));
        if let Some(account_id) = c.account_id.clone() {
            let (session, account) = (self.session, self.account);
            leptos::task::spawn_local(async move {
                if let Ok(found) = api::one::<Account>(&session, &account_id).await {
                    account.set(Some((account_id, found.record.name)));
                }
            });
        }
        self.channel.set(c.preferred_channel.clone());
        self.consent_email.set(c.consent.email);
        self.consent_phone.set(c.consent.phone);
        self.consent_sms.set(c.consent.sms);
        self.do_not_contact.set(c.consent.do_not_contact);
        self.tags.set(c.tags.join(", "));
        self.owner.set(c.owner_id.clone().unwrap_or_default());
    }

    fn checked(&self) -> Result<CreateContact, Vec<(String, String)>> {
        let get = |s: RwSignal<String>| s.get_untracked();
        let mut errors: Vec<FieldError> = Vec::new();
        if let Err(e) = text::required("/last_name", &get(self.last_name), 100) {
            errors.push(e);
        }
        if let Some(email) = blank(get(self.email)) {
            if let Err(e) = Email::parse("/email", &email) {
                errors.push(e);
            }
        }
        let phones = phones::checked(&self.phones.get_untracked(), &mut errors);
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
        Ok(CreateContact {
            first_name: blank(get(self.first_name)),
            last_name: get(self.last_name).trim().to_owned(),
            email: blank(get(self.email)),
            phones,
            title: blank(get(self.title)),
            account_id: self.account.get_untracked().map(|(id, _)| id),
            owner_id: blank(get(self.owner)),
            preferred_channel: Some(get(self.channel)),
            consent: Some(Consent {
                email: self.consent_email.get_untracked(),
                phone: self.consent_phone.get_untracked(),
                sms: self.consent_sms.get_untracked(),
                do_not_contact: self.do_not_contact.get_untracked(),
            }),
            tags,
        })
    }
}

fn as_update(body: CreateContact) -> UpdateContact {
    UpdateContact {
        first_name: Patch::set(body.first_name),
        last_name: Patch::Value(body.last_name),
        email: Patch::set(body.email),
        phones: Some(body.phones),
        title: Patch::set(body.title),
        account_id: Patch::set(body.account_id),
        owner_id: Patch::set(body.owner_id),
        preferred_channel: body.preferred_channel,
        consent: body.consent,
        tags: Some(body.tags),
    }
}

impl FormValues<Contact> for Values {
    /// Empty, or for the account in `?account_id=` (named by `?account_name=`) when given.
    fn new(session: Session) -> Self {
        let values = Values::empty(session);
        let query = use_query_map();
        let preset = query.with_untracked(|q| (q.get("account_id"), q.get("account_name")));
        if let (Some(account), name) = preset {
            values.account.set(Some((
                account,
                name.unwrap_or_else(|| "This account".into()),
            )));
        }
        values
    }

    fn fill(&self, contact: &Contact) {
        self.fill_from(contact);
    }

    fn body(&self) -> Result<CreateContact, Vec<(String, String)>> {
        self.checked()
    }

    fn update(body: CreateContact) -> UpdateContact {
        as_update(body)
    }

    fn fields(self, errors: FieldErrors) -> AnyView {
        let v = self;
        let account_error = Signal::derive(move || errors.sentence_for("/account_id", "Account"));
        view! {
            <fieldset>
                        <legend>"Person"</legend>
                        <div class="row">
                            <TextField label="First name" pointer="/first_name" value=v.first_name errors=errors autocomplete="given-name"/>
                            <TextField label="Last name" pointer="/last_name" value=v.last_name errors=errors required=true autocomplete="family-name"/>
                        </div>
                        <TextField label="Title" pointer="/title" value=v.title errors=errors hint="For example Head of Purchasing"/>
                        <div class="row">
                            <AccountPicker account=v.account error=account_error/>
                            <OwnerPicker owner=v.owner errors=errors/>
                        </div>
                    </fieldset>
                    <fieldset>
                        <legend>"Reaching them"</legend>
                        <TextField label="Email" pointer="/email" value=v.email errors=errors kind="email" autocomplete="email"/>
                        <PhoneRows phones=v.phones errors=errors/>
                        <SelectField label="Prefers" pointer="/preferred_channel" value=v.channel errors=errors options=CHANNELS.to_vec()/>
                    </fieldset>
                    <fieldset>
                        <legend>"Consent"</legend>
                        <label class="checkbox"><input type="checkbox" prop:checked=move || v.consent_email.get() on:change=move |ev| v.consent_email.set(event_target_checked(&ev))/>"Agreed to email"</label>
                        <label class="checkbox"><input type="checkbox" prop:checked=move || v.consent_phone.get() on:change=move |ev| v.consent_phone.set(event_target_checked(&ev))/>"Agreed to phone calls"</label>
                        <label class="checkbox"><input type="checkbox" prop:checked=move || v.consent_sms.get() on:change=move |ev| v.consent_sms.set(event_target_checked(&ev))/>"Agreed to text messages"</label>
                        <label class="checkbox"><input type="checkbox" prop:checked=move || v.do_not_contact.get() on:change=move |ev| v.do_not_contact.set(event_target_checked(&ev))/>"Do not contact"</label>
                    </fieldset>
                    <TextField label="Tags" pointer="/tags" value=v.tags errors=errors hint="Separated by commas"/>
        }
        .into_any()
    }
}

/// Creates a contact (for the account in `?account_id=` if given), or edits one.
pub fn contact_form(editing: bool) -> impl IntoView {
    record_form::<Contact, Values>(editing)
}
