//! Rapport's domain: identifiers, value types and rules shared by the server and the web app.
//!
//! Pure Rust with no I/O, so it compiles to `wasm32-unknown-unknown` and the browser validates
//! input with exactly the code the server uses.

pub mod account;
pub mod activity;
pub mod asset;
pub mod assignment;
pub mod attachment;
pub mod call;
pub mod callback;
pub mod contact;
pub mod contract;
pub mod email;
pub mod entitlement;
pub mod forecast;
pub mod ical;
pub mod id;
pub mod kb;
pub mod lead;
pub mod lead_form;
pub mod mail;
pub mod money;
pub mod opportunity;
pub mod outbound;
pub mod password;
#[cfg(feature = "phone")]
pub mod phone;
pub mod pipeline;
pub mod portal;
pub mod product;
pub mod rma;
pub mod role;
pub mod routing;
pub mod scoring;
pub mod sla;
pub mod territory;
pub mod text;
pub mod ticket;
pub mod validation;

pub use account::{AccountType, Tier};
pub use contact::PreferredChannel;
pub use email::Email;
pub use id::{
    AccountId, ActivityId, AssetId, AssignmentRuleId, AttachmentId, CallbackId, ContactId,
    ContractId, EntitlementId, ExchangeRateId, InboundEmailId, JobId, KbArticleId, KbCategoryId,
    LeadFormId, LeadId, MailboxId, MessageId, NoteId, NotificationId, OpportunityId, OrgId,
    PartnerId, PipelineId, PortalSessionId, PortalUserId, ProductId, QuotaId, RmaId, ScoringRuleId,
    SessionId, SlaCalendarId, SlaPolicyId, StageId, TeamId, TelephonyProviderId, TerritoryId,
    TicketId, TicketViewId, UserId,
};
pub use id::{Id, IdKind};
pub use money::{Currency, Money};
pub use role::{Permission, Role};
pub use validation::{FieldError, Violations};
