//! `/api/v1/sla`: business calendars, SLA policies and the simulation of a ticket's clocks.

pub mod calendars;
pub mod documents;
pub mod input;
pub mod policies;
pub mod simulate;

use serde::Deserialize;
use utoipa::IntoParams;

/// Which calendars or policies a list shows.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct TrashQuery {
    /// `true` lists the deleted ones (the trash), most recently deleted first.
    pub deleted: Option<bool>,
}
