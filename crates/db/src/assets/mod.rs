//! The installed base: assets of accounts, each optionally part of another of the same
//! account. Writes take the account's row lock first, so that two changes of one account's
//! tree cannot together make a loop; every write adds a line to the asset's history.

pub mod history;
mod locks;
mod tree;

pub use tree::line;

pub use locks::{lock_for_move, owner};

use locks::lock_account_of;
use tree::check;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::asset::{AssetFields, AssetStatus};
use domain::id::kind;
use domain::{AccountId, AssetId, OrgId, ProductId, UserId};

use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, from_db, id, opt_id, to_db};
use crate::error::{unique, unique_error, Error, Result};
use crate::exchange_rates::{day, parse_day};
use crate::list::{self, KeyValue, ListParams, Page, Positioned, SortKey, Sorts};
use crate::record::{self, at_version, Record, Store};
use crate::schema::assets;
use history::Action;

const SERIAL_TAKEN: &str = "serial_number_taken";

/// A stored asset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Its id.
    pub id: AssetId,
    /// What it says.
    pub fields: AssetFields,
    /// Who recorded it.
    pub created_by: Option<UserId>,
    /// Recorded.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// In the trash.
    pub deleted: bool,
    /// Version.
    pub version: i64,
}

/// A change of an asset: its new fields, and who made it (for its history).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetChange {
    /// The fields after the change.
    pub fields: AssetFields,
    /// Who changed it.
    pub by: Option<UserId>,
}

/// By name by default; also by latest change and by creation.
pub const SORTS: Sorts = Sorts {
    options: &[
        ("name", SortKey::Name),
        ("updated_at", SortKey::Updated),
        ("created_at", SortKey::Created),
    ],
    default: (SortKey::Name, false),
};

#[derive(Queryable, Selectable)]
#[diesel(table_name = assets)]
struct AssetRow {
    id: Vec<u8>,
    account_id: Vec<u8>,
    product_id: Option<Vec<u8>>,
    name: String,
    name_key: String,
    serial_number: Option<String>,
    location: Option<String>,
    installed_on: Option<String>,
    parent_id: Option<Vec<u8>>,
    status: String,
    warranty_starts_on: Option<String>,
    warranty_ends_on: Option<String>,
    notes: Option<String>,
    created_by: Option<Vec<u8>>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    deleted_at: Option<NaiveDateTime>,
    version: i64,
}

impl Positioned for AssetRow {
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
#[diesel(table_name = assets, treat_none_as_null = true)]
struct AssetValues<'a> {
    account_id: Vec<u8>,
    product_id: Option<Vec<u8>>,
    name: &'a str,
    name_key: String,
    serial_number: Option<&'a str>,
    location: Option<&'a str>,
    installed_on: Option<String>,
    parent_id: Option<Vec<u8>>,
    status: &'static str,
    warranty_starts_on: Option<String>,
    warranty_ends_on: Option<String>,
    notes: Option<&'a str>,
}

impl<'a> AssetValues<'a> {
    fn of(f: &'a AssetFields) -> Self {
        AssetValues {
            account_id: bytes(&f.account_id),
            product_id: f.product_id.as_ref().map(bytes),
            name: &f.name,
            name_key: domain::text::sort_key(&f.name),
            serial_number: f.serial_number.as_deref(),
            location: f.location.as_deref(),
            installed_on: f.installed_on.map(day),
            parent_id: f.parent_id.as_ref().map(bytes),
            status: f.status.as_str(),
            warranty_starts_on: f.warranty_starts_on.map(day),
            warranty_ends_on: f.warranty_ends_on.map(day),
            notes: f.notes.as_deref(),
        }
    }
}

fn to_asset(row: AssetRow) -> Result<Asset> {
    let status = AssetStatus::parse("", &row.status)
        .map_err(|e| Error::Other(format!("stored asset status: {e}")))?;
    let on = |d: Option<String>| d.as_deref().map(parse_day);
    Ok(Asset {
        id: id(&row.id),
        fields: AssetFields {
            name: row.name,
            product_id: opt_id(row.product_id.as_ref()),
            serial_number: row.serial_number,
            account_id: id(&row.account_id),
            location: row.location,
            installed_on: on(row.installed_on),
            parent_id: opt_id(row.parent_id.as_ref()),
            status,
            warranty_starts_on: on(row.warranty_starts_on),
            warranty_ends_on: on(row.warranty_ends_on),
            notes: row.notes,
        },
        created_by: opt_id(row.created_by.as_ref()),
        created_at: from_db(row.created_at),
        updated_at: from_db(row.updated_at),
        deleted: row.deleted_at.is_some(),
        version: row.version,
    })
}

/// Deletes (`deleted`) or restores an asset, if it is at `expected` version (any when
/// `None`), under its account's lock, with a line in its history saying who did it. A
/// restored asset whose serial number a live one took meanwhile is refused (409
/// `serial_number_taken`). Its parts stay where they are: they show at the top of the tree
/// until it comes back.
pub fn trash(
    conn: &mut AnyConnection,
    org: OrgId,
    asset: AssetId,
    expected: Option<i64>,
    deleted: bool,
    (now, by): (DateTime<Utc>, Option<UserId>),
) -> Result<()> {
    let action = if deleted {
        Action::Deleted
    } else {
        Action::Restored
    };
    write_transaction(conn, |conn| {
        lock_account_of(conn, org, asset)?;
        let version =
            record::set_deleted::<Asset>(conn, org, asset, expected, deleted, now, |_| Ok(()))
                .map_err(unique_error(SERIAL_TAKEN))?;
        history::add(conn, org, asset, version, (now, by), action, &[])
    })
}

