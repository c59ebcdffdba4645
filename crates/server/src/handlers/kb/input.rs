//! What the knowledge-base routes read: articles and categories, their changes, the lists'
//! filters and a search's words.

use api_types::kb::{
    CreateKbArticle, CreateKbCategory, KbArticleFilters, KbCategoryFilters, KbSearchQuery,
    UpdateKbArticle, UpdateKbCategory,
};
use api_types::Patch;
use db::kb::search::SearchFilter;
use db::kb::{Article, ArticleFilter, ArticleText, Category, CategoryFilter};
use domain::kb::{
    ArticleFields, ArticleStatus, ArticleVisibility, CategoryFields, Language, MAX_CATEGORY_NAME,
    MAX_DESCRIPTION,
};
use domain::text::{self, Tag};
use domain::{FieldError, KbCategoryId, UserId, Violations};

use crate::auth::Principal;
use crate::error::ApiError;
use crate::markdown;

/// The language of an article that names none.
const DEFAULT_LANGUAGE: &str = "en";

/// `fields` as written by `by`: rendered for readers, and the words search finds.
pub fn written(fields: ArticleFields, by: UserId) -> ArticleText {
    let body_html = markdown::to_html(&fields.body);
    let body_words = text::search_words([Some(markdown::to_text(&fields.body).as_str())]);
    ArticleText {
        fields,
        body_html,
        body_words,
        by: Some(by),
    }
}

fn category(v: &mut Violations, pointer: &str, raw: &str) -> Option<KbCategoryId> {
    v.check(KbCategoryId::parse(pointer, raw))
}

/// Checks a new article.
pub(super) fn parse_article(body: CreateKbArticle) -> Result<ArticleFields, ApiError> {
    let mut v = Violations::new();
    let title = v.check(ArticleFields::title(&body.title));
    let text = v.check(ArticleFields::body(&body.body));
    let category_id = body
        .category_id
        .as_deref()
        .and_then(|c| category(&mut v, "/category_id", c));
    let tags = v.check(Tag::parse_list(
        "/tags",
        body.tags.as_deref().unwrap_or_default(),
    ));
    let visibility = v.check(ArticleVisibility::parse(
        "/visibility",
        body.visibility.as_deref().unwrap_or("internal"),
    ));
    let status = v.check(ArticleStatus::parse(
        "/status",
        body.status.as_deref().unwrap_or("draft"),
    ));
    let language = v.check(Language::parse(
        "/language",
        body.language.as_deref().unwrap_or(DEFAULT_LANGUAGE),
    ));
    v.finish(|| {
        Some(ArticleFields {
            title: title?,
            body: text?,
            category_id,
            tags: tags?,
            visibility: visibility?,
            status: status?,
            language: language?,
        })
    })
    .map_err(ApiError::from)
}

/// `current` with `patch` applied, checked as a new article would be.
pub(super) fn merge_article(
    current: &Article,
    patch: UpdateKbArticle,
    p: &Principal,
) -> Result<ArticleText, ApiError> {
    let mut v = Violations::new();
    let mut f = current.fields.clone();
    if let Some(title) = patch.title.as_deref() {
        f.title = v.check(ArticleFields::title(title)).unwrap_or(f.title);
    }
    if let Some(body) = patch.body.as_deref() {
        f.body = v.check(ArticleFields::body(body)).unwrap_or(f.body);
    }
    match &patch.category_id {
        Patch::Absent => {}
        Patch::Null => f.category_id = None,
        Patch::Value(c) => f.category_id = category(&mut v, "/category_id", c).or(f.category_id),
    }
    if let Some(tags) = &patch.tags {
        if let Some(tags) = v.check(Tag::parse_list("/tags", tags)) {
            f.tags = tags;
        }
    }
    if let Some(s) = patch.visibility.as_deref() {
        f.visibility = v
            .check(ArticleVisibility::parse("/visibility", s))
            .unwrap_or(f.visibility);
    }
    if let Some(s) = patch.status.as_deref() {
        f.status = v
            .check(ArticleStatus::parse("/status", s))
            .unwrap_or(f.status);
    }
    if let Some(l) = patch.language.as_deref() {
        if let Some(l) = v.check(Language::parse("/language", l)) {
            f.language = l;
        }
    }
    v.finish(|| Some(()))?;
    Ok(written(f, p.user))
}

/// Checks a new category.
pub(super) fn parse_category(body: CreateKbCategory) -> Result<CategoryFields, ApiError> {
    let mut v = Violations::new();
    let name = v.check(text::one_line("/name", &body.name, MAX_CATEGORY_NAME));
    let description = body.description.as_deref().and_then(|d| {
        v.check(text::optional("/description", d, MAX_DESCRIPTION))
            .flatten()
    });
    let parent_id = body
        .parent_id
        .as_deref()
        .and_then(|c| category(&mut v, "/parent_id", c));
    v.finish(|| {
        Some(CategoryFields {
            name: name?,
            description,
            parent_id,
            position: body.position.unwrap_or(0),
        })
    })
    .map_err(ApiError::from)
}

