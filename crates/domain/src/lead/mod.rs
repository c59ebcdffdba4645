//! Leads: people and companies that might buy, before they become accounts and contacts.

use crate::account::{string_enum, Address};
use crate::contact::PhoneEntry;
use crate::id::{AccountId, ContactId, UserId};
use crate::validation::FieldError;
use crate::Email;

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
    /// What the scoring rules make of it (see `crate::scoring`).
    pub score: i64,
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

/// Whether `domain` (lower case) is a free mail service's.
pub fn is_free_mail(domain: &str) -> bool {
    FREE_MAIL.contains(&domain)
}

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
                (!is_free_mail(&domain)).then_some(domain)
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

mod conversion;

pub use conversion::{plan_conversion, ConversionPlan, Existing, Target};

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::contact::PhoneKind;

    pub(super) fn lead() -> LeadFields {
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
}
