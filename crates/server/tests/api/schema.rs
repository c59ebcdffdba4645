//! The two databases' schemas agree with each other and with `schema.rs`, and every tenant
//! table can be distributed by organization (Citus): `org_id` leads its primary key, every
//! unique key and every foreign key.

use std::collections::{BTreeMap, BTreeSet};

use diesel::sql_types::{Bool, Text};
use diesel::{QueryableByName, RunQueryDsl};

use crate::support::{Backend, TestDatabase};

/// Tables that belong to no organization: the organizations themselves, and the login
/// throttle of emails that name no user (it must answer before any organization is known).
const GLOBAL_TABLES: &[&str] = &["organizations", "login_throttle"];

/// How each database indexes the knowledge base's words, left out of the comparison: a
/// PostgreSQL column with its GIN indexes (table, column, indexes: the words, and the title's
/// own), and SQLite's FTS5 table with the tables it keeps its index in (their names'
/// beginning) and the index that finds an article by its row in it (unique across
/// organizations, as the FTS5 table needs: SQLite is never distributed). Both index the same
/// columns (`search_title`, `search_body`), which are compared.
const POSTGRES_FULL_TEXT: (&str, &str, &[&str]) = (
    "kb_articles",
    "search_vector",
    &["kb_articles_search", "kb_articles_title_search"],
);
const SQLITE_FULL_TEXT: (&str, &str) = ("kb_articles_fts", "kb_articles_fts_rowid");

/// Table → column → nullable.
type Columns = BTreeMap<String, BTreeMap<String, bool>>;

/// What a schema is made of, in a form both databases can be read into.
#[derive(Debug, Default, PartialEq, Eq)]
struct Schema {
    /// Table → column → nullable.
    columns: Columns,
    /// Table → primary key columns.
    primary_keys: BTreeMap<String, Vec<String>>,
    /// (table, columns) of every unique key: constraints and unique indexes.
    unique_keys: BTreeSet<(String, Vec<String>)>,
    /// (table, columns, referenced table, referenced columns).
    foreign_keys: BTreeSet<(String, Vec<String>, String, Vec<String>)>,
    /// Named indexes: (table, name) → (unique, columns).
    indexes: BTreeMap<(String, String), (bool, Vec<String>)>,
}

#[derive(QueryableByName)]
struct Row4 {
    #[diesel(sql_type = Text)]
    a: String,
    #[diesel(sql_type = Text)]
    b: String,
    #[diesel(sql_type = Text)]
    c: String,
    #[diesel(sql_type = Text)]
    d: String,
}

#[derive(QueryableByName)]
struct ColumnRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Bool)]
    nullable: bool,
}

