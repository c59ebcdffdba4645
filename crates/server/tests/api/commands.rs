//! The `rapport` subcommands that write to a database.

use crate::support::{test_settings, Backend, TestDatabase};

fn demo_seed_refuses_a_database_of_other_organizations(backend: Backend) {
    let database = TestDatabase::new(backend);
    let settings = test_settings(&database.url);
    let pool = server::commands::open_database(&settings).unwrap_or_else(|e| panic!("{e}"));
    let mut conn = pool.get().unwrap_or_else(|e| panic!("{e}"));
    db::orgs::create(&mut conn, "A real customer", chrono::Utc::now())
        .unwrap_or_else(|e| panic!("{e}"));
    let refused = server::seed::demo(&settings);
    assert!(
        refused
            .as_ref()
            .is_err_and(|e| e.to_string().contains("other organizations")),
        "{refused:?}"
    );
    assert_eq!(
        db::orgs::count(&mut conn).ok(),
        Some(1),
        "nothing was added"
    );

    // An empty database takes the demo, and seeding again changes nothing.
    let empty = TestDatabase::new(backend);
    let settings = test_settings(&empty.url);
    server::seed::demo(&settings).unwrap_or_else(|e| panic!("{e}"));
    server::seed::demo(&settings).unwrap_or_else(|e| panic!("{e}"));
    let pool = server::commands::open_database(&settings).unwrap_or_else(|e| panic!("{e}"));
    let mut conn = pool.get().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(db::orgs::count(&mut conn).ok(), Some(1));
}

#[test]
fn demo_seed_refuses_other_organizations_sqlite() {
    demo_seed_refuses_a_database_of_other_organizations(Backend::Sqlite);
}

#[test]
fn demo_seed_refuses_other_organizations_postgres() {
    demo_seed_refuses_a_database_of_other_organizations(Backend::Postgres);
}
