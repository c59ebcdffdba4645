//! Knowledge-base articles: each write keeps what the version said (see [`super::versions`]),
//! the words search finds it by, and its tags' side table.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::id::kind;
use domain::kb::{ArticleFields, ArticleStatus, ArticleVisibility, Language};
use domain::text::Tag;
use domain::{KbArticleId, KbCategoryId, OrgId, UserId};

use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, from_db, id, opt_id, to_db};
use crate::error::{Error, Result};
use crate::list::{self, KeyValue, ListParams, Page, Positioned, SortKey, Sorts};
use crate::record::{self, at_version, Record, Store};
use crate::references::{self, Reference};
use crate::schema::{kb_article_tags, kb_articles, kb_categories};
use crate::side::{self, SideTable};
use crate::tags;

use super::categories::lock_tree;
use super::versions;

const TAGS: SideTable = SideTable {
    table: "kb_article_tags",
    owner: "article_id",
    value: "tag",
};

/// What readers made of an article.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Feedback {
    /// Readers who found it helpful.
    pub helpful: i64,
    /// Readers who did not.
    pub unhelpful: i64,
    /// Times it was read.
    pub views: i64,
}

/// A stored article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Its id.
    pub id: KbArticleId,
    /// What it says.
    pub fields: ArticleFields,
    /// Its body as readers get it: rendered, sanitised HTML.
    pub body_html: String,
    /// What readers made of it.
    pub feedback: Feedback,
    /// First published.
    pub published_at: Option<DateTime<Utc>>,
    /// Who wrote it first.
    pub created_by: Option<UserId>,
    /// Who wrote its latest version.
    pub updated_by: Option<UserId>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// In the trash.
    pub deleted: bool,
    /// Version.
    pub version: i64,
}

/// A version of an article as it is written: its fields, their rendering, and who wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleText {
    /// The fields.
    pub fields: ArticleFields,
    /// The body rendered to sanitised HTML.
    pub body_html: String,
    /// The body's words as search finds them.
    pub body_words: String,
    /// Who wrote it.
    pub by: Option<UserId>,
}

/// Latest change first by default; also by title and by creation.
pub const SORTS: Sorts = Sorts {
    options: &[
        ("updated_at", SortKey::Updated),
        ("title", SortKey::Name),
        ("created_at", SortKey::Created),
    ],
    default: (SortKey::Updated, true),
};

#[derive(Queryable, Selectable)]
#[diesel(table_name = kb_articles)]
pub(super) struct ArticleRow {
    id: Vec<u8>,
    title: String,
    name_key: String,
    body: String,
    body_html: String,
    category_id: Option<Vec<u8>>,
    tags: String,
    visibility: String,
    status: String,
    language: String,
    helpful_count: i64,
    unhelpful_count: i64,
    view_count: i64,
    published_at: Option<NaiveDateTime>,
    created_by: Option<Vec<u8>>,
    updated_by: Option<Vec<u8>>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    deleted_at: Option<NaiveDateTime>,
    version: i64,
}

impl Positioned for ArticleRow {
    fn id_bytes(&self) -> &[u8] {
        &self.id
    }

    fn key(&self, key: SortKey) -> KeyValue {
        match key {
            SortKey::Name => KeyValue::Text(self.name_key.clone()),
            SortKey::Updated => KeyValue::Time(self.updated_at),
            _ => KeyValue::None,
        }
    }
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = kb_articles, treat_none_as_null = true)]
struct ArticleValues<'a> {
    title: &'a str,
    name_key: String,
    body: &'a str,
    body_html: &'a str,
    category_id: Option<Vec<u8>>,
    tags: String,
    visibility: &'static str,
    status: &'static str,
    language: &'a str,
    search_title: String,
    search_body: &'a str,
    updated_by: Option<Vec<u8>>,
}

impl<'a> ArticleValues<'a> {
    fn of(text: &'a ArticleText) -> Result<Self> {
        let f = &text.fields;
        Ok(ArticleValues {
            title: &f.title,
            name_key: domain::text::sort_key(&f.title),
            body: &f.body,
            body_html: &text.body_html,
            category_id: f.category_id.as_ref().map(bytes),
            tags: tags_json(&f.tags)?,
            visibility: f.visibility.as_str(),
            status: f.status.as_str(),
            language: f.language.as_str(),
            search_title: f.title_words(),
            search_body: &text.body_words,
            updated_by: text.by.as_ref().map(bytes),
        })
    }
}

pub(super) fn tags_json(tags: &[Tag]) -> Result<String> {
    let names: Vec<String> = tags.iter().map(|t| t.as_str().to_owned()).collect();
    tags::to_json(&names)
}

/// Tags as stored (each was valid when written).
pub(super) fn tags_from_json(text: &str) -> Vec<Tag> {
    tags::from_json(text)
        .iter()
        .filter_map(|t| Tag::parse("", t).ok())
        .collect()
}

