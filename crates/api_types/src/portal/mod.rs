//! The customer portal: partners and portal users as staff manage them, and what staff read
//! of it (satisfaction); the portal's own API is in `customer`.

mod customer;
mod sign_in;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use customer::*;
pub use sign_in::*;

use crate::custom_fields::TicketFieldDefinition;
use crate::Patch;

/// Which parts of a partner's portal are on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PortalFeatures {
    /// Customers may open tickets.
    pub ticket_creation: bool,
    /// The public knowledge base.
    pub knowledge_base: bool,
    /// The customer's assets and contracts.
    pub assets: bool,
}

/// A partner: a website that embeds the customer portal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Partner {
    /// Its id (`ptn_…`).
    pub id: String,
    /// Its public key: the portal is at `/portal/{key}`, and portal sign-ins name it.
    pub key: String,
    /// Its name.
    pub name: String,
    /// The origins whose pages may frame the portal and call it.
    pub allowed_origins: Vec<String>,
    /// The portal's accent colour, `#rrggbb`.
    pub accent_color: Option<String>,
    /// An https link to the partner's logo.
    pub logo_url: Option<String>,
    /// The portal's language, such as `de`.
    pub language: Option<String>,
    /// Which parts of the portal are on.
    pub features: PortalFeatures,
    /// The categories a customer opening a ticket in its portal chooses from.
    #[serde(default)]
    pub ticket_categories: Vec<String>,
    /// The questions its portal asks a customer opening a ticket, in order.
    #[serde(default)]
    pub ticket_fields: Vec<TicketFieldDefinition>,
    /// Whether its backend can sign customers in (it has a single sign-on secret or a
    /// registered public key).
    pub sso_enabled: bool,
    /// Whether it has a single sign-on secret (HS256; the secret is shown only when made).
    #[serde(default)]
    pub sso_secret_set: bool,
    /// The public key (PEM) its backend's RS256 or ES256 tokens are checked with, if one is
    /// registered.
    #[serde(default)]
    pub sso_public_key: Option<String>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// When it went to the trash.
    pub deleted_at: Option<DateTime<Utc>>,
    /// Increases with every change; the ETag carries it.
    pub version: i64,
}

/// A new partner.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "name": "Northwind Shop",
    "allowed_origins": ["https://shop.northwind.example"]
})))]
#[serde(deny_unknown_fields)]
pub struct CreatePartner {
    /// Name (required, at most 200 characters).
    pub name: String,
    /// Origins allowed to frame the portal, such as `https://shop.example` (scheme, host and
    /// port only; `http` only for `localhost` and `127.0.0.1`), at most 20.
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub allowed_origins: Vec<String>,
    /// Accent colour, `#rrggbb`.
    pub accent_color: Option<String>,
    /// An https link to the logo (at most 2,000 characters).
    pub logo_url: Option<String>,
    /// Language tag, such as `de` or `pt-br`.
    pub language: Option<String>,
    /// Which parts are on (default: all).
    pub features: Option<PortalFeatures>,
    /// The categories a customer opening a ticket chooses from (tags such as `billing`, at
    /// most 50, kept in the order given); none: the portal asks for none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ticket_categories: Vec<String>,
    /// The partner's own questions on a new ticket, in order, at most 20; their answers
    /// come in a new ticket's `custom_fields` and are kept with it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub ticket_fields: Vec<TicketFieldDefinition>,
}

/// Changes to a partner: absent fields stay, `null` clears.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"accent_color": "#0b5cad"})))]
#[serde(deny_unknown_fields)]
pub struct UpdatePartner {
    /// Name.
    pub name: Option<String>,
    /// The whole list of allowed origins.
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub allowed_origins: Option<Vec<String>>,
    /// Accent colour.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub accent_color: Patch<String>,
    /// Logo link.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub logo_url: Patch<String>,
    /// Language tag.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub language: Patch<String>,
    /// Which parts are on.
    pub features: Option<PortalFeatures>,
    /// The whole list of ticket categories.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ticket_categories: Option<Vec<String>>,
    /// The whole list of questions on a new ticket (tickets opened before keep their
    /// answers as they were asked).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub ticket_fields: Option<Vec<TicketFieldDefinition>>,
}

