//! The product catalogue: create, read, list with search, change, delete and restore; each
//! product's price book (a list price per currency); and what a deal's lines need of them.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::id::kind;
use domain::product::ProductFields;
use domain::{Currency, Money, OrgId, ProductId};

use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, from_db, id, to_db};
use crate::error::{unique, unique_error, Result};
use crate::list::{self, KeyValue, ListParams, Page, Positioned, SortKey, Sorts};
use crate::record::{self, at_version, Record, Store};
use crate::schema::{product_prices, products};
use crate::search::{self, Search};
use crate::side::SideTable;

const TERMS: SideTable = SideTable {
    table: "product_terms",
    owner: "product_id",
    value: "term",
};

/// Products are listed by name.
pub const SORTS: Sorts = Sorts {
    options: &[
        ("name", SortKey::Name),
        ("created_at", SortKey::Created),
        ("updated_at", SortKey::Updated),
    ],
    default: (SortKey::Name, false),
};

const CODE_TAKEN: &str = "product_code_taken";

/// A stored product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    /// Its id.
    pub id: ProductId,
    /// What admins set.
    pub fields: ProductFields,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// In the trash.
    pub deleted_at: Option<DateTime<Utc>>,
    /// Version.
    pub version: i64,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = products)]
struct ProductRow {
    id: Vec<u8>,
    name: String,
    name_key: String,
    code: Option<String>,
    description: Option<String>,
    active: bool,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    deleted_at: Option<NaiveDateTime>,
    version: i64,
}

impl Positioned for ProductRow {
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
#[diesel(table_name = products, treat_none_as_null = true)]
struct ProductValues<'a> {
    name: &'a str,
    name_key: String,
    code: Option<&'a str>,
    code_key: Option<String>,
    description: Option<&'a str>,
    active: bool,
    search_text: String,
}

impl<'a> ProductValues<'a> {
    fn of(fields: &'a ProductFields) -> Self {
        Self {
            name: &fields.name,
            name_key: domain::text::sort_key(&fields.name),
            code: fields.code.as_deref(),
            code_key: fields.code.as_deref().map(domain::text::sort_key),
            description: fields.description.as_deref(),
            active: fields.active,
            search_text: fields.search_text(),
        }
    }
}

fn to_product(row: ProductRow, prices: Vec<Money>) -> Product {
    Product {
        id: id(&row.id),
        fields: ProductFields {
            name: row.name,
            code: row.code,
            description: row.description,
            active: row.active,
            prices,
        },
        created_at: from_db(row.created_at),
        updated_at: from_db(row.updated_at),
        deleted_at: row.deleted_at.map(from_db),
        version: row.version,
    }
}

/// The prices of these products, each product's by currency.
fn prices_of(
    conn: &mut AnyConnection,
    org: OrgId,
    products: &[Vec<u8>],
) -> Result<Vec<(Vec<u8>, Money)>> {
    let rows: Vec<(Vec<u8>, String, i64)> = product_prices::table
        .filter(product_prices::org_id.eq(bytes(&org)))
        .filter(product_prices::product_id.eq_any(products))
        .order((product_prices::product_id, product_prices::currency))
        .select((
            product_prices::product_id,
            product_prices::currency,
            product_prices::amount_minor,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(product, code, amount_minor)| {
            let currency = Currency::parse("", &code).ok()?;
            Some((
                product,
                Money {
                    amount_minor,
                    currency,
                },
            ))
        })
        .collect())
}

