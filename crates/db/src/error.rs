//! Persistence errors, free of HTTP.

/// What can go wrong talking to the database.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The record does not exist in the caller's organization (or is deleted).
    #[error("not found")]
    NotFound,
    /// A unique rule was broken, e.g. an email already in use; names the rule.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// The record changed since the caller read it (the version did not match).
    #[error("the record was changed by someone else")]
    Stale,
    /// A referenced record (owner, parent, account) does not exist; names the field.
    #[error("unknown reference: {0}")]
    UnknownReference(&'static str),
    /// A value the caller sent breaks a rule only the stored data can check (a stage of
    /// another pipeline, a currency without a rate).
    #[error("invalid: {0}")]
    Invalid(domain::FieldError),
    /// No connection could be had in time.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// Anything else.
    #[error("database error: {0}")]
    Other(String),
}

impl From<diesel::result::Error> for Error {
    fn from(error: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error as D};
        match error {
            D::NotFound => Error::NotFound,
            D::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => Error::Conflict("unique"),
            D::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _) => {
                Error::UnknownReference("reference")
            }
            D::DatabaseError(DatabaseErrorKind::ClosedConnection, info) => {
                Error::Unavailable(info.message().to_owned())
            }
            // Two writers waited on each other (PostgreSQL undid one): worth trying again.
            D::DatabaseError(_, info) if info.message().contains("deadlock detected") => {
                Error::Unavailable(info.message().to_owned())
            }
            // SQLite's write lock stayed taken longer than busy_timeout.
            D::DatabaseError(_, info) if info.message().contains("database is locked") => {
                Error::Unavailable(info.message().to_owned())
            }
            other => Error::Other(other.to_string()),
        }
    }
}

impl From<diesel::r2d2::PoolError> for Error {
    fn from(error: diesel::r2d2::PoolError) -> Self {
        Error::Unavailable(error.to_string())
    }
}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a read-modify-write did not happen: the database, or the caller's `change` refused.
#[derive(Debug)]
pub enum ModifyError<E> {
    /// The database failed, or the record is missing or stale.
    Db(Error),
    /// The change was refused (for example, the merged fields are not valid).
    Rejected(E),
}

impl From<ModifyError<Error>> for Error {
    fn from(error: ModifyError<Error>) -> Self {
        match error {
            ModifyError::Db(e) | ModifyError::Rejected(e) => e,
        }
    }
}

impl<E> From<Error> for ModifyError<E> {
    fn from(error: Error) -> Self {
        ModifyError::Db(error)
    }
}

impl<E> From<diesel::result::Error> for ModifyError<E> {
    fn from(error: diesel::result::Error) -> Self {
        ModifyError::Db(error.into())
    }
}

/// A broken unique rule (say, a name already taken) as the conflict `code`.
pub(crate) fn unique(code: &'static str) -> impl Fn(diesel::result::Error) -> Error {
    move |error| unique_error(code)(error.into())
}

/// [`unique`] for an error already converted (a restored name clashing with a live one).
pub(crate) fn unique_error(code: &'static str) -> impl Fn(Error) -> Error {
    move |error| match error {
        Error::Conflict("unique") => Error::Conflict(code),
        other => other,
    }
}
