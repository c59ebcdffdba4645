//! The knowledge base: articles, their categories and versions, search and suggestions.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Patch;

/// An article of the knowledge base.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KbArticle {
    /// Its id (`kba_…`).
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its text in Markdown, as written.
    pub body: String,
    /// Its text as readers get it: rendered to HTML, with anything that could run a script
    /// taken out.
    pub body_html: String,
    /// The category it is filed in.
    pub category_id: Option<String>,
    /// Its labels.
    pub tags: Vec<String>,
    /// internal (staff only) or public (customers too).
    pub visibility: String,
    /// draft, published or archived.
    pub status: String,
    /// Its language (`en`, `de`, `en-GB` …).
    pub language: String,
    /// Readers who found it helpful.
    pub helpful_count: i64,
    /// Readers who did not.
    pub unhelpful_count: i64,
    /// Times it was read.
    pub view_count: i64,
    /// First published.
    pub published_at: Option<DateTime<Utc>>,
    /// Who wrote it first.
    pub created_by: Option<String>,
    /// Who wrote its latest version.
    pub updated_by: Option<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// In the trash.
    pub deleted: bool,
    /// Its version, also its `ETag`. Every change of what it says is kept as a version.
    pub version: i64,
}

/// A new article.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "title": "Reset the printer to its factory settings",
    "body": "1. Switch it off.\n2. Hold **Power** for ten seconds.",
    "tags": ["printer"],
    "visibility": "public",
    "status": "published"
})))]
#[serde(deny_unknown_fields)]
pub struct CreateKbArticle {
    /// Its title (1 to 200 characters, one line).
    pub title: String,
    /// Its text in Markdown (up to 100,000 characters). HTML in it is kept only where it
    /// cannot run a script.
    pub body: String,
    /// The category to file it in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category_id: Option<String>,
    /// Labels (at most 20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// internal (the default) or public.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visibility: Option<String>,
    /// draft (the default), published or archived.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Its language (default `en`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// A change to an article, kept as a new version; fields left out keep their value.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"status": "published"})))]
#[serde(deny_unknown_fields)]
pub struct UpdateKbArticle {
    /// A new title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// A new text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Another category; `null` files it in none.
    #[serde(default, skip_serializing_if = "crate::Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub category_id: Patch<String>,
    /// Its labels, all of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// internal or public.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visibility: Option<String>,
    /// draft, published or archived.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Another language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// The article list's own filters, beside [`crate::ListQuery`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct KbArticleFilters {
    /// Filed directly in this category.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category_id: Option<String>,
    /// `true`: filed in no category.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uncategorized: Option<bool>,
    /// draft, published or archived.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// internal or public.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visibility: Option<String>,
    /// In this language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// With this tag.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
}

/// A version of an article in its history, without its text.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KbArticleVersionSummary {
    /// The article's version it was.
    pub version: i64,
    /// Its title then.
    pub title: String,
    /// Its status then.
    pub status: String,
    /// Its visibility then.
    pub visibility: String,
    /// Who wrote it.
    pub written_by: Option<String>,
    /// When.
    pub written_at: DateTime<Utc>,
}

/// An article's history, latest version first (at most 500).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KbArticleVersions {
    /// The versions.
    pub items: Vec<KbArticleVersionSummary>,
}

/// What one version of an article said.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KbArticleVersion {
    /// The article's version it was.
    pub version: i64,
    /// Its title.
    pub title: String,
    /// Its text in Markdown.
    pub body: String,
    /// Its text rendered.
    pub body_html: String,
    /// Its category.
    pub category_id: Option<String>,
    /// Its labels.
    pub tags: Vec<String>,
    /// internal or public.
    pub visibility: String,
    /// draft, published or archived.
    pub status: String,
    /// Its language.
    pub language: String,
    /// Who wrote it.
    pub written_by: Option<String>,
    /// When.
    pub written_at: DateTime<Utc>,
}

/// A reader's vote on an article.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"helpful": true})))]
#[serde(deny_unknown_fields)]
pub struct KbVote {
    /// Whether the article helped; `null` takes the vote back.
    pub helpful: Option<bool>,
}

