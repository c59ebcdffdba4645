//! Partners: the websites that embed the portal, and what an admin sets on one (its web
//! sites, look, parts and ticket categories).

use crate::validation::{FieldError, Violations};

/// The most origins a partner may list.
pub const MAX_ORIGINS: usize = 20;

/// The longest logo link.
pub const MAX_LOGO_URL: usize = 2000;

/// What a partner's portal shows besides the tickets it always lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Features {
    /// Customers may open tickets.
    pub ticket_creation: bool,
    /// The public knowledge base.
    pub knowledge_base: bool,
    /// The customer's assets and contracts.
    pub assets: bool,
}

impl Default for Features {
    fn default() -> Self {
        Self {
            ticket_creation: true,
            knowledge_base: true,
            assets: true,
        }
    }
}

/// What an admin sets on a partner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerFields {
    /// The partner's name, shown in the portal's header unless a logo is.
    pub name: String,
    /// Origins (`https://shop.example`) whose pages may frame the portal and call it.
    pub allowed_origins: Vec<String>,
    /// The portal's accent colour, `#rrggbb`.
    pub accent_color: Option<String>,
    /// An https link to the logo.
    pub logo_url: Option<String>,
    /// The portal's language, a lower-case tag such as `de`.
    pub language: Option<String>,
    /// Which parts of the portal are on.
    pub features: Features,
    /// The categories a customer opening a ticket chooses from (tags, in order); none: the
    /// portal asks for none.
    pub ticket_categories: Vec<String>,
    /// The partner's own questions on a new ticket, in order.
    pub ticket_fields: Vec<super::ticket_fields::TicketField>,
}

/// An origin as browsers send it: `https://host` or `https://host:port` (plain `http` only
/// for loopback hosts, for development), lower case, without a path. Answers the origin as
/// it will be compared: as a browser's `location.origin` says it, without the scheme's own
/// port (`:443`, `:80`).
pub fn origin(pointer: &str, raw: &str) -> Result<String, FieldError> {
    let invalid = || {
        FieldError::new(
            pointer,
            "invalid_origin",
            "an origin such as https://shop.example or https://shop.example:8443, without a path (http only for localhost and 127.0.0.1)",
        )
    };
    let lower = raw.trim().to_ascii_lowercase();
    let (scheme, rest) = lower.split_once("://").ok_or_else(invalid)?;
    let (host, port) = match rest.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (rest, None),
    };
    let host_ok = !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    let port_ok = port.is_none_or(|p| {
        !p.is_empty()
            && p.len() <= 5
            && p.bytes().all(|b| b.is_ascii_digit())
            && p.parse::<u16>().is_ok_and(|n| n > 0)
    });
    let loopback = host == "localhost" || host == "127.0.0.1";
    let scheme_ok = scheme == "https" || (scheme == "http" && loopback);
    if !(host_ok && port_ok && scheme_ok) {
        return Err(invalid());
    }
    let default_port = match scheme {
        "https" => "443",
        _ => "80",
    };
    if port.is_some_and(|p| p.trim_start_matches('0') == default_port) {
        return Ok(format!("{scheme}://{host}"));
    }
    Ok(lower)
}

/// A colour as `#rrggbb`, lower case.
pub fn color(pointer: &str, raw: &str) -> Result<String, FieldError> {
    let hex = raw.trim().strip_prefix('#').unwrap_or("");
    if hex.len() == 6 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(format!("#{}", hex.to_ascii_lowercase()))
    } else {
        Err(FieldError::new(
            pointer,
            "invalid_color",
            "a colour as #rrggbb, such as #0b5cad",
        ))
    }
}

/// An https link to an image, printable ASCII.
pub fn logo_url(pointer: &str, raw: &str) -> Result<String, FieldError> {
    let url = raw.trim();
    let printable = url.bytes().all(|b| b.is_ascii_graphic());
    if url.starts_with("https://") && url.len() > 8 && url.len() <= MAX_LOGO_URL && printable {
        Ok(url.to_owned())
    } else {
        Err(FieldError::new(
            pointer,
            "invalid_url",
            format!("an https link of at most {MAX_LOGO_URL} characters, spaces and other than ASCII characters encoded"),
        ))
    }
}

/// The colours a portal wears for an accent: the accent itself, a text colour that reads on
/// it, and a link colour that keeps WCAG's 4.5:1 on white (the accent when it is dark
/// enough, ink otherwise).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Palette {
    /// The accent, as CSS `rgb(r g b)`.
    pub accent: String,
    /// Text on the accent.
    pub on_accent: &'static str,
    /// Links on white.
    pub ink: String,
}

/// The palette of an accent colour `#rrggbb`; none for anything else.
pub fn palette(accent: &str) -> Option<Palette> {
    let hex = accent.strip_prefix('#').filter(|h| h.len() == 6)?;
    let channel = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
    let (r, g, b) = (channel(0)?, channel(2)?, channel(4)?);
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    // Relative luminance: 0 for black, 1 for white.
    let luminance = 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
    let accent = format!("rgb({r} {g} {b})");
    // WCAG contrast of the accent with white and with the dark text (luminance 0.0092): the
    // higher wins.
    let with_white = 1.05 / (luminance + 0.05);
    let with_dark = (luminance + 0.05) / (0.0092 + 0.05);
    Some(Palette {
        on_accent: if with_dark > with_white {
            "#111827"
        } else {
            "#ffffff"
        },
        ink: if luminance < 0.18 {
            accent.clone()
        } else {
            "#1c2430".to_owned()
        },
        accent,
    })
}

