//! The servers an organization's mail goes through: the SMTP server it is sent with, and
//! the IMAP servers mailboxes are fetched from. Host names, ports and accounts, checked.

use crate::validation::{FieldError, Violations};
use crate::{text, Email};

/// How the connection to the SMTP server is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// TLS from the first byte (usually port 465).
    Tls,
    /// Plain, upgraded with STARTTLS, which must succeed (usually port 587).
    StartTls,
    /// Neither: only for a relay on a network you trust.
    None,
}

impl Security {
    /// Every choice.
    pub const ALL: [Security; 3] = [Security::Tls, Security::StartTls, Security::None];

    /// The name the API uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Security::Tls => "tls",
            Security::StartTls => "starttls",
            Security::None => "none",
        }
    }

    /// The choice a name names.
    pub fn parse(pointer: &str, raw: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == raw)
            .ok_or_else(|| FieldError::new(pointer, "invalid_choice", "one of tls, starttls, none"))
    }
}

/// An organization's outgoing mail settings, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailSettingsFields {
    /// Whether mail is sent at all.
    pub enabled: bool,
    /// The SMTP server's host name.
    pub smtp_host: String,
    /// Its port.
    pub smtp_port: u16,
    /// How the connection is secured.
    pub smtp_security: Security,
    /// The account to sign in with, if the server wants one.
    pub smtp_username: Option<String>,
    /// Whom the mail is from.
    pub from_address: Email,
    /// The name shown beside it.
    pub from_name: Option<String>,
}

/// The raw values of the settings, as a client sends them.
#[derive(Debug, Clone, Default)]
pub struct MailSettingsInput<'a> {
    /// See [`MailSettingsFields`].
    pub enabled: bool,
    /// See [`MailSettingsFields`].
    pub smtp_host: &'a str,
    /// See [`MailSettingsFields`].
    pub smtp_port: i64,
    /// See [`MailSettingsFields`].
    pub smtp_security: &'a str,
    /// See [`MailSettingsFields`].
    pub smtp_username: Option<&'a str>,
    /// See [`MailSettingsFields`].
    pub from_address: &'a str,
    /// See [`MailSettingsFields`].
    pub from_name: Option<&'a str>,
}

impl MailSettingsFields {
    /// Checks every field, reporting every fault at once.
    pub fn parse(input: &MailSettingsInput<'_>) -> Result<Self, Violations> {
        let mut v = Violations::new();
        let host = v.check(host_name("/smtp_host", input.smtp_host));
        let port = v.check(
            u16::try_from(input.smtp_port)
                .ok()
                .filter(|p| *p > 0)
                .ok_or_else(|| FieldError::new("/smtp_port", "out_of_range", "must be 1 to 65535")),
        );
        let security = v.check(Security::parse("/smtp_security", input.smtp_security));
        let username = v.check(
            input
                .smtp_username
                .map(|u| text::optional("/smtp_username", u, 200))
                .transpose()
                .map(Option::flatten),
        );
        let from = v.check(Email::parse("/from_address", input.from_address));
        let from_name = v.check(
            input
                .from_name
                .map(|n| one_line("/from_name", n, 100))
                .transpose()
                .map(Option::flatten),
        );
        v.finish(|| {
            Some(Self {
                enabled: input.enabled,
                smtp_host: host?,
                smtp_port: port?,
                smtp_security: security?,
                smtp_username: username?,
                from_address: from?,
                from_name: from_name?,
            })
        })
    }
}

/// A host name or address: letters, digits, dots, hyphens (and the colons of an IPv6
/// address), nothing a URL or a command could be smuggled in with.
fn host_name(pointer: &str, raw: &str) -> Result<String, FieldError> {
    let raw = raw.trim();
    let fine = !raw.is_empty()
        && raw.len() <= 253
        && raw
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':'));
    if fine {
        Ok(raw.to_ascii_lowercase())
    } else {
        Err(FieldError::new(
            pointer,
            "invalid_host",
            "a host name or IP address, such as smtp.example.com",
        ))
    }
}

/// Optional text on one line (a display name goes into a header).
fn one_line(pointer: &str, raw: &str, max: usize) -> Result<Option<String>, FieldError> {
    if raw.chars().any(char::is_control) {
        return Err(FieldError::new(
            pointer,
            "invalid_text",
            "must be one line without control characters",
        ));
    }
    text::optional(pointer, raw, max)
}

/// Where a mailbox's mail is fetched from over IMAP, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImapFields {
    /// The IMAP server's host name.
    pub host: String,
    /// Its port.
    pub port: u16,
    /// `tls` (TLS from the first byte, usually port 993) or `none` (a server on a network
    /// you trust).
    pub security: Security,
    /// The account to sign in with.
    pub username: String,
    /// The folder read, such as INBOX.
    pub folder: String,
}

impl ImapFields {
    /// Checks every field, reporting every fault at once.
    pub fn parse(
        host: &str,
        port: i64,
        security: &str,
        username: &str,
        folder: Option<&str>,
    ) -> Result<Self, Violations> {
        let mut v = Violations::new();
        let host = v.check(host_name("/host", host));
        let port = v.check(
            u16::try_from(port)
                .ok()
                .filter(|p| *p > 0)
                .ok_or_else(|| FieldError::new("/port", "out_of_range", "must be 1 to 65535")),
        );
        let security = v.check(match Security::parse("/security", security) {
            Ok(Security::StartTls) => Err(FieldError::new(
                "/security",
                "invalid_choice",
                "one of tls, none (STARTTLS is not offered for IMAP yet)",
            )),
            other => other,
        });
        let username = v.check(text_line("/username", username, 200));
        let folder = v.check(text_line("/folder", folder.unwrap_or("INBOX"), 200));
        v.finish(|| {
            Some(Self {
                host: host?,
                port: port?,
                security: security?,
                username: username?,
                folder: folder?,
            })
        })
    }
}

/// Required text on one line, without control characters (it goes into an IMAP command).
fn text_line(pointer: &str, raw: &str, max: usize) -> Result<String, FieldError> {
    if raw.chars().any(char::is_control) {
        return Err(FieldError::new(
            pointer,
            "invalid_text",
            "must be one line without control characters",
        ));
    }
    text::required(pointer, raw, max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_checked_field_by_field() {
        let input = MailSettingsInput {
            enabled: true,
            smtp_host: "smtp.example.com",
            smtp_port: 587,
            smtp_security: "starttls",
            smtp_username: Some("desk"),
            from_address: "help@example.com",
            from_name: Some("Example Help"),
        };
        let fields = MailSettingsFields::parse(&input);
        assert!(fields.is_ok(), "{fields:?}");
        let bad = MailSettingsInput {
            smtp_host: "smtp.example.com/evil",
            smtp_port: 70000,
            smtp_security: "ssl",
            from_address: "nobody",
            from_name: Some("Two\nlines"),
            ..input
        };
        let errors = MailSettingsFields::parse(&bad)
            .err()
            .map(|v| v.into_errors().len());
        assert_eq!(errors, Some(5));
    }

    #[test]
    fn an_imap_source_is_tls_or_plain_on_one_line() {
        let fine = ImapFields::parse("imap.example.com", 993, "tls", "desk", None);
        assert_eq!(fine.map(|f| f.folder), Ok("INBOX".to_owned()));
        let bad = ImapFields::parse("imap/x", 0, "starttls", "a\r\nb", Some(""));
        assert_eq!(bad.err().map(|v| v.into_errors().len()), Some(5));
    }
}
