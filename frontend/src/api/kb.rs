//! The knowledge base: articles, categories, search and suggestions.

use api_types::kb::{
    CreateKbArticle, CreateKbCategory, KbArticle, KbArticleVersionSummary, KbArticleVersions,
    KbCategory, KbCategoryFilters, KbFeedback, KbPreview, KbRendered, KbSearchQuery,
    KbSearchResults, KbSuggestQuery, KbVote, UpdateKbArticle, UpdateKbCategory,
};
use api_types::Page;

use super::{call, get, query_string, ApiError, Resource, Session};

impl Resource for KbCategory {
    const PATH: &'static str = "kb/categories";
    const KIND: &'static str = "category";
    const TITLE: &'static str = "Categories";
    const WRITE: domain::Permission = domain::Permission::WriteKnowledge;
    type Create = CreateKbCategory;
    type Update = UpdateKbCategory;
    type Filters = KbCategoryFilters;

    fn id(&self) -> &str {
        &self.id
    }

    /// A category says only whether it is in the trash; it was put there when last changed.
    fn deleted_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.deleted.then_some(self.updated_at)
    }

    fn title(&self) -> String {
        self.name.clone()
    }

    /// Categories have no page of their own: they are edited on the tree's.
    fn page_of(_: &str) -> String {
        "/kb/categories".to_owned()
    }
}

/// Every category of the organization, in their editors' order (a page at a time).
pub async fn categories(session: &Session) -> Result<Vec<KbCategory>, ApiError> {
    let mut all = Vec::new();
    let mut path = "/api/v1/kb/categories?limit=100".to_owned();
    loop {
        let page: Page<KbCategory> = get(session, &path).await?.body;
        all.extend(page.items);
        match page.next_cursor {
            Some(cursor) => {
                let cursor = js_sys::encode_uri_component(&cursor);
                path = format!("/api/v1/kb/categories?limit=100&cursor={cursor}");
            }
            None => return Ok(all),
        }
    }
}

/// The latest articles of a category (all when none), any status.
pub async fn articles(
    session: &Session,
    category: Option<&str>,
) -> Result<Vec<KbArticle>, ApiError> {
    let path = match category {
        Some(c) => format!("/api/v1/kb/articles?category_id={c}&limit=100"),
        None => "/api/v1/kb/articles?limit=100".to_owned(),
    };
    let page: Page<KbArticle> = get(session, &path).await?.body;
    Ok(page.items)
}

/// One article.
pub async fn article(session: &Session, id: &str) -> Result<KbArticle, ApiError> {
    Ok(get(session, &format!("/api/v1/kb/articles/{id}"))
        .await?
        .body)
}

/// Writes a new article.
pub async fn create(session: &Session, new: &CreateKbArticle) -> Result<KbArticle, ApiError> {
    Ok(
        call(session, "POST", "/api/v1/kb/articles", Some(new), None)
            .await?
            .body,
    )
}

/// Changes an article read at `version` (412 when it changed since).
pub async fn update(
    session: &Session,
    id: &str,
    version: i64,
    change: &UpdateKbArticle,
) -> Result<KbArticle, ApiError> {
    let path = format!("/api/v1/kb/articles/{id}");
    let etag = format!("\"{version}\"");
    Ok(call(session, "PATCH", &path, Some(change), Some(&etag))
        .await?
        .body)
}

/// Published articles with all of `q`'s words, best first.
pub async fn search(session: &Session, q: &str) -> Result<KbSearchResults, ApiError> {
    let query = KbSearchQuery {
        q: q.to_owned(),
        limit: Some(20),
        ..KbSearchQuery::default()
    };
    let path = format!("/api/v1/kb/search{}", query_string(&query, &()));
    Ok(get(session, &path).await?.body)
}

/// The longest text a suggestion is looked up by: a query parameter's most.
const MAX_SUGGESTION_TEXT: usize = 500;

/// What suggestions are looked up by for a ticket saying `text`: its line breaks read as
/// spaces, its beginning as much as a query takes.
pub fn suggestion_text(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(MAX_SUGGESTION_TEXT)
        .collect()
}

/// Published articles that may answer a ticket saying `text` (see [`suggestion_text`]).
pub async fn suggest(session: &Session, text: &str) -> Result<KbSearchResults, ApiError> {
    let query = KbSuggestQuery {
        text: suggestion_text(text),
        ..KbSuggestQuery::default()
    };
    let path = format!("/api/v1/kb/suggest{}", query_string(&query, &()));
    Ok(get(session, &path).await?.body)
}

/// An article's versions, latest first.
pub async fn versions(
    session: &Session,
    id: &str,
) -> Result<Vec<KbArticleVersionSummary>, ApiError> {
    let versions: KbArticleVersions = get(session, &format!("/api/v1/kb/articles/{id}/versions"))
        .await?
        .body;
    Ok(versions.items)
}

/// Brings back what `version` said, as a new version.
pub async fn restore_version(
    session: &Session,
    id: &str,
    version: i64,
) -> Result<KbArticle, ApiError> {
    let path = format!("/api/v1/kb/articles/{id}/versions/{version}/restore");
    Ok(call(session, "POST", &path, None::<&()>, None).await?.body)
}

/// What readers made of an article, with the user's own vote.
pub async fn feedback(session: &Session, id: &str) -> Result<KbFeedback, ApiError> {
    Ok(get(session, &format!("/api/v1/kb/articles/{id}/feedback"))
        .await?
        .body)
}

/// The user's vote on an article (`None` takes it back).
pub async fn vote(
    session: &Session,
    id: &str,
    helpful: Option<bool>,
) -> Result<KbFeedback, ApiError> {
    let path = format!("/api/v1/kb/articles/{id}/feedback");
    Ok(call(session, "PUT", &path, Some(&KbVote { helpful }), None)
        .await?
        .body)
}

/// Counts a read of an article.
pub async fn count_view(session: &Session, id: &str) -> Result<(), ApiError> {
    let path = format!("/api/v1/kb/articles/{id}/views");
    call::<()>(session, "POST", &path, None::<&()>, None).await?;
    Ok(())
}

/// Markdown as readers would get it.
pub async fn preview(session: &Session, body: &str) -> Result<String, ApiError> {
    let rendered: KbRendered = call(
        session,
        "POST",
        "/api/v1/kb/preview",
        Some(&KbPreview {
            body: body.to_owned(),
        }),
        None,
    )
    .await?
    .body;
    Ok(rendered.html)
}
