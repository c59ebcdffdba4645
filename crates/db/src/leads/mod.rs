//! Leads: create, read, list with filters and search, change, delete and restore; the records
//! that look like the same person or company ([`matches`]); marking a lead converted.

pub mod matches;
pub mod score;

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::account::Address;
use domain::contact::PhoneEntry;
use domain::id::kind;
use domain::lead::{CompanySize, Conversion, Lead, LeadFields, LeadSource, LeadStatus};
use domain::{Email, LeadFormId, LeadId, OrgId, UserId};

use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, from_db, id, opt_id, to_db};
use crate::error::{Error, Result};
use crate::list::{self, KeyValue, ListParams, Page, Positioned, SortKey};
use crate::phones;
use crate::record::{at_version, Record, Store};
use crate::references;
use crate::schema::{lead_tags, leads};
use crate::search::{self, Search};
use crate::side::{self, SideTable};
use crate::tags;

const TERMS: SideTable = SideTable {
    table: "lead_terms",
    owner: "lead_id",
    value: "term",
};

const TAGS: SideTable = SideTable {
    table: "lead_tags",
    owner: "lead_id",
    value: "tag",
};

/// The orders of the lead list (the same as accounts').
pub const SORTS: list::Sorts = list::Sorts {
    options: &[
        ("created_at", SortKey::Created),
        ("name", SortKey::Name),
        ("updated_at", SortKey::Updated),
        ("score", SortKey::Score),
    ],
    default: (SortKey::Created, true),
};

#[derive(Queryable, Selectable)]
#[diesel(table_name = leads)]
struct LeadRow {
    id: Vec<u8>,
    first_name: Option<String>,
    last_name: Option<String>,
    name_key: String,
    company: Option<String>,
    title: Option<String>,
    email: Option<String>,
    phones: String,
    website: Option<String>,
    address: String,
    country: Option<String>,
    industry: Option<String>,
    company_size: Option<String>,
    source: Option<String>,
    campaign: Option<String>,
    status: String,
    disqualified_reason: Option<String>,
    owner_id: Option<Vec<u8>>,
    tags: String,
    converted_at: Option<NaiveDateTime>,
    converted_account_id: Option<Vec<u8>>,
    converted_contact_id: Option<Vec<u8>>,
    form_id: Option<Vec<u8>>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    deleted_at: Option<NaiveDateTime>,
    version: i64,
    score: i64,
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = leads, treat_none_as_null = true)]
struct LeadValues<'a> {
    first_name: Option<&'a str>,
    last_name: Option<&'a str>,
    name_key: String,
    company: Option<&'a str>,
    title: Option<&'a str>,
    email: Option<&'a str>,
    email_normalized: Option<String>,
    phones: String,
    website: Option<&'a str>,
    company_domain: Option<String>,
    address: String,
    country: Option<&'a str>,
    industry: Option<&'a str>,
    company_size: Option<&'static str>,
    source: Option<&'static str>,
    campaign: Option<&'a str>,
    status: &'static str,
    disqualified_reason: Option<&'a str>,
    owner_id: Option<Vec<u8>>,
    tags: String,
    search_text: String,
}

/// The address but for its country, as the `address` column holds it.
#[derive(Default, serde::Serialize, serde::Deserialize)]
struct AddressParts {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    street: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    postal_code: Option<String>,
}

impl AddressParts {
    fn of(address: &Address) -> Self {
        Self {
            street: address.street.clone(),
            city: address.city.clone(),
            region: address.region.clone(),
            postal_code: address.postal_code.clone(),
        }
    }

    fn with_country(self, country: Option<String>) -> Address {
        Address {
            street: self.street,
            city: self.city,
            region: self.region,
            postal_code: self.postal_code,
            country,
        }
    }
}

impl Positioned for LeadRow {
    fn id_bytes(&self) -> &[u8] {
        &self.id
    }

    fn key(&self, key: SortKey) -> KeyValue {
        match key {
            SortKey::Name => KeyValue::Text(self.name_key.clone()),
            SortKey::Updated => KeyValue::Time(self.updated_at),
            SortKey::Score => KeyValue::Int(self.score),
            _ => KeyValue::None,
        }
    }
}

impl<'a> LeadValues<'a> {
    fn of(fields: &'a LeadFields) -> Result<Self> {
        let address = &fields.address;
        Ok(Self {
            first_name: fields.first_name.as_deref(),
            last_name: fields.last_name.as_deref(),
            // Lists sort people by family name, then given name; a lead without a name by
            // what it shows instead.
            name_key: domain::text::sort_key(&match &fields.last_name {
                Some(last) => format!("{last} {}", fields.first_name.as_deref().unwrap_or("")),
                None => fields.display_name(),
            }),
            company: fields.company.as_deref(),
            title: fields.title.as_deref(),
            email: fields.email.as_ref().map(Email::as_str),
            email_normalized: fields.email.as_ref().map(Email::normalized),
            phones: serde_json::to_string(&fields.phones)
                .map_err(|e| Error::Other(e.to_string()))?,
            website: fields.website.as_deref(),
            company_domain: fields.company_domain(),
            address: serde_json::to_string(&AddressParts::of(address))
                .map_err(|e| Error::Other(e.to_string()))?,
            country: address.country.as_deref(),
            industry: fields.industry.as_deref(),
            company_size: fields.company_size.map(CompanySize::as_str),
            source: fields.source.map(LeadSource::as_str),
            campaign: fields.campaign.as_deref(),
            status: fields.status.as_str(),
            disqualified_reason: fields.disqualified_reason.as_deref(),
            owner_id: fields.owner_id.as_ref().map(bytes),
            tags: tags::to_json(&fields.tags)?,
            search_text: fields.search_text(),
        })
    }
}

