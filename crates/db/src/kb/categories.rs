//! The knowledge base's categories: a tree, at most [`MAX_CATEGORY_DEPTH`] deep. Every writer
//! of the tree takes the organization's tree lock first, so two moves at once cannot together
//! make a loop.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use domain::id::kind;
use domain::kb::{self, CategoryFields};
use domain::{KbCategoryId, OrgId};

use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, from_db, id, opt_id, to_db};
use crate::error::{Error, Result};
use crate::list::{self, KeyValue, ListParams, Page, Positioned, SortKey, Sorts};
use crate::record::{self, at_version, Record, Store};
use crate::schema::{kb_articles, kb_categories};
use crate::sql::{Sql, Value};

/// A stored category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    /// Its id.
    pub id: KbCategoryId,
    /// What it says.
    pub fields: CategoryFields,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// In the trash.
    pub deleted: bool,
    /// Version.
    pub version: i64,
}

/// In the order their editors gave them by default; also by name.
pub const SORTS: Sorts = Sorts {
    options: &[
        ("position", SortKey::Position),
        ("name", SortKey::Name),
        ("updated_at", SortKey::Updated),
        ("created_at", SortKey::Created),
    ],
    default: (SortKey::Position, false),
};

#[derive(Queryable, Selectable)]
#[diesel(table_name = kb_categories)]
struct CategoryRow {
    id: Vec<u8>,
    name: String,
    name_key: String,
    description: Option<String>,
    parent_id: Option<Vec<u8>>,
    position: i32,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    deleted_at: Option<NaiveDateTime>,
    version: i64,
}

impl Positioned for CategoryRow {
    fn id_bytes(&self) -> &[u8] {
        &self.id
    }

    fn key(&self, key: SortKey) -> KeyValue {
        match key {
            SortKey::Name => KeyValue::Text(self.name_key.clone()),
            SortKey::Updated => KeyValue::Time(self.updated_at),
            SortKey::Position => KeyValue::Int(i64::from(self.position)),
            _ => KeyValue::None,
        }
    }
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = kb_categories, treat_none_as_null = true)]
struct CategoryValues<'a> {
    name: &'a str,
    name_key: String,
    description: Option<&'a str>,
    parent_id: Option<Vec<u8>>,
    position: i32,
}

impl<'a> CategoryValues<'a> {
    fn of(f: &'a CategoryFields) -> Self {
        CategoryValues {
            name: &f.name,
            name_key: domain::text::sort_key(&f.name),
            description: f.description.as_deref(),
            parent_id: f.parent_id.as_ref().map(bytes),
            position: f.position,
        }
    }
}

fn to_category(row: CategoryRow) -> Category {
    Category {
        id: id(&row.id),
        fields: CategoryFields {
            name: row.name,
            description: row.description,
            parent_id: opt_id(row.parent_id.as_ref()),
            position: row.position,
        },
        created_at: from_db(row.created_at),
        updated_at: from_db(row.updated_at),
        deleted: row.deleted_at.is_some(),
        version: row.version,
    }
}

/// Takes the organization's category-tree lock until the transaction ends. (PostgreSQL: the
/// organization's row `FOR NO KEY UPDATE`, which leaves inserts naming the organization
/// free; SQLite writers hold the database's lock already.)
pub(super) fn lock_tree(conn: &mut AnyConnection, org: OrgId) -> Result<()> {
    if let AnyConnection::Postgresql(_) = conn {
        Sql::new("SELECT CAST(1 AS BIGINT) AS n FROM organizations WHERE id = ")
            .value(Value::Bytes(bytes(&org)))
            .push(" FOR NO KEY UPDATE")
            .load::<One>(conn)?;
    }
    Ok(())
}

#[derive(QueryableByName)]
struct One {
    #[diesel(sql_type = BigInt)]
    #[diesel(column_name = n)]
    _n: i64,
}

