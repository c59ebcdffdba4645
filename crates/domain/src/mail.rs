//! Rules for email arriving at a mailbox: whether a machine sent it (such mail is kept but never
//! answered and never opens a ticket, so two auto-responders cannot loop through us), which
//! ticket a reply names, and which part of a reply its sender actually wrote.

use crate::id::{kind, IdKind};
use crate::{Email, FieldError, MailboxId, OrgId, TeamId};

pub use crate::outbound::ImapFields;

/// The longest message id kept, in bytes; longer ones are not ids anyone threads by.
pub const MAX_MESSAGE_ID: usize = 250;

/// A mailbox as admins set it up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailboxFields {
    /// What agents call it, such as "Support".
    pub name: String,
    /// The address customers write to (a valid address, as `Email` parses it).
    pub address: String,
    /// The queue its new tickets go to; none leaves them unrouted.
    pub team_id: Option<TeamId>,
    /// Whether it takes mail (an inactive mailbox answers its provider 404).
    pub active: bool,
}

/// A file a message carries, attached or inline (an image its HTML shows); its bytes stay in
/// the message as it arrived.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MailAttachment {
    /// Its name, as the sender's mail program gave it (`attachment` when none).
    pub filename: String,
    /// Its media type, such as `application/pdf`.
    pub content_type: String,
    /// Its size in bytes, decoded.
    pub size: i64,
    /// Shown in the message's text (an inline image) rather than attached.
    pub inline: bool,
    /// The `Content-ID` the HTML refers to it by (`cid:`), if any.
    pub content_id: Option<String>,
}

/// The last part of a mailbox's inbound URL: the organization, the mailbox and its secret.
pub fn inbound_token(org: OrgId, mailbox: MailboxId, secret: &str) -> String {
    let body = |id: String| id.split_once('_').map(|(_, b)| b.to_owned()).unwrap_or(id);
    format!(
        "{}{}{secret}",
        body(org.to_string()),
        body(mailbox.to_string())
    )
}

/// The organization, mailbox and secret an inbound URL's token names, if it is one.
pub fn parse_inbound_token(raw: &str) -> Option<(OrgId, MailboxId, &str)> {
    if raw.len() <= 52 || raw.len() > 200 || !raw.is_ascii() {
        return None;
    }
    let (org, rest) = raw.split_at(26);
    let (mailbox, secret) = rest.split_at(26);
    let org = OrgId::parse("", &format!("{}_{org}", kind::Org::PREFIX)).ok()?;
    let mailbox = MailboxId::parse("", &format!("{}_{mailbox}", kind::Mailbox::PREFIX)).ok()?;
    Some((org, mailbox, secret))
}

/// Who, by its headers, sent a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sender {
    /// A person.
    Person,
    /// An automatic answer: out of office, a vacation notice, a bounce (RFC 3834).
    AutoReply,
    /// Mail to many: a mailing list, a newsletter.
    Bulk,
}

impl Sender {
    /// The name the API uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Sender::Person => "person",
            Sender::AutoReply => "auto_reply",
            Sender::Bulk => "bulk",
        }
    }

    /// The sender a stored name names.
    pub fn parse(raw: &str) -> Option<Self> {
        [Sender::Person, Sender::AutoReply, Sender::Bulk]
            .into_iter()
            .find(|s| s.as_str() == raw)
    }
}

/// What became of a message that reached a mailbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// It opened a ticket.
    Opened,
    /// It joined a ticket as the customer's reply (or opened a follow-up of a closed one).
    Replied,
    /// A machine sent it: kept, never answered, nothing opened.
    Ignored,
    /// Its sender is on the organization's block list: kept, nothing opened.
    Blocked,
    /// It could not be read as a message, or has no sender address: kept for an admin.
    Unreadable,
    /// It was read, but the ticket refused it (the reason is in its `detail`): kept for an
    /// admin.
    Refused,
}

impl Outcome {
    /// Every outcome.
    pub const ALL: [Outcome; 6] = [
        Outcome::Opened,
        Outcome::Replied,
        Outcome::Ignored,
        Outcome::Blocked,
        Outcome::Unreadable,
        Outcome::Refused,
    ];

    /// The name the API uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Opened => "opened",
            Outcome::Replied => "replied",
            Outcome::Ignored => "ignored",
            Outcome::Blocked => "blocked",
            Outcome::Unreadable => "unreadable",
            Outcome::Refused => "refused",
        }
    }

    /// The outcome a stored name names.
    pub fn parse(raw: &str) -> Option<Self> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == raw)
    }
}

