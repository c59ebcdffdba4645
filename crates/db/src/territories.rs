//! Territories: create, read, list, change, delete and restore, their owners, and placing
//! accounts in them.
//!
//! Every change to a territory enqueues a placement pass over the organization's accounts
//! ([`PLACE_ACCOUNTS`]), in batches, each batch its own job; an account written meanwhile is
//! placed by its own write.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::id::kind;
use domain::lead::CompanySize;
use domain::territory::{self, Node, Placeable, TerritoryFields, TerritoryRules};
use domain::{AccountId, OrgId, TerritoryId, UserId};

use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, from_db, id, opt_id, to_db};
use crate::error::{unique, unique_error, Error, Result};
use crate::jobs::{self, NewJob};
use crate::list::{self, KeyValue, ListParams, Page, Positioned, SortKey, Sorts};
use crate::record::{self, at_version, Record, Store, Visibility};
use crate::references::{self, Reference};
use crate::schema::{accounts, territories, territory_owners};
use crate::sql::{Sql, Value};

/// The job kind of a placement pass over a batch of accounts.
pub const PLACE_ACCOUNTS: &str = "territory.place_accounts";

/// How many accounts one placement job places.
pub const PLACE_BATCH: i64 = 2_000;

/// A stored territory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Territory {
    /// Its id.
    pub id: TerritoryId,
    /// What admins set.
    pub fields: TerritoryFields,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// In the trash.
    pub deleted_at: Option<DateTime<Utc>>,
    /// Version.
    pub version: i64,
}

/// Territories are listed by name.
pub const SORTS: Sorts = Sorts {
    options: &[
        ("name", SortKey::Name),
        ("created_at", SortKey::Created),
        ("updated_at", SortKey::Updated),
    ],
    default: (SortKey::Name, false),
};

#[derive(Queryable, Selectable)]
#[diesel(table_name = territories)]
struct TerritoryRow {
    id: Vec<u8>,
    name: String,
    name_key: String,
    description: Option<String>,
    parent_id: Option<Vec<u8>>,
    countries: String,
    regions: String,
    industries: String,
    company_sizes: String,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    deleted_at: Option<NaiveDateTime>,
    version: i64,
}

impl Positioned for TerritoryRow {
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

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = territories, treat_none_as_null = true)]
struct TerritoryValues<'a> {
    name: &'a str,
    name_key: String,
    description: Option<&'a str>,
    parent_id: Option<Vec<u8>>,
    countries: String,
    regions: String,
    industries: String,
    company_sizes: String,
}

fn json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| Error::Other(e.to_string()))
}

impl<'a> TerritoryValues<'a> {
    fn of(fields: &'a TerritoryFields) -> Result<Self> {
        let sizes: Vec<&str> = fields
            .rules
            .company_sizes
            .iter()
            .map(|s| s.as_str())
            .collect();
        Ok(Self {
            name: &fields.name,
            name_key: domain::text::sort_key(&fields.name),
            description: fields.description.as_deref(),
            parent_id: fields.parent_id.as_ref().map(bytes),
            countries: json(&fields.rules.countries)?,
            regions: json(&fields.rules.regions)?,
            industries: json(&fields.rules.industries)?,
            company_sizes: json(&sizes)?,
        })
    }
}

fn rules_of(row: &TerritoryRow) -> TerritoryRules {
    let list = |raw: &str| serde_json::from_str::<Vec<String>>(raw).unwrap_or_default();
    TerritoryRules {
        countries: list(&row.countries),
        regions: list(&row.regions),
        industries: list(&row.industries),
        company_sizes: list(&row.company_sizes)
            .iter()
            .filter_map(|s| CompanySize::parse("", s).ok())
            .collect(),
    }
}

fn to_territory(row: TerritoryRow, owner_ids: Vec<UserId>) -> Territory {
    Territory {
        id: id(&row.id),
        fields: TerritoryFields {
            rules: rules_of(&row),
            name: row.name,
            description: row.description,
            parent_id: opt_id(row.parent_id.as_ref()),
            owner_ids,
        },
        created_at: from_db(row.created_at),
        updated_at: from_db(row.updated_at),
        deleted_at: row.deleted_at.map(from_db),
        version: row.version,
    }
}

const NAME_TAKEN: &str = "territory_name_taken";