/// Checks what a category names: a parent that is live, not itself nor below it, and not
/// too deep. Call it with the tree lock.
fn check(
    conn: &mut AnyConnection,
    org: OrgId,
    category: KbCategoryId,
    f: &CategoryFields,
) -> Result<()> {
    let Some(parent) = f.parent_id else {
        return Ok(());
    };
    let rows: Vec<(Vec<u8>, Option<Vec<u8>>, bool)> = kb_categories::table
        .filter(kb_categories::org_id.eq(bytes(&org)))
        .select((
            kb_categories::id,
            kb_categories::parent_id,
            kb_categories::deleted_at.is_not_null(),
        ))
        .load(conn)?;
    if !rows
        .iter()
        .any(|(c, _, deleted)| *c == bytes(&parent) && !deleted)
    {
        return Err(Error::UnknownReference("parent_id"));
    }
    let parents: HashMap<KbCategoryId, Option<KbCategoryId>> = rows
        .iter()
        .map(|(c, p, _)| (id(c), opt_id(p.as_ref())))
        .collect();
    kb::check_category_parent(category, parent, &parents).map_err(Error::Invalid)
}

impl Record for Category {
    type Kind = kind::KbCategory;
    const TABLE: &'static str = "kb_categories";

    fn read(conn: &mut AnyConnection, org: OrgId, category: KbCategoryId) -> Result<Self> {
        let row: CategoryRow = kb_categories::table
            .filter(kb_categories::org_id.eq(bytes(&org)))
            .filter(kb_categories::id.eq(bytes(&category)))
            .select(CategoryRow::as_select())
            .first(conn)?;
        Ok(to_category(row))
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn is_deleted(&self) -> bool {
        self.deleted
    }

    /// A category holding live articles or subcategories stays (409 `category_in_use`); one
    /// restored into a deleted parent comes back at the top.
    fn trash(
        conn: &mut AnyConnection,
        org: OrgId,
        category: KbCategoryId,
        expected: Option<i64>,
        deleted: bool,
        now: DateTime<Utc>,
    ) -> Result<()> {
        write_transaction(conn, |conn| {
            lock_tree(conn, org)?;
            record::set_deleted::<Category>(conn, org, category, expected, deleted, now, |conn| {
                if deleted && in_use(conn, org, category)? {
                    return Err(Error::Conflict("category_in_use"));
                }
                Ok(())
            })?;
            if !deleted {
                let current = Category::read(conn, org, category)?;
                if let Some(parent) = current.fields.parent_id {
                    let live: Option<Option<NaiveDateTime>> = kb_categories::table
                        .filter(kb_categories::org_id.eq(bytes(&org)))
                        .filter(kb_categories::id.eq(bytes(&parent)))
                        .select(kb_categories::deleted_at)
                        .first(conn)
                        .optional()?;
                    if !matches!(live, Some(None)) {
                        diesel::update(kb_categories::table)
                            .filter(at_version(org, category, current.version))
                            .set((
                                kb_categories::parent_id.eq(None::<Vec<u8>>),
                                kb_categories::version.eq(current.version + 1),
                            ))
                            .execute(conn)?;
                    }
                }
            }
            Ok(())
        })
    }
}

/// Whether live articles or live subcategories are filed in `category`.
fn in_use(conn: &mut AnyConnection, org: OrgId, category: KbCategoryId) -> Result<bool> {
    let children: i64 = kb_categories::table
        .filter(kb_categories::org_id.eq(bytes(&org)))
        .filter(kb_categories::parent_id.eq(bytes(&category)))
        .filter(kb_categories::deleted_at.is_null())
        .count()
        .get_result(conn)?;
    let articles: i64 = kb_articles::table
        .filter(kb_articles::org_id.eq(bytes(&org)))
        .filter(kb_articles::category_id.eq(bytes(&category)))
        .filter(kb_articles::deleted_at.is_null())
        .count()
        .get_result(conn)?;
    Ok(children + articles > 0)
}

impl Store for Category {
    type Fields = CategoryFields;

