//! Opportunities: deals moving through a pipeline's stages toward won or lost.
//!
//! What the stage decides (open or closed, the probability) is derived from it; a deal's
//! forecast category follows its probability unless its owner overrides it, and a closed deal
//! is closed (won) or out of the forecast (lost) whatever the override says.

use chrono::NaiveDate;

use crate::account::string_enum;
use crate::id::{AccountId, ContactId, LeadId, PipelineId, StageId, UserId};
use crate::money::Money;
use crate::pipeline::StageKind;
use crate::product::LineItem;
use crate::validation::FieldError;

/// The most contacts with roles on one deal.
pub const MAX_CONTACT_ROLES: usize = 50;

/// Where a deal counts in a forecast.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ForecastCategory {
    /// Early; counted only in the weighted pipeline.
    Pipeline,
    /// Could close this period if things go well.
    BestCase,
    /// The owner commits to closing it this period.
    Commit,
    /// Won.
    Closed,
    /// Left out of the forecast (lost, or excluded by its owner).
    Omitted,
}

string_enum!(ForecastCategory, "invalid_forecast_category", "must be one of pipeline, best_case, commit, closed, omitted", {
    ForecastCategory::Pipeline => "pipeline",
    ForecastCategory::BestCase => "best_case",
    ForecastCategory::Commit => "commit",
    ForecastCategory::Closed => "closed",
    ForecastCategory::Omitted => "omitted",
});

impl ForecastCategory {
    /// Parses a category an owner may choose for an open deal: any but closed, which only
    /// winning gives.
    pub fn parse_override(pointer: &str, raw: &str) -> Result<Self, FieldError> {
        match Self::parse(pointer, raw)? {
            ForecastCategory::Closed => Err(FieldError::new(
                pointer,
                "invalid_forecast_category",
                "closed follows from a won stage; choose pipeline, best_case, commit or omitted",
            )),
            category => Ok(category),
        }
    }

    /// The category of a deal in a stage of `kind` with `probability`, given its owner's
    /// override: won deals are closed, lost ones omitted; open ones take the override, else
    /// commit from 90 %, best case from 50 %, pipeline below.
    pub fn of(kind: StageKind, probability: u8, chosen: Option<ForecastCategory>) -> Self {
        match (kind, chosen) {
            (StageKind::Won, _) => ForecastCategory::Closed,
            (StageKind::Lost, _) => ForecastCategory::Omitted,
            (StageKind::Open, Some(chosen)) if chosen != ForecastCategory::Closed => chosen,
            (StageKind::Open, _) if probability >= 90 => ForecastCategory::Commit,
            (StageKind::Open, _) if probability >= 50 => ForecastCategory::BestCase,
            (StageKind::Open, _) => ForecastCategory::Pipeline,
        }
    }
}

/// The part a contact plays in a deal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContactRole {
    /// Signs off.
    DecisionMaker,
    /// Holds the budget.
    EconomicBuyer,
    /// Judges the technical fit.
    TechnicalBuyer,
    /// Weighs the options.
    Evaluator,
    /// Sways the decision.
    Influencer,
    /// Argues for us inside.
    Champion,
    /// Will use what is bought.
    User,
    /// Something else.
    Other,
}

string_enum!(ContactRole, "invalid_role", "must be one of decision_maker, economic_buyer, technical_buyer, evaluator, influencer, champion, user, other", {
    ContactRole::DecisionMaker => "decision_maker",
    ContactRole::EconomicBuyer => "economic_buyer",
    ContactRole::TechnicalBuyer => "technical_buyer",
    ContactRole::Evaluator => "evaluator",
    ContactRole::Influencer => "influencer",
    ContactRole::Champion => "champion",
    ContactRole::User => "user",
    ContactRole::Other => "other",
});

/// A contact on a deal and the part they play.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleOnDeal {
    /// Who.
    pub contact_id: ContactId,
    /// Their part.
    pub role: ContactRole,
}