fn to_lead(row: LeadRow) -> Lead {
    let phones: Vec<PhoneEntry> = serde_json::from_str(&row.phones).unwrap_or_default();
    let conversion = match (
        row.converted_at,
        opt_id(row.converted_account_id.as_ref()),
        opt_id(row.converted_contact_id.as_ref()),
    ) {
        (Some(at), Some(account_id), Some(contact_id)) => Some(Conversion {
            at: from_db(at),
            account_id,
            contact_id,
        }),
        _ => None,
    };
    Lead {
        id: id(&row.id),
        score: row.score,
        fields: LeadFields {
            first_name: row.first_name,
            last_name: row.last_name,
            company: row.company,
            title: row.title,
            email: row.email.and_then(|e| Email::parse("", &e).ok()),
            phones,
            website: row.website,
            address: serde_json::from_str::<AddressParts>(&row.address)
                .unwrap_or_default()
                .with_country(row.country),
            industry: row.industry,
            company_size: row
                .company_size
                .and_then(|s| CompanySize::parse("", &s).ok()),
            source: row.source.and_then(|s| LeadSource::parse("", &s).ok()),
            campaign: row.campaign,
            status: LeadStatus::parse("", &row.status).unwrap_or(LeadStatus::New),
            disqualified_reason: row.disqualified_reason,
            owner_id: opt_id(row.owner_id.as_ref()),
            tags: tags::from_json(&row.tags),
        },
        conversion,
        form_id: opt_id(row.form_id.as_ref()),
        created_at: from_db(row.created_at),
        updated_at: from_db(row.updated_at),
        deleted_at: row.deleted_at.map(from_db),
        version: row.version,
    }
}

impl Record for Lead {
    type Kind = kind::Lead;
    const TABLE: &'static str = "leads";

    fn read(conn: &mut AnyConnection, org: OrgId, lead: LeadId) -> Result<Self> {
        let row: LeadRow = leads::table
            .filter(leads::org_id.eq(bytes(&org)))
            .filter(leads::id.eq(bytes(&lead)))
            .select(LeadRow::as_select())
            .first(conn)?;
        Ok(to_lead(row))
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn is_deleted(&self) -> bool {
        self.deleted_at.is_some()
    }
}

impl Store for Lead {
    type Fields = LeadFields;

    fn write(
        conn: &mut AnyConnection,
        org: OrgId,
        current: &Self,
        fields: &LeadFields,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        references::check_new_owner(conn, org, Some(current.fields.owner_id), fields.owner_id)?;
        let captured = score::captured(current);
        let scored = score::explain(conn, org, current.id, fields, captured, now)?;
        let changed = diesel::update(leads::table)
            .filter(at_version(org, current.id, current.version))
            .set((
                LeadValues::of(fields)?,
                leads::score.eq(scored.total),
                leads::updated_at.eq(to_db(now)),
                leads::version.eq(current.version + 1),
            ))
            .execute(conn)?;
        let owner = bytes(&current.id);
        side::sync(conn, TAGS, org, &owner, &current.fields.tags, &fields.tags)?;
        let (old, new) = (current.fields.search_text(), fields.search_text());
        search::sync(conn, TERMS, org, &owner, &old, &new)?;
        if current.fields.phones != fields.phones {
            let numbers = fields.phones.iter().map(|p| p.number.as_str());
            phones::sync(conn, phones::LEAD, org, &owner, numbers)?;
        }
        Ok(changed)
    }

