//! The portal's own API, as customers reach it with portal tokens: who they are, their tickets and conversations, the public knowledge base, what their company owns.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::PortalFeatures;
use crate::custom_fields::{TicketFieldAnswer, TicketFieldDefinition};

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
    /// Their job title.
    #[serde(default)]
    pub title: Option<String>,
    /// Which mail about their tickets they get.
    #[serde(default)]
    pub mail: PortalMailPreferences,
    /// The partner's portal: name, branding and features.
    pub portal: PortalBranding,
}

/// Which mail about their tickets a customer gets; mail to a requester without portal access
/// is always sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PortalMailPreferences {
    /// Agents' replies (`agent_reply` mail); without them, replies are read in the portal.
    pub replies: bool,
    /// Word that a ticket was received or solved (`ticket_received`, `ticket_solved`).
    pub updates: bool,
}

impl Default for PortalMailPreferences {
    fn default() -> Self {
        Self {
            replies: true,
            updates: true,
        }
    }
}

/// A customer's change to their profile; fields left out keep their value.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"name": "Grace Meier", "title": "Head of IT", "mail": {"replies": true, "updates": false}})))]
#[serde(deny_unknown_fields)]
pub struct UpdatePortalMe {
    /// Their name, as they write it (the last word is the family name; up to 100 characters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Their job title (up to 200 characters); empty clears it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Which mail about their tickets they get.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mail: Option<PortalMailPreferences>,
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
    /// The categories a new ticket may have (`category`); none: the form asks for none.
    #[serde(default)]
    pub ticket_categories: Vec<String>,
    /// The partner's own questions on a new ticket, answered in its `custom_fields`.
    #[serde(default)]
    pub ticket_fields: Vec<TicketFieldDefinition>,
    /// Whether customers at the domains of the organization's accounts may sign themselves
    /// up (`POST /api/v1/portal/auth/sign-up`).
    #[serde(default)]
    pub self_sign_up: bool,
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
    /// The files sent with the description.
    pub attachments: Vec<PortalAttachment>,
    /// The partner's questions answered when it was opened, as they were asked.
    #[serde(default)]
    pub custom_fields: Vec<TicketFieldAnswer>,
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
    /// Your uploads (`att_…`, from `POST /api/v1/portal/attachments`) to send with the
    /// description, at most 10.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
    pub attachment_ids: Vec<String>,
    /// Answers to the partner's questions, by key (described in the API document by
    /// `custom_fields::answers_schema`).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    #[cfg_attr(
        feature = "openapi",
        schema(schema_with = crate::custom_fields::answers_schema)
    )]
    pub custom_fields: std::collections::BTreeMap<String, serde_json::Value>,
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
    /// The files sent with it.
    pub attachments: Vec<PortalAttachment>,
}

/// A file in the portal: one the customer uploaded, or one sent with a public reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalAttachment {
    /// Its id (`att_…`).
    pub id: String,
    /// The file's name.
    pub filename: String,
    /// Its media type; it is always served as a download.
    pub content_type: String,
    /// Its size in bytes.
    pub size: i64,
    /// Where its content is downloaded (`GET`, with the portal token).
    pub url: String,
}

/// The customer's reply.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"body": "It happened again this morning."})))]
#[serde(deny_unknown_fields)]
pub struct CreatePortalMessage {
    /// The text (required).
    pub body: String,
    /// Your uploads (`att_…`, from `POST /api/v1/portal/attachments`) to send with it, at
    /// most 10.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
    pub attachment_ids: Vec<String>,
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