/// Everything a user sets on a deal, validated. The stage's kind and probability, the amount
/// in the base currency and the closing time are derived when it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpportunityFields {
    /// What is being sold, in a few words.
    pub name: String,
    /// The buyer (required).
    pub account_id: AccountId,
    /// The pipeline it moves through.
    pub pipeline_id: PipelineId,
    /// Where it is now.
    pub stage_id: StageId,
    /// Why it closed, with a won or lost stage (one of the pipeline's reasons).
    pub close_reason: Option<String>,
    /// What it is worth: the sum of its line items when it has any.
    pub amount: Money,
    /// When it is expected to close (or closed).
    pub close_date: NaiveDate,
    /// Who sells it.
    pub owner_id: Option<UserId>,
    /// The main person to talk to.
    pub primary_contact_id: Option<ContactId>,
    /// People on the deal and their parts, each contact once.
    pub contact_roles: Vec<RoleOnDeal>,
    /// What it sells, line by line.
    pub line_items: Vec<LineItem>,
    /// What happens next.
    pub next_step: Option<String>,
    /// Who else is bidding.
    pub competitors: Vec<String>,
    /// The lead it came from.
    pub source_lead_id: Option<LeadId>,
    /// The campaign it came from (free text until marketing has campaigns).
    pub campaign: Option<String>,
    /// The owner's choice of forecast category for an open deal.
    pub forecast_category: Option<ForecastCategory>,
    /// Anything else.
    pub description: Option<String>,
}

impl OpportunityFields {
    /// The text a search matches: name, next step, competitors and campaign.
    pub fn search_text(&self) -> String {
        let competitors = self.competitors.join(" ");
        crate::text::search_words([
            Some(self.name.as_str()),
            self.next_step.as_deref(),
            Some(competitors.as_str()),
            self.campaign.as_deref(),
        ])
    }
}

/// Checks each contact appears once among a deal's roles.
pub fn check_roles(roles: &[RoleOnDeal]) -> Result<(), FieldError> {
    if roles.len() > MAX_CONTACT_ROLES {
        return Err(FieldError::new(
            "/contact_roles",
            "too_many",
            format!("at most {MAX_CONTACT_ROLES} contacts"),
        ));
    }
    for (i, role) in roles.iter().enumerate() {
        if roles[..i].iter().any(|r| r.contact_id == role.contact_id) {
            return Err(FieldError::new(
                format!("/contact_roles/{i}/contact_id"),
                "duplicate",
                "each contact has one role on a deal",
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn kind() -> impl Strategy<Value = StageKind> {
        prop_oneof![
            Just(StageKind::Open),
            Just(StageKind::Won),
            Just(StageKind::Lost)
        ]
    }

    fn category() -> impl Strategy<Value = Option<ForecastCategory>> {
        proptest::option::of(prop_oneof![
            Just(ForecastCategory::Pipeline),
            Just(ForecastCategory::BestCase),
            Just(ForecastCategory::Commit),
            Just(ForecastCategory::Closed),
            Just(ForecastCategory::Omitted),
        ])
    }

    proptest! {
        #[test]
        fn closed_deals_ignore_the_override_and_only_won_ones_are_closed(
            kind in kind(), probability in 0_u8..=100, chosen in category()
        ) {
            let got = ForecastCategory::of(kind, probability, chosen);
            prop_assert_eq!(got == ForecastCategory::Closed, kind == StageKind::Won);
            if kind == StageKind::Lost {
                prop_assert_eq!(got, ForecastCategory::Omitted);
            }
            if kind == StageKind::Open && chosen.is_some_and(|c| c != ForecastCategory::Closed) {
                prop_assert_eq!(Some(got), chosen);
            }
        }

        #[test]
        fn without_an_override_a_likelier_deal_never_sits_in_a_lower_category(
            a in 0_u8..=100, b in 0_u8..=100
        ) {
            let (low, high) = (a.min(b), a.max(b));
            let rank = |p| ForecastCategory::of(StageKind::Open, p, None);
            prop_assert!(rank(low) <= rank(high));
        }
    }

    #[test]
    fn closed_is_not_a_category_one_chooses() {
        assert!(ForecastCategory::parse_override("/f", "closed").is_err());
        assert_eq!(
            ForecastCategory::parse_override("/f", "best_case"),
            Ok(ForecastCategory::BestCase)
        );
    }
}
