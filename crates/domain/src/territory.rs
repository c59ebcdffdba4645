//! Territories: a hierarchy of sales regions whose rules place accounts (and leads, when
//! assignment asks) by country, region, industry and company size.
//!
//! A territory's rules narrow its parent's: a record belongs to a territory when it matches
//! the rules of the territory and of all its ancestors. A record is placed in the deepest
//! territory it belongs to, going down through the first matching child at each level
//! (siblings in name order, then by id), so the answer is the same in every process.

use crate::id::{TerritoryId, UserId};
use crate::lead::CompanySize;
use crate::validation::FieldError;

/// How deep the hierarchy may go.
pub const MAX_DEPTH: usize = 8;

/// What a territory's rules read of a record; every part may be unknown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Placeable<'a> {
    /// ISO 3166-1 alpha-2 code.
    pub country: Option<&'a str>,
    /// State, province or region, as written.
    pub region: Option<&'a str>,
    /// Industry, as written.
    pub industry: Option<&'a str>,
    /// Company size.
    pub company_size: Option<CompanySize>,
}

/// Which records a territory takes; an empty list places no condition. Countries are
/// upper-case codes; regions and industries compare without regard to case.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TerritoryRules {
    /// Countries (ISO 3166-1 alpha-2).
    pub countries: Vec<String>,
    /// Regions, states or provinces.
    pub regions: Vec<String>,
    /// Industries.
    pub industries: Vec<String>,
    /// Company sizes.
    pub company_sizes: Vec<CompanySize>,
}

fn any_of(list: &[String], value: Option<&str>) -> bool {
    list.is_empty() || value.is_some_and(|v| list.iter().any(|l| l.eq_ignore_ascii_case(v.trim())))
}

impl TerritoryRules {
    /// Whether the record meets every rule (an unknown value meets only an empty rule).
    pub fn matches(&self, record: &Placeable<'_>) -> bool {
        any_of(&self.countries, record.country)
            && any_of(&self.regions, record.region)
            && any_of(&self.industries, record.industry)
            && (self.company_sizes.is_empty()
                || record
                    .company_size
                    .is_some_and(|s| self.company_sizes.contains(&s)))
    }
}

/// Everything an admin sets on a territory, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TerritoryFields {
    /// Name, unique among live territories.
    pub name: String,
    /// What it covers, in words.
    pub description: Option<String>,
    /// The territory it narrows.
    pub parent_id: Option<TerritoryId>,
    /// Which records it takes.
    pub rules: TerritoryRules,
    /// Who sells in it: assignment by territory hands its leads to them in turn.
    pub owner_ids: Vec<UserId>,
}

/// A territory as placement sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Which.
    pub id: TerritoryId,
    /// Its parent.
    pub parent_id: Option<TerritoryId>,
    /// Its name's sort key: siblings are tried in this order.
    pub sort_key: String,
    /// Its rules.
    pub rules: TerritoryRules,
}

/// The territory `record` belongs in, or `None` when no top-level territory takes it.
pub fn place(nodes: &[Node], record: &Placeable<'_>) -> Option<TerritoryId> {
    let mut children: Vec<&Node> = nodes.iter().collect();
    children.sort_by(|a, b| (&a.sort_key, a.id).cmp(&(&b.sort_key, b.id)));
    let mut placed = None;
    // Bounded: a stored hierarchy is never deeper, and a cycle must not loop.
    for _ in 0..MAX_DEPTH {
        let next = children
            .iter()
            .find(|n| n.parent_id == placed && n.rules.matches(record));
        match next {
            Some(node) => placed = Some(node.id),
            None => break,
        }
    }
    placed
}

/// The territory and its ancestors, nearest first (at most [`MAX_DEPTH`] of them).
pub fn lineage(nodes: &[Node], territory: TerritoryId) -> Vec<TerritoryId> {
    let mut line = Vec::new();
    let mut at = Some(territory);
    while let Some(id) = at {
        if line.len() == MAX_DEPTH || line.contains(&id) {
            break;
        }
        line.push(id);
        at = nodes.iter().find(|n| n.id == id).and_then(|n| n.parent_id);
    }
    line
}

/// Refuses a parent that would put `territory` (`None` for a new one) under itself or make
/// the hierarchy deeper than [`MAX_DEPTH`]; `nodes` are the live territories.
pub fn check_parent(
    nodes: &[Node],
    territory: Option<TerritoryId>,
    parent: Option<TerritoryId>,
) -> Result<(), FieldError> {
    let Some(parent) = parent else {
        return Ok(());
    };
    let above = lineage(nodes, parent);
    if territory.is_some_and(|t| above.contains(&t)) {
        return Err(FieldError::new(
            "/parent_id",
            "territory_cycle",
            "a territory cannot sit under itself or under one of its own territories",
        ));
    }
    let below = territory.map_or(0, |t| subtree_height(nodes, t, 0));
    if above.len() + 1 + below > MAX_DEPTH {
        return Err(FieldError::new(
            "/parent_id",
            "too_deep",
            "territories nest at most 8 levels deep",
        ));
    }
    Ok(())
}

