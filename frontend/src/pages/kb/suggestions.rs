//! Articles that may answer the ticket being worked, beside its composer: each opens, and a
//! public one goes into the reply as a link in one click.

use api_types::kb::KbSearchHit;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{kb, Session};
use crate::components::debounce::debounced;

/// Suggestions for what `text` says (the ticket's subject and description and the reply so
/// far); `insert` takes the link text of the article chosen.
#[component]
pub fn Suggestions(text: Signal<String>, insert: Callback<String>) -> impl IntoView {
    let session = expect_context::<Session>();
    let found = RwSignal::new(Vec::<KbSearchHit>::new());
    // The text last asked about: only its answer is shown, and the same text is not asked
    // twice.
    let asked = StoredValue::new(String::new());
    let look_up = debounced(400, move |text: String| {
        if asked.try_get_value().as_deref() == Some(text.as_str()) {
            return;
        }
        asked.set_value(text.clone());
        leptos::task::spawn_local(async move {
            let answer = kb::suggest(&session, &text).await;
            if asked.try_get_value().as_deref() == Some(text.as_str()) {
                // A failed lookup keeps what was suggested before.
                if let Ok(answer) = answer {
                    found.try_set(answer.items);
                }
            }
        });
    });
    Effect::new(move |_| look_up(kb::suggestion_text(&text.get())));
    view! {
        <section class="kb-suggestions" aria-labelledby="kb-suggestions">
            <h3 id="kb-suggestions">"Suggested articles"</h3>
            {move || {
                let hits = found.get();
                if hits.is_empty() {
                    return view! { <p class="muted">"None match this ticket yet."</p> }.into_any();
                }
                view! {
                    <ul class="plain">
                        {hits.into_iter().map(|hit| {
                            let link = hit.url.clone().map(|url| format!("[{}]({url})", hit.title));
                            let title = hit.title.clone();
                            view! {
                                <li>
                                    <A href=format!("/kb/{}", hit.id) attr:target="_blank">{hit.title.clone()}</A>
                                    {match link {
                                        Some(link) => view! {
                                            <button type="button" class="button subtle"
                                                aria-label=format!("Insert link to {title}")
                                                on:click=move |_| insert.run(link.clone())>"Insert link"</button>
                                        }.into_any(),
                                        None => view! { <span class="badge">"Staff only"</span> }.into_any(),
                                    }}
                                    <p class="kb-snippet" inner_html=hit.snippet.clone()></p>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
}
