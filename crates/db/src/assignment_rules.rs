//! Lead assignment rules, kept in the order they are tried (see `ordered`).

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::assignment::{AssignKind, AssignTo, Conditions, Rule, RuleFields};
use domain::id::kind;
use domain::lead::{CompanySize, LeadSource};
use domain::{AssignmentRuleId, OrgId, TerritoryId};
use serde::{Deserialize, Serialize};

use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, from_db, id, opt_id, to_db};
use crate::error::{unique, unique_error, Error, Result};
use crate::list::{self, KeyValue, ListParams, Page, Positioned, SortKey, Sorts};
use crate::ordered;
use crate::record::{self, at_version, Record, Store, Visibility};
use crate::references::{self, Reference};
use crate::schema::assignment_rules;

const TABLE: &str = "assignment_rules";
const NAME_TAKEN: &str = "rule_name_taken";

/// A stored rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignmentRule {
    /// Its id.
    pub id: AssignmentRuleId,
    /// What admins set (`position` always set).
    pub fields: RuleFields,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// In the trash.
    pub deleted_at: Option<DateTime<Utc>>,
    /// Version.
    pub version: i64,
}

impl AssignmentRule {
    /// Its place in the order.
    pub fn position(&self) -> i64 {
        self.fields.position.unwrap_or(-1)
    }
}

/// The orders of the rule list; by default the order they are tried in.
pub const SORTS: Sorts = Sorts {
    options: &[
        ("position", SortKey::Position),
        ("name", SortKey::Name),
        ("created_at", SortKey::Created),
        ("updated_at", SortKey::Updated),
    ],
    default: (SortKey::Position, false),
};

/// The conditions as stored: JSON with the values as the API names them.
#[derive(Serialize, Deserialize, Default)]
struct StoredConditions {
    #[serde(default)]
    sources: Vec<String>,
    #[serde(default)]
    countries: Vec<String>,
    #[serde(default)]
    industries: Vec<String>,
    #[serde(default)]
    company_sizes: Vec<String>,
    #[serde(default)]
    territory_ids: Vec<String>,
}

fn conditions_json(c: &Conditions) -> Result<String> {
    serde_json::to_string(&StoredConditions {
        sources: c.sources.iter().map(|s| s.as_str().to_owned()).collect(),
        countries: c.countries.clone(),
        industries: c.industries.clone(),
        company_sizes: c
            .company_sizes
            .iter()
            .map(|s| s.as_str().to_owned())
            .collect(),
        territory_ids: c.territory_ids.iter().map(ToString::to_string).collect(),
    })
    .map_err(|e| Error::Other(e.to_string()))
}

fn conditions_of(raw: &str) -> Conditions {
    let stored: StoredConditions = serde_json::from_str(raw).unwrap_or_default();
    Conditions {
        sources: stored
            .sources
            .iter()
            .filter_map(|s| LeadSource::parse("", s).ok())
            .collect(),
        countries: stored.countries,
        industries: stored.industries,
        company_sizes: stored
            .company_sizes
            .iter()
            .filter_map(|s| CompanySize::parse("", s).ok())
            .collect(),
        territory_ids: stored
            .territory_ids
            .iter()
            .filter_map(|t| TerritoryId::parse("", t).ok())
            .collect(),
    }
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = assignment_rules)]
struct RuleRow {
    id: Vec<u8>,
    name: String,
    name_key: String,
    position: i64,
    active: bool,
    conditions: String,
    assign_to: String,
    user_id: Option<Vec<u8>>,
    team_id: Option<Vec<u8>>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    deleted_at: Option<NaiveDateTime>,
    version: i64,
}

impl Positioned for RuleRow {
    fn id_bytes(&self) -> &[u8] {
        &self.id
    }

    fn key(&self, key: SortKey) -> KeyValue {
        match key {
            SortKey::Name => KeyValue::Text(self.name_key.clone()),
            SortKey::Updated => KeyValue::Time(self.updated_at),
            SortKey::Position => KeyValue::Int(self.position),
            _ => KeyValue::None,
        }
    }
}

fn assign_to_of(row: &RuleRow) -> AssignTo {
    match (
        AssignKind::parse("", &row.assign_to),
        opt_id(row.user_id.as_ref()),
        opt_id(row.team_id.as_ref()),
    ) {
        (Ok(AssignKind::User), Some(user), _) => AssignTo::User(user),
        (Ok(AssignKind::Team), _, Some(team)) => AssignTo::Team(team),
        _ => AssignTo::Territory,
    }
}

