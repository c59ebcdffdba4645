//! What Rapport's two browser apps share: the staff web app (`frontend/`) and the customer
//! portal (`frontend/portal/`). Each keeps its own session and pages; both call the same API
//! the same way and show its problems and its dates alike.

pub mod format;
pub mod http;

use std::time::Duration;

/// Waits `duration`, on the browser's timer.
pub async fn sleep(duration: Duration) {
    let millis = i32::try_from(duration.as_millis()).unwrap_or(i32::MAX);
    let wait = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(wait).await;
}

/// Takes away the placeholder `index.html` paints while the app loads (`#boot-shell`).
pub fn remove_boot_shell() {
    if let Some(shell) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot-shell"))
    {
        shell.remove();
    }
}
