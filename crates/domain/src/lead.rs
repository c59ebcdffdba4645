//! Leads: people and companies that might buy, before they become accounts and contacts.

use crate::account::{string_enum, AccountFields, Address};
use crate::contact::{Consent, ContactFields, PhoneEntry};
use crate::id::{AccountId, ContactId, UserId};
use crate::validation::FieldError;
use crate::{AccountType, Email, PreferredChannel};

/// Where a lead is in qualification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LeadStatus {
    /// Not yet looked at.
    New,
    /// Someone is working it.
    Working,
    /// Not ready to buy; kept warm.
    Nurturing,
    /// Ready to become an account, a contact and an opportunity.
    Qualified,
    /// Not a prospect, for the reason recorded.
    Disqualified,
    /// Became an account and a contact (only conversion sets it).
    Converted,
}

string_enum!(LeadStatus, "invalid_status", "must be one of new, working, nurturing, qualified, disqualified", {
    LeadStatus::New => "new",
    LeadStatus::Working => "working",
    LeadStatus::Nurturing => "nurturing",
    LeadStatus::Qualified => "qualified",
    LeadStatus::Disqualified => "disqualified",
    LeadStatus::Converted => "converted",
});

impl LeadStatus {
    /// Parses a status a user may set: any but converted, which only conversion sets.
    pub fn parse_settable(pointer: &str, raw: &str) -> Result<Self, FieldError> {
        match Self::parse(pointer, raw)? {
            LeadStatus::Converted => Err(FieldError::new(
                pointer,
                "invalid_status",
                "a lead becomes converted only through POST /api/v1/leads/{id}/convert",
            )),
            status => Ok(status),
        }
    }
}

/// How many people work at a lead's company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CompanySize {
    /// 1 to 10.
    Micro,
    /// 11 to 50.
    Small,
    /// 51 to 200.
    Medium,
    /// 201 to 1,000.
    Large,
    /// 1,001 to 5,000.
    Enterprise,
    /// More than 5,000.
    Huge,
}

string_enum!(CompanySize, "invalid_company_size", "must be one of 1-10, 11-50, 51-200, 201-1000, 1001-5000, 5001+", {
    CompanySize::Micro => "1-10",
    CompanySize::Small => "11-50",
    CompanySize::Medium => "51-200",
    CompanySize::Large => "201-1000",
    CompanySize::Enterprise => "1001-5000",
    CompanySize::Huge => "5001+",
});

/// Where a lead came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LeadSource {
    /// A form on the organization's website.
    Web,
    /// An email to the organization.
    Email,
    /// A call to the organization.
    Phone,
    /// Recommended by a customer or contact.
    Referral,
    /// Brought by a partner.
    Partner,
    /// Met at an event.
    Event,
    /// Answered an advertisement.
    Advertising,
    /// Social media.
    Social,
    /// Reached by outbound calling.
    ColdCall,
    /// Imported from a list.
    Import,
    /// Anything else.
    Other,
}

string_enum!(LeadSource, "invalid_source", "must be one of web, email, phone, referral, partner, event, advertising, social, cold_call, import, other", {
    LeadSource::Web => "web",
    LeadSource::Email => "email",
    LeadSource::Phone => "phone",
    LeadSource::Referral => "referral",
    LeadSource::Partner => "partner",
    LeadSource::Event => "event",
    LeadSource::Advertising => "advertising",
    LeadSource::Social => "social",
    LeadSource::ColdCall => "cold_call",
    LeadSource::Import => "import",
    LeadSource::Other => "other",
});

/// What a record shares with a lead that makes it look like the same person or company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MatchReason {
    /// The same email address (case-insensitive).
    Email,
    /// A phone number with the same digits.
    Phone,
    /// The same company domain.
    Domain,
}

string_enum!(MatchReason, "invalid_reason", "must be one of email, phone, domain", {
    MatchReason::Email => "email",
    MatchReason::Phone => "phone",
    MatchReason::Domain => "domain",
});

/// Everything a user sets on a lead, validated and normalized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadFields {
    /// Given name.
    pub first_name: Option<String>,
    /// Family name.
    pub last_name: Option<String>,
    /// The company the person works for.
    pub company: Option<String>,
    /// Job title.
    pub title: Option<String>,
    /// Email address.
    pub email: Option<Email>,
    /// Phone numbers.
    pub phones: Vec<PhoneEntry>,
    /// The company's web site.
    pub website: Option<String>,
    /// Postal address, with the country.
    pub address: Address,
    /// Industry.
    pub industry: Option<String>,
    /// How many people work at the company.
    pub company_size: Option<CompanySize>,
    /// Where the lead came from.
    pub source: Option<LeadSource>,
    /// The campaign that brought it (free text until marketing campaigns exist).
    pub campaign: Option<String>,
    /// Qualification status.
    pub status: LeadStatus,
    /// Why it was disqualified (set exactly when the status is disqualified).
    pub disqualified_reason: Option<String>,
    /// Owning user.
    pub owner_id: Option<UserId>,
    /// Lowercase tags.
    pub tags: Vec<String>,
}

/// What a lead became.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Conversion {
    /// When it was converted.
    pub at: chrono::DateTime<chrono::Utc>,
    /// The account it became or joined.
    pub account_id: AccountId,
    /// The contact it became or was matched to.
    pub contact_id: ContactId,
}

/// A stored lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lead {
    /// Its id.
    pub id: crate::id::LeadId,
    /// What users set.
    pub fields: LeadFields,
    /// What it became, once converted.
    pub conversion: Option<Conversion>,
    /// The capture form it came through.
    pub form_id: Option<crate::id::LeadFormId>,
    /// Created.
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Last changed.
    pub updated_at: chrono::DateTime<chrono::Utc>,
    /// Soft-deleted.
    pub deleted_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Optimistic-concurrency version.
    pub version: i64,
}

