//! What readers make of articles: one helpful-or-not vote each, and a count of reads. Neither
//! changes an article's version: they are not what it says.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use domain::{KbArticleId, OrgId};

use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, to_db};
use crate::error::{Error, Result};
use crate::record;
use crate::schema::{kb_article_votes as votes, kb_articles};

use super::{Article, Feedback};

/// Records `voter`'s vote on a live article (`None` takes it back; a second vote replaces the
/// first) and answers the article's counts with the vote now standing.
pub fn vote(
    conn: &mut AnyConnection,
    org: OrgId,
    article: KbArticleId,
    voter: &[u8],
    helpful: Option<bool>,
    now: DateTime<Utc>,
) -> Result<Feedback> {
    write_transaction(conn, |conn| {
        if record::lock::<Article>(conn, org, article)?.deleted {
            return Err(Error::NotFound);
        }
        let this = votes::table
            .filter(votes::org_id.eq(bytes(&org)))
            .filter(votes::article_id.eq(bytes(&article)))
            .filter(votes::voter_id.eq(voter));
        diesel::delete(this).execute(conn)?;
        if let Some(helpful) = helpful {
            diesel::insert_into(votes::table)
                .values((
                    votes::org_id.eq(bytes(&org)),
                    votes::article_id.eq(bytes(&article)),
                    votes::voter_id.eq(voter),
                    votes::helpful.eq(helpful),
                    votes::voted_at.eq(to_db(now)),
                ))
                .execute(conn)?;
        }
        let counted: Vec<(bool, i64)> = votes::table
            .filter(votes::org_id.eq(bytes(&org)))
            .filter(votes::article_id.eq(bytes(&article)))
            .group_by(votes::helpful)
            .select((votes::helpful, diesel::dsl::count_star()))
            .load(conn)?;
        let count = |h: bool| counted.iter().find(|(k, _)| *k == h).map_or(0, |(_, n)| *n);
        let (helpful, unhelpful) = (count(true), count(false));
        let views: i64 = diesel::update(kb_articles::table)
            .filter(kb_articles::org_id.eq(bytes(&org)))
            .filter(kb_articles::id.eq(bytes(&article)))
            .set((
                kb_articles::helpful_count.eq(helpful),
                kb_articles::unhelpful_count.eq(unhelpful),
            ))
            .returning(kb_articles::view_count)
            .get_result(conn)?;
        Ok(Feedback {
            helpful,
            unhelpful,
            views,
        })
    })
}

/// How `voter` voted on an article, if they did.
pub fn vote_of(
    conn: &mut AnyConnection,
    org: OrgId,
    article: KbArticleId,
    voter: &[u8],
) -> Result<Option<bool>> {
    Ok(votes::table
        .filter(votes::org_id.eq(bytes(&org)))
        .filter(votes::article_id.eq(bytes(&article)))
        .filter(votes::voter_id.eq(voter))
        .select(votes::helpful)
        .first(conn)
        .optional()?)
}

/// Counts one read of a live article. The commit does not wait for the disk: a read lost in
/// a crash does no harm.
pub fn record_view(conn: &mut AnyConnection, org: OrgId, article: KbArticleId) -> Result<()> {
    let counted = crate::connection::write_transaction_without_waiting(conn, |conn| {
        diesel::update(kb_articles::table)
            .filter(kb_articles::org_id.eq(bytes(&org)))
            .filter(kb_articles::id.eq(bytes(&article)))
            .filter(kb_articles::deleted_at.is_null())
            .set(kb_articles::view_count.eq(kb_articles::view_count + 1))
            .execute(conn)
    })?;
    if counted == 1 {
        Ok(())
    } else {
        Err(Error::NotFound)
    }
}
