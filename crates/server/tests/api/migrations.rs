//! Every migration has a working down.

use crate::support::{Backend, TestDatabase};

fn up_down_up(backend: Backend) {
    let database = TestDatabase::blank(backend);
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

#[test]
fn both_backends_have_the_same_migrations_each_with_a_down() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations");
    let names = |backend: &str| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(root.join(backend))
            .unwrap_or_else(|e| panic!("{e}"))
            .filter_map(|entry| entry.ok())
            .filter(|entry| entry.path().is_dir())
            .map(|entry| {
                for file in ["up.sql", "down.sql"] {
                    assert!(
                        entry.path().join(file).is_file(),
                        "{} lacks {file}",
                        entry.path().display()
                    );
                }
                entry.file_name().to_string_lossy().into_owned()
            })
            .collect();
        names.sort();
        names
    };
    let sqlite = names("sqlite");
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, names("postgres"));
}
