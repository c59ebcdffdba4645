//! Web-to-lead capture forms: create, read, list, change, delete and restore.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::id::kind;
use domain::lead::LeadSource;
use domain::lead_form::{FieldSpec, LeadFormFields};
use domain::{LeadFormId, OrgId};

use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, from_db, id, opt_id, to_db};
use crate::error::{Error, Result};
use crate::list::{self, KeyValue, ListParams, Page, Positioned, SortKey, Sorts};
use crate::record::{at_version, Record, Store};
use crate::references;
use crate::schema::lead_forms;

/// A stored capture form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadForm {
    /// Its id.
    pub id: LeadFormId,
    /// What admins set.
    pub fields: LeadFormFields,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// In the trash.
    pub deleted_at: Option<DateTime<Utc>>,
    /// Version.
    pub version: i64,
}

/// Forms are listed newest first.
pub const SORTS: Sorts = Sorts {
    options: &[("created_at", SortKey::Created)],
    default: (SortKey::Created, true),
};

#[derive(Queryable, Selectable)]
#[diesel(table_name = lead_forms)]
struct LeadFormRow {
    id: Vec<u8>,
    name: String,
    fields: String,
    thank_you_url: Option<String>,
    allowed_origins: String,
    source: String,
    campaign: Option<String>,
    owner_id: Option<Vec<u8>>,
    active: bool,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    deleted_at: Option<NaiveDateTime>,
    version: i64,
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = lead_forms, treat_none_as_null = true)]
struct LeadFormValues<'a> {
    name: &'a str,
    fields: String,
    thank_you_url: Option<&'a str>,
    allowed_origins: String,
    source: &'static str,
    campaign: Option<&'a str>,
    owner_id: Option<Vec<u8>>,
    active: bool,
}

impl<'a> LeadFormValues<'a> {
    fn of(fields: &'a LeadFormFields) -> Result<Self> {
        let json = |e: serde_json::Error| Error::Other(e.to_string());
        Ok(Self {
            name: &fields.name,
            fields: serde_json::to_string(&fields.fields).map_err(json)?,
            thank_you_url: fields.thank_you_url.as_deref(),
            allowed_origins: serde_json::to_string(&fields.allowed_origins).map_err(json)?,
            source: fields.source.as_str(),
            campaign: fields.campaign.as_deref(),
            owner_id: fields.owner_id.as_ref().map(bytes),
            active: fields.active,
        })
    }
}

impl Positioned for LeadFormRow {
    fn id_bytes(&self) -> &[u8] {
        &self.id
    }

    fn key(&self, _key: SortKey) -> KeyValue {
        KeyValue::None
    }
}

fn to_form(row: LeadFormRow) -> LeadForm {
    LeadForm {
        id: id(&row.id),
        fields: LeadFormFields {
            name: row.name,
            fields: serde_json::from_str::<Vec<FieldSpec>>(&row.fields).unwrap_or_default(),
            thank_you_url: row.thank_you_url,
            allowed_origins: serde_json::from_str(&row.allowed_origins).unwrap_or_default(),
            source: LeadSource::parse("", &row.source).unwrap_or(LeadSource::Web),
            campaign: row.campaign,
            owner_id: opt_id(row.owner_id.as_ref()),
            active: row.active,
        },
        created_at: from_db(row.created_at),
        updated_at: from_db(row.updated_at),
        deleted_at: row.deleted_at.map(from_db),
        version: row.version,
    }
}

impl Record for LeadForm {
    type Kind = kind::LeadForm;
    const TABLE: &'static str = "lead_forms";

    fn read(conn: &mut AnyConnection, org: OrgId, form: LeadFormId) -> Result<Self> {
        let row: LeadFormRow = lead_forms::table
            .filter(lead_forms::org_id.eq(bytes(&org)))
            .filter(lead_forms::id.eq(bytes(&form)))
            .select(LeadFormRow::as_select())
            .first(conn)?;
        Ok(to_form(row))
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn is_deleted(&self) -> bool {
        self.deleted_at.is_some()
    }
}

impl Store for LeadForm {
    type Fields = LeadFormFields;

    fn write(
        conn: &mut AnyConnection,
        org: OrgId,
        current: &Self,
        fields: &LeadFormFields,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        references::check_new_owner(conn, org, Some(current.fields.owner_id), fields.owner_id)?;
        Ok(diesel::update(lead_forms::table)
            .filter(at_version(org, current.id, current.version))
            .set((
                LeadFormValues::of(fields)?,
                lead_forms::updated_at.eq(to_db(now)),
                lead_forms::version.eq(current.version + 1),
            ))
            .execute(conn)?)
    }

    fn updated(
        _conn: &mut AnyConnection,
        _org: OrgId,
        current: Self,
        fields: LeadFormFields,
        now: DateTime<Utc>,
    ) -> Result<Self> {
        Ok(LeadForm {
            fields,
            updated_at: now,
            version: current.version + 1,
            ..current
        })
    }
}

/// Creates a form with the given id.
pub fn create(
    conn: &mut AnyConnection,
    org: OrgId,
    form: LeadFormId,
    fields: &LeadFormFields,
    now: DateTime<Utc>,
) -> Result<LeadForm> {
    write_transaction(conn, |conn| {
        references::check_new_owner(conn, org, None, fields.owner_id)?;
        diesel::insert_into(lead_forms::table)
            .values((
                lead_forms::org_id.eq(bytes(&org)),
                lead_forms::id.eq(bytes(&form)),
                LeadFormValues::of(fields)?,
                lead_forms::created_at.eq(to_db(now)),
                lead_forms::updated_at.eq(to_db(now)),
                lead_forms::version.eq(1_i64),
            ))
            .execute(conn)?;
        Ok(LeadForm {
            id: form,
            fields: fields.clone(),
            created_at: now,
            updated_at: now,
            deleted_at: None,
            version: 1,
        })
    })
}

/// One page of the organization's forms.
pub fn list(conn: &mut AnyConnection, org: OrgId, params: &ListParams) -> Result<Page<LeadForm>> {
    let build = || {
        lead_forms::table
            .filter(lead_forms::org_id.eq(bytes(&org)))
            .select(LeadFormRow::as_select())
            .into_boxed()
    };
    let page = list::load_page::<LeadForm, _, _>(conn, build, None, params)?;
    Ok(page.map(to_form))
}