fn split(list: &str) -> Vec<String> {
    list.split(',')
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

fn rows<
    T: diesel::deserialize::FromSqlRow<diesel::sql_types::Untyped, db::AnyBackend> + 'static,
>(
    conn: &mut db::AnyConnection,
    sql: &str,
) -> Vec<T> {
    diesel::sql_query(sql)
        .load(conn)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

fn postgres_schema(conn: &mut db::AnyConnection) -> Schema {
    let mut schema = Schema::default();
    for row in rows::<ColumnRow>(
        conn,
        "SELECT table_name::text, column_name::text, is_nullable = 'YES' AS nullable \
         FROM information_schema.columns WHERE table_schema = 'public' \
         AND table_name <> '__diesel_schema_migrations'",
    ) {
        if (row.table_name.as_str(), row.column_name.as_str())
            == (POSTGRES_FULL_TEXT.0, POSTGRES_FULL_TEXT.1)
        {
            continue;
        }
        schema
            .columns
            .entry(row.table_name)
            .or_default()
            .insert(row.column_name, row.nullable);
    }
    // Constraints with their columns in key order: kind, table, columns, referenced table
    // and columns.
    let columns_of = |rel: &str, keys: &str| {
        format!(
            "array_to_string(ARRAY(SELECT a.attname FROM unnest({keys}) WITH ORDINALITY k(n, i) \
             JOIN pg_attribute a ON a.attrelid = {rel} AND a.attnum = k.n ORDER BY k.i), ',')"
        )
    };
    let sql = format!(
        "SELECT c.contype::text AS a, c.conrelid::regclass::text AS b, \
         {} || '>' || coalesce(c.confrelid::regclass::text, '') AS c, {} AS d \
         FROM pg_constraint c JOIN pg_namespace ns ON ns.oid = c.connamespace \
         WHERE ns.nspname = 'public' AND c.contype IN ('p', 'u', 'f') \
         AND c.conrelid::regclass::text <> '__diesel_schema_migrations'",
        columns_of("c.conrelid", "c.conkey"),
        columns_of("c.confrelid", "c.confkey"),
    );
    for Row4 {
        a: kind,
        b: table,
        c: cols,
        d: referenced,
    } in rows::<Row4>(conn, &sql)
    {
        let (cols, target) = cols.split_once('>').unwrap_or((&cols, ""));
        match kind.as_str() {
            "p" => {
                schema.primary_keys.insert(table, split(cols));
            }
            "u" => {
                schema.unique_keys.insert((table, split(cols)));
            }
            _ => {
                schema.foreign_keys.insert((
                    table,
                    split(cols),
                    target.to_owned(),
                    split(&referenced),
                ));
            }
        }
    }
    // Indexes created by CREATE INDEX (not those behind constraints).
    let sql = format!(
        "SELECT t.relname::text AS a, i.relname::text AS b, ix.indisunique::text AS c, {} AS d \
         FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid \
         JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_namespace ns ON ns.oid = t.relnamespace \
         WHERE ns.nspname = 'public' AND t.relname <> '__diesel_schema_migrations' \
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid)",
        columns_of("t.oid", "ix.indkey"),
    );
    for Row4 {
        a: table,
        b: name,
        c: unique,
        d: cols,
    } in rows::<Row4>(conn, &sql)
    {
        let unique = unique == "true";
        if unique {
            schema.unique_keys.insert((table.clone(), split(&cols)));
        }
        schema.indexes.insert((table, name), (unique, split(&cols)));
    }
    for index in POSTGRES_FULL_TEXT.2 {
        schema
            .indexes
            .remove(&(POSTGRES_FULL_TEXT.0.to_owned(), (*index).to_owned()));
    }
    schema
}

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

fn sqlite_schema(conn: &mut db::AnyConnection) -> Schema {
    let mut schema = Schema::default();
    let tables = rows::<Name>(
        conn,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND name <> '__diesel_schema_migrations'",
    );
    for Name { name: table } in tables
        .into_iter()
        .filter(|t| !t.name.starts_with(SQLITE_FULL_TEXT.0))
    {
        let sql = format!(
            "SELECT '{table}' AS a, name AS b, CAST(\"notnull\" AS TEXT) AS c, CAST(pk AS TEXT) AS d \
             FROM pragma_table_info('{table}')"
        );
        let mut key: Vec<(i64, String)> = Vec::new();
        for Row4 {
            b: column,
            c: not_null,
            d: pk,
            ..
        } in rows::<Row4>(conn, &sql)
        {
            if pk != "0" {
                key.push((pk.parse().unwrap_or(0), column.clone()));
            }
            schema
                .columns
                .entry(table.clone())
                .or_default()
                .insert(column, not_null == "0");
        }
        key.sort();
        schema
            .primary_keys
            .insert(table.clone(), key.into_iter().map(|(_, c)| c).collect());
        let sql = format!(
            "SELECT name AS a, CAST(\"unique\" AS TEXT) AS b, origin AS c, '' AS d \
             FROM pragma_index_list('{table}')"
        );
        for Row4 {
            a: index,
            b: unique,
            c: origin,
            ..
        } in rows::<Row4>(conn, &sql)
        {
            if index == SQLITE_FULL_TEXT.1 {
                continue;
            }
            let cols: Vec<String> = rows::<Name>(
                conn,
                &format!("SELECT name FROM pragma_index_info('{index}') ORDER BY seqno"),
            )
            .into_iter()
            .map(|n| n.name)
            .collect();
            let unique = unique == "1";
            match origin.as_str() {
                "pk" => {}
                "u" => {
                    schema.unique_keys.insert((table.clone(), cols));
                }
                _ => {
                    if unique {
                        schema.unique_keys.insert((table.clone(), cols.clone()));
                    }
                    schema
                        .indexes
                        .insert((table.clone(), index), (unique, cols));
                }
            }
        }
        let sql = format!(
            "SELECT CAST(id AS TEXT) AS a, \"table\" AS b, \"from\" AS c, coalesce(\"to\", '') AS d \
             FROM pragma_foreign_key_list('{table}') ORDER BY id, seq"
        );
        let mut keys: BTreeMap<String, (String, Vec<String>, Vec<String>)> = BTreeMap::new();
        for Row4 {
            a: id,
            b: target,
            c: from,
            d: to,
        } in rows::<Row4>(conn, &sql)
        {
            let key = keys
                .entry(id)
                .or_insert_with(|| (target, Vec::new(), Vec::new()));
            key.1.push(from);
            key.2.push(to);
        }
        for (_, (target, from, to)) in keys {
            schema
                .foreign_keys
                .insert((table.clone(), from, target, to));
        }
    }
    schema
}

/// The tables of `crates/db/src/schema.rs`: columns with nullability, and primary keys.
fn diesel_schema() -> (Columns, BTreeMap<String, Vec<String>>) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../db/src/schema.rs");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{e}"));
    let (mut columns, mut keys) = (BTreeMap::new(), BTreeMap::new());
    for block in text.split("diesel::table! {").skip(1) {
        let block = block.split("\n}").next().unwrap_or_default();
        let head = block.trim_start().lines().next().unwrap_or_default();
        let (name, key) = head.split_once(' ').unwrap_or((head, ""));
        let key = key
            .trim_start_matches('(')
            .split(')')
            .next()
            .unwrap_or_default();
        keys.insert(
            name.to_owned(),
            key.split(',').map(|c| c.trim().to_owned()).collect(),
        );
        let table: BTreeMap<String, bool> = block
            .lines()
            .filter_map(|line| line.trim().split_once(" -> "))
            .map(|(column, kind)| (column.to_owned(), kind.starts_with("Nullable<")))
            .collect();
        columns.insert(name.to_owned(), table);
    }
    (columns, keys)
}

