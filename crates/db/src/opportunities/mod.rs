//! Opportunities: create, read, list with filters and search, change, delete and restore; the
//! contacts on each and the stages each went through ([`history`]).
//!
//! Every write goes through [`derive`]: the stage is checked against the pipeline (held shared
//! until the transaction ends), the amount priced in the base currency, and a stage change
//! recorded with the time spent in the stage before. A closed deal changes only by
//! [`history::reopen`].

pub mod board;
pub mod history;
mod lines;
pub mod totals;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::id::kind;
use domain::opportunity::{ContactRole, ForecastCategory, OpportunityFields, RoleOnDeal};
use domain::pipeline::StageKind;
use domain::{
    AccountId, ContactId, Currency, Money, OpportunityId, OrgId, PipelineId, StageId, UserId,
};

use self::lines::LineRow;
use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, from_db, id, opt_id, to_db};
use crate::error::{Error, Result};
use crate::exchange_rates::{self, day, parse_day};
use crate::list::{self, KeyValue, ListParams, Page, Positioned, SortKey, Sorts};
use crate::orgs;
use crate::pipelines;
use crate::record::{at_version, Record, Store};
use crate::references::{self, Reference};
use crate::schema::{opportunities, opportunity_contacts};
use crate::search::{self, Search};
use crate::side::SideTable;
use crate::sql::{Sql, Value};

const TERMS: SideTable = SideTable {
    table: "opportunity_terms",
    owner: "opportunity_id",
    value: "term",
};

/// The orders of the opportunity list.
pub const SORTS: Sorts = Sorts {
    options: &[
        ("created_at", SortKey::Created),
        ("name", SortKey::Name),
        ("updated_at", SortKey::Updated),
        ("close_date", SortKey::CloseDate),
        ("amount", SortKey::Amount),
    ],
    default: (SortKey::CloseDate, false),
};

/// A stored deal: what users set and what follows from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opportunity {
    /// Its id.
    pub id: OpportunityId,
    /// What users set.
    pub fields: OpportunityFields,
    /// Open, won or lost: its stage's kind.
    pub status: StageKind,
    /// Its stage's probability, in percent.
    pub probability: u8,
    /// The amount in the base currency at the rate of the close date, in minor units.
    pub amount_base_minor: i64,
    /// When it was won or lost.
    pub closed_at: Option<DateTime<Utc>>,
    /// When it entered its stage.
    pub stage_entered_at: DateTime<Utc>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// In the trash.
    pub deleted_at: Option<DateTime<Utc>>,
    /// Version.
    pub version: i64,
}

impl Opportunity {
    /// Where it counts in a forecast.
    pub fn forecast_category(&self) -> ForecastCategory {
        ForecastCategory::of(self.status, self.probability, self.fields.forecast_category)
    }
}

/// A change to a deal and who makes it (recorded in the stage history).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealChange {
    /// The deal's new fields.
    pub fields: OpportunityFields,
    /// Who changes it.
    pub by: Option<UserId>,
    /// Put it in its pipeline's first open stage, whatever `fields.stage_id` says (a new deal
    /// without a stage, or one moved to another pipeline).
    pub first_open_stage: bool,
    /// Whether the caller gave `fields.amount`; otherwise a deal with line items takes its
    /// currency from them (or keeps the one in `fields.amount`) and its amount is their sum.
    pub amount_given: bool,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = opportunities)]
struct DealRow {
    id: Vec<u8>,
    name: String,
    name_key: String,
    account_id: Vec<u8>,
    pipeline_id: Vec<u8>,
    stage_id: Vec<u8>,
    status: String,
    probability: i32,
    amount_minor: i64,
    currency: String,
    amount_base_minor: i64,
    close_date: String,
    owner_id: Option<Vec<u8>>,
    primary_contact_id: Option<Vec<u8>>,
    next_step: Option<String>,
    competitors: String,
    source_lead_id: Option<Vec<u8>>,
    campaign: Option<String>,
    forecast_category: Option<String>,
    close_reason: Option<String>,
    closed_at: Option<NaiveDateTime>,
    stage_entered_at: NaiveDateTime,
    description: Option<String>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    deleted_at: Option<NaiveDateTime>,
    version: i64,
}

