//! Web-to-lead capture forms: which lead fields a website's form asks for, where its
//! submissions may come from, and how a submission is read.

use std::collections::BTreeMap;

use crate::account::string_enum;
use crate::id::{kind, IdKind, LeadFormId, OrgId, UserId};
use crate::lead::LeadSource;
use crate::validation::FieldError;

/// A lead field a capture form can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FormField {
    /// Given name.
    FirstName,
    /// Family name.
    LastName,
    /// Company.
    Company,
    /// Job title.
    Title,
    /// Email address.
    Email,
    /// One phone number (a work number).
    Phone,
    /// The company's web site.
    Website,
    /// Street and number.
    Street,
    /// City.
    City,
    /// State or region.
    Region,
    /// Postal code.
    PostalCode,
    /// Two-letter country code.
    Country,
    /// Industry.
    Industry,
    /// Head count (one of the company size names).
    CompanySize,
    /// Free text, kept as a note on the lead.
    Message,
}

string_enum!(FormField, "invalid_field", "must be one of first_name, last_name, company, title, email, phone, website, street, city, region, postal_code, country, industry, company_size, message", {
    FormField::FirstName => "first_name",
    FormField::LastName => "last_name",
    FormField::Company => "company",
    FormField::Title => "title",
    FormField::Email => "email",
    FormField::Phone => "phone",
    FormField::Website => "website",
    FormField::Street => "street",
    FormField::City => "city",
    FormField::Region => "region",
    FormField::PostalCode => "postal_code",
    FormField::Country => "country",
    FormField::Industry => "industry",
    FormField::CompanySize => "company_size",
    FormField::Message => "message",
});

impl FormField {
    /// The label a new form shows for the field.
    pub fn default_label(self) -> &'static str {
        match self {
            FormField::FirstName => "First name",
            FormField::LastName => "Last name",
            FormField::Company => "Company",
            FormField::Title => "Job title",
            FormField::Email => "Email",
            FormField::Phone => "Phone",
            FormField::Website => "Website",
            FormField::Street => "Street",
            FormField::City => "City",
            FormField::Region => "State or region",
            FormField::PostalCode => "Postal code",
            FormField::Country => "Country (two letters)",
            FormField::Industry => "Industry",
            FormField::CompanySize => "Company size",
            FormField::Message => "Message",
        }
    }

    /// The HTML input type the snippet uses.
    fn input_type(self) -> &'static str {
        match self {
            FormField::Email => "email",
            FormField::Phone => "tel",
            FormField::Website => "url",
            _ => "text",
        }
    }
}

/// The name of the hidden field people leave empty and form-filling robots fill in: a
/// submission with anything in it is answered like any other and kept nowhere.
pub const HONEYPOT: &str = "homepage";

/// How many fields a form can ask for.
pub const MAX_FIELDS: usize = 15;

/// How many origins may embed a form.
pub const MAX_ORIGINS: usize = 20;

/// The longest message a submission keeps, in characters.
pub const MAX_MESSAGE: usize = 5_000;

/// One field of a form.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FieldSpec {
    /// The lead field it fills.
    pub field: FormField,
    /// What the visitor reads beside it.
    pub label: String,
    /// Whether a submission without it is refused.
    pub required: bool,
}

impl serde::Serialize for FormField {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for FormField {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        FormField::parse("", &raw).map_err(|e| serde::de::Error::custom(e.detail))
    }
}

/// Everything an admin sets on a capture form, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadFormFields {
    /// What staff call it.
    pub name: String,
    /// The fields it asks for, in order.
    pub fields: Vec<FieldSpec>,
    /// Where a visitor's browser goes after a plain HTML submission.
    pub thank_you_url: Option<String>,
    /// The web origins (`https://www.example.com`) whose pages may send submissions.
    pub allowed_origins: Vec<String>,
    /// The source its leads get.
    pub source: LeadSource,
    /// The campaign its leads get.
    pub campaign: Option<String>,
    /// Who owns its leads until assignment rules say otherwise.
    pub owner_id: Option<UserId>,
    /// Whether it takes submissions.
    pub active: bool,
}

impl LeadFormFields {
    /// The rules across fields: each lead field at most once, and a form that can always
    /// make a lead (it requires a last name or an email).
    pub fn check(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let mut seen = Vec::new();
        for (i, spec) in self.fields.iter().enumerate() {
            if seen.contains(&spec.field) {
                errors.push(FieldError::new(
                    format!("/fields/{i}/field"),
                    "duplicate_field",
                    "each field can be asked for once",
                ));
            }
            seen.push(spec.field);
        }
        let identifies = self
            .fields
            .iter()
            .any(|s| s.required && matches!(s.field, FormField::LastName | FormField::Email));
        if !identifies {
            errors.push(FieldError::new(
                "/fields",
                "needs_identity",
                "a form must require the last name or the email, or its leads could not be kept",
            ));
        }
        errors
    }
}