fn read(backend: Backend) -> Schema {
    let database = TestDatabase::new(backend);
    let mut conn = db::establish(&database.url).unwrap_or_else(|e| panic!("{e}"));
    db::migrations::run_pending(&mut conn).unwrap_or_else(|e| panic!("{e}"));
    match backend {
        Backend::Postgres => postgres_schema(&mut conn),
        Backend::Sqlite => sqlite_schema(&mut conn),
    }
}

#[test]
fn sqlite_postgres_and_schema_rs_agree() {
    let (postgres, sqlite) = (read(Backend::Postgres), read(Backend::Sqlite));
    assert!(!postgres.columns.is_empty());
    assert_eq!(
        postgres.columns, sqlite.columns,
        "tables, columns or nullability differ"
    );
    assert_eq!(postgres.primary_keys, sqlite.primary_keys);
    assert_eq!(postgres.unique_keys, sqlite.unique_keys);
    assert_eq!(postgres.foreign_keys, sqlite.foreign_keys);
    assert_eq!(postgres.indexes, sqlite.indexes, "indexes differ");
    let (columns, keys) = diesel_schema();
    assert_eq!(
        postgres.columns, columns,
        "schema.rs differs from the migrations"
    );
    assert_eq!(
        postgres.primary_keys, keys,
        "schema.rs names other primary keys"
    );
}

#[test]
fn every_tenant_table_is_distributable_by_organization() {
    let schema = read(Backend::Postgres);
    let leads = |columns: &[String]| columns.first().map(String::as_str) == Some("org_id");
    let tenant = |table: &str| !GLOBAL_TABLES.contains(&table);
    for table in schema.columns.keys().filter(|t| tenant(t)) {
        let key = schema.primary_keys.get(table).cloned().unwrap_or_default();
        assert!(
            leads(&key),
            "{table}: primary key {key:?} must start with org_id"
        );
    }
    for (table, columns) in schema.unique_keys.iter().filter(|(t, _)| tenant(t)) {
        assert!(
            leads(columns),
            "{table}: unique key {columns:?} must start with org_id"
        );
    }
    for (table, columns, target, _) in schema.foreign_keys.iter().filter(|(t, ..)| tenant(t)) {
        assert!(
            leads(columns),
            "{table}: foreign key {columns:?} to {target} must start with org_id"
        );
    }
    let globals: BTreeSet<&str> = schema
        .columns
        .keys()
        .map(String::as_str)
        .filter(|t| !tenant(t))
        .collect();
    assert_eq!(globals, GLOBAL_TABLES.iter().copied().collect());
}
