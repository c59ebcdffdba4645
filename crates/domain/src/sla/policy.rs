//! SLA policies: which targets apply to a ticket. Policies are evaluated in order and the
//! first whose conditions all hold applies; a policy without conditions catches everything.

use super::simulation::{PolicyTargets, Priority};
use crate::account::Tier;

/// Conditions of a policy; an empty list (or `None`) accepts any value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PolicyConditions {
    /// The account's tier is one of these.
    pub tiers: Vec<Tier>,
    /// The ticket came in through one of these channels (`email`, `phone`, `portal`…).
    pub channels: Vec<String>,
    /// The ticket's category is one of these.
    pub categories: Vec<String>,
    /// The ticket's priority is one of these.
    pub priorities: Vec<Priority>,
    /// The account has (`true`) or has not (`false`) an active service contract.
    pub has_contract: Option<bool>,
}

/// What a policy is chosen by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketFacts {
    /// The account's tier, if any.
    pub tier: Option<Tier>,
    /// The channel.
    pub channel: String,
    /// The category, if any.
    pub category: Option<String>,
    /// The priority.
    pub priority: Priority,
    /// Whether the account has an active service contract.
    pub has_contract: bool,
}

/// A named policy: conditions and targets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlaPolicy {
    /// Its name.
    pub name: String,
    /// When it applies.
    pub conditions: PolicyConditions,
    /// What it promises.
    pub targets: PolicyTargets,
}

impl PolicyConditions {
    /// Whether every condition holds for `facts`.
    pub fn accept(&self, facts: &TicketFacts) -> bool {
        let tier = self.tiers.is_empty() || facts.tier.is_some_and(|t| self.tiers.contains(&t));
        let channel = self.channels.is_empty() || self.channels.contains(&facts.channel);
        let category = self.categories.is_empty()
            || facts
                .category
                .as_ref()
                .is_some_and(|c| self.categories.contains(c));
        let priority = self.priorities.is_empty() || self.priorities.contains(&facts.priority);
        let contract = self
            .has_contract
            .is_none_or(|wanted| wanted == facts.has_contract);
        tier && channel && category && priority && contract
    }
}

/// The first policy, in order, whose conditions hold.
pub fn select<'a>(policies: &'a [SlaPolicy], facts: &TicketFacts) -> Option<&'a SlaPolicy> {
    policies
        .iter()
        .find(|policy| policy.conditions.accept(facts))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sla::simulation::Targets;

    fn policy(name: &str, conditions: PolicyConditions) -> SlaPolicy {
        let none = Targets::default();
        SlaPolicy {
            name: name.into(),
            conditions,
            targets: PolicyTargets {
                by_priority: [
                    (Priority::Low, none),
                    (Priority::Normal, none),
                    (Priority::High, none),
                    (Priority::Urgent, none),
                ],
                warn_per_mille: 750,
                pausing_statuses: Vec::new(),
            },
        }
    }

    fn facts(
        tier: Option<Tier>,
        channel: &str,
        priority: Priority,
        has_contract: bool,
    ) -> TicketFacts {
        TicketFacts {
            tier,
            channel: channel.into(),
            category: None,
            priority,
            has_contract,
        }
    }

    #[test]
    fn the_first_matching_policy_wins_and_the_last_catches_all() {
        let policies = vec![
            policy(
                "platinum phone",
                PolicyConditions {
                    tiers: vec![Tier::Platinum],
                    channels: vec!["phone".into()],
                    ..Default::default()
                },
            ),
            policy(
                "contract customers",
                PolicyConditions {
                    has_contract: Some(true),
                    ..Default::default()
                },
            ),
            policy(
                "urgent billing",
                PolicyConditions {
                    categories: vec!["billing".into()],
                    priorities: vec![Priority::Urgent],
                    ..Default::default()
                },
            ),
            policy("everyone else", PolicyConditions::default()),
        ];
        let pick = |f: &TicketFacts| select(&policies, f).map(|p| p.name.as_str());
        assert_eq!(
            pick(&facts(Some(Tier::Platinum), "phone", Priority::Low, true)),
            Some("platinum phone")
        );
        assert_eq!(
            pick(&facts(Some(Tier::Platinum), "email", Priority::Low, true)),
            Some("contract customers")
        );
        assert_eq!(
            pick(&facts(None, "phone", Priority::Low, false)),
            Some("everyone else"),
            "no tier matches no tier condition"
        );
        let billing = TicketFacts {
            category: Some("billing".into()),
            ..facts(None, "email", Priority::Urgent, false)
        };
        assert_eq!(pick(&billing), Some("urgent billing"));
        assert_eq!(
            select(&policies[..1], &facts(None, "email", Priority::Low, false)),
            None
        );
    }
}