/// How many levels lie below `territory`.
fn subtree_height(nodes: &[Node], territory: TerritoryId, depth: usize) -> usize {
    if depth >= MAX_DEPTH {
        return depth;
    }
    nodes
        .iter()
        .filter(|n| n.parent_id == Some(territory))
        .map(|n| 1 + subtree_height(nodes, n.id, depth + 1))
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A new id of any kind, distinct within the test run.
    fn fresh<K: crate::id::IdKind>() -> crate::id::Id<K> {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        crate::id::Id::from_uuid(uuid::Uuid::from_u128(u128::from(n)))
    }

    fn node(
        id: TerritoryId,
        parent: Option<TerritoryId>,
        name: &str,
        rules: TerritoryRules,
    ) -> Node {
        Node {
            id,
            parent_id: parent,
            sort_key: name.to_lowercase(),
            rules,
        }
    }

    fn countries(list: &[&str]) -> TerritoryRules {
        TerritoryRules {
            countries: list.iter().map(|c| (*c).to_owned()).collect(),
            ..TerritoryRules::default()
        }
    }

    #[test]
    fn places_in_the_deepest_matching_territory() {
        let (emea, dach, enterprise, americas) = (fresh(), fresh(), fresh(), fresh());
        let nodes = vec![
            node(americas, None, "Americas", countries(&["US", "CA"])),
            node(emea, None, "EMEA", countries(&["DE", "AT", "FR"])),
            node(dach, Some(emea), "DACH", countries(&["DE", "AT", "CH"])),
            node(
                enterprise,
                Some(dach),
                "DACH enterprise",
                TerritoryRules {
                    company_sizes: vec![CompanySize::Enterprise, CompanySize::Huge],
                    ..TerritoryRules::default()
                },
            ),
        ];
        let at = |country, size| {
            place(
                &nodes,
                &Placeable {
                    country: Some(country),
                    company_size: size,
                    ..Placeable::default()
                },
            )
        };
        assert_eq!(at("de", Some(CompanySize::Huge)), Some(enterprise));
        assert_eq!(at("DE", Some(CompanySize::Small)), Some(dach));
        assert_eq!(at("FR", None), Some(emea));
        // Switzerland is in DACH's rules but not its parent's.
        assert_eq!(at("CH", Some(CompanySize::Huge)), None);
        assert_eq!(at("US", None), Some(americas));
        assert_eq!(lineage(&nodes, enterprise), vec![enterprise, dach, emea]);
    }

    #[test]
    fn refuses_cycles_and_depth() {
        let ids: Vec<TerritoryId> = (0..MAX_DEPTH).map(|_| fresh()).collect();
        let nodes: Vec<Node> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| {
                node(
                    *id,
                    i.checked_sub(1).map(|p| ids[p]),
                    "t",
                    TerritoryRules::default(),
                )
            })
            .collect();
        let code = |r: Result<(), FieldError>| r.err().map(|e| e.code).unwrap_or_default();
        assert_eq!(
            code(check_parent(&nodes, Some(ids[0]), Some(ids[3]))),
            "territory_cycle"
        );
        assert_eq!(
            code(check_parent(&nodes, Some(ids[2]), Some(ids[2]))),
            "territory_cycle"
        );
        assert_eq!(
            code(check_parent(&nodes, None, Some(ids[MAX_DEPTH - 1]))),
            "too_deep"
        );
        assert!(check_parent(&nodes, None, Some(ids[MAX_DEPTH - 2])).is_ok());
        assert!(check_parent(&nodes, Some(ids[MAX_DEPTH - 1]), None).is_ok());
    }

    proptest! {
        /// Wherever a record is placed, it meets the rules of that territory and of every
        /// one above it, and no child of it would also take the record.
        #[test]
        fn placement_meets_every_rule_on_the_way(
            shape in proptest::collection::vec((0usize..6, proptest::collection::vec(0usize..4, 0..3)), 1..12),
            country in 0usize..4,
        ) {
            const CODES: [&str; 4] = ["DE", "FR", "US", "JP"];
            let ids: Vec<TerritoryId> = shape.iter().map(|_| fresh()).collect();
            let nodes: Vec<Node> = shape
                .iter()
                .enumerate()
                .map(|(i, (parent, codes))| {
                    // Parents come earlier in the list, so there is no cycle.
                    let parent = (i > 0 && *parent < i).then(|| ids[*parent]);
                    let list: Vec<&str> = codes.iter().map(|c| CODES[*c]).collect();
                    node(ids[i], parent, &format!("t{i}"), countries(&list))
                })
                .collect();
            let record = Placeable { country: Some(CODES[country]), ..Placeable::default() };
            match place(&nodes, &record) {
                Some(at) => {
                    for id in lineage(&nodes, at) {
                        let n = nodes.iter().find(|n| n.id == id);
                        prop_assert!(n.is_some_and(|n| n.rules.matches(&record)));
                    }
                    prop_assert!(lineage(&nodes, at).len() == MAX_DEPTH
                        || !nodes.iter().any(|n| n.parent_id == Some(at) && n.rules.matches(&record)));
                }
                None => prop_assert!(!nodes.iter().any(|n| n.parent_id.is_none() && n.rules.matches(&record))),
            }
        }
    }
}
