//! Service-level agreements: business calendars now; SLA clocks and policies build on them.

pub mod calendar;

pub use calendar::{BusinessCalendar, Holiday, HolidayDate, Interval};
