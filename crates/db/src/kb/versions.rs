//! What each version of an article said, and who wrote it: the article's history, from which
//! an earlier version can be brought back.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::kb::ArticleFields;
use domain::{KbArticleId, OrgId, UserId};

use crate::connection::AnyConnection;
use crate::convert::{bytes, from_db, opt_id, to_db};
use crate::error::Result;
use crate::schema::kb_article_versions as versions;

use super::articles::{stored_fields, tags_json, ArticleText};

/// How many versions a history shows, latest first.
pub const MAX_SHOWN: i64 = 500;

/// One version of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleVersion {
    /// The article's version it was.
    pub version: i64,
    /// What it said.
    pub fields: ArticleFields,
    /// Who wrote it.
    pub written_by: Option<UserId>,
    /// When.
    pub written_at: DateTime<Utc>,
}

type VersionRow = (
    i64,
    String,
    String,
    Option<Vec<u8>>,
    String,
    String,
    String,
    String,
    Option<Vec<u8>>,
    NaiveDateTime,
);

const COLUMNS: (
    versions::version,
    versions::title,
    versions::body,
    versions::category_id,
    versions::tags,
    versions::visibility,
    versions::status,
    versions::language,
    versions::written_by,
    versions::written_at,
) = (
    versions::version,
    versions::title,
    versions::body,
    versions::category_id,
    versions::tags,
    versions::visibility,
    versions::status,
    versions::language,
    versions::written_by,
    versions::written_at,
);

fn to_version(row: VersionRow) -> Result<ArticleVersion> {
    let (version, title, body, category, tags, visibility, status, language, by, at) = row;
    Ok(ArticleVersion {
        version,
        fields: stored_fields(
            (title, body, category),
            (&tags, &visibility, &status, &language),
        )?,
        written_by: opt_id(by.as_ref()),
        written_at: from_db(at),
    })
}

/// Keeps what version `version` of `article` says.
pub(super) fn add(
    conn: &mut AnyConnection,
    org: OrgId,
    article: KbArticleId,
    version: i64,
    text: &ArticleText,
    now: DateTime<Utc>,
) -> Result<()> {
    let f = &text.fields;
    diesel::insert_into(versions::table)
        .values((
            versions::org_id.eq(bytes(&org)),
            versions::article_id.eq(bytes(&article)),
            versions::version.eq(version),
            versions::title.eq(&f.title),
            versions::body.eq(&f.body),
            versions::category_id.eq(f.category_id.as_ref().map(bytes)),
            versions::tags.eq(tags_json(&f.tags)?),
            versions::visibility.eq(f.visibility.as_str()),
            versions::status.eq(f.status.as_str()),
            versions::language.eq(f.language.as_str()),
            versions::written_by.eq(text.by.as_ref().map(bytes)),
            versions::written_at.eq(to_db(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// The versions of an article, latest first, at most [`MAX_SHOWN`].
pub fn list(
    conn: &mut AnyConnection,
    org: OrgId,
    article: KbArticleId,
) -> Result<Vec<ArticleVersion>> {
    let rows: Vec<VersionRow> = versions::table
        .filter(versions::org_id.eq(bytes(&org)))
        .filter(versions::article_id.eq(bytes(&article)))
        .order(versions::version.desc())
        .limit(MAX_SHOWN)
        .select(COLUMNS)
        .load(conn)?;
    rows.into_iter().map(to_version).collect()
}

/// One version of an article ([`crate::Error::NotFound`] when it has no such version).
pub fn get(
    conn: &mut AnyConnection,
    org: OrgId,
    article: KbArticleId,
    version: i64,
) -> Result<ArticleVersion> {
    let row: VersionRow = versions::table
        .filter(versions::org_id.eq(bytes(&org)))
        .filter(versions::article_id.eq(bytes(&article)))
        .filter(versions::version.eq(version))
        .select(COLUMNS)
        .first(conn)?;
    to_version(row)
}