/// The owners of each of these territories, in id order.
fn owners_of(
    conn: &mut AnyConnection,
    org: OrgId,
    territories: &[Vec<u8>],
) -> Result<Vec<(Vec<u8>, UserId)>> {
    let rows: Vec<(Vec<u8>, Vec<u8>)> = territory_owners::table
        .filter(territory_owners::org_id.eq(bytes(&org)))
        .filter(territory_owners::territory_id.eq_any(territories))
        .order(territory_owners::user_id.asc())
        .select((territory_owners::territory_id, territory_owners::user_id))
        .load(conn)?;
    Ok(rows.into_iter().map(|(t, u)| (t, id(&u))).collect())
}

/// The territory's owners.
pub fn owners(conn: &mut AnyConnection, org: OrgId, territory: TerritoryId) -> Result<Vec<UserId>> {
    Ok(owners_of(conn, org, &[bytes(&territory)])?
        .into_iter()
        .map(|(_, u)| u)
        .collect())
}

fn sync_owners(
    conn: &mut AnyConnection,
    org: OrgId,
    territory: TerritoryId,
    old: &[UserId],
    new: &[UserId],
) -> Result<()> {
    let as_text = |users: &[UserId]| -> Vec<Vec<u8>> { users.iter().map(bytes).collect() };
    let (old, new) = (as_text(old), as_text(new));
    let gone: Vec<&Vec<u8>> = old.iter().filter(|u| !new.contains(u)).collect();
    if !gone.is_empty() {
        diesel::delete(
            territory_owners::table
                .filter(territory_owners::org_id.eq(bytes(&org)))
                .filter(territory_owners::territory_id.eq(bytes(&territory)))
                .filter(territory_owners::user_id.eq_any(gone)),
        )
        .execute(conn)?;
    }
    let came: Vec<&Vec<u8>> = new.iter().filter(|u| !old.contains(u)).collect();
    if !came.is_empty() {
        let mut sql =
            Sql::new("INSERT INTO territory_owners (org_id, territory_id, user_id) VALUES ");
        for (i, user) in came.into_iter().enumerate() {
            sql = sql
                .push(if i == 0 { "(" } else { ", (" })
                .values([
                    Value::Bytes(bytes(&org)),
                    Value::Bytes(bytes(&territory)),
                    Value::Bytes(user.clone()),
                ])
                .push(")");
        }
        sql.execute(conn)?;
    }
    Ok(())
}

/// Checks the parent (live, and no cycle or excess depth) and the new owners.
fn check_fields(
    conn: &mut AnyConnection,
    org: OrgId,
    territory: Option<TerritoryId>,
    before: Option<&TerritoryFields>,
    fields: &TerritoryFields,
) -> Result<()> {
    let new_owners: Vec<Reference> = fields
        .owner_ids
        .iter()
        .filter(|u| before.is_none_or(|b| !b.owner_ids.contains(u)))
        .map(|u| Reference::any("owner_ids", "users", u))
        .collect();
    references::check(conn, org, &new_owners)?;
    if before.is_some_and(|b| b.parent_id == fields.parent_id) {
        return Ok(());
    }
    if let Some(parent) = fields.parent_id {
        references::check(
            conn,
            org,
            &[Reference::live("parent_id", "territories", &parent)],
        )?;
    }
    territory::check_parent(&nodes(conn, org)?, territory, fields.parent_id).map_err(|e| {
        Error::Conflict(if e.code == "too_deep" {
            "territory_too_deep"
        } else {
            "territory_cycle"
        })
    })
}

/// Enqueues a placement pass over the organization's accounts, from the first.
fn place_later(conn: &mut AnyConnection, org: OrgId, now: DateTime<Utc>) -> Result<()> {
    jobs::enqueue(
        conn,
        org,
        &NewJob {
            kind: PLACE_ACCOUNTS,
            payload: "{}".into(),
            run_at: now,
            max_attempts: 10,
            dedupe_key: None,
        },
        now,
    )?;
    Ok(())
}

impl Record for Territory {
    type Kind = kind::Territory;
    const TABLE: &'static str = "territories";