    /// Read back only the score.
    fn updated(
        conn: &mut AnyConnection,
        org: OrgId,
        current: Self,
        fields: LeadFields,
        now: DateTime<Utc>,
    ) -> Result<Self> {
        let score: i64 = leads::table
            .filter(leads::org_id.eq(bytes(&org)))
            .filter(leads::id.eq(bytes(&current.id)))
            .select(leads::score)
            .first(conn)?;
        Ok(Lead {
            fields,
            score,
            updated_at: now,
            version: current.version + 1,
            ..current
        })
    }
}

/// Creates a lead with the given id, captured by `form` when it came through one.
pub fn create(
    conn: &mut AnyConnection,
    org: OrgId,
    (lead, form): (LeadId, Option<LeadFormId>),
    fields: &LeadFields,
    now: DateTime<Utc>,
) -> Result<Lead> {
    write_transaction(conn, |conn| {
        references::check_new_owner(conn, org, None, fields.owner_id)?;
        // A new lead has no notes yet: its capture is its only event.
        let scored = score::of_new(conn, org, fields, form.map(|_| now), now)?;
        diesel::insert_into(leads::table)
            .values((
                leads::org_id.eq(bytes(&org)),
                leads::id.eq(bytes(&lead)),
                LeadValues::of(fields)?,
                leads::created_at.eq(to_db(now)),
                leads::updated_at.eq(to_db(now)),
                leads::version.eq(1_i64),
                leads::form_id.eq(form.as_ref().map(bytes)),
                leads::score.eq(scored),
            ))
            .execute(conn)?;
        side::sync(conn, TAGS, org, &bytes(&lead), &[], &fields.tags)?;
        search::sync(conn, TERMS, org, &bytes(&lead), "", &fields.search_text())?;
        if !fields.phones.is_empty() {
            let numbers = fields.phones.iter().map(|p| p.number.as_str());
            phones::sync(conn, phones::LEAD, org, &bytes(&lead), numbers)?;
        }
        Ok(Lead {
            id: lead,
            fields: fields.clone(),
            score: scored,
            conversion: None,
            form_id: form,
            created_at: now,
            updated_at: now,
            deleted_at: None,
            version: 1,
        })
    })
}

/// Records what a live, unconverted lead became (inside the conversion's transaction, under
/// the lead's lock) and answers the lead as it now is.
pub fn mark_converted(
    conn: &mut AnyConnection,
    org: OrgId,
    current: Lead,
    conversion: Conversion,
) -> Result<Lead> {
    let changed = diesel::update(leads::table)
        .filter(at_version(org, current.id, current.version))
        .set((
            leads::status.eq(LeadStatus::Converted.as_str()),
            leads::disqualified_reason.eq(None::<String>),
            leads::converted_at.eq(Some(to_db(conversion.at))),
            leads::converted_account_id.eq(Some(bytes(&conversion.account_id))),
            leads::converted_contact_id.eq(Some(bytes(&conversion.contact_id))),
            leads::updated_at.eq(to_db(conversion.at)),
            leads::version.eq(current.version + 1),
        ))
        .execute(conn)?;
    if changed != 1 {
        return Err(Error::Stale);
    }
    Ok(Lead {
        fields: LeadFields {
            status: LeadStatus::Converted,
            disqualified_reason: None,
            ..current.fields
        },
        conversion: Some(conversion),
        updated_at: conversion.at,
        version: current.version + 1,
        ..current
    })
}

/// Filters of the lead list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LeadFilter {
    /// Search words (already split), matched as word prefixes.
    pub words: Vec<String>,
    /// In any of these statuses (any status when empty).
    pub statuses: Vec<LeadStatus>,
    /// Owner.
    pub owner_id: Option<UserId>,
    /// Only leads nobody owns.
    pub unowned: bool,
    /// Came from this source.
    pub source: Option<LeadSource>,
    /// In this country.
    pub country: Option<String>,
    /// Exact email (case-insensitive).
    pub email: Option<Email>,
    /// Carries this tag.
    pub tag: Option<String>,
}

/// One page of leads.
pub fn list(
    conn: &mut AnyConnection,
    org: OrgId,
    filter: &LeadFilter,
    params: &ListParams,
) -> Result<Page<Lead>> {
    let org_bytes = bytes(&org);
    let build = || {
        let mut query = leads::table
            .filter(leads::org_id.eq(org_bytes.clone()))
            .select(LeadRow::as_select())
            .into_boxed();
        if !filter.statuses.is_empty() {
            let names: Vec<&str> = filter.statuses.iter().map(|s| s.as_str()).collect();
            query = query.filter(leads::status.eq_any(names));
        }
        if let Some(owner) = filter.owner_id {
            query = query.filter(leads::owner_id.eq(bytes(&owner)));
        }
        if filter.unowned {
            query = query.filter(leads::owner_id.is_null());
        }
        if let Some(source) = filter.source {
            query = query.filter(leads::source.eq(source.as_str()));
        }
        if let Some(country) = &filter.country {
            query = query.filter(leads::country.eq(country.clone()));
        }
        if let Some(email) = &filter.email {
            query = query.filter(leads::email_normalized.eq(email.normalized()));
        }
        if let Some(tag) = &filter.tag {
            let tagged = lead_tags::table
                .filter(lead_tags::org_id.eq(org_bytes.clone()))
                .filter(lead_tags::tag.eq(tag.clone()))
                .select(lead_tags::lead_id);
            query = query.filter(leads::id.eq_any(tagged));
        }
        query
    };
    let search = Search::new(TERMS, org, filter.words.clone());
    let page = list::load_page::<Lead, _, _>(conn, build, search.as_ref(), params)?;
    Ok(page.map(to_lead))
}