fn to_rule(row: RuleRow) -> AssignmentRule {
    AssignmentRule {
        id: id(&row.id),
        fields: RuleFields {
            assign_to: assign_to_of(&row),
            conditions: conditions_of(&row.conditions),
            name: row.name,
            position: Some(row.position),
            active: row.active,
        },
        created_at: from_db(row.created_at),
        updated_at: from_db(row.updated_at),
        deleted_at: row.deleted_at.map(from_db),
        version: row.version,
    }
}

/// The user and team columns of whom a rule assigns to.
fn targets(assign_to: AssignTo) -> (Option<Vec<u8>>, Option<Vec<u8>>) {
    match assign_to {
        AssignTo::User(user) => (Some(bytes(&user)), None),
        AssignTo::Team(team) => (None, Some(bytes(&team))),
        AssignTo::Territory => (None, None),
    }
}

/// Refuses a user, team or territory the organization does not have (territories: live).
fn check_references(conn: &mut AnyConnection, org: OrgId, fields: &RuleFields) -> Result<()> {
    let mut refs: Vec<Reference> = fields
        .conditions
        .territory_ids
        .iter()
        .map(|t| Reference::live("conditions", "territories", t))
        .collect();
    match fields.assign_to {
        AssignTo::User(user) => refs.push(Reference::any("user_id", "users", &user)),
        AssignTo::Team(team) => refs.push(Reference::any("team_id", "teams", &team)),
        AssignTo::Territory => {}
    }
    references::check(conn, org, &refs)
}

impl Record for AssignmentRule {
    type Kind = kind::AssignmentRule;
    const TABLE: &'static str = TABLE;

    fn read(conn: &mut AnyConnection, org: OrgId, rule: AssignmentRuleId) -> Result<Self> {
        let row: RuleRow = assignment_rules::table
            .filter(assignment_rules::org_id.eq(bytes(&org)))
            .filter(assignment_rules::id.eq(bytes(&rule)))
            .select(RuleRow::as_select())
            .first(conn)?;
        Ok(to_rule(row))
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn is_deleted(&self) -> bool {
        self.deleted_at.is_some()
    }

    /// Deleting closes the gap in the order; a restored rule comes last.
    fn trash(
        conn: &mut AnyConnection,
        org: OrgId,
        rule: AssignmentRuleId,
        expected: Option<i64>,
        deleted: bool,
        now: DateTime<Utc>,
    ) -> Result<()> {
        write_transaction(conn, |conn| {
            ordered::lock(conn, org)?;
            let current: AssignmentRule = record::get(conn, org, rule, Visibility::Any)?;
            let reorder = |conn: &mut AnyConnection| {
                let position = if deleted {
                    ordered::remove_from(conn, TABLE, org, current.position())?;
                    -1
                } else {
                    ordered::live_count(conn, TABLE, org)?
                };
                diesel::update(
                    assignment_rules::table
                        .filter(assignment_rules::org_id.eq(bytes(&org)))
                        .filter(assignment_rules::id.eq(bytes(&rule))),
                )
                .set(assignment_rules::position.eq(position))
                .execute(conn)?;
                Ok(())
            };
            record::set_deleted::<AssignmentRule>(conn, org, rule, expected, deleted, now, reorder)
                .map(|_| ())
                .map_err(unique_error(NAME_TAKEN))
        })
    }
}

impl Store for AssignmentRule {
    type Fields = RuleFields;

    /// Moves the rule and those between its old and new places (the caller holds the order
    /// lock), then stores it.
    fn write(
        conn: &mut AnyConnection,
        org: OrgId,
        current: &Self,
        fields: &RuleFields,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        check_references(conn, org, fields)?;
        let position = ordered::move_to(conn, TABLE, org, current.position(), fields.position)?;
        let (user, team) = targets(fields.assign_to);
        diesel::update(assignment_rules::table)
            .filter(at_version(org, current.id, current.version))
            .set((
                assignment_rules::name.eq(&fields.name),
                assignment_rules::name_key.eq(domain::text::sort_key(&fields.name)),
                assignment_rules::position.eq(position),
                assignment_rules::active.eq(fields.active),
                assignment_rules::conditions.eq(conditions_json(&fields.conditions)?),
                assignment_rules::assign_to.eq(fields.assign_to.kind().as_str()),
                assignment_rules::user_id.eq(user),
                assignment_rules::team_id.eq(team),
                assignment_rules::updated_at.eq(to_db(now)),
                assignment_rules::version.eq(current.version + 1),
            ))
            .execute(conn)
            .map_err(unique(NAME_TAKEN))
    }

