use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::shell::set_crumbs;

/// A client route that does not exist.
#[component]
pub fn NotFound() -> impl IntoView {
    set_crumbs(vec![("Not found".into(), None)]);
    view! {
        <section class="page narrow">
            <h1>"This page does not exist"</h1>
            <p>"The link may be old or mistyped."</p>
            <p><A href="/">"Go to your home page"</A>" or "<A href="/accounts">"the accounts"</A>"."</p>
        </section>
    }
}