    fn before_change(conn: &mut AnyConnection, org: OrgId, _: KbCategoryId) -> Result<()> {
        lock_tree(conn, org)
    }

    fn write(
        conn: &mut AnyConnection,
        org: OrgId,
        current: &Self,
        fields: &CategoryFields,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        if fields.parent_id != current.fields.parent_id {
            check(conn, org, current.id, fields)?;
        }
        Ok(diesel::update(kb_categories::table)
            .filter(at_version(org, current.id, current.version))
            .set((
                CategoryValues::of(fields),
                kb_categories::updated_at.eq(to_db(now)),
                kb_categories::version.eq(current.version + 1),
            ))
            .execute(conn)?)
    }

    fn updated(
        _conn: &mut AnyConnection,
        _org: OrgId,
        current: Self,
        fields: CategoryFields,
        now: DateTime<Utc>,
    ) -> Result<Self> {
        Ok(Category {
            fields,
            updated_at: now,
            version: current.version + 1,
            ..current
        })
    }
}

/// Files a new category.
pub fn create(
    conn: &mut AnyConnection,
    org: OrgId,
    fields: &CategoryFields,
    now: DateTime<Utc>,
) -> Result<Category> {
    let category = KbCategoryId::mint();
    write_transaction(conn, |conn| {
        lock_tree(conn, org)?;
        check(conn, org, category, fields)?;
        diesel::insert_into(kb_categories::table)
            .values((
                kb_categories::org_id.eq(bytes(&org)),
                kb_categories::id.eq(bytes(&category)),
                CategoryValues::of(fields),
                kb_categories::created_at.eq(to_db(now)),
                kb_categories::updated_at.eq(to_db(now)),
                kb_categories::version.eq(1_i64),
            ))
            .execute(conn)?;
        Ok(Category {
            id: category,
            fields: fields.clone(),
            created_at: now,
            updated_at: now,
            deleted: false,
            version: 1,
        })
    })
}

/// Filters of the category list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CategoryFilter {
    /// Directly in this category.
    pub parent_id: Option<KbCategoryId>,
    /// Only top-level categories.
    pub top_level: bool,
}

/// One page of categories.
pub fn list(
    conn: &mut AnyConnection,
    org: OrgId,
    filter: &CategoryFilter,
    params: &ListParams,
) -> Result<Page<Category>> {
    let build = || {
        let mut q = kb_categories::table
            .filter(kb_categories::org_id.eq(bytes(&org)))
            .select(CategoryRow::as_select())
            .into_boxed();
        if let Some(parent) = &filter.parent_id {
            q = q.filter(kb_categories::parent_id.eq(bytes(parent)));
        }
        if filter.top_level {
            q = q.filter(kb_categories::parent_id.is_null());
        }
        q
    };
    Ok(list::load_page::<Category, _, _>(conn, build, None, params)?.map(to_category))
}

/// How many live articles each of `categories` holds directly, by status name.
pub fn article_counts(
    conn: &mut AnyConnection,
    org: OrgId,
    categories: &[KbCategoryId],
) -> Result<HashMap<KbCategoryId, HashMap<String, i64>>> {
    if categories.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(Option<Vec<u8>>, String, i64)> = kb_articles::table
        .filter(kb_articles::org_id.eq(bytes(&org)))
        .filter(kb_articles::category_id.eq_any(categories.iter().map(bytes)))
        .filter(kb_articles::deleted_at.is_null())
        .group_by((kb_articles::category_id, kb_articles::status))
        .select((
            kb_articles::category_id,
            kb_articles::status,
            diesel::dsl::count_star(),
        ))
        .load(conn)?;
    let mut counts: HashMap<KbCategoryId, HashMap<String, i64>> = HashMap::new();
    for (category, status, n) in rows {
        if let Some(category) = opt_id(category.as_ref()) {
            counts.entry(category).or_default().insert(status, n);
        }
    }
    Ok(counts)
}
