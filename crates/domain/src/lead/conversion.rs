//! Planning a lead's conversion: which existing account and contact it uses, and what it
//! makes from itself.

use super::LeadFields;
use crate::account::AccountFields;
use crate::contact::{Consent, ContactFields};
use crate::id::{AccountId, ContactId, UserId};
use crate::validation::FieldError;
use crate::{AccountType, PreferredChannel};

/// What converting a lead uses: a record the user chose or conversion found, or a new one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target<I, F> {
    /// An existing record.
    Existing(I),
    /// A record to create from the lead.
    New(F),
}

/// What a conversion will do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversionPlan {
    /// The account the lead becomes or joins.
    pub account: Target<AccountId, AccountFields>,
    /// The contact the lead becomes or is matched to; a new one works at the account.
    pub contact: Target<ContactId, ContactFields>,
}

/// The existing records a conversion may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Existing<I> {
    /// The one the user chose.
    pub chosen: Option<I>,
    /// The oldest live one matching the lead (by company domain for an account, by email
    /// for a contact).
    pub matched: Option<I>,
}

impl<I: Copy> Existing<I> {
    fn pick(self) -> Option<I> {
        self.chosen.or(self.matched)
    }
}

/// Plans a conversion: a chosen record wins, then a matched one; only when neither exists is
/// a record made from the lead, which must then carry what that record needs (a company for
/// an account, a last name for a contact). `owner` owns what is made.
pub fn plan_conversion(
    lead: &LeadFields,
    account: Existing<AccountId>,
    contact: Existing<ContactId>,
    owner: Option<UserId>,
) -> Result<ConversionPlan, Vec<FieldError>> {
    let mut errors = Vec::new();
    let account = match account.pick() {
        Some(id) => Some(Target::Existing(id)),
        None => match &lead.company {
            Some(name) => Some(Target::New(new_account(lead, name, owner))),
            None => {
                errors.push(FieldError::new(
                    "/account_id",
                    "required",
                    "the lead has no company: choose the account it joins",
                ));
                None
            }
        },
    };
    let contact = match contact.pick() {
        Some(id) => Some(Target::Existing(id)),
        None => match &lead.last_name {
            Some(last_name) => Some(Target::New((lead, last_name.clone(), owner))),
            None => {
                errors.push(FieldError::new(
                    "/contact_id",
                    "required",
                    "the lead has no last name: give it one or choose the contact it is",
                ));
                None
            }
        },
    };
    match (account, contact) {
        (Some(account), Some(contact)) if errors.is_empty() => Ok(ConversionPlan {
            account,
            contact: match contact {
                Target::Existing(id) => Target::Existing(id),
                Target::New((lead, last_name, owner)) => {
                    Target::New(new_contact(lead, last_name, owner))
                }
            },
        }),
        _ => Err(errors),
    }
}

fn new_account(lead: &LeadFields, name: &str, owner: Option<UserId>) -> AccountFields {
    AccountFields {
        company_size: lead.company_size,
        name: name.to_owned(),
        domain: lead.company_domain(),
        account_type: AccountType::Prospect,
        industry: lead.industry.clone(),
        tier: None,
        owner_id: owner,
        parent_id: None,
        address: lead.address.clone(),
        phone: None,
        website: lead.website.clone(),
        annual_revenue: None,
        tags: Vec::new(),
    }
}

/// A new contact from the lead; its account is filled in once the account exists.
fn new_contact(lead: &LeadFields, last_name: String, owner: Option<UserId>) -> ContactFields {
    ContactFields {
        first_name: lead.first_name.clone(),
        last_name,
        email: lead.email.clone(),
        phones: lead.phones.clone(),
        title: lead.title.clone(),
        account_id: None,
        owner_id: owner,
        preferred_channel: PreferredChannel::Any,
        consent: Consent::default(),
        tags: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lead::tests::lead;
    use proptest::prelude::*;

    #[test]
    fn conversion_without_a_company_or_a_name_asks_for_the_records() {
        let mut fields = lead();
        fields.company = None;
        fields.last_name = None;
        let errors = plan_conversion(&fields, existing(None, None), existing(None, None), None)
            .err()
            .unwrap_or_default();
        let pointers: Vec<&str> = errors.iter().map(|e| e.pointer.as_str()).collect();
        assert_eq!(pointers, vec!["/account_id", "/contact_id"]);
    }

    fn existing<I: Copy>(chosen: Option<I>, matched: Option<I>) -> Existing<I> {
        Existing { chosen, matched }
    }

    proptest! {
        #[test]
        fn a_chosen_record_wins_then_a_matched_one_and_only_then_one_is_made(
            chosen_account in any::<Option<u128>>(),
            matched_account in any::<Option<u128>>(),
            chosen_contact in any::<Option<u128>>(),
            matched_contact in any::<Option<u128>>(),
            has_company in any::<bool>(),
            has_last_name in any::<bool>(),
        ) {
            let mut fields = lead();
            if !has_company { fields.company = None; }
            if !has_last_name { fields.last_name = None; }
            let account = |raw: u128| AccountId::from_uuid(uuid::Uuid::from_u128(raw));
            let contact = |raw: u128| ContactId::from_uuid(uuid::Uuid::from_u128(raw));
            let owner = Some(UserId::from_uuid(uuid::Uuid::from_u128(7)));
            let plan = plan_conversion(
                &fields,
                existing(chosen_account.map(account), matched_account.map(account)),
                existing(chosen_contact.map(contact), matched_contact.map(contact)),
                owner,
            );
            let account_known = chosen_account.or(matched_account);
            let contact_known = chosen_contact.or(matched_contact);
            let possible = (account_known.is_some() || has_company)
                && (contact_known.is_some() || has_last_name);
            prop_assert_eq!(plan.is_ok(), possible);
            if let Ok(plan) = plan {
                match (plan.account, account_known) {
                    (Target::Existing(id), Some(raw)) => prop_assert_eq!(id, account(raw)),
                    (Target::New(made), None) => {
                        prop_assert_eq!(Some(made.name), fields.company.clone());
                        prop_assert_eq!(made.owner_id, owner);
                        prop_assert_eq!(made.domain, fields.company_domain());
                    }
                    (target, known) => prop_assert!(false, "{target:?} for {known:?}"),
                }
                match (plan.contact, contact_known) {
                    (Target::Existing(id), Some(raw)) => prop_assert_eq!(id, contact(raw)),
                    (Target::New(made), None) => {
                        prop_assert_eq!(Some(made.last_name), fields.last_name.clone());
                        prop_assert_eq!(made.email, fields.email.clone());
                        prop_assert_eq!(made.phones, fields.phones.clone());
                    }
                    (target, known) => prop_assert!(false, "{target:?} for {known:?}"),
                }
            }
        }
    }
}
