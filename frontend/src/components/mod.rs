//! Pieces every page uses.

pub mod account_picker;
pub mod activity_form;
pub mod bell;
pub mod bulk;
pub mod columns;
pub mod debounce;
pub mod field;
pub mod kept;
pub mod leave_guard;
pub mod list_nav;
pub mod list_parts;
pub mod live;
pub mod notes;
pub mod owner_picker;
pub mod owner_select;
pub mod palette;
pub mod phones;
pub mod recent;
pub mod record_form;
pub mod record_page;
pub mod screen_pop;
pub mod shell;
pub mod status;
pub mod timeline;
