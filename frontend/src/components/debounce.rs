//! Runs the latest of quickly repeated calls once, after a pause.

use leptos::prelude::*;

/// Calls `run` with the last value given to the returned function, once `millis` pass
/// without another call.
pub fn debounced(millis: u64, run: impl Fn(String) + Clone + 'static) -> impl Fn(String) + Clone {
    let timer = StoredValue::new_local(None::<TimeoutHandle>);
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