/// An entry of a block list: an address, or `@` and a domain; lowercased.
pub fn blocked_sender(pointer: &str, raw: &str) -> Result<String, FieldError> {
    let raw = raw.trim();
    match raw.strip_prefix('@') {
        Some(domain)
            if crate::text::is_hostname(&domain.to_lowercase()) && domain.contains('.') =>
        {
            Ok(raw.to_lowercase())
        }
        Some(_) => Err(FieldError::new(
            pointer,
            "invalid_sender",
            "must be an address or @ and a domain, such as @example.com",
        )),
        None => Ok(Email::parse(pointer, raw)?.normalized()),
    }
}

/// Whether `address` is on `blocked`, a list of whole addresses and `@domain`s (compared
/// without regard to case).
pub fn is_blocked(blocked: &[String], address: &str) -> bool {
    let address = address.to_lowercase();
    let domain = address.rsplit_once('@').map(|(_, d)| d);
    blocked.iter().any(|entry| {
        let entry = entry.to_lowercase();
        match entry.strip_prefix('@') {
            Some(blocked_domain) => domain == Some(blocked_domain),
            None => entry == address,
        }
    })
}

/// The headers that tell a machine's mail from a person's, as they arrived (absent = `None`).
#[derive(Debug, Clone, Copy, Default)]
pub struct SenderHeaders<'a> {
    /// `Auto-Submitted` (RFC 3834): anything but `no` is a machine.
    pub auto_submitted: Option<&'a str>,
    /// `Precedence`: `bulk`, `list`, `junk` or `auto_reply`.
    pub precedence: Option<&'a str>,
    /// `X-Autoreply` or `X-Autorespond`, which some responders set instead.
    pub x_autoreply: bool,
    /// `X-Auto-Response-Suppress` (Exchange marks its own automatic mail with it).
    pub x_auto_response_suppress: Option<&'a str>,
    /// `List-Id` or `List-Unsubscribe`.
    pub list: bool,
    /// The envelope sender, `Return-Path`: empty (`<>`) on bounces.
    pub return_path: Option<&'a str>,
    /// The sender's address.
    pub from: Option<&'a str>,
    /// The top-level content type, such as `multipart/report` for a delivery report.
    pub content_type: Option<&'a str>,
}

impl SenderHeaders<'_> {
    /// Who sent the message.
    pub fn sender(&self) -> Sender {
        let lower = |v: Option<&str>| v.map(|v| v.trim().to_ascii_lowercase());
        if lower(self.auto_submitted).is_some_and(|v| !v.is_empty() && v != "no") {
            return Sender::AutoReply;
        }
        match lower(self.precedence).as_deref() {
            Some("auto_reply") => return Sender::AutoReply,
            Some("bulk" | "list" | "junk") => return Sender::Bulk,
            _ => {}
        }
        let suppress = lower(self.x_auto_response_suppress).unwrap_or_default();
        let suppressing = ["all", "oof", "autoreply"]
            .iter()
            .any(|w| suppress.split([',', ' ']).any(|part| part == *w));
        let machine_address = lower(self.from).is_some_and(|from| {
            let local = from.split('@').next().unwrap_or_default();
            [
                "mailer-daemon",
                "postmaster",
                "noreply",
                "no-reply",
                "donotreply",
            ]
            .contains(&local)
        });
        let bounce = self
            .return_path
            .is_some_and(|r| r.trim().trim_matches(['<', '>']).trim().is_empty())
            || lower(self.content_type).is_some_and(|c| c.starts_with("multipart/report"));
        if self.x_autoreply || suppressing || machine_address || bounce {
            return Sender::AutoReply;
        }
        if self.list {
            return Sender::Bulk;
        }
        Sender::Person
    }
}

/// A message id as threading compares it: without angle brackets and surrounding space;
/// `None` when nothing usable is left.
pub fn message_id(raw: &str) -> Option<String> {
    let id = raw
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim();
    let usable = !id.is_empty()
        && id.len() <= MAX_MESSAGE_ID
        && !id.chars().any(|c| c.is_whitespace() || c.is_control());
    usable.then(|| id.to_owned())
}

/// The ticket number a subject names, as Rapport writes it into the subjects of its mail:
/// `[#1234]`. A bare `#1234` is not taken (an order number would be).
pub fn subject_reference(subject: &str) -> Option<i64> {
    subject.match_indices("[#").find_map(|(at, _)| {
        let rest = &subject[at + 2..];
        let digits = rest.find(|c: char| !c.is_ascii_digit())?;
        (digits > 0 && rest[digits..].starts_with(']'))
            .then(|| rest[..digits].parse().ok())
            .flatten()
    })
}

/// The ticket number a plus-address names: `support+1234@example.com` is ticket 1234.
pub fn plus_reference(address: &str) -> Option<i64> {
    let local = address.split('@').next()?;
    let (_, tag) = local.rsplit_once('+')?;
    let digits = !tag.is_empty() && tag.len() <= 18 && tag.bytes().all(|b| b.is_ascii_digit());
    digits.then(|| tag.parse().ok()).flatten()
}