impl Record for Asset {
    type Kind = kind::Asset;
    const TABLE: &'static str = "assets";

    fn read(conn: &mut AnyConnection, org: OrgId, asset: AssetId) -> Result<Self> {
        let row: AssetRow = assets::table
            .filter(assets::org_id.eq(bytes(&org)))
            .filter(assets::id.eq(bytes(&asset)))
            .select(AssetRow::as_select())
            .first(conn)?;
        to_asset(row)
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn is_deleted(&self) -> bool {
        self.deleted
    }

    /// See [`trash`] (which the routes call, naming who deletes or restores).
    fn trash(
        conn: &mut AnyConnection,
        org: OrgId,
        asset: AssetId,
        expected: Option<i64>,
        deleted: bool,
        now: DateTime<Utc>,
    ) -> Result<()> {
        trash(conn, org, asset, expected, deleted, (now, None))
    }
}

impl Store for Asset {
    type Fields = AssetChange;

    /// Locks the asset's account before the asset: every writer of an account's tree takes
    /// that lock first. (Read again under the lock: the asset may have moved meanwhile, with
    /// a part of it moving to another account.)
    fn before_change(conn: &mut AnyConnection, org: OrgId, asset: AssetId) -> Result<()> {
        lock_account_of(conn, org, asset)
    }

    fn write(
        conn: &mut AnyConnection,
        org: OrgId,
        current: &Self,
        change: &AssetChange,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        let f = &change.fields;
        if f.account_id != current.fields.account_id {
            locks::lock_named_account(conn, org, f.account_id)?;
        }
        check(conn, org, (current.id, Some(&current.fields)), f)?;
        let written = diesel::update(assets::table)
            .filter(at_version(org, current.id, current.version))
            .set((
                AssetValues::of(f),
                assets::updated_at.eq(to_db(now)),
                assets::version.eq(current.version + 1),
            ))
            .execute(conn)
            .map_err(unique(SERIAL_TAKEN))?;
        let changes = history::changes(&current.fields, f);
        if written == 1 && !changes.is_empty() {
            history::add(
                conn,
                org,
                current.id,
                current.version + 1,
                (now, change.by),
                Action::Updated,
                &changes,
            )?;
            if f.account_id != current.fields.account_id {
                tree::move_parts(conn, org, current.id, &current.fields, f, (now, change.by))?;
            }
        }
        Ok(written)
    }

    fn updated(
        _conn: &mut AnyConnection,
        _org: OrgId,
        current: Self,
        change: AssetChange,
        now: DateTime<Utc>,
    ) -> Result<Self> {
        Ok(Asset {
            fields: change.fields,
            updated_at: now,
            version: current.version + 1,
            ..current
        })
    }
}

/// Records a new asset (409 `serial_number_taken` when a live asset has its serial number).
pub fn create(
    conn: &mut AnyConnection,
    org: OrgId,
    fields: &AssetFields,
    by: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<Asset> {
    let asset = AssetId::mint();
    write_transaction(conn, |conn| {
        locks::lock_named_account(conn, org, fields.account_id)?;
        check(conn, org, (asset, None), fields)?;
        diesel::insert_into(assets::table)
            .values((
                assets::org_id.eq(bytes(&org)),
                assets::id.eq(bytes(&asset)),
                AssetValues::of(fields),
                assets::created_by.eq(by.as_ref().map(bytes)),
                assets::created_at.eq(to_db(now)),
                assets::updated_at.eq(to_db(now)),
                assets::version.eq(1_i64),
            ))
            .execute(conn)
            .map_err(unique(SERIAL_TAKEN))?;
        let changes = history::initial(fields);
        history::add(conn, org, asset, 1, (now, by), Action::Created, &changes)?;
        Ok(Asset {
            id: asset,
            fields: fields.clone(),
            created_by: by,
            created_at: now,
            updated_at: now,
            deleted: false,
            version: 1,
        })
    })
}

/// Filters of the asset list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssetFilter {
    /// Of this account.
    pub account_id: Option<AccountId>,
    /// Directly part of this asset.
    pub parent_id: Option<AssetId>,
    /// In this state.
    pub status: Option<AssetStatus>,
    /// Of this product.
    pub product_id: Option<ProductId>,
    /// With this serial number.
    pub serial_number: Option<String>,
    /// Whose warranty ends on or before this day.
    pub warranty_ends_before: Option<NaiveDate>,
}

/// One page of assets.
pub fn list(
    conn: &mut AnyConnection,
    org: OrgId,
    filter: &AssetFilter,
    params: &ListParams,
) -> Result<Page<Asset>> {
    let build = || {
        let mut q = assets::table
            .filter(assets::org_id.eq(bytes(&org)))
            .select(AssetRow::as_select())
            .into_boxed();
        if let Some(account) = &filter.account_id {
            q = q.filter(assets::account_id.eq(bytes(account)));
        }
        if let Some(parent) = &filter.parent_id {
            q = q.filter(assets::parent_id.eq(bytes(parent)));
        }
        if let Some(status) = filter.status {
            q = q.filter(assets::status.eq(status.as_str()));
        }
        if let Some(product) = &filter.product_id {
            q = q.filter(assets::product_id.eq(bytes(product)));
        }
        if let Some(serial) = &filter.serial_number {
            q = q.filter(assets::serial_number.eq(serial.clone()));
        }
        if let Some(before) = filter.warranty_ends_before {
            q = q.filter(assets::warranty_ends_on.le(day(before)));
        }
        q
    };
    list::load_page::<Asset, _, _>(conn, build, None, params)?.try_map(to_asset)
}
