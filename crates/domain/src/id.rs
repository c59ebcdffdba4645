//! Typed, prefixed, opaque identifiers such as `acc_01jd8x3k5v6w7y8z9a0b1c2d3e`.
//!
//! An id wraps a UUIDv7 (time-ordered, 74 random bits) written in lowercase Crockford base32
//! behind a prefix naming what it identifies, so an account id can never be passed where a
//! contact id is expected, neither in Rust nor over the wire.

use std::fmt;
use std::marker::PhantomData;

use uuid::Uuid;

use crate::validation::FieldError;

const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";
const ENCODED_LEN: usize = 26;

/// What an id identifies; each kind has its own prefix.
pub trait IdKind {
    /// The prefix before the underscore, e.g. `acc`.
    const PREFIX: &'static str;
}

/// An identifier of kind `K`.
pub struct Id<K: IdKind> {
    uuid: Uuid,
    kind: PhantomData<fn() -> K>,
}

impl<K: IdKind> Id<K> {
    /// Wraps a UUID (the server makes them with `Uuid::now_v7`).
    pub fn from_uuid(uuid: Uuid) -> Self {
        Self {
            uuid,
            kind: PhantomData,
        }
    }

    /// A new id: time-ordered (UUIDv7), so ids sort in creation order.
    #[cfg(feature = "mint")]
    pub fn mint() -> Self {
        Self::from_uuid(Uuid::now_v7())
    }

    /// Rebuilds an id from the 16 bytes stored in the database.
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        Uuid::from_slice(bytes).ok().map(Self::from_uuid)
    }

    /// The 16 bytes stored in the database.
    pub fn as_bytes(&self) -> &[u8; 16] {
        self.uuid.as_bytes()
    }

    /// The wrapped UUID.
    pub fn uuid(&self) -> Uuid {
        self.uuid
    }

    /// Parses `prefix_base32`; anything else is an `invalid_id` error at `pointer`.
    pub fn parse(pointer: &str, raw: &str) -> Result<Self, FieldError> {
        Self::decode(raw).ok_or_else(|| {
            FieldError::new(
                pointer,
                "invalid_id",
                format!("must be an id starting with {}_", K::PREFIX),
            )
        })
    }

    fn decode(raw: &str) -> Option<Self> {
        let body = raw.strip_prefix(K::PREFIX)?.strip_prefix('_')?;
        if body.len() != ENCODED_LEN {
            return None;
        }
        let mut value: u128 = 0;
        for (index, byte) in body.bytes().enumerate() {
            let digit = ALPHABET.iter().position(|&a| a == byte)? as u128;
            // The first character carries only the top 3 of 130 bits.
            if index == 0 && digit > 7 {
                return None;
            }
            value = (value << 5) | digit;
        }
        Some(Self::from_uuid(Uuid::from_u128(value)))
    }
}

impl<K: IdKind> fmt::Display for Id<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = self.uuid.as_u128();
        let mut out = [0u8; ENCODED_LEN];
        for (index, slot) in out.iter_mut().enumerate() {
            let shift = 5 * (ENCODED_LEN - 1 - index);
            *slot = ALPHABET[((value >> shift) & 0x1f) as usize];
        }
        f.write_str(K::PREFIX)?;
        f.write_str("_")?;
        // The alphabet is ASCII, so this never fails.
        f.write_str(std::str::from_utf8(&out).map_err(|_| fmt::Error)?)
    }
}

impl<K: IdKind> fmt::Debug for Id<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl<K: IdKind> Clone for Id<K> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<K: IdKind> Copy for Id<K> {}
impl<K: IdKind> PartialEq for Id<K> {
    fn eq(&self, other: &Self) -> bool {
        self.uuid == other.uuid
    }
}
impl<K: IdKind> Eq for Id<K> {}
impl<K: IdKind> std::hash::Hash for Id<K> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.uuid.hash(state);
    }
}
impl<K: IdKind> PartialOrd for Id<K> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl<K: IdKind> Ord for Id<K> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.uuid.cmp(&other.uuid)
    }
}

impl<K: IdKind> serde::Serialize for Id<K> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de, K: IdKind> serde::Deserialize<'de> for Id<K> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        Self::decode(&raw).ok_or_else(|| {
            serde::de::Error::custom(format!("expected an id starting with {}_", K::PREFIX))
        })
    }
}

