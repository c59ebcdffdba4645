//! The knowledge base's rules: its request bodies and its lists' and searches' parameters.

use domain::id::{kind, IdKind};
use domain::kb::{
    ArticleStatus, ArticleVisibility, MAX_BODY, MAX_CATEGORY_NAME, MAX_DESCRIPTION, MAX_TITLE,
};
use serde_json::{json, Value};

use super::{
    id, items, one_line, one_of, one_of_or_null, pattern, range, required, text, Rules, TAG,
};

/// A language tag as an article takes it: a language and an optional region.
const LANGUAGE: &str = r"^\s*[A-Za-z]{2,3}(-([A-Za-z]{2}|[0-9]{3}))?\s*$";
/// The same in a query parameter, which takes no control characters at all.
const LANGUAGE_PARAMETER: &str = r"^ *[A-Za-z]{2,3}(-([A-Za-z]{2}|[0-9]{3}))? *$";

fn category() -> Value {
    id(kind::KbCategory::PREFIX)
}

/// The rules of the knowledge base's request schemas.
pub(super) fn properties() -> Vec<(&'static str, Rules)> {
    let article = || {
        vec![
            ("title", one_line(MAX_TITLE)),
            ("body", required(MAX_BODY)),
            ("category_id", category()),
            ("tags", items(domain::text::MAX_TAGS, pattern(TAG))),
            (
                "visibility",
                one_of_or_null(ArticleVisibility::NAMES.iter().copied()),
            ),
            (
                "status",
                one_of_or_null(ArticleStatus::NAMES.iter().copied()),
            ),
            ("language", pattern(LANGUAGE)),
        ]
    };
    let category = || {
        vec![
            ("name", one_line(MAX_CATEGORY_NAME)),
            ("description", text(MAX_DESCRIPTION)),
            ("parent_id", category()),
        ]
    };
    vec![
        ("CreateKbArticle", article()),
        ("UpdateKbArticle", article()),
        ("KbPreview", vec![("body", json!({"maxLength": MAX_BODY}))]),
        ("CreateKbCategory", category()),
        ("UpdateKbCategory", category()),
    ]
}

/// The rules of the knowledge base's query parameters, by path.
pub(super) fn parameters(path: &str) -> Option<Vec<(&'static str, Value)>> {
    let status = || one_of(ArticleStatus::NAMES.iter().copied());
    let visibility = || one_of(ArticleVisibility::NAMES.iter().copied());
    Some(match path {
        "/api/v1/kb/articles" => vec![
            ("category_id", category()),
            ("status", status()),
            ("visibility", visibility()),
            ("language", pattern(LANGUAGE_PARAMETER)),
        ],
        "/api/v1/kb/categories" => vec![("parent_id", category())],
        "/api/v1/kb/search" => vec![
            ("status", status()),
            ("visibility", visibility()),
            ("language", pattern(LANGUAGE_PARAMETER)),
            ("category_id", category()),
            ("limit", range(1, 50)),
            ("offset", range(0, 500)),
        ],
        "/api/v1/portal/kb/search" => vec![
            ("language", pattern(LANGUAGE_PARAMETER)),
            ("limit", range(1, 50)),
            ("offset", range(0, 500)),
        ],
        "/api/v1/kb/suggest" | "/api/v1/portal/kb/suggest" => vec![
            ("language", pattern(LANGUAGE_PARAMETER)),
            ("limit", range(1, 10)),
        ],
        _ => return None,
    })
}

/// The orders of the knowledge base's lists.
pub(super) fn sorts(path: &str) -> Option<&'static db::list::Sorts> {
    match path {
        "/api/v1/kb/articles" => Some(&db::kb::articles::SORTS),
        "/api/v1/kb/categories" => Some(&db::kb::categories::SORTS),
        _ => None,
    }
}