impl Positioned for DealRow {
    fn id_bytes(&self) -> &[u8] {
        &self.id
    }

    fn key(&self, key: SortKey) -> KeyValue {
        match key {
            SortKey::Name => KeyValue::Text(self.name_key.clone()),
            SortKey::Updated => KeyValue::Time(self.updated_at),
            SortKey::CloseDate => KeyValue::Text(self.close_date.clone()),
            SortKey::Amount => KeyValue::Int(self.amount_base_minor),
            _ => KeyValue::None,
        }
    }
}

/// The columns a write sets from the fields and what follows from them.
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = opportunities, treat_none_as_null = true)]
struct DealValues<'a> {
    name: &'a str,
    name_key: String,
    account_id: Vec<u8>,
    pipeline_id: Vec<u8>,
    stage_id: Vec<u8>,
    status: &'static str,
    probability: i32,
    amount_minor: i64,
    currency: &'static str,
    amount_base_minor: i64,
    close_date: String,
    owner_id: Option<Vec<u8>>,
    primary_contact_id: Option<Vec<u8>>,
    next_step: Option<&'a str>,
    competitors: String,
    source_lead_id: Option<Vec<u8>>,
    campaign: Option<&'a str>,
    forecast_category: Option<&'static str>,
    close_reason: Option<&'a str>,
    closed_at: Option<NaiveDateTime>,
    stage_entered_at: NaiveDateTime,
    description: Option<&'a str>,
    search_text: String,
}

/// What a write derives: the stage's kind and probability, the base amount, the times.
struct Derived {
    fields: OpportunityFields,
    status: StageKind,
    probability: u8,
    amount_base_minor: i64,
    closed_at: Option<DateTime<Utc>>,
    stage_entered_at: DateTime<Utc>,
}

impl Derived {
    /// What a stored deal already derives, with `fields` in place of its own.
    fn of_stored(deal: &Opportunity, fields: OpportunityFields) -> Self {
        Derived {
            fields,
            status: deal.status,
            probability: deal.probability,
            amount_base_minor: deal.amount_base_minor,
            closed_at: deal.closed_at,
            stage_entered_at: deal.stage_entered_at,
        }
    }

    fn values(&self) -> Result<DealValues<'_>> {
        let f = &self.fields;
        Ok(DealValues {
            name: &f.name,
            name_key: domain::text::sort_key(&f.name),
            account_id: bytes(&f.account_id),
            pipeline_id: bytes(&f.pipeline_id),
            stage_id: bytes(&f.stage_id),
            status: self.status.as_str(),
            probability: i32::from(self.probability),
            amount_minor: f.amount.amount_minor,
            currency: f.amount.currency.code(),
            amount_base_minor: self.amount_base_minor,
            close_date: day(f.close_date),
            owner_id: f.owner_id.as_ref().map(bytes),
            primary_contact_id: f.primary_contact_id.as_ref().map(bytes),
            next_step: f.next_step.as_deref(),
            competitors: serde_json::to_string(&f.competitors)
                .map_err(|e| Error::Other(e.to_string()))?,
            source_lead_id: f.source_lead_id.as_ref().map(bytes),
            campaign: f.campaign.as_deref(),
            forecast_category: f.forecast_category.map(ForecastCategory::as_str),
            close_reason: f.close_reason.as_deref(),
            closed_at: self.closed_at.map(to_db),
            stage_entered_at: to_db(self.stage_entered_at),
            description: f.description.as_deref(),
            search_text: f.search_text(),
        })
    }

    fn into_deal(
        self,
        id: OpportunityId,
        created_at: DateTime<Utc>,
        now: DateTime<Utc>,
        version: i64,
    ) -> Opportunity {
        Opportunity {
            id,
            fields: self.fields,
            status: self.status,
            probability: self.probability,
            amount_base_minor: self.amount_base_minor,
            closed_at: self.closed_at,
            stage_entered_at: self.stage_entered_at,
            created_at,
            updated_at: now,
            deleted_at: None,
            version,
        }
    }
}