/// The fields of a stored row.
pub(super) fn stored_fields(
    (title, body, category): (String, String, Option<Vec<u8>>),
    (tags, visibility, status, language): (&str, &str, &str, &str),
) -> Result<ArticleFields> {
    let stored =
        |what: &str, e: domain::FieldError| Error::Other(format!("stored article {what}: {e}"));
    Ok(ArticleFields {
        title,
        body,
        category_id: opt_id(category.as_ref()),
        tags: tags_from_json(tags),
        visibility: ArticleVisibility::parse("", visibility)
            .map_err(|e| stored("visibility", e))?,
        status: ArticleStatus::parse("", status).map_err(|e| stored("status", e))?,
        language: Language::parse("", language).map_err(|e| stored("language", e))?,
    })
}

pub(super) fn to_article(row: ArticleRow) -> Result<Article> {
    let fields = stored_fields(
        (row.title, row.body, row.category_id),
        (&row.tags, &row.visibility, &row.status, &row.language),
    )?;
    Ok(Article {
        id: id(&row.id),
        fields,
        body_html: row.body_html,
        feedback: Feedback {
            helpful: row.helpful_count,
            unhelpful: row.unhelpful_count,
            views: row.view_count,
        },
        published_at: row.published_at.map(from_db),
        created_by: opt_id(row.created_by.as_ref()),
        updated_by: opt_id(row.updated_by.as_ref()),
        created_at: from_db(row.created_at),
        updated_at: from_db(row.updated_at),
        deleted: row.deleted_at.is_some(),
        version: row.version,
    })
}

/// Reads the articles of `ids` that are in the organization, in no particular order.
pub(super) fn read_many(
    conn: &mut AnyConnection,
    org: OrgId,
    ids: &[Vec<u8>],
) -> Result<Vec<Article>> {
    let rows: Vec<ArticleRow> = kb_articles::table
        .filter(kb_articles::org_id.eq(bytes(&org)))
        .filter(kb_articles::id.eq_any(ids))
        .select(ArticleRow::as_select())
        .load(conn)?;
    rows.into_iter().map(to_article).collect()
}

/// Checks the category an article is filed in is live, under the category tree's lock, so
/// that it cannot be deleted meanwhile.
fn check_category(
    conn: &mut AnyConnection,
    org: OrgId,
    category: Option<KbCategoryId>,
) -> Result<()> {
    match category {
        Some(c) => {
            lock_tree(conn, org)?;
            references::check(
                conn,
                org,
                &[Reference::live("category_id", "kb_categories", &c)],
            )
        }
        None => Ok(()),
    }
}

impl Record for Article {
    type Kind = kind::KbArticle;
    const TABLE: &'static str = "kb_articles";

    fn read(conn: &mut AnyConnection, org: OrgId, article: KbArticleId) -> Result<Self> {
        let row: ArticleRow = kb_articles::table
            .filter(kb_articles::org_id.eq(bytes(&org)))
            .filter(kb_articles::id.eq(bytes(&article)))
            .select(ArticleRow::as_select())
            .first(conn)?;
        to_article(row)
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn is_deleted(&self) -> bool {
        self.deleted
    }

    /// An article restored while its category is in the trash comes back filed in none.
    fn trash(
        conn: &mut AnyConnection,
        org: OrgId,
        article: KbArticleId,
        expected: Option<i64>,
        deleted: bool,
        now: DateTime<Utc>,
    ) -> Result<()> {
        write_transaction(conn, |conn| {
            lock_tree(conn, org)?;
            record::set_deleted::<Article>(conn, org, article, expected, deleted, now, |conn| {
                if deleted {
                    return Ok(());
                }
                let live_categories = kb_categories::table
                    .filter(kb_categories::org_id.eq(bytes(&org)))
                    .filter(kb_categories::deleted_at.is_null())
                    .select(kb_categories::id);
                diesel::update(kb_articles::table)
                    .filter(kb_articles::org_id.eq(bytes(&org)))
                    .filter(kb_articles::id.eq(bytes(&article)))
                    .filter(kb_articles::category_id.is_not_null())
                    .filter(diesel::dsl::not(
                        kb_articles::category_id
                            .assume_not_null()
                            .eq_any(live_categories),
                    ))
                    .set(kb_articles::category_id.eq(None::<Vec<u8>>))
                    .execute(conn)?;
                Ok(())
            })
            .map(|_| ())
        })
    }
}

/// When an article was first published, once `status` is reached at `now`.
fn published_at(
    before: Option<DateTime<Utc>>,
    status: ArticleStatus,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    before.or((status == ArticleStatus::Published).then_some(now))
}

impl Store for Article {
    type Fields = ArticleText;

    fn write(
        conn: &mut AnyConnection,
        org: OrgId,
        current: &Self,
        text: &ArticleText,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        let f = &text.fields;
        if f.category_id != current.fields.category_id {
            check_category(conn, org, f.category_id)?;
        }
        let written = diesel::update(kb_articles::table)
            .filter(at_version(org, current.id, current.version))
            .set((
                ArticleValues::of(text)?,
                kb_articles::published_at
                    .eq(published_at(current.published_at, f.status, now).map(to_db)),
                kb_articles::updated_at.eq(to_db(now)),
                kb_articles::version.eq(current.version + 1),
            ))
            .execute(conn)?;
        if written == 1 {
            let names = |tags: &[Tag]| -> Vec<String> {
                tags.iter().map(|t| t.as_str().to_owned()).collect()
            };
            side::sync(
                conn,
                TAGS,
                org,
                &bytes(&current.id),
                &names(&current.fields.tags),
                &names(&f.tags),
            )?;
            versions::add(conn, org, current.id, current.version + 1, text, now)?;
        }
        Ok(written)
    }

