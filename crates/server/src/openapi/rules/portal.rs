//! The customer portal's rules: partners, portal users, and the portal's own bodies and
//! parameters.

use domain::id::{kind, IdKind};
use domain::portal::ticket_fields::{FieldKind, MAX_LABEL, MAX_OPTIONS};
use domain::portal::{
    PortalRole, MAX_LOGO_URL, MAX_ORIGINS, MAX_RATING_COMMENT, MAX_TICKET_CATEGORIES, SCORES,
};
use domain::ticket::MAX_BODY;
use serde_json::{json, Value};

use super::{
    distinct_items, id, items, one_line, one_of, or_blank, pattern, range, required, text, Rules,
    EMAIL, LANGUAGE, TAG,
};
use crate::handlers::tickets::input::MAX_SUBJECT;

/// An origin a partner's page can have: `https://host[:port]`, or plain `http` on loopback.
const PORTAL_ORIGIN: &str = r"^\s*(https://([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?|http://(localhost|127\.0\.0\.1))(:([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?\s*$";
/// A colour as `#rrggbb`.
const COLOR: &str = r"^\s*#[0-9A-Fa-f]{6}\s*$";

/// The rules of the portal's request schemas.
pub(super) fn properties() -> Vec<(&'static str, Rules)> {
    let partner = || {
        vec![
            ("name", required(200)),
            (
                "allowed_origins",
                json!({"maxItems": MAX_ORIGINS, "uniqueItems": true, "items": pattern(PORTAL_ORIGIN)}),
            ),
            ("accent_color", pattern(COLOR)),
            (
                "logo_url",
                pattern(&format!(r"^\s*https://[!-~]{{1,{}}}\s*$", MAX_LOGO_URL - 8)),
            ),
            ("language", or_blank(pattern(LANGUAGE))),
            (
                "ticket_categories",
                items(MAX_TICKET_CATEGORIES, pattern(TAG)),
            ),
        ]
    };
    let role = || one_of(PortalRole::NAMES.iter().copied());
    vec![
        ("CreatePartner", partner()),
        (
            "TicketFieldDefinition",
            vec![
                ("key", pattern(TAG)),
                ("label", one_line(MAX_LABEL)),
                ("kind", one_of(FieldKind::NAMES.iter().copied())),
                ("options", distinct_items(MAX_OPTIONS, one_line(MAX_LABEL))),
                ("hint", or_blank(one_line(MAX_LABEL))),
            ],
        ),
        ("UpdatePartner", partner()),
        (
            "CreatePortalUser",
            vec![
                ("contact_id", id(kind::Contact::PREFIX)),
                ("email", pattern(EMAIL)),
                ("role", role()),
                ("partner_id", id(kind::Partner::PREFIX)),
            ],
        ),
        (
            "ReinvitePortalUser",
            vec![("partner_id", id(kind::Partner::PREFIX))],
        ),
        (
            "UpdatePortalUser",
            vec![("email", pattern(EMAIL)), ("role", role())],
        ),
        ("PortalLinkRequest", vec![("email", pattern(EMAIL))]),
        (
            "AcceptInvitation",
            vec![("password", json!({"minLength": 12, "maxLength": 128}))],
        ),
        (
            "PortalSignUp",
            vec![("email", pattern(EMAIL)), ("name", one_line(100))],
        ),
        (
            "UpdatePortalMe",
            vec![("name", one_line(100)), ("title", or_blank(one_line(200)))],
        ),
        (
            "CompletePortalSignUp",
            vec![("password", json!({"minLength": 12, "maxLength": 128}))],
        ),
        (
            "CreatePortalTicket",
            vec![
                ("subject", required(MAX_SUBJECT)),
                ("description", required(MAX_BODY)),
                ("category", or_blank(pattern(TAG))),
                ("asset_id", id(kind::Asset::PREFIX)),
            ],
        ),
        ("CreatePortalMessage", vec![("body", required(MAX_BODY))]),
        (
            "CreatePortalRating",
            vec![
                (
                    "score",
                    range((*SCORES.start()).into(), (*SCORES.end()).into()),
                ),
                ("comment", text(MAX_RATING_COMMENT)),
            ],
        ),
    ]
}

/// The rules of the portal lists' own parameters.
pub(super) fn parameters(path: &str) -> Option<Vec<(&'static str, Value)>> {
    match path {
        "/api/v1/portal-users" => Some(vec![("contact_id", id(kind::Contact::PREFIX))]),
        "/api/v1/portal/tickets" => Some(vec![
            ("state", one_of(["open", "closed"])),
            ("scope", one_of(["mine"])),
        ]),
        _ => None,
    }
}