fn to_deal(row: DealRow, contact_roles: Vec<RoleOnDeal>, lines: &[LineRow]) -> Result<Opportunity> {
    let currency = Currency::parse("", &row.currency).map_err(|e| Error::Other(e.to_string()))?;
    let line_items = lines
        .iter()
        .filter(|l| l.of(&row.id))
        .map(|l| l.in_currency(currency))
        .collect();
    let status = StageKind::parse("", &row.status).unwrap_or(StageKind::Open);
    Ok(Opportunity {
        id: id(&row.id),
        fields: OpportunityFields {
            name: row.name,
            account_id: id(&row.account_id),
            pipeline_id: id(&row.pipeline_id),
            stage_id: id(&row.stage_id),
            close_reason: row.close_reason,
            amount: Money {
                amount_minor: row.amount_minor,
                currency,
            },
            close_date: parse_day(&row.close_date),
            owner_id: opt_id(row.owner_id.as_ref()),
            primary_contact_id: opt_id(row.primary_contact_id.as_ref()),
            contact_roles,
            line_items,
            next_step: row.next_step,
            competitors: serde_json::from_str(&row.competitors).unwrap_or_default(),
            source_lead_id: opt_id(row.source_lead_id.as_ref()),
            campaign: row.campaign,
            forecast_category: row
                .forecast_category
                .and_then(|c| ForecastCategory::parse("", &c).ok()),
            description: row.description,
        },
        status,
        probability: u8::try_from(row.probability).unwrap_or(0),
        amount_base_minor: row.amount_base_minor,
        closed_at: row.closed_at.map(from_db),
        stage_entered_at: from_db(row.stage_entered_at),
        created_at: from_db(row.created_at),
        updated_at: from_db(row.updated_at),
        deleted_at: row.deleted_at.map(from_db),
        version: row.version,
    })
}

/// The contact roles of these deals, each deal's in the order they were given.
fn roles_of(
    conn: &mut AnyConnection,
    org: OrgId,
    deals: &[Vec<u8>],
) -> Result<Vec<(Vec<u8>, RoleOnDeal)>> {
    let rows: Vec<(Vec<u8>, Vec<u8>, String)> = opportunity_contacts::table
        .filter(opportunity_contacts::org_id.eq(bytes(&org)))
        .filter(opportunity_contacts::opportunity_id.eq_any(deals))
        .order((
            opportunity_contacts::opportunity_id,
            opportunity_contacts::contact_id,
        ))
        .select((
            opportunity_contacts::opportunity_id,
            opportunity_contacts::contact_id,
            opportunity_contacts::role,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(deal, contact, role)| {
            let role = RoleOnDeal {
                contact_id: id(&contact),
                role: ContactRole::parse("", &role).unwrap_or(ContactRole::Other),
            };
            (deal, role)
        })
        .collect())
}

