//! The customer portal: partners and portal users as staff manage them, and the portal's own
//! API, which customers reach with portal tokens.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

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
    /// Whether its backend can sign customers in (it has a single sign-on secret).
    pub sso_enabled: bool,
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

/// A customer's sign-in to a partner's portal.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"partner_key": "pk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "email": "grace@meier.example", "password": "correct horse battery"})))]
#[serde(deny_unknown_fields)]
pub struct PortalLogin {
    /// The partner's key.
    pub partner_key: String,
    /// The portal user's address.
    pub email: String,
    /// Their password.
    pub password: String,
}

/// Accepting an invitation: the token from it and the password to set.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"partner_key": "pk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "token": "inv_…", "password": "correct horse battery"})))]
#[serde(deny_unknown_fields)]
pub struct AcceptInvitation {
    /// The partner's key.
    pub partner_key: String,
    /// The invitation's token.
    pub token: String,
    /// The new password (12 to 128 characters).
    pub password: String,
}

/// A portal refresh token to exchange or revoke.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PortalRefresh {
    /// The refresh token from the last sign-in or refresh.
    pub refresh_token: String,
}

/// Who is signed in to the portal, and the portal they are in.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalMe {
    /// The portal user (`pusr_…`).
    pub id: String,
    /// Their name.
    pub name: String,
    /// Their sign-in address.
    pub email: String,
    /// `user` or `account_admin`.
    pub role: String,
    /// Their company's name.
    pub account_name: Option<String>,
    /// The partner's portal: name, branding and features.
    pub portal: PortalBranding,
}

/// What the portal app needs to look like its partner.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalBranding {
    /// The partner's name.
    pub name: String,
    /// Accent colour, `#rrggbb`.
    pub accent_color: Option<String>,
    /// Logo link.
    pub logo_url: Option<String>,
    /// Language tag.
    pub language: Option<String>,
    /// Which parts are on.
    pub features: PortalFeatures,
    /// The origins whose pages may embed the portal; the app talks to its embedding page
    /// (to fit the frame to its content) only when that page is one of them.
    pub allowed_origins: Vec<String>,
}

/// A ticket as its customer sees it: no internal fields.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalTicket {
    /// Its id (`tkt_…`).
    pub id: String,
    /// Its number, shown as `#1042`.
    pub number: i64,
    /// What it is about.
    pub subject: String,
    /// The request as first written.
    pub description: String,
    /// `open` (new, open or on hold: with the support team), `awaiting_you` (pending: the
    /// team waits for your answer), `solved` or `closed`.
    pub status: String,
    /// The category, if any.
    pub category: Option<String>,
    /// The asset it is about (`ast_…`).
    pub asset_id: Option<String>,
    /// Who asked: their name.
    pub requester_name: String,
    /// Whether the caller asked it (an account admin also sees colleagues' tickets).
    pub mine: bool,
    /// When it was opened.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// When it was solved.
    pub solved_at: Option<DateTime<Utc>>,
    /// The customer's rating, once given.
    pub rating: Option<PortalRating>,
}

/// A customer's rating of a solved ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalRating {
    /// From 1 (very unhappy) to 5 (very happy).
    pub score: i32,
    /// What they added.
    pub comment: Option<String>,
    /// When.
    pub rated_at: DateTime<Utc>,
}

/// Rating a solved ticket.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"score": 5, "comment": "Fixed the same day, thank you."})))]
#[serde(deny_unknown_fields)]
pub struct CreatePortalRating {
    /// From 1 (very unhappy) to 5 (very happy).
    pub score: i64,
    /// What you would like to add (at most 2,000 characters).
    pub comment: Option<String>,
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

/// A new ticket from the portal.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"subject": "The press stops after ten minutes", "description": "Since Monday the press halts with error E42."})))]
#[serde(deny_unknown_fields)]
pub struct CreatePortalTicket {
    /// What it is about (required, at most 200 characters).
    pub subject: String,
    /// The request (required).
    pub description: String,
    /// A category, such as `billing`.
    pub category: Option<String>,
    /// One of the account's assets (`ast_…`) it is about.
    pub asset_id: Option<String>,
}

/// The portal ticket list's own filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct PortalTicketFilters {
    /// Page size, 1 to 100 (default 25).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    /// Where the previous page ended (its `next_cursor`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// `open` (not solved or closed) or `closed` (solved or closed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// Account admins: `mine` for their own tickets only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

/// A reply in a ticket's public conversation.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalMessage {
    /// Its id (`msg_…`).
    pub id: String,
    /// `customer` (the requester or a colleague) or `support` (the support team).
    pub from: String,
    /// The writer's name (a support agent's name, never their address).
    pub author_name: String,
    /// The text.
    pub body: String,
    /// When it was written.
    pub created_at: DateTime<Utc>,
}

