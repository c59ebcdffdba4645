//! Files sent with a ticket's messages: what a name and a media type may be, and how many
//! and how large.

use std::ops::RangeInclusive;

use chrono::{DateTime, Utc};

use crate::id::{AttachmentId, MessageId, PortalUserId, TicketId, UserId};
use crate::FieldError;

/// A file uploaded to a ticket; on a message once one was sent with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// Its id.
    pub id: AttachmentId,
    /// The ticket it was sent on (or was merged into); `None` while it waits to be sent.
    pub ticket_id: Option<TicketId>,
    /// The message it was sent with; `None` while it waits, or when it came with the
    /// ticket's description.
    pub message_id: Option<MessageId>,
    /// The file's name, as the uploader's computer called it.
    pub filename: String,
    /// The media type the uploader gave (`application/octet-stream` when none).
    pub content_type: String,
    /// Its size in bytes.
    pub size: i64,
    /// The SHA-256 of its content, hex: where the content is kept, once however often sent.
    pub sha256: String,
    /// Who uploaded it.
    pub uploaded_by: Uploader,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// Who uploaded a file: someone on the staff, or a customer in the portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Uploader {
    /// A staff user.
    Staff(UserId),
    /// A customer's portal user.
    Customer(PortalUserId),
}

/// The most files one message carries.
pub const MAX_PER_MESSAGE: usize = 10;

/// The most uploads a customer may have waiting to be sent at once (two messages' worth):
/// the portal is open to anyone an organization lets sign up.
pub const MAX_WAITING_OF_CUSTOMER: i64 = 20;

/// The range of an organization's largest attachment, in MiB.
pub const MAX_MIB: RangeInclusive<i32> = 1..=100;

/// An organization's largest attachment unless its admins chose another, in MiB.
pub const DEFAULT_MAX_MIB: i32 = 20;

/// The longest file name kept, in characters.
const MAX_FILENAME: usize = 255;

/// The longest name (or path) an upload may give, in characters.
pub const MAX_GIVEN_NAME: usize = 500;

/// The media type of a file whose uploader named none (or none that parses).
pub const UNKNOWN_TYPE: &str = "application/octet-stream";

/// An uploaded file's name: the last segment of a path (`C:\docs\report.pdf` is
/// `report.pdf`), trimmed and cut to 255 characters; `file` when the path names no segment.
pub fn filename(pointer: &str, raw: &str) -> Result<String, FieldError> {
    if raw.trim().is_empty() {
        return Err(FieldError::new(pointer, "required", "must name the file"));
    }
    if raw.chars().any(char::is_control) {
        return Err(FieldError::new(
            pointer,
            "invalid",
            "must not contain control characters",
        ));
    }
    if raw.chars().count() > MAX_GIVEN_NAME {
        return Err(FieldError::new(
            pointer,
            "too_long",
            format!("must be at most {MAX_GIVEN_NAME} characters"),
        ));
    }
    // Invisible format characters (a right-to-left override makes `exe.pdf` of `fdp.exe`).
    let raw: String = raw.chars().filter(|c| !is_format(*c)).collect();
    let name = raw
        .split(['/', '\\'])
        .map(str::trim)
        .rfind(|segment| !matches!(*segment, "" | "." | ".."))
        .unwrap_or("file");
    Ok(name.chars().take(MAX_FILENAME).collect())
}

/// Characters that change how text around them shows without showing themselves: bidi
/// controls, zero-width characters and the byte-order mark.
fn is_format(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// The media type a file is served with: the essence (`type/subtype`, lower case) of what the
/// uploader said, or [`UNKNOWN_TYPE`] when that is missing or not a media type.
pub fn media_type(raw: Option<&str>) -> String {
    let essence = raw
        .and_then(|r| r.split(';').next())
        .map(|e| e.trim().to_ascii_lowercase())
        .unwrap_or_default();
    let token = |t: &str| {
        !t.is_empty()
            && t.len() <= 64
            && t.chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$&-^_.+".contains(c))
    };
    match essence.split_once('/') {
        Some((kind, sub)) if token(kind) && token(sub) => essence,
        _ => UNKNOWN_TYPE.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_name_keeps_its_last_segment_only() {
        assert_eq!(
            filename("/f", "C:\\Users\\me\\report.pdf"),
            Ok("report.pdf".into())
        );
        assert_eq!(filename("/f", "../../etc/passwd"), Ok("passwd".into()));
        assert_eq!(
            filename("/f", "  März 2026.xlsx "),
            Ok("März 2026.xlsx".into())
        );
        assert_eq!(filename("/f", "scans/"), Ok("scans".into()));
        assert_eq!(filename("/f", "/.."), Ok("file".into()));
        assert_eq!(
            filename("/f", "invoice\u{202E}fdp.exe"),
            Ok("invoicefdp.exe".into())
        );
        assert_eq!(filename("/f", &"a".repeat(300)).map(|n| n.len()), Ok(255));
        assert!(filename("/f", &"a".repeat(501)).is_err());
        for bad in ["", "  ", "a\u{0}b", "new\nline"] {
            assert!(filename("/f", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_media_type_is_its_essence_or_unknown() {
        assert_eq!(media_type(Some("Image/PNG")), "image/png");
        assert_eq!(media_type(Some("text/plain; charset=utf-8")), "text/plain");
        for bad in [
            None,
            Some(""),
            Some("text"),
            Some("text/"),
            Some("a b/c"),
            Some("x/y/z"),
        ] {
            assert_eq!(media_type(bad), UNKNOWN_TYPE, "{bad:?}");
        }
    }
}
