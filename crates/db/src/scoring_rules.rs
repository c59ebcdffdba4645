//! Lead scoring rules: create, read, list, change, delete and restore. Every change rescores
//! the organization's open leads in the background ([`RESCORE_LEADS`], in batches).

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::id::kind;
use domain::scoring::{Criterion, ScoreEvent, ScoreField, ScoringRule, ScoringRuleFields};
use domain::{OrgId, ScoringRuleId};
use serde::{Deserialize, Serialize};

use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, from_db, id, to_db};
use crate::error::{unique, unique_error, Error, Result};
use crate::jobs::{self, NewJob};
use crate::list::{self, KeyValue, ListParams, Page, Positioned, SortKey, Sorts};
use crate::record::{self, at_version, Record, Store};
use crate::schema::scoring_rules;

/// The job kind of rescoring a batch of leads.
pub const RESCORE_LEADS: &str = "lead.rescore";

const NAME_TAKEN: &str = "rule_name_taken";

/// A stored rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredScoringRule {
    /// Its id.
    pub id: ScoringRuleId,
    /// What admins set.
    pub fields: ScoringRuleFields,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// In the trash.
    pub deleted_at: Option<DateTime<Utc>>,
    /// Version.
    pub version: i64,
}

/// Rules are listed by name.
pub const SORTS: Sorts = Sorts {
    options: &[
        ("name", SortKey::Name),
        ("created_at", SortKey::Created),
        ("updated_at", SortKey::Updated),
    ],
    default: (SortKey::Name, false),
};

/// The criterion as stored.
#[derive(Serialize, Deserialize, Default)]
struct StoredCriterion {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    field: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    values: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    event: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    half_life_days: Option<i64>,
}

fn criterion_json(criterion: &Criterion) -> Result<String> {
    let stored = match criterion {
        Criterion::Field { field, values } => StoredCriterion {
            field: Some(field.as_str().to_owned()),
            values: values.clone(),
            ..StoredCriterion::default()
        },
        Criterion::Event {
            event,
            half_life_days,
        } => StoredCriterion {
            event: Some(event.as_str().to_owned()),
            half_life_days: *half_life_days,
            ..StoredCriterion::default()
        },
    };
    serde_json::to_string(&stored).map_err(|e| Error::Other(e.to_string()))
}

fn criterion_of(raw: &str) -> Criterion {
    let stored: StoredCriterion = serde_json::from_str(raw).unwrap_or_default();
    match (stored.field, stored.event) {
        (Some(field), _) => Criterion::Field {
            field: ScoreField::parse("", &field).unwrap_or(ScoreField::Source),
            values: stored.values,
        },
        (None, event) => Criterion::Event {
            event: event
                .and_then(|e| ScoreEvent::parse("", &e).ok())
                .unwrap_or(ScoreEvent::Note),
            half_life_days: stored.half_life_days,
        },
    }
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = scoring_rules)]
struct RuleRow {
    id: Vec<u8>,
    name: String,
    name_key: String,
    active: bool,
    criterion: String,
    points: i64,
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
            _ => KeyValue::None,
        }
    }
}

fn to_rule(row: RuleRow) -> StoredScoringRule {
    StoredScoringRule {
        id: id(&row.id),
        fields: ScoringRuleFields {
            criterion: criterion_of(&row.criterion),
            name: row.name,
            active: row.active,
            points: row.points,
        },
        created_at: from_db(row.created_at),
        updated_at: from_db(row.updated_at),
        deleted_at: row.deleted_at.map(from_db),
        version: row.version,
    }
}

/// Enqueues rescoring the organization's leads, from the first; `dedupe` makes it once per
/// key (a day's decay pass).
pub fn rescore_later(
    conn: &mut AnyConnection,
    org: OrgId,
    after: Option<domain::LeadId>,
    dedupe: Option<String>,
    now: DateTime<Utc>,
) -> Result<()> {
    let payload = match after {
        Some(after) => serde_json::json!({ "after": after.to_string() }).to_string(),
        None => "{}".to_owned(),
    };
    jobs::enqueue(
        conn,
        org,
        &NewJob {
            kind: RESCORE_LEADS,
            payload,
            run_at: now,
            max_attempts: 10,
            dedupe_key: dedupe,
        },
        now,
    )?;
    Ok(())
}

impl Record for StoredScoringRule {
    type Kind = kind::ScoringRule;
    const TABLE: &'static str = "scoring_rules";

    fn read(conn: &mut AnyConnection, org: OrgId, rule: ScoringRuleId) -> Result<Self> {
        let row: RuleRow = scoring_rules::table
            .filter(scoring_rules::org_id.eq(bytes(&org)))
            .filter(scoring_rules::id.eq(bytes(&rule)))
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

    fn trash(
        conn: &mut AnyConnection,
        org: OrgId,
        rule: ScoringRuleId,
        expected: Option<i64>,
        deleted: bool,
        now: DateTime<Utc>,
    ) -> Result<()> {
        record::set_deleted::<Self>(conn, org, rule, expected, deleted, now, |conn| {
            rescore_later(conn, org, None, None, now)
        })
        .map(|_| ())
        .map_err(unique_error(NAME_TAKEN))
    }
}

impl Store for StoredScoringRule {
    type Fields = ScoringRuleFields;

