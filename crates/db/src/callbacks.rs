//! Callback requests: the queue of customers waiting to be called back.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::activity::ActivityStatus;
use domain::callback::CallbackFields;
use domain::id::kind;
use domain::{CallbackId, OrgId, UserId};

use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, from_db, id, opt_id, to_db};
use crate::error::{Error, Result};
use crate::list::{self, KeyValue, ListParams, Page, Positioned, SortKey, Sorts};
use crate::record::{at_version, Record, Store};
use crate::references::{self, Reference};
use crate::schema::callbacks;

/// A stored callback request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Callback {
    /// Its id.
    pub id: CallbackId,
    /// What it says.
    pub fields: CallbackFields,
    /// When it was marked done.
    pub completed_at: Option<DateTime<Utc>>,
    /// Who wrote it down.
    pub created_by: Option<UserId>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// In the trash.
    pub deleted: bool,
    /// Version.
    pub version: i64,
}

/// The queue is read soonest due first.
pub const SORTS: Sorts = Sorts {
    options: &[
        ("due_at", SortKey::Due),
        ("created_at", SortKey::Created),
        ("updated_at", SortKey::Updated),
    ],
    default: (SortKey::Due, false),
};

#[derive(Queryable, Selectable)]
#[diesel(table_name = callbacks)]
struct CallbackRow {
    id: Vec<u8>,
    number: String,
    contact_id: Option<Vec<u8>>,
    account_id: Option<Vec<u8>>,
    call_id: Option<Vec<u8>>,
    assignee_id: Option<Vec<u8>>,
    due_at: NaiveDateTime,
    status: String,
    notes: Option<String>,
    completed_at: Option<NaiveDateTime>,
    created_by: Option<Vec<u8>>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    deleted_at: Option<NaiveDateTime>,
    version: i64,
}

impl Positioned for CallbackRow {
    fn id_bytes(&self) -> &[u8] {
        &self.id
    }

    fn key(&self, key: SortKey) -> KeyValue {
        match key {
            SortKey::Due => KeyValue::Time(self.due_at),
            SortKey::Updated => KeyValue::Time(self.updated_at),
            _ => KeyValue::None,
        }
    }
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = callbacks, treat_none_as_null = true)]
struct CallbackValues<'a> {
    number: &'a str,
    contact_id: Option<Vec<u8>>,
    account_id: Option<Vec<u8>>,
    call_id: Option<Vec<u8>>,
    assignee_id: Option<Vec<u8>>,
    due_at: NaiveDateTime,
    status: &'static str,
    notes: Option<&'a str>,
    completed_at: Option<NaiveDateTime>,
}

impl<'a> CallbackValues<'a> {
    fn of(f: &'a CallbackFields, completed_at: Option<DateTime<Utc>>) -> Self {
        CallbackValues {
            number: &f.number,
            contact_id: f.contact_id.as_ref().map(bytes),
            account_id: f.account_id.as_ref().map(bytes),
            call_id: f.call_id.as_ref().map(bytes),
            assignee_id: f.assignee_id.as_ref().map(bytes),
            due_at: to_db(f.due_at),
            status: f.status.as_str(),
            notes: f.notes.as_deref(),
            completed_at: completed_at.map(to_db),
        }
    }
}

fn to_callback(row: CallbackRow) -> Result<Callback> {
    let status = ActivityStatus::parse("", &row.status)
        .map_err(|e| Error::Other(format!("stored callback: {e}")))?;
    Ok(Callback {
        id: id(&row.id),
        fields: CallbackFields {
            number: row.number,
            contact_id: opt_id(row.contact_id.as_ref()),
            account_id: opt_id(row.account_id.as_ref()),
            call_id: opt_id(row.call_id.as_ref()),
            assignee_id: opt_id(row.assignee_id.as_ref()),
            due_at: from_db(row.due_at),
            status,
            notes: row.notes,
        },
        completed_at: row.completed_at.map(from_db),
        created_by: opt_id(row.created_by.as_ref()),
        created_at: from_db(row.created_at),
        updated_at: from_db(row.updated_at),
        deleted: row.deleted_at.is_some(),
        version: row.version,
    })
}

/// Checks the records `fields` names that `before` did not.
fn check_references(
    conn: &mut AnyConnection,
    org: OrgId,
    before: Option<&CallbackFields>,
    f: &CallbackFields,
) -> Result<()> {
    let mut refs = Vec::new();
    let changed = |get: fn(&CallbackFields) -> Option<Vec<u8>>| {
        get(f).is_some() && before.is_none_or(|b| get(b) != get(f))
    };
    if let Some(c) = f
        .contact_id
        .filter(|_| changed(|x| x.contact_id.as_ref().map(bytes)))
    {
        refs.push(Reference::live("contact_id", "contacts", &c));
    }
    if let Some(a) = f
        .account_id
        .filter(|_| changed(|x| x.account_id.as_ref().map(bytes)))
    {
        refs.push(Reference::live("account_id", "accounts", &a));
    }
    if let Some(c) = f
        .call_id
        .filter(|_| changed(|x| x.call_id.as_ref().map(bytes)))
    {
        refs.push(Reference::live("call_id", "activities", &c).only("kind", "call"));
    }
    if let Some(u) = f
        .assignee_id
        .filter(|_| changed(|x| x.assignee_id.as_ref().map(bytes)))
    {
        refs.push(Reference::any("assignee_id", "users", &u));
    }
    references::check(conn, org, &refs)
}