    fn read(conn: &mut AnyConnection, org: OrgId, territory: TerritoryId) -> Result<Self> {
        let row: TerritoryRow = territories::table
            .filter(territories::org_id.eq(bytes(&org)))
            .filter(territories::id.eq(bytes(&territory)))
            .select(TerritoryRow::as_select())
            .first(conn)?;
        let owners = owners(conn, org, territory)?;
        Ok(to_territory(row, owners))
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn is_deleted(&self) -> bool {
        self.deleted_at.is_some()
    }

    /// A territory with live territories under it stays; one restored needs a live parent.
    /// Either way its accounts are placed again.
    fn trash(
        conn: &mut AnyConnection,
        org: OrgId,
        territory: TerritoryId,
        expected: Option<i64>,
        deleted: bool,
        now: DateTime<Utc>,
    ) -> Result<()> {
        record::set_deleted::<Territory>(conn, org, territory, expected, deleted, now, |conn| {
            let current: Territory = Territory::read(conn, org, territory)?;
            if deleted {
                let children: i64 = territories::table
                    .filter(territories::org_id.eq(bytes(&org)))
                    .filter(territories::parent_id.eq(bytes(&territory)))
                    .filter(territories::deleted_at.is_null())
                    .count()
                    .get_result(conn)?;
                if children > 0 {
                    return Err(Error::Conflict("territory_has_children"));
                }
            } else if let Some(parent) = current.fields.parent_id {
                if record::get::<Territory>(conn, org, parent, Visibility::Live).is_err() {
                    return Err(Error::Conflict("parent_deleted"));
                }
            }
            place_later(conn, org, now)
        })
        .map(|_| ())
        .map_err(unique_error(NAME_TAKEN))
    }
}

impl Store for Territory {
    type Fields = TerritoryFields;

    fn write(
        conn: &mut AnyConnection,
        org: OrgId,
        current: &Self,
        fields: &TerritoryFields,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        check_fields(conn, org, Some(current.id), Some(&current.fields), fields)?;
        let changed = diesel::update(territories::table)
            .filter(at_version(org, current.id, current.version))
            .set((
                TerritoryValues::of(fields)?,
                territories::updated_at.eq(to_db(now)),
                territories::version.eq(current.version + 1),
            ))
            .execute(conn)
            .map_err(unique(NAME_TAKEN))?;
        sync_owners(
            conn,
            org,
            current.id,
            &current.fields.owner_ids,
            &fields.owner_ids,
        )?;
        if current.fields.rules != fields.rules || current.fields.parent_id != fields.parent_id {
            place_later(conn, org, now)?;
        }
        Ok(changed)
    }

    fn updated(
        _conn: &mut AnyConnection,
        _org: OrgId,
        current: Self,
        mut fields: TerritoryFields,
        now: DateTime<Utc>,
    ) -> Result<Self> {
        fields.owner_ids.sort();
        Ok(Territory {
            fields,
            updated_at: now,
            version: current.version + 1,
            ..current
        })
    }
}

/// Creates a territory and enqueues placing the organization's accounts.
pub fn create(
    conn: &mut AnyConnection,
    org: OrgId,
    fields: &TerritoryFields,
    now: DateTime<Utc>,
) -> Result<Territory> {
    let territory = TerritoryId::mint();
    write_transaction(conn, |conn| {
        check_fields(conn, org, None, None, fields)?;
        diesel::insert_into(territories::table)
            .values((
                territories::org_id.eq(bytes(&org)),
                territories::id.eq(bytes(&territory)),
                TerritoryValues::of(fields)?,
                territories::created_at.eq(to_db(now)),
                territories::updated_at.eq(to_db(now)),
                territories::version.eq(1_i64),
            ))
            .execute(conn)
            .map_err(unique(NAME_TAKEN))?;
        sync_owners(conn, org, territory, &[], &fields.owner_ids)?;
        place_later(conn, org, now)?;
        let mut fields = fields.clone();
        fields.owner_ids.sort();
        Ok(Territory {
            id: territory,
            fields,
            created_at: now,
            updated_at: now,
            deleted_at: None,
            version: 1,
        })
    })
}

/// One page of territories, or (`params.deleted`) of those in the trash.
pub fn list(conn: &mut AnyConnection, org: OrgId, params: &ListParams) -> Result<Page<Territory>> {
    let query = || {
        territories::table
            .filter(territories::org_id.eq(bytes(&org)))
            .select(TerritoryRow::as_select())
            .into_boxed()
    };
    let page = list::load_page::<Territory, _, _>(conn, query, None, params)?;
    let ids: Vec<Vec<u8>> = page.items.iter().map(|row| row.id.clone()).collect();
    let owners = owners_of(conn, org, &ids)?;
    Ok(page.map(|row| {
        let mine = owners
            .iter()
            .filter(|(t, _)| *t == row.id)
            .map(|(_, u)| *u)
            .collect();
        to_territory(row, mine)
    }))
}

/// The live territories as placement sees them.
pub fn nodes(conn: &mut AnyConnection, org: OrgId) -> Result<Vec<Node>> {
    let rows: Vec<TerritoryRow> = territories::table
        .filter(territories::org_id.eq(bytes(&org)))
        .filter(territories::deleted_at.is_null())
        .select(TerritoryRow::as_select())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|row| Node {
            rules: rules_of(&row),
            id: id(&row.id),
            parent_id: opt_id(row.parent_id.as_ref()),
            sort_key: row.name_key,
        })
        .collect())
}

