//! Sales quotas: what a user or a team is to win in a period, in the base currency.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::forecast::{Period, PeriodKind};
use domain::id::kind;
use domain::{OrgId, QuotaId, TeamId, UserId};

use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, from_db, id, opt_id, to_db};
use crate::error::{unique, Error, Result};
use crate::exchange_rates::{day, parse_day};
use crate::list::{self, KeyValue, ListParams, Page, Positioned, SortKey, Sorts};
use crate::record::{at_version, Record, Store};
use crate::references::{self, Reference};
use crate::schema::quotas;

/// Whose quota it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    /// A seller's.
    User(UserId),
    /// A team's.
    Team(TeamId),
}

/// What a quota says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuotaFields {
    /// Whose.
    pub holder: Holder,
    /// For which period.
    pub period: Period,
    /// How much, in minor units of the base currency.
    pub amount_minor: i64,
}

/// A stored quota.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quota {
    /// Its id.
    pub id: QuotaId,
    /// What it says.
    pub fields: QuotaFields,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// Version.
    pub version: i64,
}

/// Quotas are listed as created, newest first.
pub const SORTS: Sorts = Sorts {
    options: &[
        ("created_at", SortKey::Created),
        ("updated_at", SortKey::Updated),
    ],
    default: (SortKey::Created, true),
};

const TAKEN: &str = "quota_exists";

#[derive(Queryable, Selectable)]
#[diesel(table_name = quotas)]
struct QuotaRow {
    id: Vec<u8>,
    user_id: Option<Vec<u8>>,
    team_id: Option<Vec<u8>>,
    period: String,
    period_start: String,
    amount_minor: i64,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    version: i64,
}

impl Positioned for QuotaRow {
    fn id_bytes(&self) -> &[u8] {
        &self.id
    }

    fn key(&self, key: SortKey) -> KeyValue {
        match key {
            SortKey::Updated => KeyValue::Time(self.updated_at),
            _ => KeyValue::None,
        }
    }
}

fn to_quota(row: QuotaRow) -> Result<Quota> {
    let bad = || Error::Other("stored quota has a bad period".into());
    let kind = PeriodKind::parse("", &row.period).map_err(|_| bad())?;
    let period = Period::starting("", kind, parse_day(&row.period_start)).map_err(|_| bad())?;
    let holder = match (opt_id(row.user_id.as_ref()), opt_id(row.team_id.as_ref())) {
        (Some(user), _) => Holder::User(user),
        (None, Some(team)) => Holder::Team(team),
        (None, None) => return Err(Error::Other("stored quota has no holder".into())),
    };
    Ok(Quota {
        id: id(&row.id),
        fields: QuotaFields {
            holder,
            period,
            amount_minor: row.amount_minor,
        },
        created_at: from_db(row.created_at),
        updated_at: from_db(row.updated_at),
        version: row.version,
    })
}