fn sync_roles(
    conn: &mut AnyConnection,
    org: OrgId,
    deal: OpportunityId,
    old: &[RoleOnDeal],
    new: &[RoleOnDeal],
) -> Result<()> {
    if old == new {
        return Ok(());
    }
    diesel::delete(
        opportunity_contacts::table
            .filter(opportunity_contacts::org_id.eq(bytes(&org)))
            .filter(opportunity_contacts::opportunity_id.eq(bytes(&deal))),
    )
    .execute(conn)?;
    for role in new {
        diesel::insert_into(opportunity_contacts::table)
            .values((
                opportunity_contacts::org_id.eq(bytes(&org)),
                opportunity_contacts::opportunity_id.eq(bytes(&deal)),
                opportunity_contacts::contact_id.eq(bytes(&role.contact_id)),
                opportunity_contacts::role.eq(role.role.as_str()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Checks the references `fields` makes that differ from `before`'s: a live account, primary
/// contact, role contacts and source lead, and a user as owner.
fn check_references(
    conn: &mut AnyConnection,
    org: OrgId,
    before: Option<&OpportunityFields>,
    fields: &OpportunityFields,
) -> Result<()> {
    let changed = |same: fn(&OpportunityFields, &OpportunityFields) -> bool| {
        before.is_none_or(|b| !same(b, fields))
    };
    let mut refs = Vec::new();
    if changed(|a, b| a.account_id == b.account_id) {
        refs.push(Reference::live(
            "account_id",
            "accounts",
            &fields.account_id,
        ));
    }
    if let Some(contact) = fields
        .primary_contact_id
        .filter(|_| changed(|a, b| a.primary_contact_id == b.primary_contact_id))
    {
        refs.push(Reference::live("primary_contact_id", "contacts", &contact));
    }
    for role in &fields.contact_roles {
        if before.is_none_or(|b| {
            !b.contact_roles
                .iter()
                .any(|r| r.contact_id == role.contact_id)
        }) {
            refs.push(Reference::live(
                "contact_roles",
                "contacts",
                &role.contact_id,
            ));
        }
    }
    if let Some(lead) = fields
        .source_lead_id
        .filter(|_| changed(|a, b| a.source_lead_id == b.source_lead_id))
    {
        refs.push(Reference::any("source_lead_id", "leads", &lead));
    }
    references::check(conn, org, &refs)?;
    references::check_new_owner(conn, org, before.map(|b| b.owner_id), fields.owner_id)
}

/// Checks `fields` against the stored data and derives what follows from them, for a new deal
/// (`before` none) or a change to an open one. A deal entering a won or lost stage with its
/// close date unchanged closes today.
fn derive(
    conn: &mut AnyConnection,
    org: OrgId,
    before: Option<&Opportunity>,
    change: &DealChange,
    now: DateTime<Utc>,
) -> Result<Derived> {
    let mut fields = change.fields.clone();
    if before.is_some_and(|b| b.status.is_closed()) {
        return Err(Error::Conflict("opportunity_closed"));
    }
    check_references(conn, org, before.map(|b| &b.fields), &fields)?;
    let pipeline = pipelines::for_deal(conn, org, fields.pipeline_id)?;
    if change.first_open_stage {
        let first = pipeline.fields.first_open();
        fields.stage_id = first
            .map(|s| s.id)
            .ok_or(Error::Conflict("pipeline_has_no_open_stage"))?;
    }
    let entered = pipeline
        .fields
        .enter(fields.stage_id, fields.close_reason.as_deref())
        .map_err(Error::Invalid)?;
    let (status, probability) = (entered.stage.kind, entered.stage.probability);
    fields.close_reason = entered.reason.map(str::to_owned);
    let stage_changed = before.is_none_or(|b| b.fields.stage_id != fields.stage_id);
    if status.is_closed() && before.is_some_and(|b| b.fields.close_date == fields.close_date) {
        fields.close_date = now.date_naive();
    }
    if !fields.line_items.is_empty() {
        let before = before.map_or(&[][..], |b| &b.fields.line_items);
        lines::price_deal(conn, org, before, change.amount_given, &mut fields)?;
    }
    let base = orgs::base_currency_for_pricing(conn, org)?;
    let amount_base_minor =
        exchange_rates::in_base(conn, org, base, fields.amount, fields.close_date)?;
    Ok(Derived {
        fields,
        status,
        probability,
        amount_base_minor,
        closed_at: status.is_closed().then_some(now),
        stage_entered_at: match before {
            Some(b) if !stage_changed => b.stage_entered_at,
            _ => now,
        },
    })
}

impl Record for Opportunity {
    type Kind = kind::Opportunity;
    const TABLE: &'static str = "opportunities";

    fn read(conn: &mut AnyConnection, org: OrgId, deal: OpportunityId) -> Result<Self> {
        let row: DealRow = opportunities::table
            .filter(opportunities::org_id.eq(bytes(&org)))
            .filter(opportunities::id.eq(bytes(&deal)))
            .select(DealRow::as_select())
            .first(conn)?;
        let roles = roles_of(conn, org, std::slice::from_ref(&row.id))?;
        let lines = lines::of_deals(conn, org, std::slice::from_ref(&row.id))?;
        to_deal(row, roles.into_iter().map(|(_, r)| r).collect(), &lines)
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn is_deleted(&self) -> bool {
        self.deleted_at.is_some()
    }
}

/// Takes the share lock of a deal's pipeline (PostgreSQL), before the deal's own row lock: a
/// change to a pipeline locks it and then updates its open deals, so every writer of a deal
/// locks the two in that order too, and the two never wait for each other in a cycle.
pub(crate) fn lock_pipeline_of(
    conn: &mut AnyConnection,
    org: OrgId,
    deal: OpportunityId,
) -> Result<()> {
    if matches!(conn, AnyConnection::Postgresql(_)) {
        Sql::new(
            "SELECT 1 FROM pipelines p JOIN opportunities o \
             ON o.org_id = p.org_id AND o.pipeline_id = p.id WHERE o.org_id = ",
        )
        .value(Value::Bytes(bytes(&org)))
        .push(" AND o.id = ")
        .value(Value::Bytes(bytes(&deal)))
        .push(" FOR SHARE OF p")
        .execute(conn)?;
    }
    Ok(())
}

impl Store for Opportunity {
    type Fields = DealChange;

    fn before_change(conn: &mut AnyConnection, org: OrgId, deal: OpportunityId) -> Result<()> {
        lock_pipeline_of(conn, org, deal)
    }

    fn write(
        conn: &mut AnyConnection,
        org: OrgId,
        current: &Self,
        change: &DealChange,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        let derived = derive(conn, org, Some(current), change, now)?;
        let changed = diesel::update(opportunities::table)
            .filter(at_version(org, current.id, current.version))
            .set((
                derived.values()?,
                opportunities::updated_at.eq(to_db(now)),
                opportunities::version.eq(current.version + 1),
            ))
            .execute(conn)?;
        let owner = bytes(&current.id);
        let (old, new) = (current.fields.search_text(), derived.fields.search_text());
        search::sync(conn, TERMS, org, &owner, &old, &new)?;
        let (old, new) = (&current.fields.contact_roles, &derived.fields.contact_roles);
        sync_roles(conn, org, current.id, old, new)?;
        let (old, new) = (&current.fields.line_items, &derived.fields.line_items);
        lines::sync(conn, org, current.id, old, new)?;
        if current.fields.stage_id != derived.fields.stage_id {
            history::record(
                conn,
                org,
                current.id,
                current.version + 1,
                (Some(current), &derived.fields, change.by),
                now,
            )?;
        }
        Ok(changed)
    }

    /// Read back: closing moves the close date and the base amount follows it.
    fn updated(
        conn: &mut AnyConnection,
        org: OrgId,
        current: Self,
        _change: DealChange,
        _now: DateTime<Utc>,
    ) -> Result<Self> {
        Self::read(conn, org, current.id)
    }
}

/// Creates a deal and records the stage it starts in.
pub fn create(
    conn: &mut AnyConnection,
    org: OrgId,
    deal: OpportunityId,
    change: DealChange,
    now: DateTime<Utc>,
) -> Result<Opportunity> {
    write_transaction(conn, |conn| create_in(conn, org, deal, change.clone(), now))
}

/// [`create`] inside a transaction already open (a lead's conversion).
pub fn create_in(
    conn: &mut AnyConnection,
    org: OrgId,
    deal: OpportunityId,
    change: DealChange,
    now: DateTime<Utc>,
) -> Result<Opportunity> {
    let derived = derive(conn, org, None, &change, now)?;
    diesel::insert_into(opportunities::table)
        .values((
            opportunities::org_id.eq(bytes(&org)),
            opportunities::id.eq(bytes(&deal)),
            derived.values()?,
            opportunities::created_at.eq(to_db(now)),
            opportunities::updated_at.eq(to_db(now)),
            opportunities::version.eq(1_i64),
        ))
        .execute(conn)?;
    let owner = bytes(&deal);
    search::sync(conn, TERMS, org, &owner, "", &derived.fields.search_text())?;
    sync_roles(conn, org, deal, &[], &derived.fields.contact_roles)?;
    lines::sync(conn, org, deal, &[], &derived.fields.line_items)?;
    history::record(conn, org, deal, 1, (None, &derived.fields, change.by), now)?;
    Ok(derived.into_deal(deal, now, now, 1))
}

/// Filters of the opportunity list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DealFilter {
    /// Search words (already split), matched as word prefixes.
    pub words: Vec<String>,
    /// In this pipeline.
    pub pipeline_id: Option<PipelineId>,
    /// In this stage.
    pub stage_id: Option<StageId>,
    /// Open, won or lost.
    pub status: Option<StageKind>,
    /// Sold by this user.
    pub owner_id: Option<UserId>,
    /// Bought by this account.
    pub account_id: Option<AccountId>,
    /// With this contact as primary contact or in a role.
    pub contact_id: Option<ContactId>,
    /// Closing on or after this day.
    pub close_from: Option<NaiveDate>,
    /// Closing on or before this day.
    pub close_to: Option<NaiveDate>,
}

/// One page of deals.
pub fn list(
    conn: &mut AnyConnection,
    org: OrgId,
    filter: &DealFilter,
    params: &ListParams,
) -> Result<Page<Opportunity>> {
    let org_bytes = bytes(&org);
    let build = || {
        let mut query = opportunities::table
            .filter(opportunities::org_id.eq(org_bytes.clone()))
            .select(DealRow::as_select())
            .into_boxed();
        if let Some(pipeline) = filter.pipeline_id {
            query = query.filter(opportunities::pipeline_id.eq(bytes(&pipeline)));
        }
        if let Some(stage) = filter.stage_id {
            query = query.filter(opportunities::stage_id.eq(bytes(&stage)));
        }
        if let Some(status) = filter.status {
            query = query.filter(opportunities::status.eq(status.as_str()));
        }
        if let Some(owner) = filter.owner_id {
            query = query.filter(opportunities::owner_id.eq(bytes(&owner)));
        }
        if let Some(account) = filter.account_id {
            query = query.filter(opportunities::account_id.eq(bytes(&account)));
        }
        if let Some(contact) = filter.contact_id {
            let in_role = opportunity_contacts::table
                .filter(opportunity_contacts::org_id.eq(org_bytes.clone()))
                .filter(opportunity_contacts::contact_id.eq(bytes(&contact)))
                .select(opportunity_contacts::opportunity_id);
            query = query.filter(
                opportunities::primary_contact_id
                    .eq(bytes(&contact))
                    .or(opportunities::id.eq_any(in_role)),
            );
        }
        if let Some(from) = filter.close_from {
            query = query.filter(opportunities::close_date.ge(day(from)));
        }
        if let Some(to) = filter.close_to {
            query = query.filter(opportunities::close_date.le(day(to)));
        }
        query
    };
    let search = Search::new(TERMS, org, filter.words.clone());
    let page = list::load_page::<Opportunity, _, _>(conn, build, search.as_ref(), params)?;
    let ids: Vec<Vec<u8>> = page.items.iter().map(|row| row.id.clone()).collect();
    let roles = roles_of(conn, org, &ids)?;
    let lines = lines::of_deals(conn, org, &ids)?;
    let items = page
        .items
        .into_iter()
        .map(|row| {
            let mine: Vec<RoleOnDeal> = roles
                .iter()
                .filter(|(d, _)| *d == row.id)
                .map(|(_, r)| *r)
                .collect();
            to_deal(row, mine, &lines)
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Page {
        items,
        next_cursor: page.next_cursor,
        total: page.total,
    })
}

/// The deal a lead became, if its conversion made one.
pub fn from_lead(
    conn: &mut AnyConnection,
    org: OrgId,
    lead: domain::LeadId,
) -> Result<Option<OpportunityId>> {
    let found: Option<Vec<u8>> = opportunities::table
        .filter(opportunities::org_id.eq(bytes(&org)))
        .filter(opportunities::source_lead_id.eq(bytes(&lead)))
        .order(opportunities::id.asc())
        .select(opportunities::id)
        .first(conn)
        .optional()?;
    Ok(found.map(|d| id(&d)))
}