    /// Read back: where the rule landed depends on the others.
    fn updated(
        conn: &mut AnyConnection,
        org: OrgId,
        current: Self,
        _fields: RuleFields,
        _now: DateTime<Utc>,
    ) -> Result<Self> {
        Self::read(conn, org, current.id)
    }

    fn before_change(conn: &mut AnyConnection, org: OrgId, _rule: AssignmentRuleId) -> Result<()> {
        ordered::lock(conn, org)
    }
}

/// Stores a new rule at `fields.position` (default: last), moving later ones down.
pub fn create(
    conn: &mut AnyConnection,
    org: OrgId,
    fields: &RuleFields,
    now: DateTime<Utc>,
) -> Result<AssignmentRule> {
    let rule = AssignmentRuleId::mint();
    write_transaction(conn, |conn| {
        ordered::lock(conn, org)?;
        check_references(conn, org, fields)?;
        let position = ordered::insert_at(conn, TABLE, org, fields.position)?;
        let (user, team) = targets(fields.assign_to);
        diesel::insert_into(assignment_rules::table)
            .values((
                assignment_rules::org_id.eq(bytes(&org)),
                assignment_rules::id.eq(bytes(&rule)),
                assignment_rules::name.eq(&fields.name),
                assignment_rules::name_key.eq(domain::text::sort_key(&fields.name)),
                assignment_rules::position.eq(position),
                assignment_rules::active.eq(fields.active),
                assignment_rules::conditions.eq(conditions_json(&fields.conditions)?),
                assignment_rules::assign_to.eq(fields.assign_to.kind().as_str()),
                assignment_rules::user_id.eq(user),
                assignment_rules::team_id.eq(team),
                assignment_rules::created_at.eq(to_db(now)),
                assignment_rules::updated_at.eq(to_db(now)),
                assignment_rules::version.eq(1_i64),
            ))
            .execute(conn)
            .map_err(unique(NAME_TAKEN))?;
        Ok(AssignmentRule {
            id: rule,
            fields: RuleFields {
                position: Some(position),
                ..fields.clone()
            },
            created_at: now,
            updated_at: now,
            deleted_at: None,
            version: 1,
        })
    })
}

/// One page of the live rules, in order unless asked otherwise, or (`params.deleted`) the
/// deleted ones.
pub fn list(
    conn: &mut AnyConnection,
    org: OrgId,
    params: &ListParams,
) -> Result<Page<AssignmentRule>> {
    let query = || {
        assignment_rules::table
            .filter(assignment_rules::org_id.eq(bytes(&org)))
            .select(RuleRow::as_select())
            .into_boxed()
    };
    let page = list::load_page::<AssignmentRule, _, _>(conn, query, None, params)?;
    Ok(page.map(to_rule))
}

/// The live rules in the order they are tried.
pub fn in_order(conn: &mut AnyConnection, org: OrgId) -> Result<Vec<Rule>> {
    let rows: Vec<RuleRow> = assignment_rules::table
        .filter(assignment_rules::org_id.eq(bytes(&org)))
        .filter(assignment_rules::deleted_at.is_null())
        .order((assignment_rules::position.asc(), assignment_rules::id.asc()))
        .select(RuleRow::as_select())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|row| Rule {
            id: id(&row.id),
            active: row.active,
            conditions: conditions_of(&row.conditions),
            assign_to: assign_to_of(&row),
        })
        .collect())
}

/// Readies the team's removal: refused while a live rule assigns to it; rules in the trash
/// that do go for good.
pub fn release_team(conn: &mut AnyConnection, org: OrgId, team: domain::TeamId) -> Result<()> {
    let of_team = || {
        assignment_rules::table
            .filter(assignment_rules::org_id.eq(bytes(&org)))
            .filter(assignment_rules::team_id.eq(bytes(&team)))
    };
    let live: i64 = of_team()
        .filter(assignment_rules::deleted_at.is_null())
        .count()
        .get_result(conn)?;
    if live > 0 {
        return Err(Error::Conflict("team_in_assignment_rule"));
    }
    diesel::delete(of_team()).execute(conn)?;
    Ok(())
}
