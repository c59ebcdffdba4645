//! The customer portal: the partners whose websites embed it, and the contacts who sign in
//! to it.

mod partner;
pub mod ticket_fields;

pub use partner::*;

use crate::account::string_enum;
use crate::email::Email;
use crate::id::ContactId;
use crate::validation::{FieldError, Violations};

/// What a portal user may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PortalRole {
    /// Their own tickets.
    User,
    /// Every ticket of their account, and they invite colleagues.
    AccountAdmin,
}

string_enum!(PortalRole, "invalid_portal_role", "must be one of user, account_admin", {
    PortalRole::User => "user",
    PortalRole::AccountAdmin => "account_admin",
});

/// What an admin sets on a portal user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortalUserFields {
    /// The contact who signs in.
    pub contact_id: ContactId,
    /// The address they sign in with.
    pub email: Email,
    /// What they may see.
    pub role: PortalRole,
    /// Whether they may sign in.
    pub active: bool,
}

/// The lowest and the highest score of a ticket's rating.
pub const SCORES: std::ops::RangeInclusive<i32> = 1..=5;

/// The longest comment on a rating, in characters.
pub const MAX_RATING_COMMENT: usize = 2000;

/// A customer's rating of a solved ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rating {
    /// From 1 (very unhappy) to 5 (very happy).
    pub score: i32,
    /// What they add.
    pub comment: Option<String>,
}

impl Rating {
    /// A rating as the customer gave it, checked.
    pub fn parse(score: i64, comment: Option<&str>) -> Result<Self, Violations> {
        let mut v = Violations::new();
        let score = i32::try_from(score)
            .ok()
            .filter(|s| SCORES.contains(s))
            .or_else(|| {
                v.push(FieldError::new(
                    "/score",
                    "out_of_range",
                    "a score from 1 (very unhappy) to 5 (very happy)",
                ));
                None
            });
        let comment = v
            .check_opt(comment, |c| {
                crate::text::optional("/comment", c, MAX_RATING_COMMENT)
            })
            .flatten();
        v.finish(|| {
            Some(Rating {
                score: score?,
                comment,
            })
        })
    }
}

/// Mail services anyone can have an address at: an account whose domain is one of them
/// (a one-person business's, say) lets nobody sign themselves up.
#[rustfmt::skip]
const PUBLIC_MAIL_DOMAINS: [&str; 45] = [
    "gmail.com", "googlemail.com", "outlook.com", "outlook.de", "outlook.fr", "hotmail.com",
    "hotmail.co.uk", "hotmail.de", "hotmail.fr", "live.com", "live.de", "msn.com", "yahoo.com",
    "yahoo.co.uk", "yahoo.de", "yahoo.fr", "ymail.com", "icloud.com", "me.com", "mac.com",
    "aol.com", "gmx.net", "gmx.de", "gmx.at", "gmx.ch", "web.de", "t-online.de", "freenet.de",
    "posteo.de", "mailbox.org", "proton.me", "pm.me", "protonmail.com", "tutanota.com",
    "mail.com", "fastmail.com", "zoho.com", "yandex.ru", "mail.ru", "qq.com", "163.com",
    "orange.fr", "free.fr", "bluewin.ch", "libero.it",
];

/// The domain at which an address may sign itself up to the portal, if any: its own, unless
/// it is a public mail service's.
pub fn sign_up_domain(email: &crate::Email) -> Option<&str> {
    Some(email.domain()).filter(|d| !PUBLIC_MAIL_DOMAINS.contains(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_score_one_to_five() {
        assert_eq!(
            Rating::parse(5, Some("  Quick and kind ")).map(|r| (r.score, r.comment)),
            Ok((5, Some("Quick and kind".to_owned())))
        );
        assert_eq!(Rating::parse(1, Some("  ")).map(|r| r.comment), Ok(None));
        for score in [0, 6, -1, i64::MAX] {
            assert!(Rating::parse(score, None).is_err(), "{score}");
        }
    }

    #[test]
    fn roles_round_trip() {
        for role in [PortalRole::User, PortalRole::AccountAdmin] {
            assert_eq!(PortalRole::parse("/role", role.as_str()), Ok(role));
        }
    }

    #[test]
    fn public_mail_services_open_no_sign_up() {
        let at = |raw: &str| crate::Email::parse("", raw).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            sign_up_domain(&at("Grace@Meier.Example")),
            Some("meier.example")
        );
        assert_eq!(sign_up_domain(&at("grace@GMAIL.com")), None);
    }
}
