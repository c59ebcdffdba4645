//! The knowledge base: browsing by category and searching, reading an article with its
//! history, writing one with a preview, editing the category tree, and the suggestions beside
//! a ticket's composer.

mod article;
mod browse;
mod categories;
mod editor;
mod suggestions;

pub use article::ArticlePage;
pub use browse::KnowledgeBase;
pub use categories::CategoryEditor;
pub use editor::article_editor;
pub use suggestions::Suggestions;

use api_types::kb::KbCategory;

/// A status or visibility as a reader says it.
fn label(name: &str) -> &'static str {
    match name {
        "draft" => "Draft",
        "published" => "Published",
        "archived" => "Archived",
        "internal" => "Internal",
        "public" => "Public",
        _ => "",
    }
}

/// Categories in tree order, each with its depth (0 at the top). A category whose parent is
/// not among them shows at the top.
fn tree(categories: &[KbCategory]) -> Vec<(KbCategory, usize)> {
    fn below(
        all: &[KbCategory],
        parent: Option<&str>,
        depth: usize,
        out: &mut Vec<(KbCategory, usize)>,
    ) {
        for c in all.iter().filter(|c| c.parent_id.as_deref() == parent) {
            out.push((c.clone(), depth));
            if depth < 6 {
                below(all, Some(&c.id), depth + 1, out);
            }
        }
    }
    let mut out = Vec::new();
    let known = |id: &str| categories.iter().any(|c| c.id == id);
    below(categories, None, 0, &mut out);
    for orphan in categories
        .iter()
        .filter(|c| c.parent_id.as_deref().is_some_and(|p| !known(p)))
    {
        out.push((orphan.clone(), 0));
        below(categories, Some(&orphan.id), 1, &mut out);
    }
    out
}
