//! Runs the latest of quickly repeated calls once, after a pause.

use leptos::prelude::*;

/// Calls `run` with the last value given to the returned function, once `millis` pass
/// without another call. A call still waiting when its component goes (the user typed and
/// left the page at once) is dropped: its signals are gone.
pub fn debounced(millis: u64, run: impl Fn(String) + Clone + 'static) -> impl Fn(String) + Clone {
    let timer = StoredValue::new_local(None::<TimeoutHandle>);
    on_cleanup(move || {
        if let Some(Some(pending)) = timer.try_get_value() {
            pending.clear();
        }
    });
    move |value: String| {
        if let Some(t) = timer.get_value() {
            t.clear();
        }
        let run = run.clone();
        let handle =
            set_timeout_with_handle(move || run(value), std::time::Duration::from_millis(millis));
        timer.set_value(handle.ok());
    }
}
