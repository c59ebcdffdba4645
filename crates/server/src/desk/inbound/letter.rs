//! A message as read from its raw bytes (RFC 5322, MIME): who sent it and whether a person
//! did, what it answers, its words and its files.

use domain::mail::{self, MailAttachment, Sender, SenderHeaders};
use domain::Email;
use mail_parser::{Address, HeaderValue, MessageParser, MimeHeaders};
use sha2::{Digest, Sha256};

/// A message as read from its raw bytes: what threading and the ticket need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    /// Its `Message-ID`, or `sha256:…` of its bytes when it has none.
    pub message_id: String,
    /// The ids it answers: `In-Reply-To`, then `References` from the newest.
    pub answers: Vec<String>,
    /// The sender's address, when it is one.
    pub from: Option<Email>,
    /// The sender's name, as their mail program gave it.
    pub from_name: Option<String>,
    /// The addresses it was sent to (`To`, `Cc`, `Delivered-To`), for plus-addresses.
    pub recipients: Vec<String>,
    /// Its subject.
    pub subject: Option<String>,
    /// Its text (HTML turned into text when it has no text part).
    pub text: String,
    /// Who sent it, by its headers.
    pub sender: Sender,
    /// The files it carries, in the parser's order (a download names one by its place).
    pub attachments: Vec<MailAttachment>,
}

fn addresses(address: Option<&Address<'_>>) -> Vec<String> {
    address
        .map(|a| {
            a.iter()
                .filter_map(|a| a.address())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// The files a message carries, attached or inline.
fn attachments(message: &mail_parser::Message<'_>) -> Vec<MailAttachment> {
    message
        .attachments()
        .map(|part| {
            let content_type = part.content_type().map_or_else(
                || "application/octet-stream".to_owned(),
                |c| match c.subtype() {
                    Some(sub) => format!("{}/{sub}", c.ctype()),
                    None => c.ctype().to_owned(),
                },
            );
            // Only a plain `type/subtype` goes into a response header.
            let token = |t: &str| {
                !t.is_empty()
                    && t.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"!#$&^_.+-".contains(&b))
            };
            let content_type = content_type.to_ascii_lowercase();
            let content_type = match content_type.split_once('/') {
                Some((kind, sub)) if token(kind) && token(sub) => content_type,
                _ => "application/octet-stream".to_owned(),
            };
            MailAttachment {
                filename: printable(part.attachment_name().unwrap_or("attachment")),
                content_type,
                size: i64::try_from(part.contents().len()).unwrap_or(i64::MAX),
                inline: part.content_disposition().is_some_and(|d| d.is_inline()),
                content_id: part.content_id().map(str::to_owned),
            }
        })
        .collect()
}

/// The bytes of the file at `index` of the message `raw`, with its description.
pub fn attachment(raw: &[u8], index: usize) -> Option<(MailAttachment, Vec<u8>)> {
    let message = parse_mime(raw)?;
    let described = attachments(&message).into_iter().nth(index)?;
    let part = message.attachments().nth(index)?;
    Some((described, part.contents().to_vec()))
}

fn ids(value: &HeaderValue<'_>) -> Vec<String> {
    match value {
        HeaderValue::Text(id) => vec![id.to_string()],
        HeaderValue::TextList(list) => list.iter().map(|id| id.to_string()).collect(),
        _ => Vec::new(),
    }
}

fn text_header<'a>(message: &'a mail_parser::Message<'_>, name: &'a str) -> Option<&'a str> {
    message
        .header_raw(name)
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

/// How many of the ids a message answers are looked up: `In-Reply-To`'s, then the newest
/// of `References`.
const MAX_ANSWERS: usize = 50;

/// `text` without control characters but line breaks and tabs: a decoded subject or body may
/// hold a NUL (`=?utf-8?B?AA==?=`), which PostgreSQL refuses in text.
fn printable(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect()
}

/// The id a message without a `Message-ID` is known by: its content's hash.
pub(super) fn content_id(raw: &[u8]) -> String {
    let digest = Sha256::digest(raw);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// Parses MIME. The parser panics on some malformed multipart structures (found by the fuzz
/// test in `tests/api/mail.rs`); such a message counts as one that cannot be read, and is
/// kept as such rather than answered 500.
pub fn parse_mime(raw: &[u8]) -> Option<mail_parser::Message<'_>> {
    let parsed = std::panic::catch_unwind(|| MessageParser::default().parse(raw));
    match parsed {
        Ok(message) => message,
        Err(_) => {
            tracing::warn!(bytes = raw.len(), "the MIME parser gave up on a message");
            None
        }
    }
}

/// Reads a raw RFC 5322 message; `None` when it is not one (kept as unreadable).
pub fn read(raw: &[u8]) -> Option<Letter> {
    let message = parse_mime(raw)?;
    if message.headers().is_empty() {
        return None;
    }
    let from_raw = message
        .from()
        .and_then(|a| a.first())
        .and_then(|a| a.address());
    let from = from_raw.and_then(|a| Email::parse("", a).ok());
    let from_name = message
        .from()
        .and_then(|a| a.first())
        .and_then(|a| a.name())
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty());
    // The newest few are enough to thread by; a header of thousands is not read whole.
    let mut answers = ids(message.in_reply_to());
    answers.truncate(MAX_ANSWERS);
    answers.extend(
        ids(message.references())
            .into_iter()
            .rev()
            .take(MAX_ANSWERS),
    );
    let answers: Vec<String> =
        answers
            .iter()
            .filter_map(|id| mail::message_id(id))
            .fold(Vec::new(), |mut unique, id| {
                if !unique.contains(&id) {
                    unique.push(id);
                }
                unique
            });
    let mut recipients = addresses(message.to());
    recipients.extend(addresses(message.cc()));
    if let Some(delivered) = text_header(&message, "Delivered-To") {
        recipients.push(delivered.to_owned());
    }
    let content_type = message
        .root_part()
        .content_type()
        .map(|c| format!("{}/{}", c.ctype(), c.subtype().unwrap_or_default()));
    let headers = SenderHeaders {
        auto_submitted: text_header(&message, "Auto-Submitted"),
        precedence: text_header(&message, "Precedence"),
        x_autoreply: text_header(&message, "X-Autoreply").is_some()
            || text_header(&message, "X-Autorespond").is_some(),
        x_auto_response_suppress: text_header(&message, "X-Auto-Response-Suppress"),
        list: text_header(&message, "List-Id").is_some()
            || text_header(&message, "List-Unsubscribe").is_some(),
        return_path: text_header(&message, "Return-Path"),
        from: from_raw,
        content_type: content_type.as_deref(),
    };
    let sender = headers.sender();
    Some(Letter {
        message_id: message
            .message_id()
            .and_then(mail::message_id)
            .unwrap_or_else(|| content_id(raw)),
        answers,
        from,
        from_name,
        recipients,
        subject: message.subject().map(|s| printable(s).trim().to_owned()),
        text: message
            .body_text(0)
            .map(|t| printable(&t.replace("\r\n", "\n")))
            .unwrap_or_default(),
        sender,
        attachments: attachments(&message),
    })
}
