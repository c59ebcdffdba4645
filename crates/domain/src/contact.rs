//! Contacts: the people at accounts.

use crate::account::string_enum;
use crate::validation::FieldError;

/// How a contact prefers to be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PreferredChannel {
    /// Email.
    Email,
    /// Telephone.
    Phone,
    /// Text message.
    Sms,
    /// No preference recorded.
    Any,
}

string_enum!(PreferredChannel, "invalid_channel", "must be one of email, phone, sms, any", {
    PreferredChannel::Email => "email",
    PreferredChannel::Phone => "phone",
    PreferredChannel::Sms => "sms",
    PreferredChannel::Any => "any",
});

/// What kind of phone number it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhoneKind {
    /// Work line.
    Work,
    /// Mobile.
    Mobile,
    /// Home.
    Home,
    /// Anything else.
    Other,
}

string_enum!(PhoneKind, "invalid_phone_kind", "must be one of work, mobile, home, other", {
    PhoneKind::Work => "work",
    PhoneKind::Mobile => "mobile",
    PhoneKind::Home => "home",
    PhoneKind::Other => "other",
});

/// A contact's phone number.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PhoneEntry {
    /// Its kind.
    pub kind: PhoneKind,
    /// The number as written.
    pub number: String,
}

/// How many phone numbers a contact may have.
pub const MAX_PHONES: usize = 10;

/// What a contact agreed to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Consent {
    /// Marketing email.
    pub email: bool,
    /// Marketing calls.
    pub phone: bool,
    /// Marketing texts.
    pub sms: bool,
    /// Never contact for marketing.
    pub do_not_contact: bool,
}

/// Everything a user sets on a contact, validated and normalized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactFields {
    /// Given name.
    pub first_name: Option<String>,
    /// Family name.
    pub last_name: String,
    /// Email address.
    pub email: Option<crate::email::Email>,
    /// Phone numbers.
    pub phones: Vec<PhoneEntry>,
    /// Job title.
    pub title: Option<String>,
    /// Employer.
    pub account_id: Option<crate::id::AccountId>,
    /// Owning user.
    pub owner_id: Option<crate::id::UserId>,
    /// Preferred channel.
    pub preferred_channel: PreferredChannel,
    /// Marketing consent.
    pub consent: Consent,
    /// Lowercase tags.
    pub tags: Vec<String>,
}

impl ContactFields {
    /// The person's name as people write it: first and last.
    pub fn display_name(&self) -> String {
        match &self.first_name {
            Some(first) => format!("{first} {}", self.last_name),
            None => self.last_name.clone(),
        }
    }

    /// The words search matches against: names, email and phone digits.
    pub fn search_text(&self) -> String {
        let digits: Vec<String> = self
            .phones
            .iter()
            .flat_map(|p| crate::text::phone_search_terms(&p.number))
            .collect();
        let email = self.email.as_ref().map(|e| e.as_str().to_owned());
        let mut parts: Vec<Option<&str>> = vec![
            self.first_name.as_deref(),
            Some(self.last_name.as_str()),
            email.as_deref(),
        ];
        parts.extend(digits.iter().map(|d| Some(d.as_str())));
        crate::text::search_words(parts)
    }
}

/// A stored contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// Its id.
    pub id: crate::id::ContactId,
    /// What users set.
    pub fields: ContactFields,
    /// Created.
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Last changed.
    pub updated_at: chrono::DateTime<chrono::Utc>,
    /// Soft-deleted.
    pub deleted_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Optimistic-concurrency version.
    pub version: i64,
}

/// A display name as a contact's first and last name: the last word is the last name. Names
/// too long for a contact, or none at all, give nothing.
pub fn split_name(name: &str) -> (Option<String>, Option<String>) {
    let name = name.trim().trim_matches('"').trim();
    let odd = name.contains('@') || name.chars().any(char::is_control);
    if name.is_empty() || name.chars().count() > 100 || odd {
        return (None, None);
    }
    match name.rsplit_once(' ') {
        Some((first, last)) => (Some(first.trim().to_owned()), Some(last.to_owned())),
        None => (None, Some(name.to_owned())),
    }
}

impl ContactFields {
    /// A contact known only by the address mail came from (with the name it gave, if any):
    /// the last word of the name is the last name; without one, the address's local part.
    pub fn of_address(email: &crate::Email, name: Option<&str>) -> Self {
        let local = email.as_str().split('@').next().unwrap_or_default();
        let (first_name, last_name) = name.map_or((None, None), split_name);
        Self {
            first_name,
            last_name: last_name.unwrap_or_else(|| local.chars().take(100).collect()),
            email: Some(email.clone()),
            phones: Vec::new(),
            title: None,
            account_id: None,
            owner_id: None,
            preferred_channel: crate::PreferredChannel::Email,
            consent: Consent::default(),
            tags: Vec::new(),
        }
    }
}
