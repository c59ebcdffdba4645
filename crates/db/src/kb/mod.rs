//! The knowledge base: categories, articles with their versions, what readers made of them,
//! and full-text search over them (PostgreSQL text search; SQLite FTS5).

pub mod articles;
pub mod categories;
pub mod feedback;
pub mod search;
pub mod versions;

pub use articles::{Article, ArticleFilter, ArticleText, Feedback};
pub use categories::{Category, CategoryFilter};
