//! The columns a list shows: its optional ones can be hidden, and each user's choice is kept
//! in this browser per list. The rows stay as rendered: the table's class names the hidden
//! columns and app.css hides their cells (marked `data-col` with the column's place).

use leptos::prelude::*;

use crate::api::Session;

/// A list's optional columns, (key, heading), and which of them the user hid.
#[derive(Clone, Copy)]
pub struct Columns {
    options: &'static [(&'static str, &'static str)],
    hidden: RwSignal<Vec<String>>,
    list: &'static str,
}

impl Columns {
    /// The choice kept for `list` (every column shown until the user hides one).
    pub fn new(list: &'static str, options: &'static [(&'static str, &'static str)]) -> Self {
        let session = expect_context::<Session>();
        let kept: Vec<String> =
            super::kept::load(&session, &format!("columns.{list}")).unwrap_or_default();
        Self {
            options,
            hidden: RwSignal::new(kept),
            list,
        }
    }

    /// Whether the column `key` is shown.
    pub fn shows(self, key: &str) -> bool {
        self.hidden.with(|hidden| !hidden.iter().any(|h| h == key))
    }

    /// The `data-col` of column `key`'s cells.
    pub fn mark(self, key: &str) -> String {
        let place = self.options.iter().position(|(k, _)| *k == key);
        place.map(|p| p.to_string()).unwrap_or_default()
    }

    /// The table's classes: `records` and `hide-N` for each hidden column.
    pub fn table_class(self) -> String {
        let mut class = String::from("records");
        for (place, (key, _)) in self.options.iter().enumerate() {
            if !self.shows(key) {
                class.push_str(&format!(" hide-{place}"));
            }
        }
        class
    }

    fn set(self, key: &'static str, shown: bool) {
        self.hidden.update(|hidden| {
            hidden.retain(|h| h != key);
            if !shown {
                hidden.push(key.to_owned());
            }
        });
        let session = expect_context::<Session>();
        super::kept::save(
            &session,
            &format!("columns.{}", self.list),
            &self.hidden.get_untracked(),
        );
    }
}

/// "Columns": a fold with a checkbox for each optional column.
#[component]
pub fn ColumnChooser(columns: Columns) -> impl IntoView {
    view! {
        <details class="columns-chooser">
            <summary class="button">"Columns"</summary>
            <fieldset>
                <legend class="visually-hidden">"Columns shown"</legend>
                {columns.options.iter().map(|&(key, heading)| {
                    let id = format!("column-{}-{key}", columns.list);
                    view! {
                        <label class="checkbox">
                            <input id=id type="checkbox" prop:checked=move || columns.shows(key)
                                on:change=move |ev| columns.set(key, event_target_checked(&ev))/>
                            {heading}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
        </details>
    }
}