fn sync_prices(
    conn: &mut AnyConnection,
    org: OrgId,
    product: ProductId,
    old: &[Money],
    new: &[Money],
) -> Result<()> {
    if old == new {
        return Ok(());
    }
    diesel::delete(
        product_prices::table
            .filter(product_prices::org_id.eq(bytes(&org)))
            .filter(product_prices::product_id.eq(bytes(&product))),
    )
    .execute(conn)?;
    for price in new {
        diesel::insert_into(product_prices::table)
            .values((
                product_prices::org_id.eq(bytes(&org)),
                product_prices::product_id.eq(bytes(&product)),
                product_prices::currency.eq(price.currency.code()),
                product_prices::amount_minor.eq(price.amount_minor),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// A price book in currency order, as it is read back.
fn sorted(mut prices: Vec<Money>) -> Vec<Money> {
    prices.sort_by_key(|p| p.currency.code());
    prices
}

impl Record for Product {
    type Kind = kind::Product;
    const TABLE: &'static str = "products";

    fn read(conn: &mut AnyConnection, org: OrgId, product: ProductId) -> Result<Self> {
        let row: ProductRow = products::table
            .filter(products::org_id.eq(bytes(&org)))
            .filter(products::id.eq(bytes(&product)))
            .select(ProductRow::as_select())
            .first(conn)?;
        let prices = prices_of(conn, org, std::slice::from_ref(&row.id))?;
        Ok(to_product(
            row,
            prices.into_iter().map(|(_, p)| p).collect(),
        ))
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn is_deleted(&self) -> bool {
        self.deleted_at.is_some()
    }

    /// Deals keep the lines of a deleted product; a product restored while another live one
    /// took its code is 409 `product_code_taken`.
    fn trash(
        conn: &mut AnyConnection,
        org: OrgId,
        product: ProductId,
        expected: Option<i64>,
        deleted: bool,
        now: DateTime<Utc>,
    ) -> Result<()> {
        record::set_deleted::<Product>(conn, org, product, expected, deleted, now, |_| Ok(()))
            .map(|_| ())
            .map_err(unique_error(CODE_TAKEN))
    }
}

impl Store for Product {
    type Fields = ProductFields;

    fn write(
        conn: &mut AnyConnection,
        org: OrgId,
        current: &Self,
        fields: &ProductFields,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        let changed = diesel::update(products::table)
            .filter(at_version(org, current.id, current.version))
            .set((
                ProductValues::of(fields),
                products::updated_at.eq(to_db(now)),
                products::version.eq(current.version + 1),
            ))
            .execute(conn)
            .map_err(unique(CODE_TAKEN))?;
        let owner = bytes(&current.id);
        let (old, new) = (current.fields.search_text(), fields.search_text());
        search::sync(conn, TERMS, org, &owner, &old, &new)?;
        sync_prices(
            conn,
            org,
            current.id,
            &current.fields.prices,
            &fields.prices,
        )?;
        Ok(changed)
    }

    fn updated(
        _conn: &mut AnyConnection,
        _org: OrgId,
        current: Self,
        mut fields: ProductFields,
        now: DateTime<Utc>,
    ) -> Result<Self> {
        fields.prices = sorted(fields.prices);
        Ok(Product {
            fields,
            updated_at: now,
            version: current.version + 1,
            ..current
        })
    }
}

/// Adds a product to the catalogue; a code a live product has is 409 `product_code_taken`.
pub fn create(
    conn: &mut AnyConnection,
    org: OrgId,
    fields: &ProductFields,
    now: DateTime<Utc>,
) -> Result<Product> {
    let product = ProductId::mint();
    write_transaction(conn, |conn| {
        diesel::insert_into(products::table)
            .values((
                products::org_id.eq(bytes(&org)),
                products::id.eq(bytes(&product)),
                ProductValues::of(fields),
                products::created_at.eq(to_db(now)),
                products::updated_at.eq(to_db(now)),
                products::version.eq(1_i64),
            ))
            .execute(conn)
            .map_err(unique(CODE_TAKEN))?;
        search::sync(
            conn,
            TERMS,
            org,
            &bytes(&product),
            "",
            &fields.search_text(),
        )?;
        sync_prices(conn, org, product, &[], &fields.prices)?;
        let mut fields = fields.clone();
        fields.prices = sorted(fields.prices);
        Ok(Product {
            id: product,
            fields,
            created_at: now,
            updated_at: now,
            deleted_at: None,
            version: 1,
        })
    })
}

/// Which products a list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProductFilter {
    /// Search words (already split), matched as prefixes of name and code words.
    pub words: Vec<String>,
    /// Active or inactive ones only.
    pub active: Option<bool>,
    /// Priced in this currency.
    pub currency: Option<Currency>,
}

/// One page of products, or (`params.deleted`) of those in the trash.
pub fn list(
    conn: &mut AnyConnection,
    org: OrgId,
    filter: &ProductFilter,
    params: &ListParams,
) -> Result<Page<Product>> {
    let org_bytes = bytes(&org);
    let build = || {
        let mut query = products::table
            .filter(products::org_id.eq(org_bytes.clone()))
            .select(ProductRow::as_select())
            .into_boxed();
        if let Some(active) = filter.active {
            query = query.filter(products::active.eq(active));
        }
        if let Some(currency) = filter.currency {
            let priced = product_prices::table
                .filter(product_prices::org_id.eq(org_bytes.clone()))
                .filter(product_prices::currency.eq(currency.code()))
                .select(product_prices::product_id);
            query = query.filter(products::id.eq_any(priced));
        }
        query
    };
    let search = Search::new(TERMS, org, filter.words.clone());
    let page = list::load_page::<Product, _, _>(conn, build, search.as_ref(), params)?;
    let ids: Vec<Vec<u8>> = page.items.iter().map(|row| row.id.clone()).collect();
    let prices = prices_of(conn, org, &ids)?;
    let items = page
        .items
        .into_iter()
        .map(|row| {
            let mine = prices
                .iter()
                .filter(|(p, _)| *p == row.id)
                .map(|(_, m)| *m)
                .collect();
            to_product(row, mine)
        })
        .collect();
    Ok(Page {
        items,
        next_cursor: page.next_cursor,
        total: page.total,
    })
}

/// What a deal's new line needs of its product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForLine {
    /// The product.
    pub id: ProductId,
    /// Its name.
    pub name: String,
    /// Whether new lines may use it.
    pub active: bool,
    /// Whether it is in the trash.
    pub deleted: bool,
    /// Its list price in the deal's currency.
    pub price: Option<Money>,
}

/// The products of the organization among `ids`, with their prices in `currency`; those of
/// another organization, or none, are missing.
pub fn for_lines(
    conn: &mut AnyConnection,
    org: OrgId,
    ids: &[ProductId],
    currency: Currency,
) -> Result<Vec<ForLine>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let wanted: Vec<Vec<u8>> = ids.iter().map(bytes).collect();
    let rows: Vec<(Vec<u8>, String, bool, Option<NaiveDateTime>)> = products::table
        .filter(products::org_id.eq(bytes(&org)))
        .filter(products::id.eq_any(&wanted))
        .select((
            products::id,
            products::name,
            products::active,
            products::deleted_at,
        ))
        .load(conn)?;
    let prices: Vec<(Vec<u8>, i64)> = product_prices::table
        .filter(product_prices::org_id.eq(bytes(&org)))
        .filter(product_prices::product_id.eq_any(&wanted))
        .filter(product_prices::currency.eq(currency.code()))
        .select((product_prices::product_id, product_prices::amount_minor))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(product, name, active, deleted_at)| ForLine {
            id: id(&product),
            price: prices
                .iter()
                .find(|(p, _)| *p == product)
                .map(|(_, amount_minor)| Money {
                    amount_minor: *amount_minor,
                    currency,
                }),
            name,
            active,
            deleted: deleted_at.is_some(),
        })
        .collect())
}