    fn write(
        conn: &mut AnyConnection,
        org: OrgId,
        current: &Self,
        fields: &ScoringRuleFields,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        let changed = diesel::update(scoring_rules::table)
            .filter(at_version(org, current.id, current.version))
            .set((
                scoring_rules::name.eq(&fields.name),
                scoring_rules::name_key.eq(domain::text::sort_key(&fields.name)),
                scoring_rules::active.eq(fields.active),
                scoring_rules::criterion.eq(criterion_json(&fields.criterion)?),
                scoring_rules::points.eq(fields.points),
                scoring_rules::updated_at.eq(to_db(now)),
                scoring_rules::version.eq(current.version + 1),
            ))
            .execute(conn)
            .map_err(unique(NAME_TAKEN))?;
        let renamed_only = ScoringRuleFields {
            name: fields.name.clone(),
            ..current.fields.clone()
        } == *fields;
        if !renamed_only {
            rescore_later(conn, org, None, None, now)?;
        }
        Ok(changed)
    }

    fn updated(
        _conn: &mut AnyConnection,
        _org: OrgId,
        current: Self,
        fields: ScoringRuleFields,
        now: DateTime<Utc>,
    ) -> Result<Self> {
        Ok(Self {
            fields,
            updated_at: now,
            version: current.version + 1,
            ..current
        })
    }
}

/// Creates a rule and enqueues rescoring the organization's leads.
pub fn create(
    conn: &mut AnyConnection,
    org: OrgId,
    fields: &ScoringRuleFields,
    now: DateTime<Utc>,
) -> Result<StoredScoringRule> {
    let rule = ScoringRuleId::mint();
    write_transaction(conn, |conn| {
        diesel::insert_into(scoring_rules::table)
            .values((
                scoring_rules::org_id.eq(bytes(&org)),
                scoring_rules::id.eq(bytes(&rule)),
                scoring_rules::name.eq(&fields.name),
                scoring_rules::name_key.eq(domain::text::sort_key(&fields.name)),
                scoring_rules::active.eq(fields.active),
                scoring_rules::criterion.eq(criterion_json(&fields.criterion)?),
                scoring_rules::points.eq(fields.points),
                scoring_rules::created_at.eq(to_db(now)),
                scoring_rules::updated_at.eq(to_db(now)),
                scoring_rules::version.eq(1_i64),
            ))
            .execute(conn)
            .map_err(unique(NAME_TAKEN))?;
        rescore_later(conn, org, None, None, now)?;
        Ok(StoredScoringRule {
            id: rule,
            fields: fields.clone(),
            created_at: now,
            updated_at: now,
            deleted_at: None,
            version: 1,
        })
    })
}

/// One page of rules, or (`params.deleted`) of those in the trash.
pub fn list(
    conn: &mut AnyConnection,
    org: OrgId,
    params: &ListParams,
) -> Result<Page<StoredScoringRule>> {
    let query = || {
        scoring_rules::table
            .filter(scoring_rules::org_id.eq(bytes(&org)))
            .select(RuleRow::as_select())
            .into_boxed()
    };
    let page = list::load_page::<StoredScoringRule, _, _>(conn, query, None, params)?;
    Ok(page.map(to_rule))
}

/// The live rules, active or not, as the score reads them.
pub fn live(conn: &mut AnyConnection, org: OrgId) -> Result<Vec<ScoringRule>> {
    let rows: Vec<RuleRow> = scoring_rules::table
        .filter(scoring_rules::org_id.eq(bytes(&org)))
        .filter(scoring_rules::deleted_at.is_null())
        .order(scoring_rules::id.asc())
        .select(RuleRow::as_select())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let rule = to_rule(row);
            ScoringRule {
                id: rule.id,
                fields: rule.fields,
            }
        })
        .collect())
}

/// The organizations whose live, active rules fade with time: their leads' scores change
/// with no change to them, so they are rescored daily.
pub fn orgs_with_fading_rules(conn: &mut AnyConnection) -> Result<Vec<OrgId>> {
    let rows: Vec<(Vec<u8>, String)> = scoring_rules::table
        .filter(scoring_rules::deleted_at.is_null())
        .filter(scoring_rules::active.eq(true))
        .select((scoring_rules::org_id, scoring_rules::criterion))
        .load(conn)?;
    let mut orgs: Vec<OrgId> = Vec::new();
    for (org, criterion) in rows {
        let fades = matches!(
            criterion_of(&criterion),
            Criterion::Event {
                half_life_days: Some(_),
                ..
            }
        );
        let org = id(&org);
        if fades && !orgs.contains(&org) {
            orgs.push(org);
        }
    }
    Ok(orgs)
}