/// The verb a mail program writes in the line above the text it quotes ("On …, Ann wrote:",
/// "Am … schrieb Ann:"), in the languages customers write in most.
const WROTE: [&str; 6] = [
    "wrote",
    "schrieb",
    "a écrit",
    "escribió",
    "ha scritto",
    "schreef",
];

fn quote_header(lines: &[&str], at: usize) -> bool {
    let line = lines[at].trim();
    let lower = line.to_lowercase();
    // "On Tue, 3 Dec 2026 at 10:01, Ann <ann@example.com> wrote:", often wrapped onto two lines.
    let opens = ["on ", "am ", "le ", "el ", "il ", "op "]
        .iter()
        .any(|w| lower.starts_with(w));
    if opens {
        let next = lines.get(at + 1).map(|l| l.trim().to_lowercase());
        let said = |l: &str| l.ends_with(':') && WROTE.iter().any(|w| l.contains(w));
        if said(&lower) || next.is_some_and(|next| said(&format!("{lower} {next}"))) {
            return true;
        }
    }
    // Outlook: "-----Original Message-----", or a rule followed by "From:" and "Sent:".
    let bare = lower.trim_matches('-').trim();
    if lower.starts_with("---") && (bare == "original message" || bare == "ursprüngliche nachricht")
    {
        return true;
    }
    let next_non_empty = |from: usize| {
        lines[from..]
            .iter()
            .map(|l| l.trim())
            .find(|l| !l.is_empty())
    };
    let rule = line.len() >= 10 && line.chars().all(|c| c == '_');
    if rule && next_non_empty(at + 1).is_some_and(|next| next.to_lowercase().starts_with("from:")) {
        return true;
    }
    if lower.starts_with("from:") {
        if let Some(next) = next_non_empty(at + 1) {
            let next = next.to_lowercase();
            return next.starts_with("sent:") || next.starts_with("date:");
        }
    }
    false
}