type Columns = (Option<Vec<u8>>, Option<Vec<u8>>, &'static str, String, i64);

fn columns(fields: &QuotaFields) -> Columns {
    let (user, team) = match fields.holder {
        Holder::User(u) => (Some(bytes(&u)), None),
        Holder::Team(t) => (None, Some(bytes(&t))),
    };
    (
        user,
        team,
        fields.period.kind.as_str(),
        day(fields.period.start),
        fields.amount_minor,
    )
}

fn check_holder(conn: &mut AnyConnection, org: OrgId, fields: &QuotaFields) -> Result<()> {
    let reference = match &fields.holder {
        Holder::User(u) => Reference::any("user_id", "users", u),
        Holder::Team(t) => Reference::any("team_id", "teams", t),
    };
    references::check(conn, org, &[reference])
}

impl Record for Quota {
    type Kind = kind::Quota;
    const TABLE: &'static str = "quotas";
    const SOFT_DELETE: bool = false;

    fn read(conn: &mut AnyConnection, org: OrgId, quota: QuotaId) -> Result<Self> {
        let row: QuotaRow = quotas::table
            .filter(quotas::org_id.eq(bytes(&org)))
            .filter(quotas::id.eq(bytes(&quota)))
            .select(QuotaRow::as_select())
            .first(conn)?;
        to_quota(row)
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn is_deleted(&self) -> bool {
        false
    }
}

impl Store for Quota {
    type Fields = QuotaFields;

    fn write(
        conn: &mut AnyConnection,
        org: OrgId,
        current: &Self,
        fields: &QuotaFields,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        if fields.holder != current.fields.holder {
            check_holder(conn, org, fields)?;
        }
        let (user, team, period, start, amount) = columns(fields);
        diesel::update(quotas::table)
            .filter(at_version(org, current.id, current.version))
            .set((
                quotas::user_id.eq(user),
                quotas::team_id.eq(team),
                quotas::period.eq(period),
                quotas::period_start.eq(start),
                quotas::amount_minor.eq(amount),
                quotas::updated_at.eq(to_db(now)),
                quotas::version.eq(current.version + 1),
            ))
            .execute(conn)
            .map_err(unique(TAKEN))
    }

    fn updated(
        _conn: &mut AnyConnection,
        _org: OrgId,
        current: Self,
        fields: QuotaFields,
        now: DateTime<Utc>,
    ) -> Result<Self> {
        Ok(Quota {
            fields,
            updated_at: now,
            version: current.version + 1,
            ..current
        })
    }
}

/// Sets a quota; a second one for the same holder and period is 409 `quota_exists`.
pub fn create(
    conn: &mut AnyConnection,
    org: OrgId,
    fields: &QuotaFields,
    now: DateTime<Utc>,
) -> Result<Quota> {
    let quota = QuotaId::mint();
    write_transaction(conn, |conn| {
        check_holder(conn, org, fields)?;
        let (user, team, period, start, amount) = columns(fields);
        diesel::insert_into(quotas::table)
            .values((
                quotas::org_id.eq(bytes(&org)),
                quotas::id.eq(bytes(&quota)),
                quotas::user_id.eq(user),
                quotas::team_id.eq(team),
                quotas::period.eq(period),
                quotas::period_start.eq(start),
                quotas::amount_minor.eq(amount),
                quotas::created_at.eq(to_db(now)),
                quotas::updated_at.eq(to_db(now)),
                quotas::version.eq(1_i64),
            ))
            .execute(conn)
            .map_err(unique(TAKEN))?;
        Ok(Quota {
            id: quota,
            fields: *fields,
            created_at: now,
            updated_at: now,
            version: 1,
        })
    })
}

/// Which quotas a list shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QuotaFilter {
    /// Of this user.
    pub user_id: Option<UserId>,
    /// Of this team.
    pub team_id: Option<TeamId>,
    /// For periods of this kind.
    pub kind: Option<PeriodKind>,
    /// For the period starting on this day.
    pub start: Option<chrono::NaiveDate>,
}

/// One page of quotas.
pub fn list(
    conn: &mut AnyConnection,
    org: OrgId,
    filter: QuotaFilter,
    params: &ListParams,
) -> Result<Page<Quota>> {
    let query = || {
        let mut query = quotas::table
            .filter(quotas::org_id.eq(bytes(&org)))
            .select(QuotaRow::as_select())
            .into_boxed();
        if let Some(user) = filter.user_id {
            query = query.filter(quotas::user_id.eq(bytes(&user)));
        }
        if let Some(team) = filter.team_id {
            query = query.filter(quotas::team_id.eq(bytes(&team)));
        }
        if let Some(kind) = filter.kind {
            query = query.filter(quotas::period.eq(kind.as_str()));
        }
        if let Some(start) = filter.start {
            query = query.filter(quotas::period_start.eq(day(start)));
        }
        query
    };
    let page = list::load_page::<Quota, _, _>(conn, query, None, params)?;
    let items = page
        .items
        .into_iter()
        .map(to_quota)
        .collect::<Result<Vec<_>>>()?;
    Ok(Page {
        items,
        next_cursor: page.next_cursor,
        total: page.total,
    })
}