/// Parses a web origin such as `https://www.example.com` or `http://127.0.0.1:8080`: a
/// scheme, a host and a port, lowercased, with no path.
pub fn parse_origin(pointer: &str, raw: &str) -> Result<String, FieldError> {
    let invalid = || {
        FieldError::new(
            pointer,
            "invalid_origin",
            "must be an origin such as https://www.example.com (no path)",
        )
    };
    let value = raw.trim().trim_end_matches('/').to_lowercase();
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"))
        .ok_or_else(invalid)?;
    let (host, port) = match rest.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (rest, None),
    };
    let port_ok = port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.parse::<u16>().is_ok());
    if value.len() > 300 || !crate::text::is_hostname(host) || !port_ok {
        return Err(invalid());
    }
    Ok(value)
}

/// The key in a form's public address: its organization's id and its own, each without its
/// prefix, so the form's row is found from the key alone (and on a distributed database, on
/// its organization's node).
pub fn public_key(org: OrgId, form: LeadFormId) -> String {
    let body = |id: String| id.split_once('_').map(|(_, b)| b.to_owned()).unwrap_or(id);
    format!("{}{}", body(org.to_string()), body(form.to_string()))
}

/// The organization and form a public key names, if it is one.
pub fn parse_public_key(raw: &str) -> Option<(OrgId, LeadFormId)> {
    if raw.len() != 52 || !raw.is_ascii() {
        return None;
    }
    let (org, form) = raw.split_at(26);
    let org = OrgId::parse("", &format!("{}_{org}", kind::Org::PREFIX)).ok()?;
    let form = LeadFormId::parse("", &format!("{}_{form}", kind::LeadForm::PREFIX)).ok()?;
    Some((org, form))
}

/// A submission as read against its form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    /// The values given, blank ones left out.
    pub values: BTreeMap<FormField, String>,
    /// The honeypot was filled in: a robot's submission.
    pub spam: bool,
}

/// Reads a submission's name–value pairs against the form: a name the form does not ask
/// for, a name given twice, a required field left blank or a message too long is refused,
/// each at its own pointer. The honeypot is recognised, not kept.
pub fn read_submission(
    form: &LeadFormFields,
    pairs: &[(String, String)],
) -> Result<Submission, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut values = BTreeMap::new();
    let mut spam = false;
    let mut named = Vec::new();
    for (name, value) in pairs {
        if named.contains(name) {
            errors.push(FieldError::new(
                format!("/{name}"),
                "duplicate_field",
                "the field is given more than once",
            ));
            continue;
        }
        named.push(name.clone());
        if name == HONEYPOT {
            spam |= !value.trim().is_empty();
            continue;
        }
        let asked = form.fields.iter().find(|s| s.field.as_str() == name);
        match asked {
            None => errors.push(FieldError::new(
                format!("/{}", name.chars().take(100).collect::<String>()),
                "unknown_field",
                "this form does not ask for it",
            )),
            Some(spec)
                if spec.field == FormField::Message && value.chars().count() > MAX_MESSAGE =>
            {
                errors.push(FieldError::new(
                    "/message",
                    "too_long",
                    format!("at most {MAX_MESSAGE} characters"),
                ));
            }
            Some(spec) if !value.trim().is_empty() => {
                values.insert(spec.field, value.trim().to_owned());
            }
            Some(_) => {}
        }
    }
    for spec in form.fields.iter().filter(|s| s.required) {
        if !values.contains_key(&spec.field) {
            errors.push(FieldError::new(
                format!("/{}", spec.field.as_str()),
                "required",
                format!("{} is required", spec.label),
            ));
        }
    }
    if errors.is_empty() {
        Ok(Submission { values, spam })
    } else {
        Err(errors)
    }
}