/// The customer's reply.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"body": "It happened again this morning."})))]
#[serde(deny_unknown_fields)]
pub struct CreatePortalMessage {
    /// The text (required).
    pub body: String,
}

/// A search of the public knowledge base from the portal.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct PortalKbSearchQuery {
    /// The words searched for.
    pub q: String,
    /// In this language, such as `de`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// How many, 1 to 50 (default 10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    /// How many of the best to skip, up to 500 (default 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<i64>,
}

/// A public article of the knowledge base, ready to show.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalArticle {
    /// Its id (`kba_…`).
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its text as HTML (sanitised: no scripts, no styles).
    pub body_html: String,
    /// Its language.
    pub language: String,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// Something the customer's company owns, as the customer sees it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalAsset {
    /// Its id (`ast_…`): name it when opening a ticket about it.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its serial number.
    pub serial_number: Option<String>,
    /// Where it is.
    pub location: Option<String>,
    /// `active`, `in_repair`, `retired`…
    pub status: String,
    /// The asset it is part of.
    pub parent_id: Option<String>,
    /// When it was installed.
    pub installed_on: Option<chrono::NaiveDate>,
    /// When its warranty ends.
    pub warranty_ends_on: Option<chrono::NaiveDate>,
    /// Whether it is under warranty today.
    pub under_warranty: bool,
}

/// What a service contract gives the customer's company, in summary.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalContract {
    /// Its id (`ctr_…`).
    pub id: String,
    /// Its number.
    pub number: String,
    /// `support`, `maintenance`, `warranty`…
    pub contract_type: String,
    /// `active`, `expired` or `cancelled`.
    pub status: String,
    /// Its first day.
    pub starts_on: chrono::NaiveDate,
    /// Its last day.
    pub ends_on: chrono::NaiveDate,
    /// Whether it covers today.
    pub in_force: bool,
    /// What it entitles the company to.
    pub entitlements: Vec<PortalEntitlement>,
}

/// One entitlement of a contract, with what is left of it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalEntitlement {
    /// What it is called.
    pub name: String,
    /// The channels it covers; empty: all.
    pub channels: Vec<String>,
    /// Incidents per period; none: no limit.
    pub allowance: Option<u32>,
    /// What the allowance is counted over: contract, month, quarter or year.
    pub period: String,
    /// The current period's first day.
    pub period_start: chrono::NaiveDate,
    /// Its last day.
    pub period_end: chrono::NaiveDate,
    /// Incidents used in it.
    pub used: u32,
    /// Incidents left in it; none: no limit.
    pub remaining: Option<u32>,
}

/// A partner's new single sign-on secret, shown once.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerSsoSecret {
    /// The HS256 key the partner's backend signs its customers' sign-in tokens with. Shown
    /// only here; a new one replaces it.
    pub secret: String,
}

/// A customer signed in by the partner's backend: its single sign-on token.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"partner_key": "pk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "token": "eyJhbGciOiJIUzI1NiJ9.e30.x"})))]
#[serde(deny_unknown_fields)]
pub struct PortalSso {
    /// The partner's key.
    pub partner_key: String,
    /// A JWT signed with HS256 and the partner's secret: `iss` the partner's key, `aud`
    /// `rapport-portal`, `email` the customer's address, `jti` unique, `exp` at most five
    /// minutes ahead.
    pub token: String,
}
