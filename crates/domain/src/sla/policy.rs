//! SLA policies: which targets apply to a ticket. Policies are evaluated in order and the
//! first whose conditions all hold applies; a policy without conditions catches everything.

use super::simulation::{ClockKind, PolicyTargets, Priority};
use crate::account::Tier;
use crate::id::{TeamId, UserId};
use crate::validation::FieldError;

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
    /// What happens when its clocks warn or breach.
    pub escalations: Vec<Escalation>,
}

/// The clock events an escalation waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// The clock passed its warning threshold.
    Warning,
    /// The clock passed its deadline.
    Breach,
}

impl Trigger {
    /// Parses `warning` or `breach`.
    pub fn parse(pointer: &str, raw: &str) -> Result<Self, FieldError> {
        match raw.trim() {
            "warning" => Ok(Trigger::Warning),
            "breach" => Ok(Trigger::Breach),
            _ => Err(FieldError::new(
                pointer,
                "invalid_trigger",
                "must be warning or breach",
            )),
        }
    }

    /// The name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Trigger::Warning => "warning",
            Trigger::Breach => "breach",
        }
    }
}

/// What a policy does when one of its clocks warns or breaches, besides telling the assignee
/// and the team's lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Escalation {
    /// The event it waits for.
    pub on: Trigger,
    /// Only this clock's; any clock's when `None`.
    pub clock: Option<ClockKind>,
    /// Raise the ticket's priority one step.
    pub raise_priority: bool,
    /// Move the ticket to this team.
    pub team_id: Option<TeamId>,
    /// Tell this user.
    pub notify_user_id: Option<UserId>,
}

/// The most escalations a policy holds.
pub const MAX_ESCALATIONS: usize = 10;

impl Escalation {
    /// Whether it answers `clock` reaching `on`.
    pub fn answers(&self, on: Trigger, clock: ClockKind) -> bool {
        self.on == on && self.clock.is_none_or(|c| c == clock)
    }
}

/// What the escalations answering one sweep's events do together: the priority is raised one
/// step however many ask, the last team named wins, every user named is told once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EscalationPlan {
    /// Raise the priority one step.
    pub raise_priority: bool,
    /// Move to this team.
    pub team_id: Option<TeamId>,
    /// Tell these users.
    pub notify: Vec<UserId>,
}

/// The plan for `events` (each a trigger and the clock it happened to) under `escalations`.
pub fn plan(escalations: &[Escalation], events: &[(Trigger, ClockKind)]) -> EscalationPlan {
    let mut plan = EscalationPlan::default();
    for escalation in escalations {
        if !events
            .iter()
            .any(|(on, clock)| escalation.answers(*on, *clock))
        {
            continue;
        }
        plan.raise_priority |= escalation.raise_priority;
        plan.team_id = escalation.team_id.or(plan.team_id);
        if let Some(user) = escalation.notify_user_id {
            if !plan.notify.contains(&user) {
                plan.notify.push(user);
            }
        }
    }
    plan
}

/// The priority one step above `priority`; urgent stays urgent.
pub fn raised(priority: Priority) -> Priority {
    match priority {
        Priority::Low => Priority::Normal,
        Priority::Normal => Priority::High,
        Priority::High | Priority::Urgent => Priority::Urgent,
    }
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
            escalations: Vec::new(),
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

    #[test]
    fn escalations_answer_their_event_and_clock_and_combine() {
        let team = |n: u8| TeamId::from_bytes(&[n; 16]);
        let user = UserId::from_bytes(&[9; 16]);
        let on = |on, clock, team_id| Escalation {
            on,
            clock,
            raise_priority: false,
            team_id,
            notify_user_id: user,
        };
        let escalations = [
            Escalation {
                raise_priority: true,
                ..on(Trigger::Breach, Some(ClockKind::Resolution), team(1))
            },
            on(Trigger::Breach, None, team(2)),
            on(Trigger::Warning, None, team(3)),
        ];
        let breached = [(Trigger::Breach, ClockKind::FirstResponse)];
        assert_eq!(
            plan(&escalations, &breached),
            EscalationPlan {
                raise_priority: false,
                team_id: team(2),
                notify: user.into_iter().collect(),
            }
        );
        let both = [
            (Trigger::Warning, ClockKind::FirstResponse),
            (Trigger::Breach, ClockKind::Resolution),
        ];
        let combined = plan(&escalations, &both);
        assert!(combined.raise_priority);
        assert_eq!(combined.team_id, team(3), "the last one named wins");
        assert_eq!(combined.notify.len(), 1, "each user is told once");
        assert_eq!(plan(&escalations, &[]), EscalationPlan::default());
    }

    #[test]
    fn raising_goes_one_step_and_stops_at_urgent() {
        assert_eq!(raised(Priority::Low), Priority::Normal);
        assert_eq!(raised(Priority::Normal), Priority::High);
        assert_eq!(raised(Priority::High), Priority::Urgent);
        assert_eq!(raised(Priority::Urgent), Priority::Urgent);
    }
}