    fn updated(
        _conn: &mut AnyConnection,
        _org: OrgId,
        current: Self,
        text: ArticleText,
        now: DateTime<Utc>,
    ) -> Result<Self> {
        Ok(Article {
            published_at: published_at(current.published_at, text.fields.status, now),
            fields: text.fields,
            body_html: text.body_html,
            updated_by: text.by,
            updated_at: now,
            version: current.version + 1,
            ..current
        })
    }
}

/// Writes a new article, its first version kept.
pub fn create(
    conn: &mut AnyConnection,
    org: OrgId,
    text: &ArticleText,
    now: DateTime<Utc>,
) -> Result<Article> {
    let article = KbArticleId::mint();
    let f = &text.fields;
    write_transaction(conn, |conn| {
        check_category(conn, org, f.category_id)?;
        let search_key = super::search::next_key(conn)?;
        let published = published_at(None, f.status, now);
        diesel::insert_into(kb_articles::table)
            .values((
                kb_articles::org_id.eq(bytes(&org)),
                kb_articles::id.eq(bytes(&article)),
                kb_articles::search_key.eq(search_key),
                ArticleValues::of(text)?,
                kb_articles::published_at.eq(published.map(to_db)),
                kb_articles::created_by.eq(text.by.as_ref().map(bytes)),
                kb_articles::created_at.eq(to_db(now)),
                kb_articles::updated_at.eq(to_db(now)),
                kb_articles::version.eq(1_i64),
            ))
            .execute(conn)?;
        let tags: std::collections::BTreeSet<String> =
            f.tags.iter().map(|t| t.as_str().to_owned()).collect();
        side::add(conn, TAGS, org, &bytes(&article), &tags)?;
        versions::add(conn, org, article, 1, text, now)?;
        Ok(Article {
            id: article,
            fields: f.clone(),
            body_html: text.body_html.clone(),
            feedback: Feedback::default(),
            published_at: published,
            created_by: text.by,
            updated_by: text.by,
            created_at: now,
            updated_at: now,
            deleted: false,
            version: 1,
        })
    })
}

/// Filters of the article list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleFilter {
    /// Filed directly in this category.
    pub category_id: Option<KbCategoryId>,
    /// Filed in no category.
    pub uncategorized: bool,
    /// In this state.
    pub status: Option<ArticleStatus>,
    /// For these readers.
    pub visibility: Option<ArticleVisibility>,
    /// In this language.
    pub language: Option<Language>,
    /// With this tag.
    pub tag: Option<Tag>,
}

/// One page of articles.
pub fn list(
    conn: &mut AnyConnection,
    org: OrgId,
    filter: &ArticleFilter,
    params: &ListParams,
) -> Result<Page<Article>> {
    let build = || {
        let mut q = kb_articles::table
            .filter(kb_articles::org_id.eq(bytes(&org)))
            .select(ArticleRow::as_select())
            .into_boxed();
        if let Some(category) = &filter.category_id {
            q = q.filter(kb_articles::category_id.eq(bytes(category)));
        }
        if filter.uncategorized {
            q = q.filter(kb_articles::category_id.is_null());
        }
        if let Some(status) = filter.status {
            q = q.filter(kb_articles::status.eq(status.as_str()));
        }
        if let Some(visibility) = filter.visibility {
            q = q.filter(kb_articles::visibility.eq(visibility.as_str()));
        }
        if let Some(language) = &filter.language {
            q = q.filter(kb_articles::language.eq(language.as_str().to_owned()));
        }
        if let Some(tag) = &filter.tag {
            let tagged = kb_article_tags::table
                .filter(kb_article_tags::org_id.eq(bytes(&org)))
                .filter(kb_article_tags::tag.eq(tag.as_str().to_owned()))
                .select(kb_article_tags::article_id);
            q = q.filter(kb_articles::id.eq_any(tagged));
        }
        q
    };
    list::load_page::<Article, _, _>(conn, build, None, params)?.try_map(to_article)
}

/// A public, published, live article of any organization, by its id alone: what customers
/// read on the help pages ([`Error::NotFound`] for any other).
pub fn public(conn: &mut AnyConnection, article: KbArticleId) -> Result<Article> {
    let row: ArticleRow = kb_articles::table
        .filter(kb_articles::id.eq(bytes(&article)))
        .filter(kb_articles::visibility.eq(ArticleVisibility::Public.as_str()))
        .filter(kb_articles::status.eq(ArticleStatus::Published.as_str()))
        .filter(kb_articles::deleted_at.is_null())
        .select(ArticleRow::as_select())
        .first(conn)?;
    to_article(row)
}
