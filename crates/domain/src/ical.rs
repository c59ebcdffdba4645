//! Writing iCalendar (RFC 5545) feeds: events with escaped text and folded lines, so that
//! Outlook, Google Calendar and Apple Calendar read them.

use chrono::{DateTime, Utc};

/// An event of a feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Stable across feeds, so a calendar updates the event instead of adding another.
    pub uid: String,
    /// When it last changed.
    pub stamp: DateTime<Utc>,
    /// Its start.
    pub start: DateTime<Utc>,
    /// Its end.
    pub end: DateTime<Utc>,
    /// Its title.
    pub summary: String,
    /// More text.
    pub description: Option<String>,
    /// Where.
    pub location: Option<String>,
    /// Called off.
    pub cancelled: bool,
    /// Where the record is in the web app.
    pub url: Option<String>,
}

/// Escapes a TEXT value: backslash, semicolon, comma and line breaks.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line, folded so no line is longer than 75 octets (a fold never splits
/// a character), ending in CRLF.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

fn stamp(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// A whole calendar named `name` holding `events`.
pub fn calendar(name: &str, events: &[Event]) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//Rapport//CRM//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(&mut out, &format!("X-WR-CALNAME:{}", escape(name)));
    for e in events {
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{}", escape(&e.uid)));
        line(&mut out, &format!("DTSTAMP:{}", stamp(e.stamp)));
        line(&mut out, &format!("DTSTART:{}", stamp(e.start)));
        line(&mut out, &format!("DTEND:{}", stamp(e.end)));
        line(&mut out, &format!("SUMMARY:{}", escape(&e.summary)));
        if let Some(d) = &e.description {
            line(&mut out, &format!("DESCRIPTION:{}", escape(d)));
        }
        if let Some(l) = &e.location {
            line(&mut out, &format!("LOCATION:{}", escape(l)));
        }
        if let Some(u) = &e.url {
            line(&mut out, &format!("URL:{u}"));
        }
        let status = if e.cancelled {
            "CANCELLED"
        } else {
            "CONFIRMED"
        };
        line(&mut out, &format!("STATUS:{status}"));
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn event(summary: &str) -> Event {
        let at = Utc.with_ymd_and_hms(2026, 12, 7, 9, 30, 0).unwrap();
        Event {
            uid: "act_1@rapport".into(),
            stamp: at,
            start: at,
            end: at + chrono::Duration::hours(1),
            summary: summary.into(),
            description: Some("Agenda:\nprices; terms, dates".into()),
            location: None,
            cancelled: false,
            url: None,
        }
    }

    #[test]
    fn text_is_escaped_and_times_are_utc() {
        let ics = calendar("Casey", &[event("Review, then sign")]);
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(ics.contains("SUMMARY:Review\\, then sign\r\n"));
        assert!(ics.contains("DESCRIPTION:Agenda:\\nprices\\; terms\\, dates\r\n"));
        assert!(ics.contains("DTSTART:20261207T093000Z\r\nDTEND:20261207T103000Z\r\n"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
    }

    proptest! {
        #[test]
        fn lines_are_folded_within_75_octets_and_unfold_to_the_text(summary in "\\PC{0,300}") {
            let ics = calendar("x", &[event(&summary)]);
            for l in ics.split("\r\n") {
                prop_assert!(l.len() <= 75);
            }
            let unfolded = ics.replace("\r\n ", "");
            let expected = format!("SUMMARY:{}\r\n", escape(&summary));
            prop_assert!(unfolded.contains(&expected));
        }
    }
}