/// The territory an account with these fields belongs in, read from the live territories.
pub fn place(
    conn: &mut AnyConnection,
    org: OrgId,
    record: &Placeable<'_>,
) -> Result<Option<TerritoryId>> {
    Ok(territory::place(&nodes(conn, org)?, record))
}

/// A territory (none: no territory) and the accounts moving to it.
type Move = (Option<Vec<u8>>, Vec<Vec<u8>>);

type PlacementRow = (
    Vec<u8>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<Vec<u8>>,
);

/// Places the live accounts after `after` (from the first when `None`), at most
/// [`PLACE_BATCH`] of them, in id order, and returns the last one placed when more may follow.
/// Only accounts whose territory changes are written; their version stays, as a territory is
/// derived from fields they already had.
pub fn place_accounts(
    conn: &mut AnyConnection,
    org: OrgId,
    after: Option<AccountId>,
) -> Result<Option<AccountId>> {
    let nodes = nodes(conn, org)?;
    let mut query = accounts::table
        .filter(accounts::org_id.eq(bytes(&org)))
        .filter(accounts::deleted_at.is_null())
        .order(accounts::id.asc())
        .limit(PLACE_BATCH)
        .select((
            accounts::id,
            accounts::country,
            accounts::region,
            accounts::industry,
            accounts::company_size,
            accounts::territory_id,
        ))
        .into_boxed();
    if let Some(after) = after {
        query = query.filter(accounts::id.gt(bytes(&after)));
    }
    let rows: Vec<PlacementRow> = query.load(conn)?;
    // The accounts to write, grouped by the territory they move to.
    let mut moves: Vec<Move> = Vec::new();
    for (account, country, region, industry, size, current) in &rows {
        let placed = territory::place(
            &nodes,
            &Placeable {
                country: country.as_deref(),
                region: region.as_deref(),
                industry: industry.as_deref(),
                company_size: size.as_deref().and_then(|s| CompanySize::parse("", s).ok()),
            },
        )
        .map(|t| bytes(&t));
        if placed != *current {
            match moves.iter_mut().find(|(t, _)| *t == placed) {
                Some((_, ids)) => ids.push(account.clone()),
                None => moves.push((placed, vec![account.clone()])),
            }
        }
    }
    for (territory, ids) in moves {
        for chunk in ids.chunks(500) {
            diesel::update(
                accounts::table
                    .filter(accounts::org_id.eq(bytes(&org)))
                    .filter(accounts::id.eq_any(chunk)),
            )
            .set(accounts::territory_id.eq(territory.clone()))
            .execute(conn)?;
        }
    }
    Ok((rows.len() as i64 == PLACE_BATCH)
        .then(|| rows.last().map(|r| id(&r.0)))
        .flatten())
}

/// Enqueues the next batch of a placement pass, after `after`.
pub fn place_next(
    conn: &mut AnyConnection,
    org: OrgId,
    after: AccountId,
    now: DateTime<Utc>,
) -> Result<()> {
    jobs::enqueue(
        conn,
        org,
        &NewJob {
            kind: PLACE_ACCOUNTS,
            payload: serde_json::json!({ "after": after.to_string() }).to_string(),
            run_at: now,
            max_attempts: 10,
            dedupe_key: None,
        },
        now,
    )?;
    Ok(())
}
