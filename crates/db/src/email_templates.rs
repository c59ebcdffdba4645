//! The wording an organization gave its mail; a kind it did not write uses the default.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::outbound::{Template, TemplateKind};
use domain::OrgId;

use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, from_db, to_db};
use crate::error::{Error, Result};
use crate::schema::email_templates;

/// A kind's template, the organization's own or the default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailTemplate {
    /// Its kind.
    pub kind: TemplateKind,
    /// The wording.
    pub template: Template,
    /// Whether the organization wrote it (otherwise it is the default).
    pub customized: bool,
    /// When the organization last changed it.
    pub updated_at: Option<DateTime<Utc>>,
    /// Optimistic-concurrency version (0 for the default).
    pub version: i64,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = email_templates)]
struct Row {
    kind: String,
    subject: String,
    body_text: String,
    body_html: String,
    updated_at: NaiveDateTime,
    version: i64,
}

fn from_row(kind: TemplateKind, row: Option<Row>) -> EmailTemplate {
    match row {
        Some(row) => EmailTemplate {
            kind,
            template: Template {
                subject: row.subject,
                body_text: row.body_text,
                body_html: row.body_html,
            },
            customized: true,
            updated_at: Some(from_db(row.updated_at)),
            version: row.version,
        },
        None => EmailTemplate {
            kind,
            template: kind.default_template(),
            customized: false,
            updated_at: None,
            version: 0,
        },
    }
}

/// Every kind's template, in the editor's order.
pub fn list(conn: &mut AnyConnection, org: OrgId) -> Result<Vec<EmailTemplate>> {
    let mut rows: Vec<Row> = email_templates::table
        .filter(email_templates::org_id.eq(bytes(&org)))
        .select(Row::as_select())
        .load(conn)?;
    Ok(TemplateKind::ALL
        .into_iter()
        .map(|kind| {
            let own = rows
                .iter()
                .position(|r| r.kind == kind.as_str())
                .map(|at| rows.swap_remove(at));
            from_row(kind, own)
        })
        .collect())
}

/// One kind's template.
pub fn get(conn: &mut AnyConnection, org: OrgId, kind: TemplateKind) -> Result<EmailTemplate> {
    let row = email_templates::table
        .filter(email_templates::org_id.eq(bytes(&org)))
        .filter(email_templates::kind.eq(kind.as_str()))
        .select(Row::as_select())
        .first(conn)
        .optional()?;
    Ok(from_row(kind, row))
}

/// Writes the organization's own wording; `expected` is the version the caller read (0 for
/// the default).
pub fn put(
    conn: &mut AnyConnection,
    org: OrgId,
    kind: TemplateKind,
    template: &Template,
    expected: Option<i64>,
    now: DateTime<Utc>,
) -> Result<EmailTemplate> {
    write_transaction(conn, |conn| {
        let current = get(conn, org, kind)?;
        if expected.is_some_and(|v| v != current.version) {
            return Err(Error::Stale);
        }
        let values = (
            email_templates::subject.eq(&template.subject),
            email_templates::body_text.eq(&template.body_text),
            email_templates::body_html.eq(&template.body_html),
            email_templates::updated_at.eq(to_db(now)),
        );
        let changed = if current.customized {
            diesel::update(email_templates::table)
                .filter(email_templates::org_id.eq(bytes(&org)))
                .filter(email_templates::kind.eq(kind.as_str()))
                .filter(email_templates::version.eq(current.version))
                .set((values, email_templates::version.eq(current.version + 1)))
                .execute(conn)?
        } else {
            diesel::insert_into(email_templates::table)
                .values((
                    email_templates::org_id.eq(bytes(&org)),
                    email_templates::kind.eq(kind.as_str()),
                    values,
                    email_templates::version.eq(1),
                ))
                .execute(conn)?
        };
        if changed == 0 {
            return Err(Error::Stale);
        }
        get(conn, org, kind)
    })
}

/// Forgets the organization's own wording: the default applies again.
pub fn reset(
    conn: &mut AnyConnection,
    org: OrgId,
    kind: TemplateKind,
    expected: Option<i64>,
) -> Result<EmailTemplate> {
    write_transaction(conn, |conn| {
        let mut delete = diesel::delete(email_templates::table)
            .filter(email_templates::org_id.eq(bytes(&org)))
            .filter(email_templates::kind.eq(kind.as_str()))
            .into_boxed();
        if let Some(version) = expected {
            delete = delete.filter(email_templates::version.eq(version));
        }
        let removed = delete.execute(conn)?;
        let now = get(conn, org, kind)?;
        if removed == 0 && expected.is_some_and(|v| v != now.version) {
            return Err(Error::Stale);
        }
        Ok(now)
    })
}
