//! `/api/v1/kb`: the knowledge base. Articles with their versions and what readers made of
//! them, their categories, search and suggestions. Every staff user reads it; admins,
//! managers and agents write it.

mod articles;
mod categories;
pub(crate) mod input;
pub(crate) mod search;

pub use articles::*;
pub use categories::*;
pub use input::written;
pub use search::*;

use domain::Permission::WriteKnowledge;

use crate::auth::{Access::Permission as Can, Access::Staff, Routes};

/// The knowledge-base routes and who may call them.
pub fn routes(r: &mut Routes) {
    r.add(list_kb_articles, Staff)
        .add(create_kb_article, Can(WriteKnowledge))
        .add(get_kb_article, Staff)
        .add(update_kb_article, Can(WriteKnowledge))
        .add(delete_kb_article, Can(WriteKnowledge))
        .add(restore_kb_article, Can(WriteKnowledge))
        .add(list_kb_article_versions, Staff)
        .add(get_kb_article_version, Staff)
        .add(restore_kb_article_version, Can(WriteKnowledge))
        .add(get_kb_feedback, Staff)
        .add(vote_kb_article, Staff)
        .add(count_kb_article_view, Staff)
        .add(preview_kb_article, Staff)
        .add(search_kb, Staff)
        .add(suggest_kb, Staff)
        .add(list_kb_categories, Staff)
        .add(create_kb_category, Can(WriteKnowledge))
        .add(get_kb_category, Staff)
        .add(update_kb_category, Can(WriteKnowledge))
        .add(delete_kb_category, Can(WriteKnowledge))
        .add(restore_kb_category, Can(WriteKnowledge));
}
