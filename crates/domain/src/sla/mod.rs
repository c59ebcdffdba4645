//! Service-level agreements: business calendars now; SLA clocks and policies build on them.

pub mod calendar;
pub mod clock;
pub mod policy;
pub mod simulation;

pub use calendar::{BusinessCalendar, Holiday, HolidayDate, Interval};
pub use clock::{ClockEvent, ClockReading, ClockStatus, SlaClock};