/// When a callback is done: kept while it stays done, now when it becomes so.
fn completed_at(
    before: Option<&Callback>,
    f: &CallbackFields,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    match (f.status, before) {
        (ActivityStatus::Done, Some(b)) if b.fields.status == ActivityStatus::Done => {
            b.completed_at
        }
        (ActivityStatus::Done, _) => Some(now),
        _ => None,
    }
}

impl Record for Callback {
    type Kind = kind::Callback;
    const TABLE: &'static str = "callbacks";

    fn read(conn: &mut AnyConnection, org: OrgId, callback: CallbackId) -> Result<Self> {
        let row: CallbackRow = callbacks::table
            .filter(callbacks::org_id.eq(bytes(&org)))
            .filter(callbacks::id.eq(bytes(&callback)))
            .select(CallbackRow::as_select())
            .first(conn)?;
        to_callback(row)
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn is_deleted(&self) -> bool {
        self.deleted
    }
}

impl Store for Callback {
    type Fields = CallbackFields;

    fn write(
        conn: &mut AnyConnection,
        org: OrgId,
        current: &Self,
        fields: &CallbackFields,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        check_references(conn, org, Some(&current.fields), fields)?;
        Ok(diesel::update(callbacks::table)
            .filter(at_version(org, current.id, current.version))
            .set((
                CallbackValues::of(fields, completed_at(Some(current), fields, now)),
                callbacks::updated_at.eq(to_db(now)),
                callbacks::version.eq(current.version + 1),
            ))
            .execute(conn)?)
    }

    fn updated(
        _conn: &mut AnyConnection,
        _org: OrgId,
        current: Self,
        fields: CallbackFields,
        now: DateTime<Utc>,
    ) -> Result<Self> {
        Ok(Callback {
            completed_at: completed_at(Some(&current), &fields, now),
            fields,
            updated_at: now,
            version: current.version + 1,
            ..current
        })
    }
}

/// Writes a callback request down.
pub fn create(
    conn: &mut AnyConnection,
    org: OrgId,
    fields: &CallbackFields,
    by: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<Callback> {
    let callback = CallbackId::mint();
    write_transaction(conn, |conn| {
        check_references(conn, org, None, fields)?;
        let completed = completed_at(None, fields, now);
        diesel::insert_into(callbacks::table)
            .values((
                callbacks::org_id.eq(bytes(&org)),
                callbacks::id.eq(bytes(&callback)),
                CallbackValues::of(fields, completed),
                callbacks::created_by.eq(by.as_ref().map(bytes)),
                callbacks::created_at.eq(to_db(now)),
                callbacks::updated_at.eq(to_db(now)),
                callbacks::version.eq(1_i64),
            ))
            .execute(conn)?;
        Ok(Callback {
            id: callback,
            fields: fields.clone(),
            completed_at: completed,
            created_by: by,
            created_at: now,
            updated_at: now,
            deleted: false,
            version: 1,
        })
    })
}

/// Filters of the callback queue.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallbackFilter {
    /// In this state.
    pub status: Option<ActivityStatus>,
    /// Assigned to this agent.
    pub assignee_id: Option<UserId>,
    /// Waiting for whoever takes it.
    pub unassigned: bool,
    /// Due before this time.
    pub due_before: Option<DateTime<Utc>>,
}

/// One page of callback requests.
pub fn list(
    conn: &mut AnyConnection,
    org: OrgId,
    filter: &CallbackFilter,
    params: &ListParams,
) -> Result<Page<Callback>> {
    let build = || {
        let mut q = callbacks::table
            .filter(callbacks::org_id.eq(bytes(&org)))
            .select(CallbackRow::as_select())
            .into_boxed();
        if let Some(status) = filter.status {
            q = q.filter(callbacks::status.eq(status.as_str()));
        }
        if let Some(user) = &filter.assignee_id {
            q = q.filter(callbacks::assignee_id.eq(bytes(user)));
        }
        if filter.unassigned {
            q = q.filter(callbacks::assignee_id.is_null());
        }
        if let Some(before) = filter.due_before {
            q = q.filter(callbacks::due_at.lt(to_db(before)));
        }
        q
    };
    let page = list::load_page::<Callback, _, _>(conn, build, None, params)?;
    page.try_map(to_callback)
}