macro_rules! id_kinds {
    ($($(#[$doc:meta])* $kind:ident => $alias:ident, $prefix:literal;)*) => {
        /// The kinds of identifiers.
        pub mod kind {
            $(
                $(#[$doc])*
                #[derive(Debug)]
                pub enum $kind {}
                impl super::IdKind for $kind {
                    const PREFIX: &'static str = $prefix;
                }
            )*
        }
        $(
            $(#[$doc])*
            pub type $alias = Id<kind::$kind>;
        )*
    };
}

id_kinds! {
    /// An organization (tenant).
    Org => OrgId, "org";
    /// A staff user.
    User => UserId, "usr";
    /// A team of staff users.
    Team => TeamId, "team";
    /// A company the organization deals with.
    Account => AccountId, "acc";
    /// A person at an account.
    Contact => ContactId, "con";
    /// A note on an account or contact.
    Note => NoteId, "note";
    /// A refresh token's family (one login).
    Session => SessionId, "ses";
    /// A business calendar of SLA clocks.
    SlaCalendar => SlaCalendarId, "cal";
    /// An SLA policy.
    SlaPolicy => SlaPolicyId, "slapol";
    /// A support ticket.
    Ticket => TicketId, "tkt";
    /// A reply or internal note on a ticket.
    Message => MessageId, "msg";
    /// A file sent with a ticket's message.
    Attachment => AttachmentId, "att";
    /// A background job.
    Job => JobId, "job";
    /// Something a user is told.
    Notification => NotificationId, "ntf";
    /// A saved ticket list.
    TicketView => TicketViewId, "tview";
    /// A prospective customer before qualification.
    Lead => LeadId, "lead";
    /// A web-to-lead capture form.
    LeadForm => LeadFormId, "lform";
    /// A sales territory.
    Territory => TerritoryId, "terr";
    /// A lead assignment rule.
    AssignmentRule => AssignmentRuleId, "arule";
    /// A lead scoring rule.
    ScoringRule => ScoringRuleId, "srule";
    /// A sales pipeline.
    Pipeline => PipelineId, "pipe";
    /// A stage of a sales pipeline.
    Stage => StageId, "stage";
    /// A deal moving through a pipeline.
    Opportunity => OpportunityId, "opp";
    /// A dated exchange rate into the base currency.
    ExchangeRate => ExchangeRateId, "xrate";
    /// A sales quota of a user or a team for a period.
    Quota => QuotaId, "quota";
    /// A task, call, meeting or logged email.
    Activity => ActivityId, "act";
    /// A product of the catalogue.
    Product => ProductId, "prod";
    /// A support address whose mail becomes tickets.
    Mailbox => MailboxId, "mbox";
    /// A message that reached a mailbox.
    InboundEmail => InboundEmailId, "inmail";
    /// A telephony provider's connection.
    TelephonyProvider => TelephonyProviderId, "tel";
    /// A customer waiting to be called back.
    Callback => CallbackId, "cbk";
    /// A service contract of an account.
    Contract => ContractId, "ctr";
    /// What a service contract covers.
    Entitlement => EntitlementId, "ent";
    /// Something a customer owns: a site, a machine, a part.
    Asset => AssetId, "ast";
    /// A return of a faulty unit (RMA).
    Rma => RmaId, "rma";
    /// An article of the knowledge base.
    KbArticle => KbArticleId, "kba";
    /// A category of the knowledge base.
    KbCategory => KbCategoryId, "kbc";
    /// A website that embeds the customer portal.
    Partner => PartnerId, "ptn";
    /// A contact who may sign in to the customer portal.
    PortalUser => PortalUserId, "pusr";
    /// One sign-in to the customer portal.
    PortalSession => PortalSessionId, "pses";
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn display_then_parse_is_identity(raw in any::<u128>()) {
            let id = AccountId::from_uuid(Uuid::from_u128(raw));
            let text = id.to_string();
            prop_assert_eq!(text.len(), 4 + ENCODED_LEN);
            prop_assert_eq!(AccountId::parse("/id", &text), Ok(id));
        }

        #[test]
        fn encoding_preserves_order(a in any::<u128>(), b in any::<u128>()) {
            let (x, y) = (ContactId::from_uuid(Uuid::from_u128(a)), ContactId::from_uuid(Uuid::from_u128(b)));
            prop_assert_eq!(x.cmp(&y), x.to_string().cmp(&y.to_string()));
        }

        #[test]
        fn parse_never_panics(raw in "\\PC{0,40}") {
            let _ = AccountId::parse("/id", &raw);
        }
    }

    #[test]
    fn wrong_prefix_is_rejected() {
        let id = ContactId::from_uuid(Uuid::from_u128(42)).to_string();
        let error = AccountId::parse("/account_id", &id);
        assert_eq!(
            error.map_err(|e| (e.pointer, e.code)),
            Err(("/account_id".into(), "invalid_id"))
        );
    }

    #[test]
    fn overflowing_first_digit_is_rejected() {
        assert!(AccountId::parse("/id", "acc_80000000000000000000000000").is_err());
        assert!(AccountId::parse("/id", "acc_7zzzzzzzzzzzzzzzzzzzzzzzzz").is_ok());
    }
}