/// Mail services whose domain says nothing about the sender's company.
const FREE_MAIL: &[&str] = &[
    "aol.com",
    "gmail.com",
    "gmx.de",
    "gmx.net",
    "googlemail.com",
    "hotmail.com",
    "icloud.com",
    "live.com",
    "mail.com",
    "me.com",
    "msn.com",
    "outlook.com",
    "proton.me",
    "protonmail.com",
    "web.de",
    "yahoo.com",
    "yandex.ru",
    "zoho.com",
];

/// The host of a web address, lowercased and without a leading `www.`.
fn website_domain(website: &str) -> Option<String> {
    let rest = website
        .strip_prefix("https://")
        .or_else(|| website.strip_prefix("http://"))?;
    let host = rest.split(['/', '?', '#', ':']).next()?.to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_owned();
    host.contains('.').then_some(host)
}

impl LeadFields {
    /// The company's internet domain, which finds the account it belongs to: the web site's
    /// host, else the email's domain unless that is a free mail service.
    pub fn company_domain(&self) -> Option<String> {
        self.website
            .as_deref()
            .and_then(website_domain)
            .or_else(|| {
                let email = self.email.as_ref()?.normalized();
                let domain = email.rsplit_once('@')?.1.to_owned();
                (!FREE_MAIL.contains(&domain.as_str())).then_some(domain)
            })
    }

    /// The digits of each phone number, which find the same person elsewhere.
    pub fn phone_digits(&self) -> Vec<String> {
        self.phones
            .iter()
            .map(|p| p.number.chars().filter(char::is_ascii_digit).collect())
            .collect()
    }

    /// The name lists show: the person's name, else the company, else the email.
    pub fn display_name(&self) -> String {
        let person = [self.first_name.as_deref(), self.last_name.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        if !person.is_empty() {
            person
        } else if let Some(company) = &self.company {
            company.clone()
        } else {
            self.email
                .as_ref()
                .map(|e| e.as_str().to_owned())
                .unwrap_or_default()
        }
    }

    /// The words search matches against: names, company, email and phone digits.
    pub fn search_text(&self) -> String {
        let digits: Vec<String> = self
            .phones
            .iter()
            .flat_map(|p| crate::text::phone_search_terms(&p.number))
            .collect();
        let email = self.email.as_ref().map(|e| e.as_str().to_owned());
        let mut parts: Vec<Option<&str>> = vec![
            self.first_name.as_deref(),
            self.last_name.as_deref(),
            self.company.as_deref(),
            email.as_deref(),
        ];
        parts.extend(digits.iter().map(|d| Some(d.as_str())));
        crate::text::search_words(parts)
    }

    /// The rules that tie fields together: a lead names a person or a way to reach them, and
    /// a disqualified lead says why (and only a disqualified one).
    pub fn check(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.last_name.is_none() && self.email.is_none() {
            errors.push(FieldError::new(
                "/last_name",
                "required",
                "a lead needs a last name or an email address",
            ));
        }
        match (self.status, &self.disqualified_reason) {
            (LeadStatus::Disqualified, None) => errors.push(FieldError::new(
                "/disqualified_reason",
                "required",
                "say why the lead is disqualified",
            )),
            (LeadStatus::Disqualified, Some(_)) | (_, None) => {}
            (_, Some(_)) => errors.push(FieldError::new(
                "/disqualified_reason",
                "not_disqualified",
                "only a disqualified lead has a reason",
            )),
        }
        errors
    }
}

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
    use crate::contact::PhoneKind;
    use proptest::prelude::*;

    fn lead() -> LeadFields {
        LeadFields {
            first_name: Some("Ada".into()),
            last_name: Some("Lovelace".into()),
            company: Some("Analytical Engines".into()),
            title: Some("CTO".into()),
            email: Email::parse("", "ada@engines.example").ok(),
            phones: vec![PhoneEntry {
                kind: PhoneKind::Work,
                number: "+44 20 7946 0000".into(),
            }],
            website: None,
            address: Address::default(),
            industry: Some("Machinery".into()),
            company_size: Some(CompanySize::Small),
            source: Some(LeadSource::Web),
            campaign: None,
            status: LeadStatus::New,
            disqualified_reason: None,
            owner_id: None,
            tags: Vec::new(),
        }
    }

    #[test]
    fn the_company_domain_comes_from_the_site_then_a_business_email() {
        let mut fields = lead();
        assert_eq!(fields.company_domain().as_deref(), Some("engines.example"));
        fields.website = Some("https://WWW.Engines.co.uk/about".into());
        assert_eq!(fields.company_domain().as_deref(), Some("engines.co.uk"));
        fields.website = None;
        fields.email = Email::parse("", "ada@GMail.com").ok();
        assert_eq!(fields.company_domain(), None);
    }

    #[test]
    fn status_and_reason_go_together() {
        let mut fields = lead();
        assert!(fields.check().is_empty());
        fields.status = LeadStatus::Disqualified;
        assert_eq!(fields.check()[0].pointer, "/disqualified_reason");
        fields.disqualified_reason = Some("No budget".into());
        assert!(fields.check().is_empty());
        fields.status = LeadStatus::Working;
        assert_eq!(fields.check()[0].code, "not_disqualified");
        fields.disqualified_reason = None;
        assert!(LeadStatus::parse_settable("/status", "converted").is_err());
        fields.status = LeadStatus::New;
        fields.last_name = None;
        fields.email = None;
        assert_eq!(fields.check()[0].pointer, "/last_name");
    }

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