/// The HTML to paste into a web page: a plain form posting to `action` (works without
/// JavaScript; the browser then goes to the thank-you page), with the honeypot hidden from
/// people.
pub fn snippet(action: &str, form: &LeadFormFields) -> String {
    let mut html = format!(
        "<form class=\"rapport-lead-form\" method=\"post\" action=\"{}\" accept-charset=\"utf-8\">\n",
        crate::text::escape_html(action)
    );
    for spec in &form.fields {
        let name = spec.field.as_str();
        let required = if spec.required { " required" } else { "" };
        let control = if spec.field == FormField::Message {
            format!("<textarea name=\"{name}\" maxlength=\"{MAX_MESSAGE}\"{required}></textarea>")
        } else {
            format!(
                "<input type=\"{}\" name=\"{name}\"{required}>",
                spec.field.input_type()
            )
        };
        html.push_str(&format!(
            "  <label>{}{} {control}</label>\n",
            crate::text::escape_html(&spec.label),
            if spec.required { " *" } else { "" }
        ));
    }
    html.push_str(&format!(
        "  <div style=\"position:absolute;left:-10000px\" aria-hidden=\"true\"><input type=\"text\" name=\"{HONEYPOT}\" tabindex=\"-1\" autocomplete=\"off\"></div>\n"
    ));
    html.push_str("  <button type=\"submit\">Send</button>\n</form>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> LeadFormFields {
        let spec = |field: FormField, required: bool| FieldSpec {
            field,
            label: field.default_label().to_owned(),
            required,
        };
        LeadFormFields {
            name: "Contact us".into(),
            fields: vec![
                spec(FormField::FirstName, false),
                spec(FormField::LastName, true),
                spec(FormField::Email, true),
                spec(FormField::Message, false),
            ],
            thank_you_url: None,
            allowed_origins: vec!["https://www.example.com".into()],
            source: LeadSource::Web,
            campaign: None,
            owner_id: None,
            active: true,
        }
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn a_submission_keeps_what_the_form_asks_for() {
        let read = read_submission(
            &form(),
            &pairs(&[
                ("last_name", " Hopper "),
                ("email", "g@x.example"),
                ("first_name", ""),
                ("homepage", ""),
            ]),
        );
        let expected: BTreeMap<FormField, String> = [
            (FormField::LastName, "Hopper".to_owned()),
            (FormField::Email, "g@x.example".to_owned()),
        ]
        .into();
        assert_eq!(
            read,
            Ok(Submission {
                values: expected,
                spam: false
            })
        );
    }

    #[test]
    fn unknown_missing_and_repeated_fields_are_refused_each_at_its_pointer() {
        let errors = read_submission(
            &form(),
            &pairs(&[
                ("last_name", "Hopper"),
                ("last_name", "Again"),
                ("fax", "1"),
                ("email", " "),
            ]),
        )
        .err()
        .unwrap_or_default();
        let pointers: Vec<&str> = errors.iter().map(|e| e.pointer.as_str()).collect();
        assert_eq!(pointers, vec!["/last_name", "/fax", "/email"]);
    }

    #[test]
    fn the_honeypot_marks_robots() {
        let read = read_submission(
            &form(),
            &pairs(&[
                ("last_name", "Bot"),
                ("email", "bot@x.example"),
                ("homepage", "http://spam"),
            ]),
        );
        assert!(read.is_ok_and(|s| s.spam));
    }

    #[test]
    fn a_form_must_require_a_name_or_an_email_and_ask_each_field_once() {
        let mut f = form();
        assert!(f.check().is_empty());
        f.fields[1].required = false;
        f.fields[2].required = false;
        f.fields.push(f.fields[0].clone());
        let codes: Vec<&str> = f.check().iter().map(|e| e.code).collect();
        assert_eq!(codes, vec!["duplicate_field", "needs_identity"]);
    }

    #[test]
    fn a_public_key_names_its_organization_and_form() {
        let (org, form) = (
            OrgId::from_uuid(uuid::Uuid::from_u128(1 << 100)),
            LeadFormId::from_uuid(uuid::Uuid::from_u128(42)),
        );
        let key = public_key(org, form);
        assert_eq!(key.len(), 52);
        assert_eq!(parse_public_key(&key), Some((org, form)));
        assert_eq!(parse_public_key(&key[1..]), None);
        assert_eq!(parse_public_key(&format!("{}é", &key[..50])), None);
    }

    #[test]
    fn origins_are_scheme_host_and_port() {
        assert_eq!(
            parse_origin("/o", "HTTPS://WWW.Example.com/"),
            Ok("https://www.example.com".to_owned())
        );
        assert_eq!(
            parse_origin("/o", "http://127.0.0.1:8080"),
            Ok("http://127.0.0.1:8080".to_owned())
        );
        for bad in [
            "www.example.com",
            "https://example.com/page",
            "https://x:99999",
            "ftp://x.example",
        ] {
            assert!(parse_origin("/o", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_snippet_escapes_labels_and_hides_the_honeypot() {
        let mut f = form();
        f.fields[0].label = "<b>Name</b>".into();
        let html = snippet("https://crm.example/api/v1/forms/k/submissions", &f);
        assert!(html.contains("&lt;b&gt;Name&lt;/b&gt;"));
        assert!(html.contains("name=\"homepage\" tabindex=\"-1\""));
        assert!(html.contains("<input type=\"email\" name=\"email\" required>"));
    }
}
