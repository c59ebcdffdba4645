//! `/api/v1/leads`: leads, the records like one, and its conversion.

use api_types::leads::{
    ConvertLead, CreateLead, Lead, LeadConversion, LeadFilters, LeadMatches, UpdateLead,
};

use api_types::lead_forms::{CreateLeadForm, LeadForm, UpdateLeadForm};

use crate::components::bulk::BulkEdit;

use super::{call, get, ApiError, Resource, Session};

impl Resource for Lead {
    const PATH: &'static str = "leads";
    const KIND: &'static str = "lead";
    const TITLE: &'static str = "Leads";
    const WRITE: domain::Permission = domain::Permission::WriteSales;
    type Create = CreateLead;
    type Update = UpdateLead;
    type Filters = LeadFilters;

    fn id(&self) -> &str {
        &self.id
    }

    fn deleted_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.deleted_at
    }

    /// The person's name, else the company, else the email.
    fn title(&self) -> String {
        let person = [self.first_name.as_deref(), self.last_name.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        if !person.is_empty() {
            person
        } else {
            self.company
                .clone()
                .or(self.email.clone())
                .unwrap_or_default()
        }
    }
}

impl BulkEdit for Lead {
    fn version(&self) -> i64 {
        self.version
    }

    fn set_owner(owner: Option<String>) -> UpdateLead {
        UpdateLead {
            owner_id: api_types::Patch::set(owner),
            ..UpdateLead::default()
        }
    }

    fn add_tag(&self, tag: &str) -> UpdateLead {
        let mut tags = self.tags.clone();
        if !tags.iter().any(|t| t == tag) {
            tags.push(tag.to_owned());
        }
        UpdateLead {
            tags: Some(tags),
            ..UpdateLead::default()
        }
    }
}

/// The accounts, contacts and other leads like the lead `id`.
pub async fn matches(session: &Session, id: &str) -> Result<LeadMatches, ApiError> {
    Ok(get(session, &format!("/api/v1/leads/{id}/matches"))
        .await?
        .body)
}

/// The score of the lead `id` as of now, rule by rule.
pub async fn score(session: &Session, id: &str) -> Result<api_types::scoring::LeadScore, ApiError> {
    Ok(get(session, &format!("/api/v1/leads/{id}/score"))
        .await?
        .body)
}

/// Converts the lead `id`.
pub async fn convert(
    session: &Session,
    id: &str,
    body: &ConvertLead,
) -> Result<LeadConversion, ApiError> {
    let path = format!("/api/v1/leads/{id}/convert");
    Ok(call(session, "POST", &path, Some(body), None).await?.body)
}

impl Resource for LeadForm {
    const PATH: &'static str = "lead-forms";
    const KIND: &'static str = "capture form";
    const TITLE: &'static str = "Capture forms";
    const WRITE: domain::Permission = domain::Permission::ManageSales;
    type Create = CreateLeadForm;
    type Update = UpdateLeadForm;
    type Filters = ();

    fn id(&self) -> &str {
        &self.id
    }

    fn deleted_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.deleted_at
    }

    fn title(&self) -> String {
        self.name.clone()
    }
}

/// The routing and scoring setup: records named by their `name`, changed by admins and
/// managers, without pages of their own (they live on the lead routing page).
macro_rules! named_setup_resource {
    ($record:ty, $create:ty, $update:ty, $path:literal, $kind:literal, $title:literal) => {
        impl Resource for $record {
            const PATH: &'static str = $path;
            const KIND: &'static str = $kind;
            const TITLE: &'static str = $title;
            const WRITE: domain::Permission = domain::Permission::ManageSales;
            type Create = $create;
            type Update = $update;
            type Filters = ();

            fn id(&self) -> &str {
                &self.id
            }

            fn deleted_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
                self.deleted_at
            }

            fn title(&self) -> String {
                self.name.clone()
            }

            fn page_of(_: &str) -> String {
                "/lead-routing".into()
            }
        }
    };
}

named_setup_resource!(
    api_types::assignment::AssignmentRule,
    api_types::assignment::CreateAssignmentRule,
    api_types::assignment::UpdateAssignmentRule,
    "assignment-rules",
    "assignment rule",
    "Assignment rules"
);
named_setup_resource!(
    api_types::scoring::ScoringRule,
    api_types::scoring::CreateScoringRule,
    api_types::scoring::UpdateScoringRule,
    "scoring-rules",
    "scoring rule",
    "Scoring rules"
);
named_setup_resource!(
    api_types::territories::Territory,
    api_types::territories::CreateTerritory,
    api_types::territories::UpdateTerritory,
    "territories",
    "territory",
    "Territories"
);