/// The part of a reply its sender wrote: what comes before the quoted original (a "… wrote:"
/// line, an Outlook header, or the quote block that ends the message) and before the signature
/// (`-- `). Inline answers between quotes are kept. When nothing would be left, the whole text
/// is the answer, so no words are ever lost; the original stays viewable in full anyway.
pub fn written_part(text: &str) -> &str {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let trailing_quote_from = lines
        .iter()
        .rposition(|l| {
            let l = l.trim();
            !l.is_empty() && !l.starts_with('>')
        })
        .map_or(0, |last| last + 1);
    let mut end = lines.len();
    for (at, line) in lines.iter().enumerate() {
        let bare = line.trim_end_matches(['\r', '\n']);
        let starts_trailing_quote = at >= trailing_quote_from && bare.trim_start().starts_with('>');
        if bare == "-- " || bare == "--" || starts_trailing_quote || quote_header(&lines, at) {
            end = at;
            break;
        }
    }
    let cut: usize = lines[..end].iter().map(|l| l.len()).sum();
    let written = text[..cut].trim_end();
    if written.trim().is_empty() {
        text.trim_end()
    } else {
        written
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn machines_are_told_from_people() {
        let person = SenderHeaders {
            from: Some("ann@example.com"),
            ..SenderHeaders::default()
        };
        assert_eq!(person.sender(), Sender::Person);
        let cases = [
            (
                SenderHeaders {
                    auto_submitted: Some("auto-replied"),
                    ..person
                },
                Sender::AutoReply,
            ),
            (
                SenderHeaders {
                    auto_submitted: Some("No"),
                    ..person
                },
                Sender::Person,
            ),
            (
                SenderHeaders {
                    precedence: Some("bulk"),
                    ..person
                },
                Sender::Bulk,
            ),
            (
                SenderHeaders {
                    x_auto_response_suppress: Some("DR, OOF"),
                    ..person
                },
                Sender::AutoReply,
            ),
            (
                SenderHeaders {
                    return_path: Some("<>"),
                    ..person
                },
                Sender::AutoReply,
            ),
            (
                SenderHeaders {
                    from: Some("MAILER-DAEMON@example.com"),
                    ..person
                },
                Sender::AutoReply,
            ),
            (
                SenderHeaders {
                    list: true,
                    ..person
                },
                Sender::Bulk,
            ),
            (
                SenderHeaders {
                    content_type: Some("multipart/report"),
                    ..person
                },
                Sender::AutoReply,
            ),
        ];
        for (headers, sender) in cases {
            assert_eq!(headers.sender(), sender, "{headers:?}");
        }
    }

    #[test]
    fn references_are_read_from_subjects_and_plus_addresses() {
        assert_eq!(subject_reference("Re: [#1234] Printer on fire"), Some(1234));
        assert_eq!(subject_reference("Order #1234"), None);
        assert_eq!(subject_reference("[#] [#12a] [#77]"), Some(77));
        assert_eq!(subject_reference("[#99999999999999999999999]"), None);
        assert_eq!(plus_reference("support+42@example.com"), Some(42));
        assert_eq!(plus_reference("support+sales@example.com"), None);
        assert_eq!(plus_reference("support@example.com"), None);
    }

    #[test]
    fn block_lists_hold_addresses_and_domains() {
        let blocked = vec!["spam@x.com".to_owned(), "@Junk.example".to_owned()];
        assert!(is_blocked(&blocked, "SPAM@x.com"));
        assert!(is_blocked(&blocked, "anyone@junk.example"));
        assert!(!is_blocked(&blocked, "ann@x.com"));
        assert!(!is_blocked(&blocked, "ann@notjunk.example"));
    }

    #[test]
    fn tokens_name_their_mailbox() {
        let org = OrgId::from_uuid(uuid::Uuid::from_u128(7));
        let mailbox = MailboxId::from_uuid(uuid::Uuid::from_u128(u128::MAX - 3));
        let token = inbound_token(org, mailbox, "s3cret");
        assert_eq!(parse_inbound_token(&token), Some((org, mailbox, "s3cret")));
        assert_eq!(parse_inbound_token(&token[..52]), None);
        assert_eq!(parse_inbound_token("x"), None);
    }

    #[test]
    fn message_ids_lose_their_brackets() {
        assert_eq!(message_id(" <a.b@c> "), Some("a.b@c".to_owned()));
        assert_eq!(message_id("<>"), None);
        assert_eq!(message_id("a b@c"), None);
    }

    #[test]
    fn quoted_originals_and_signatures_are_cut() {
        let gmail = "Thanks, that fixed it.\r\n\r\nOn Tue, 1 Dec 2026 at 10:01, Desk <desk@x.com> wrote:\r\n> Try turning it off\r\n";
        assert_eq!(written_part(gmail), "Thanks, that fixed it.");
        let wrapped = "Yes.\n\nOn Tue, 1 Dec 2026 at 10:01, Rapport Support\n<desk@x.com> wrote:\n> Did it work?\n";
        assert_eq!(written_part(wrapped), "Yes.");
        let outlook = "Still broken.\n\n-----Original Message-----\nFrom: Desk\nSent: Monday\n";
        assert_eq!(written_part(outlook), "Still broken.");
        let outlook_rule =
            "Ok\n________________________________\nFrom: Desk <d@x.com>\nSent: Monday\nTo: Ann\n";
        assert_eq!(written_part(outlook_rule), "Ok");
        let signature = "See the attached log.\n-- \nAnn Smith\nACME";
        assert_eq!(written_part(signature), "See the attached log.");
        let inline = "> Which model?\nThe X200.\n> Since when?\nYesterday.\n";
        assert_eq!(written_part(inline), inline.trim_end());
        let trailing = "Done\n> old\n>\n> older\n";
        assert_eq!(written_part(trailing), "Done");
        let all_quote = "> only a quote\n";
        assert_eq!(written_part(all_quote), "> only a quote");
        let german = "Danke!\n\nAm 01.12.2026 um 10:01 schrieb Desk <d@x.com>:\n> Hallo\n";
        assert_eq!(written_part(german), "Danke!");
    }

    proptest! {
        #[test]
        fn the_written_part_is_a_non_empty_beginning(text in "(\\PC{0,40}\n){0,8}\\PC{0,40}") {
            let written = written_part(&text);
            prop_assert!(text.starts_with(written));
            if !text.trim().is_empty() {
                prop_assert!(!written.trim().is_empty());
            }
        }

        #[test]
        fn plain_text_is_kept_whole(text in "([a-zA-Z0-9 ,.!?]{1,40}\n){0,6}[a-zA-Z0-9 ,.!?]{1,40}") {
            // Text with no quote, header or signature marks (nor a line opening like one).
            prop_assume!(!text.lines().any(|l| {
                let l = l.trim_start().to_lowercase();
                ["on ", "am ", "le ", "el ", "il ", "op "].iter().any(|w| l.starts_with(w)) || l.trim() == "--"
            }));
            prop_assert_eq!(written_part(&text), text.trim_end());
        }

        #[test]
        fn references_never_panic(raw in "\\PC{0,80}") {
            let _ = subject_reference(&raw);
            let _ = plus_reference(&raw);
            let _ = message_id(&raw);
        }
    }
}
