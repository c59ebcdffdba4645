//! Handing a mail to the organization's SMTP server.

use std::time::Duration;

use db::mail_settings::Sending;
use domain::outbound::Security;
use lettre::message::header::{Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::compose::Outgoing;

/// Why a mail was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendError {
    /// Trying again will not help: the server refused the mail or the address for good.
    pub permanent: bool,
    /// What went wrong, for the admin.
    pub message: String,
}

impl SendError {
    fn permanent(message: impl Into<String>) -> Self {
        Self {
            permanent: true,
            message: message.into(),
        }
    }
}

/// `Auto-Submitted` (RFC 3834), which lettre has no type for.
#[derive(Debug, Clone)]
struct AutoSubmitted(String);

impl Header for AutoSubmitted {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Auto-Submitted")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self(s.to_owned()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

fn address(what: &str, raw: &str) -> Result<Address, SendError> {
    raw.parse()
        .map_err(|e| SendError::permanent(format!("{what} {raw} is not an address: {e}")))
}

/// The message as it goes on the wire.
pub fn message(settings: &Sending, mail: &Outgoing) -> Result<Message, SendError> {
    let from = Mailbox::new(
        settings.fields.from_name.clone(),
        address("the sender", settings.fields.from_address.as_str())?,
    );
    let mut builder = Message::builder()
        .from(from)
        .to(Mailbox::new(
            mail.to_name.clone(),
            address("the recipient", &mail.to)?,
        ))
        .subject(mail.subject.clone())
        .message_id(Some(format!("<{}>", mail.message_id)));
    if let Some(reply_to) = &mail.reply_to {
        builder = builder.reply_to(Mailbox::new(None, address("the reply-to", reply_to)?));
    }
    if let Some(parent) = &mail.in_reply_to {
        builder = builder.in_reply_to(format!("<{parent}>"));
    }
    if !mail.references.is_empty() {
        let all: Vec<String> = mail.references.iter().map(|r| format!("<{r}>")).collect();
        builder = builder.references(all.join(" "));
    }
    if let Some(auto) = mail.auto_submitted {
        builder = builder.header(AutoSubmitted(auto.to_owned()));
    }
    builder
        .multipart(MultiPart::alternative_plain_html(
            mail.text.clone(),
            mail.html.clone(),
        ))
        .map_err(|e| SendError::permanent(format!("the mail cannot be built: {e}")))
}

/// Sends `mail` through the organization's server, within `timeout`.
pub async fn send(settings: &Sending, mail: &Outgoing, timeout: Duration) -> Result<(), SendError> {
    let message = message(settings, mail)?;
    let host = settings.fields.smtp_host.as_str();
    let builder = match settings.fields.smtp_security {
        Security::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host),
        Security::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host),
        Security::None => Ok(AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(
            host,
        )),
    }
    .map_err(|e| SendError::permanent(format!("the SMTP server {host}: {e}")))?;
    let mut builder = builder
        .port(settings.fields.smtp_port)
        .timeout(Some(timeout));
    if let Some(user) = &settings.fields.smtp_username {
        let password = settings.password.clone().unwrap_or_default();
        builder = builder.credentials(Credentials::new(user.clone(), password));
    }
    let transport = builder.build();
    let sent = tokio::time::timeout(timeout, transport.send(message)).await;
    match sent {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(e)) => Err(SendError {
            permanent: e.is_permanent(),
            message: e.to_string(),
        }),
        Err(_) => Err(SendError {
            permanent: false,
            message: format!(
                "the SMTP server did not answer within {} s",
                timeout.as_secs()
            ),
        }),
    }
}
