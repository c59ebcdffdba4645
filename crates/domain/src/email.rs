//! Email addresses.

use std::fmt;

use crate::text::is_hostname;
use crate::validation::FieldError;

/// A syntactically valid email address; the domain part is lowercased.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    /// Parses an address such as `Jane.Doe@Example.com` into `Jane.Doe@example.com`.
    pub fn parse(pointer: &str, raw: &str) -> Result<Self, FieldError> {
        let invalid = || {
            FieldError::new(
                pointer,
                "invalid_email",
                "must be an email address such as jane@example.com",
            )
        };
        let value = raw.trim();
        let (local, domain) = value.rsplit_once('@').ok_or_else(invalid)?;
        let domain = domain.to_lowercase();
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
        if !local_ok || !domain.contains('.') || !is_hostname(&domain) || value.len() > 254 {
            return Err(invalid());
        }
        Ok(Self(format!("{local}@{domain}")))
    }

    /// The address text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part after the `@`, lowercase.
    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(_, domain)| domain)
    }

    /// The address lowercased, used to find users and duplicates regardless of case.
    pub fn normalized(&self) -> String {
        self.0.to_lowercase()
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_ordinary_addresses() {
        let email = Email::parse("/email", " Jane.Doe+crm@Example.COM ");
        assert_eq!(
            email.map(|e| e.0),
            Ok("Jane.Doe+crm@example.com".to_owned())
        );
    }

    #[test]
    fn rejects_what_is_not_an_address() {
        for raw in [
            "",
            "jane",
            "jane@",
            "@example.com",
            "jane@example",
            "ja..ne@example.com",
            "jane doe@example.com",
            "jane@exa_mple.com",
        ] {
            assert!(
                Email::parse("/email", raw).is_err(),
                "{raw} should be rejected"
            );
        }
    }

    proptest! {
        #[test]
        fn parsing_is_idempotent(local in "[a-z0-9][a-z0-9._+-]{0,20}[a-z0-9]", domain in "[a-z][a-z0-9-]{0,10}[a-z0-9]\\.[a-z]{2,6}") {
            let email = Email::parse("/e", &format!("{local}@{domain}"));
            if let Ok(email) = email {
                prop_assert_eq!(Email::parse("/e", email.as_str()), Ok(email.clone()));
            }
        }

        #[test]
        fn parse_never_panics(raw in "\\PC{0,300}") {
            let _ = Email::parse("/e", &raw);
        }
    }
}