/// `current` with `patch` applied.
pub(super) fn merge_category(
    current: &Category,
    patch: UpdateKbCategory,
    _: &Principal,
) -> Result<CategoryFields, ApiError> {
    let mut v = Violations::new();
    let mut f = current.fields.clone();
    if let Some(name) = patch.name.as_deref() {
        if let Some(name) = v.check(text::one_line("/name", name, MAX_CATEGORY_NAME)) {
            f.name = name;
        }
    }
    match &patch.description {
        Patch::Absent => {}
        Patch::Null => f.description = None,
        Patch::Value(d) => {
            if let Some(d) = v.check(text::optional("/description", d, MAX_DESCRIPTION)) {
                f.description = d;
            }
        }
    }
    match &patch.parent_id {
        Patch::Absent => {}
        Patch::Null => f.parent_id = None,
        Patch::Value(c) => f.parent_id = category(&mut v, "/parent_id", c).or(f.parent_id),
    }
    if let Some(position) = patch.position {
        f.position = position;
    }
    v.finish(|| Some(()))?;
    Ok(f)
}

fn invalid_parameters(v: Violations) -> ApiError {
    ApiError::InvalidParameters(v.into_errors())
}

pub(super) fn article_filter(f: &KbArticleFilters) -> Result<ArticleFilter, ApiError> {
    let mut v = Violations::new();
    let filter = ArticleFilter {
        category_id: v.check_opt(f.category_id.as_deref(), |c| {
            KbCategoryId::parse("/query/category_id", c)
        }),
        uncategorized: f.uncategorized == Some(true),
        status: v.check_opt(f.status.as_deref(), |s| {
            ArticleStatus::parse("/query/status", s)
        }),
        visibility: v.check_opt(f.visibility.as_deref(), |s| {
            ArticleVisibility::parse("/query/visibility", s)
        }),
        language: v.check_opt(f.language.as_deref(), |l| {
            Language::parse("/query/language", l)
        }),
        tag: v.check_opt(f.tag.as_deref(), |t| Tag::parse("/query/tag", t)),
    };
    if v.is_empty() {
        Ok(filter)
    } else {
        Err(invalid_parameters(v))
    }
}

pub(super) fn category_filter(f: &KbCategoryFilters) -> Result<CategoryFilter, ApiError> {
    let mut v = Violations::new();
    let filter = CategoryFilter {
        parent_id: v.check_opt(f.parent_id.as_deref(), |c| {
            KbCategoryId::parse("/query/parent_id", c)
        }),
        top_level: f.top_level == Some(true),
    };
    if v.is_empty() {
        Ok(filter)
    } else {
        Err(invalid_parameters(v))
    }
}

/// The most a search answers at once, and the furthest it pages.
pub(super) const MAX_LIMIT: i64 = 50;
pub(super) const MAX_OFFSET: i64 = 500;

/// The search's filter and page: published articles unless another status is named.
pub(crate) fn search_filter(q: &KbSearchQuery) -> Result<(SearchFilter, (i64, i64)), ApiError> {
    let mut v = Violations::new();
    let status = v
        .check_opt(q.status.as_deref(), |s| {
            ArticleStatus::parse("/query/status", s)
        })
        .unwrap_or(ArticleStatus::Published);
    let filter = SearchFilter {
        statuses: vec![status],
        visibility: v.check_opt(q.visibility.as_deref(), |s| {
            ArticleVisibility::parse("/query/visibility", s)
        }),
        language: v.check_opt(q.language.as_deref(), |l| {
            Language::parse("/query/language", l)
        }),
        category_id: v.check_opt(q.category_id.as_deref(), |c| {
            KbCategoryId::parse("/query/category_id", c)
        }),
    };
    let limit = q.limit.unwrap_or(10);
    if !(1..=MAX_LIMIT).contains(&limit) {
        v.push(FieldError::new(
            "/query/limit",
            "out_of_range",
            format!("from 1 to {MAX_LIMIT}"),
        ));
    }
    let offset = q.offset.unwrap_or(0);
    if !(0..=MAX_OFFSET).contains(&offset) {
        v.push(FieldError::new(
            "/query/offset",
            "out_of_range",
            format!("from 0 to {MAX_OFFSET}"),
        ));
    }
    if v.is_empty() {
        Ok((filter, (limit, offset)))
    } else {
        Err(invalid_parameters(v))
    }
}