/// A contact with access to the customer portal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalUser {
    /// Its id (`pusr_…`).
    pub id: String,
    /// The contact (`con_…`).
    pub contact_id: String,
    /// The address they sign in with.
    pub email: String,
    /// `user` (their own tickets) or `account_admin` (all of their account's).
    pub role: String,
    /// Whether they may sign in.
    pub active: bool,
    /// `invited` (a password not set yet) or `active` (signed up).
    pub status: String,
    /// Until when the pending invitation can be accepted.
    pub invitation_expires_at: Option<DateTime<Utc>>,
    /// The last sign-in.
    pub last_login_at: Option<DateTime<Utc>>,
    /// When access was given.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// When it went to the trash.
    pub deleted_at: Option<DateTime<Utc>>,
    /// Increases with every change; the ETag carries it.
    pub version: i64,
}

/// Portal access for a contact, with an invitation.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"contact_id": "con_01hv7x1q9m8d2k3p4r5s6t7v8w", "role": "user"})))]
#[serde(deny_unknown_fields)]
pub struct CreatePortalUser {
    /// The contact (required).
    pub contact_id: String,
    /// The sign-in address (default: the contact's email).
    pub email: Option<String>,
    /// `user` (the default) or `account_admin`.
    pub role: Option<String>,
    /// The partner (`ptn_…`) whose portal the invitation opens in: with it, Rapport emails the
    /// invitation (when the organization sends mail). Without it, nothing is mailed: pass the
    /// token on yourself.
    pub partner_id: Option<String>,
}

/// Another invitation for a portal user (the body may be left out).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"partner_id": "ptn_01hv7x1q9m8d2k3p4r5s6t7v8w"})))]
#[serde(deny_unknown_fields)]
pub struct ReinvitePortalUser {
    /// The partner (`ptn_…`) whose portal the invitation opens in: with it, Rapport emails it.
    pub partner_id: Option<String>,
}

/// A portal user with the link of their invitation, which is shown only here.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitedPortalUser {
    /// The portal user.
    #[serde(flatten)]
    pub user: PortalUser,
    /// The one-time invitation token: the invitee sets a password with it at
    /// `POST /api/v1/portal/auth/invitation`. Shown once.
    pub invitation_token: String,
    /// Whether Rapport is emailing it (a partner was named and the organization sends mail).
    pub invitation_emailed: bool,
}

/// Changes to a portal user.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"role": "account_admin"})))]
#[serde(deny_unknown_fields)]
pub struct UpdatePortalUser {
    /// The sign-in address.
    pub email: Option<String>,
    /// `user` or `account_admin`.
    pub role: Option<String>,
    /// Whether they may sign in.
    pub active: Option<bool>,
}

/// The portal user list's own filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct PortalUserFilters {
    /// Only the portal user of this contact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<String>,
}

/// How satisfied customers were with solved tickets, over a time range.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SatisfactionSummary {
    /// Ratings given in the range.
    pub count: i64,
    /// Their mean score, 1 to 5; none without ratings.
    pub average: Option<f64>,
    /// The share of 4 and 5 among them, 0 to 100 (the usual CSAT figure); none without
    /// ratings.
    pub satisfied_percent: Option<f64>,
    /// How many gave each score, from 1 to 5.
    pub scores: Vec<i64>,
}

/// The time range of a satisfaction summary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct SatisfactionQuery {
    /// Ratings given at or after this instant.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<DateTime<Utc>>,
    /// Ratings given before this instant.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<DateTime<Utc>>,
}

/// The public key of a partner's backend, which signs its single sign-on tokens with the
/// private key (RS256 and the other RSA algorithms, or ES256 and ES384).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PartnerSsoPublicKey {
    /// An RSA or EC public key in PEM (`-----BEGIN PUBLIC KEY-----…`), at most 10,000
    /// characters.
    #[cfg_attr(feature = "openapi", schema(max_length = 10000))]
    pub public_key: String,
}

/// A partner's new single sign-on secret, shown once.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerSsoSecret {
    /// The HS256 key the partner's backend signs its customers' sign-in tokens with. Shown
    /// only here; a new one replaces it.
    pub secret: String,
}
