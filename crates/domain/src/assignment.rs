//! Lead assignment: ordered rules whose conditions read a new lead and name who gets it.
//!
//! The rules are tried in order; the first active rule whose conditions all hold and that can
//! name someone wins. A rule names a user, a team (its members in turn) or the lead's
//! territory (the owners of the nearest territory that has any, in turn). A rule whose user,
//! team or territory has nobody who may take leads passes the lead on to the next rule. When
//! no rule assigns, the default owner does. Within a pool the turn goes to whoever waited
//! longest (`db::assignment::take_next_turn`: one statement under the pool's lock).

use crate::account::string_enum;
use crate::id::{AssignmentRuleId, TeamId, TerritoryId, UserId};
use crate::lead::{CompanySize, LeadSource};
use crate::validation::FieldError;

/// Whom a rule assigns to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssignTo {
    /// One user.
    User(UserId),
    /// A team's members, in turn.
    Team(TeamId),
    /// The owners of the lead's territory, in turn.
    Territory,
}

/// The kinds of [`AssignTo`], as the API names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssignKind {
    /// [`AssignTo::User`].
    User,
    /// [`AssignTo::Team`].
    Team,
    /// [`AssignTo::Territory`].
    Territory,
}

string_enum!(AssignKind, "invalid_assign_to", "must be one of user, team, territory", {
    AssignKind::User => "user",
    AssignKind::Team => "team",
    AssignKind::Territory => "territory",
});

impl AssignTo {
    /// Its kind.
    pub fn kind(self) -> AssignKind {
        match self {
            AssignTo::User(_) => AssignKind::User,
            AssignTo::Team(_) => AssignKind::Team,
            AssignTo::Territory => AssignKind::Territory,
        }
    }
}

/// What a rule asks of a lead; an empty list places no condition.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Conditions {
    /// Lead sources.
    pub sources: Vec<LeadSource>,
    /// Countries (ISO 3166-1 alpha-2, upper case).
    pub countries: Vec<String>,
    /// Industries (compared without regard to case).
    pub industries: Vec<String>,
    /// Company sizes.
    pub company_sizes: Vec<CompanySize>,
    /// Territories: the lead is placed in one of them or below one of them.
    pub territory_ids: Vec<TerritoryId>,
}

/// What the rules read of a lead.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Candidate<'a> {
    /// Where it came from.
    pub source: Option<LeadSource>,
    /// Its country.
    pub country: Option<&'a str>,
    /// Its industry.
    pub industry: Option<&'a str>,
    /// Its company's size.
    pub company_size: Option<CompanySize>,
    /// The territory it is placed in and those above it, nearest first.
    pub territories: &'a [TerritoryId],
}

fn has<T: PartialEq>(list: &[T], value: Option<T>) -> bool {
    list.is_empty() || value.is_some_and(|v| list.contains(&v))
}

fn has_text(list: &[String], value: Option<&str>) -> bool {
    list.is_empty() || value.is_some_and(|v| list.iter().any(|l| l.eq_ignore_ascii_case(v.trim())))
}

impl Conditions {
    /// Whether the lead meets every condition.
    pub fn matches(&self, lead: &Candidate<'_>) -> bool {
        has(&self.sources, lead.source)
            && has_text(&self.countries, lead.country)
            && has_text(&self.industries, lead.industry)
            && has(&self.company_sizes, lead.company_size)
            && (self.territory_ids.is_empty()
                || lead
                    .territories
                    .iter()
                    .any(|t| self.territory_ids.contains(t)))
    }

    /// Whether the conditions need the lead's territory.
    pub fn reads_territory(&self) -> bool {
        !self.territory_ids.is_empty()
    }
}

/// A rule as assignment sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// Which.
    pub id: AssignmentRuleId,
    /// Whether it is tried at all.
    pub active: bool,
    /// What it asks of a lead.
    pub conditions: Conditions,
    /// Whom it assigns to.
    pub assign_to: AssignTo,
}

/// Everything an admin sets on a rule, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleFields {
    /// Name, unique among live rules.
    pub name: String,
    /// Wanted place in the order; `None` keeps the current one (or appends a new rule).
    pub position: Option<i64>,
    /// Whether it is tried.
    pub active: bool,
    /// What it asks of a lead.
    pub conditions: Conditions,
    /// Whom it assigns to.
    pub assign_to: AssignTo,
}

/// The active rules, in order, whose conditions the lead meets: the ones assignment tries.
pub fn matching<'r>(rules: &'r [Rule], lead: &Candidate<'_>) -> Vec<&'r Rule> {
    rules
        .iter()
        .filter(|r| r.active && r.conditions.matches(lead))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A new id of any kind, distinct within the test run.
    fn fresh<K: crate::id::IdKind>() -> crate::id::Id<K> {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        crate::id::Id::from_uuid(uuid::Uuid::from_u128(u128::from(n)))
    }

    fn rule(conditions: Conditions, assign_to: AssignTo) -> Rule {
        Rule {
            id: fresh(),
            active: true,
            conditions,
            assign_to,
        }
    }

    #[test]
    fn tries_active_matching_rules_in_order() {
        let (ann, bob) = (fresh(), fresh());
        let emea = fresh();
        let mut inactive = rule(Conditions::default(), AssignTo::User(bob));
        inactive.active = false;
        let rules = vec![
            inactive,
            rule(
                Conditions {
                    sources: vec![LeadSource::Partner],
                    ..Conditions::default()
                },
                AssignTo::User(bob),
            ),
            rule(
                Conditions {
                    countries: vec!["DE".into()],
                    company_sizes: vec![CompanySize::Huge],
                    ..Conditions::default()
                },
                AssignTo::User(ann),
            ),
            rule(
                Conditions {
                    territory_ids: vec![emea],
                    ..Conditions::default()
                },
                AssignTo::Territory,
            ),
            rule(Conditions::default(), AssignTo::User(bob)),
        ];
        let below_emea = [fresh(), emea];
        let lead = Candidate {
            source: Some(LeadSource::Web),
            country: Some("de"),
            company_size: Some(CompanySize::Huge),
            territories: &below_emea,
            ..Candidate::default()
        };
        let tried: Vec<AssignTo> = matching(&rules, &lead)
            .iter()
            .map(|r| r.assign_to)
            .collect();
        assert_eq!(
            tried,
            vec![
                AssignTo::User(ann),
                AssignTo::Territory,
                AssignTo::User(bob)
            ]
        );
        // An unknown country meets no country condition.
        let unknown = Candidate {
            source: Some(LeadSource::Partner),
            ..Candidate::default()
        };
        let tried: Vec<AssignTo> = matching(&rules, &unknown)
            .iter()
            .map(|r| r.assign_to)
            .collect();
        assert_eq!(tried, vec![AssignTo::User(bob), AssignTo::User(bob)]);
    }
}