/// The allowed origins, each checked, without repeats (422 `duplicate` at the repeat).
pub fn origins(v: &mut Violations, raw: &[String]) -> Vec<String> {
    if raw.len() > MAX_ORIGINS {
        v.push(FieldError::new(
            "/allowed_origins",
            "too_many",
            format!("at most {MAX_ORIGINS} origins"),
        ));
        return Vec::new();
    }
    let mut seen: Vec<String> = Vec::new();
    for (i, raw) in raw.iter().enumerate() {
        let pointer = format!("/allowed_origins/{i}");
        if let Some(origin) = v.check(origin(&pointer, raw)) {
            if seen.contains(&origin) {
                v.push(FieldError::new(pointer, "duplicate", "listed twice"));
            } else {
                seen.push(origin);
            }
        }
    }
    seen
}

/// The most ticket categories a partner's portal offers.
pub const MAX_TICKET_CATEGORIES: usize = 30;

/// A partner's ticket categories: tags, each once, in the order given.
pub fn ticket_categories(pointer: &str, raw: &[String]) -> Result<Vec<String>, FieldError> {
    if raw.len() > MAX_TICKET_CATEGORIES {
        return Err(FieldError::new(
            pointer,
            "too_many",
            format!("at most {MAX_TICKET_CATEGORIES} categories"),
        ));
    }
    let mut categories: Vec<String> = Vec::with_capacity(raw.len());
    for (index, item) in raw.iter().enumerate() {
        let tag = crate::text::Tag::parse(&format!("{pointer}/{index}"), item)?;
        if !categories.iter().any(|c| c == tag.as_str()) {
            categories.push(tag.as_str().to_owned());
        }
    }
    Ok(categories)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_palette_keeps_text_readable_on_the_accent_and_links_on_white() {
        let text = |accent: &str| palette(accent).map(|p| (p.on_accent, p.ink));
        assert_eq!(
            palette("#0b5cad").map(|p| p.accent),
            Some("rgb(11 92 173)".to_owned())
        );
        assert_eq!(
            text("#0b5cad"),
            Some(("#ffffff", "rgb(11 92 173)".to_owned()))
        );
        assert_eq!(text("#facc15"), Some(("#111827", "#1c2430".to_owned())));
        // Mid tones, where white would fall under 4.5:1, take the dark text.
        assert_eq!(text("#3b82f6").map(|t| t.0), Some("#111827"));
        assert_eq!(text("#f97316").map(|t| t.0), Some("#111827"));
        assert_eq!(text("#0f766e").map(|t| t.0), Some("#ffffff"));
        assert_eq!(palette("teal"), None);
        assert_eq!(palette("#12345"), None);
    }

    #[test]
    fn origins_are_scheme_host_and_port_only() {
        for (raw, expected) in [
            ("https://Shop.Example", "https://shop.example"),
            ("https://shop.example:8443", "https://shop.example:8443"),
            ("http://127.0.0.1:4100", "http://127.0.0.1:4100"),
            ("http://localhost", "http://localhost"),
            ("https://shop.example:443", "https://shop.example"),
            ("http://localhost:80", "http://localhost"),
            ("http://localhost:443", "http://localhost:443"),
        ] {
            assert_eq!(origin("/o", raw).as_deref(), Ok(expected), "{raw}");
        }
        for raw in [
            "shop.example",
            "http://shop.example",
            "https://shop.example/",
            "https://shop.example/path",
            "https://",
            "https://shop..example",
            "https://shop.example:0",
            "https://shop.example:99999",
            "https://user@shop.example",
            "https://-shop.example",
            "ftp://shop.example",
            "https://shop.example:80:80",
        ] {
            assert!(origin("/o", raw).is_err(), "{raw}");
        }
    }

    #[test]
    fn repeated_origins_are_refused_at_the_repeat() {
        let mut v = Violations::new();
        let list = origins(
            &mut v,
            &["https://a.example".into(), "https://A.example".into()],
        );
        assert_eq!(list, vec!["https://a.example".to_owned()]);
        let errors = v.into_errors();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].pointer, "/allowed_origins/1");
    }

    #[test]
    fn colours_and_logos() {
        assert_eq!(color("/c", "#0B5CAD").as_deref(), Ok("#0b5cad"));
        assert!(color("/c", "0b5cad").is_err());
        assert!(color("/c", "#0b5ca").is_err());
        assert!(logo_url("/l", "https://cdn.example/logo.svg").is_ok());
        assert!(logo_url("/l", "http://cdn.example/logo.svg").is_err());
        assert!(logo_url("/l", "https://cdn.example/a logo.svg").is_err());
    }
}