/// What readers made of an article, and the caller's own vote.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KbFeedback {
    /// Readers who found it helpful.
    pub helpful_count: i64,
    /// Readers who did not.
    pub unhelpful_count: i64,
    /// Times it was read.
    pub view_count: i64,
    /// The caller's vote, if they voted.
    pub your_vote: Option<bool>,
}

/// Markdown to preview.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"body": "Hold **Power** for ten seconds."})))]
#[serde(deny_unknown_fields)]
pub struct KbPreview {
    /// Markdown, as an article's body.
    pub body: String,
}

/// Markdown as readers would get it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KbRendered {
    /// Rendered, sanitised HTML.
    pub html: String,
}

/// A category of the knowledge base.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KbCategory {
    /// Its id (`kbc_…`).
    pub id: String,
    /// Its name.
    pub name: String,
    /// What it holds.
    pub description: Option<String>,
    /// The category it sits in; none for a top-level one.
    pub parent_id: Option<String>,
    /// Its place among its siblings (lowest first).
    pub position: i32,
    /// Live articles filed directly in it, in any state.
    pub article_count: i64,
    /// Of those, the published ones.
    pub published_count: i64,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// In the trash.
    pub deleted: bool,
    /// Its version, also its `ETag`.
    pub version: i64,
}

/// A new category.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"name": "Printers", "position": 1})))]
#[serde(deny_unknown_fields)]
pub struct CreateKbCategory {
    /// Its name (1 to 100 characters, one line).
    pub name: String,
    /// What it holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The category it sits in: not itself nor one of its own (422 `parent_cycle`), at most
    /// five levels deep (422 `too_deep`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    /// Its place among its siblings (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<i32>,
}

/// A change to a category; fields left out keep their value, `null` clears one.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"position": 2})))]
#[serde(deny_unknown_fields)]
pub struct UpdateKbCategory {
    /// A new name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A new description; `null` clears it.
    #[serde(default, skip_serializing_if = "crate::Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub description: Patch<String>,
    /// Another parent; `null` makes it a top-level category.
    #[serde(default, skip_serializing_if = "crate::Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub parent_id: Patch<String>,
    /// Another place among its siblings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<i32>,
}

/// The category list's own filters, beside [`crate::ListQuery`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct KbCategoryFilters {
    /// Directly in this category.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    /// `true`: only top-level categories.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub top_level: Option<bool>,
}

/// A search of the knowledge base.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct KbSearchQuery {
    /// The words to find; each must begin a word of the article (`print` finds "printer").
    /// At most 8 words count.
    pub q: String,
    /// draft, published or archived (default published).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// internal or public (default both).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visibility: Option<String>,
    /// In this language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Filed directly in this category.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category_id: Option<String>,
    /// How many, 1 to 50 (default 10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    /// How many of the best to skip, up to 500 (default 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<i64>,
}

/// Suggestions for a ticket being written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct KbSuggestQuery {
    /// The ticket's subject and text so far.
    pub text: String,
    /// In this language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// How many, 1 to 10 (default 5).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
}

/// An article a search found.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KbSearchHit {
    /// The article's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The passage of its text where the words were found, as HTML: the text escaped, the
    /// words found in `<mark>`.
    pub snippet: String,
    /// Its category.
    pub category_id: Option<String>,
    /// internal or public.
    pub visibility: String,
    /// draft, published or archived.
    pub status: String,
    /// Its language.
    pub language: String,
    /// Its labels.
    pub tags: Vec<String>,
    /// Readers who found it helpful.
    pub helpful_count: i64,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// Where customers read it, for a public, published article: the link to put in a reply.
    pub url: Option<String>,
}

/// What a search or suggestion found, best first.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KbSearchResults {
    /// The articles.
    pub items: Vec<KbSearchHit>,
    /// The words looked for, as the search read them.
    pub terms: Vec<String>,
    /// The `offset` of the next ones, when there may be more.
    pub next_offset: Option<i64>,
}
