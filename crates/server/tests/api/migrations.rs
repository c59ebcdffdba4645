//! Every migration has a working down.

use crate::support::{Backend, TestDatabase};

fn up_down_up(backend: Backend) {
    let database = TestDatabase::new(backend);
    let mut conn = db::establish(&database.url).unwrap_or_else(|e| panic!("{e}"));
    let applied = db::migrations::run_pending(&mut conn).unwrap_or_else(|e| panic!("up: {e}"));
    assert!(!applied.is_empty());
    let reverted = db::migrations::revert_all(&mut conn).unwrap_or_else(|e| panic!("down: {e}"));
    assert_eq!(reverted.len(), applied.len());
    let again = db::migrations::run_pending(&mut conn).unwrap_or_else(|e| panic!("up again: {e}"));
    assert_eq!(again, applied);
}

#[test]
fn migrations_go_down_and_up_again_on_sqlite() {
    up_down_up(Backend::Sqlite);
}

#[test]
fn migrations_go_down_and_up_again_on_postgres() {
    up_down_up(Backend::Postgres);
}
