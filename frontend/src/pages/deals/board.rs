//! The pipeline board: a column per stage with its count and amount, the deals as cards that
//! are dragged to another stage (or moved with the "Move to" control from the keyboard), a
//! reason asked when one is won or lost; narrowed by owner and close period.

use api_types::opportunities::{Opportunity, OpportunityFilters};
use api_types::pipelines::{BoardFilters, Pipeline, PipelineBoard, Stage};
use api_types::ListQuery;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::{amount, day, move_open, period_days, today, CloseDialog, Closing, PERIODS};
use crate::api::{self, deals, ApiError, Session};
use crate::components::shell::set_crumbs;
use crate::components::status::{Empty, ErrorNote, Loading, Toast, Toasts};
use crate::format;

/// How many cards a column shows.
const CARDS: i64 = 50;

/// One pipeline's board as loaded.
#[derive(Clone)]
struct Board {
    pipeline: Pipeline,
    totals: PipelineBoard,
    /// Each stage's cards, in stage order.
    cards: Vec<Vec<Opportunity>>,
}

/// What narrows the board.
#[derive(Clone, PartialEq)]
struct Narrowing {
    pipeline: String,
    owner: String,
    period: String,
}

async fn load(session: Session, narrowing: Narrowing) -> Result<Option<Board>, ApiError> {
    let all = ListQuery {
        limit: Some(100),
        ..ListQuery::default()
    };
    let pipelines = api::list::<Pipeline>(&session, &all, &()).await?.items;
    let chosen = pipelines
        .iter()
        .find(|p| p.id == narrowing.pipeline)
        .or(pipelines.first())
        .cloned();
    let Some(pipeline) = chosen else {
        return Ok(None);
    };
    let (close_from, close_to) = period_days(&narrowing.period, today()).unzip();
    let owner_id = match narrowing.owner.as_str() {
        "" => None,
        "me" => session
            .me
            .with_untracked(|m| m.as_ref().map(|m| m.id.clone())),
        other => Some(other.to_owned()),
    };
    let filters = BoardFilters {
        owner_id: owner_id.clone(),
        close_from,
        close_to,
    };
    let column = |stage: &Stage| {
        let filters = OpportunityFilters {
            stage_id: Some(stage.id.clone()),
            owner_id: owner_id.clone(),
            close_from,
            close_to,
            ..OpportunityFilters::default()
        };
        let list = ListQuery {
            limit: Some(CARDS),
            ..ListQuery::default()
        };
        async move { api::list::<Opportunity>(&session, &list, &filters).await }
    };
    let (totals, columns) = futures::join!(
        deals::board(&session, &pipeline.id, &filters),
        futures::future::join_all(pipeline.stages.iter().map(column)),
    );
    let cards = columns
        .into_iter()
        .map(|c| c.map(|page| page.items))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Some(Board {
        pipeline,
        totals: totals?,
        cards,
    }))
}

/// The board page.
#[component]
pub fn PipelineBoardPage() -> impl IntoView {
    set_crumbs(vec![("Pipeline".into(), None)]);
    let session = expect_context::<Session>();
    let query = use_query_map();
    let pipeline = RwSignal::new(query.with_untracked(|q| q.get("pipeline").unwrap_or_default()));
    let owner = RwSignal::new(String::new());
    let period = RwSignal::new("any".to_owned());
    let board = LocalResource::new(move || {
        let narrowing = Narrowing {
            pipeline: pipeline.get(),
            owner: owner.get(),
            period: period.get(),
        };
        load(session, narrowing)
    });
    let reload = Callback::new(move |()| board.refetch());
    let closing = RwSignal::new(None::<Closing>);
    let can_write = session.can(domain::Permission::WriteSales);
    view! {
        <section class="page board-page">
            <div class="page-head">
                <h1>"Pipeline"</h1>
                <div class="actions">
                    <A href="/products" attr:class="button">"Products"</A>
                    {can_write.then(|| view! { <A href="/opportunities/new" attr:class="button primary">"New opportunity"</A> })}
                </div>
            </div>
            <div class="toolbar board-filters">
                <PipelineChoice board chosen=pipeline/>
                <label>
                    "Owner "
                    <select on:change=move |ev| owner.set(event_target_value(&ev)) prop:value=move || owner.get()>
                        <option value="">"Everyone"</option>
                        <option value="me">"My deals"</option>
                    </select>
                </label>
                <label>
                    "Closing "
                    <select on:change=move |ev| period.set(event_target_value(&ev)) prop:value=move || period.get()>
                        {PERIODS.iter().map(|(v, l)| view! { <option value=*v>{*l}</option> }).collect_view()}
                    </select>
                </label>
            </div>
            <Transition fallback=|| view! { <Loading what="Loading the board"/> }>
                {move || Suspend::new(async move {
                    match board.await {
                        Err(error) => view! { <ErrorNote error retry=Some(reload)/> }.into_any(),
                        Ok(None) => view! {
                            <Empty title="No pipeline yet".into()>
                                <p>"An administrator or a manager sets up the pipelines deals move through."</p>
                            </Empty>
                        }.into_any(),
                        Ok(Some(b)) => view! { <Columns board=b closing reload can_write/> }.into_any(),
                    }
                })}
            </Transition>
            <CloseDialog closing done=reload/>
        </section>
    }
}

/// The pipeline select, once the pipelines are known.
#[component]
fn PipelineChoice(
    board: LocalResource<Result<Option<Board>, ApiError>>,
    chosen: RwSignal<String>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let pipelines = LocalResource::new(move || async move {
        let all = ListQuery {
            limit: Some(100),
            ..ListQuery::default()
        };
        api::list::<Pipeline>(&session, &all, &()).await
    });
    let shown = move || {
        board
            .get()
            .and_then(Result::ok)
            .flatten()
            .map(|b| b.pipeline.id)
            .unwrap_or_default()
    };
    view! {
        <label>
            "Pipeline "
            <select on:change=move |ev| chosen.set(event_target_value(&ev)) prop:value=shown>
                {move || pipelines.get().and_then(Result::ok).map(|page| page.items.into_iter().map(|p| {
                    let id = p.id.clone();
                    view! { <option value=id.clone() selected=move || shown() == id>{p.name}</option> }
                }).collect_view())}
            </select>
        </label>
    }
}

/// The columns of a loaded board.
#[component]
fn Columns(
    board: Board,
    closing: RwSignal<Option<Closing>>,
    reload: Callback<()>,
    can_write: bool,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let base = board.totals.base_currency.clone();
    let pipeline = StoredValue::new(board.pipeline.clone());
    let deals: StoredValue<Vec<Opportunity>> =
        StoredValue::new(board.cards.iter().flatten().cloned().collect());
    let dragging = RwSignal::new(None::<String>);
    let over = RwSignal::new(None::<String>);
    // Moves the deal `id` to the stage `to`: asking why for a won or lost stage.
    let move_to = Callback::new(move |(id, to): (String, String)| {
        let Some(deal) = deals.with_value(|d| d.iter().find(|d| d.id == id).cloned()) else {
            return;
        };
        let Some(stage) = pipeline.with_value(|p| p.stages.iter().find(|s| s.id == to).cloned())
        else {
            return;
        };
        if deal.stage_id == stage.id {
            return;
        }
        if stage.kind != "open" {
            if deal.status != "open" {
                toasts.show(Toast {
                    message: "A won or lost deal moves back to an open stage first.".into(),
                    action: None,
                });
                return;
            }
            closing.set(Some(pipeline.with_value(|p| Closing::new(deal, stage, p))));
            return;
        }
        let toasts = toasts.clone();
        leptos::task::spawn_local(async move {
            match move_open(session, &deal, &stage).await {
                Ok(()) => {
                    toasts.show(Toast {
                        message: format!("“{}” moved to {}.", deal.name, stage.name),
                        action: None,
                    });
                    reload.try_run(());
                }
                Err(e) => {
                    toasts.show(Toast {
                        message: e.message(),
                        action: None,
                    });
                    reload.try_run(());
                }
            }
        });
    });
    let stages = board.pipeline.stages.clone();
    let columns = board
        .pipeline
        .stages
        .into_iter()
        .zip(board.cards)
        .map(|(stage, cards)| {
            let totals = board
                .totals
                .columns
                .iter()
                .find(|c| c.stage_id == stage.id)
                .cloned();
            let (count, sum, weighted) = totals.map_or((0, 0, 0), |t| {
                (t.count, t.amount_base_minor, t.weighted_amount_minor)
            });
            let heading_id = format!("column-{}", stage.id);
            let labelled = heading_id.clone();
            let stage_id = stage.id.clone();
            let (drop_id, over_id) = (stage.id.clone(), stage.id.clone());
            let shown = cards.len() as i64;
            let more = (count > shown).then(|| format!("{} more not shown", format::count(count - shown)));
            // A won or lost stage's name says it all.
            let probability = (stage.kind == "open").then(|| format!("{} %", stage.probability));
            view! {
                <section class="board-column" class:drop-target=move || over.get().as_deref() == Some(over_id.as_str())
                    aria-labelledby=labelled data-stage=stage.name.clone()
                    on:dragover=move |ev| {
                        if can_write {
                            ev.prevent_default();
                            over.set(Some(stage_id.clone()));
                        }
                    }
                    on:dragleave=move |_| over.set(None)
                    on:drop=move |ev| {
                        ev.prevent_default();
                        over.set(None);
                        let id = ev.data_transfer().and_then(|d| d.get_data("text/plain").ok())
                            .filter(|id| !id.is_empty())
                            .or_else(|| dragging.get_untracked());
                        if let Some(id) = id {
                            move_to.run((id, drop_id.clone()));
                        }
                        dragging.set(None);
                    }>
                    <header class="column-head">
                        <h2 id=heading_id>{stage.name.clone()}</h2>
                        {probability.map(|p| view! { <span class="muted">{p}</span> })}
                        <p class="column-totals">
                            <span>{format::counted(count, "deal", "deals")}</span>
                            <strong>{amount(sum, &base)}</strong>
                        </p>
                        {(stage.kind == "open").then(|| view! {
                            <p class="muted small">"Weighted "{amount(weighted, &base)}</p>
                        })}
                    </header>
                    <ol class="cards">
                        {cards.into_iter().map(|deal| view! {
                            <Card deal stages=stages.clone() dragging move_to can_write/>
                        }).collect_view()}
                    </ol>
                    {more.map(|m| view! { <p class="muted small">{m}</p> })}
                </section>
            }
        })
        .collect_view();
    view! { <div class="board">{columns}</div> }
}

/// A deal's card: its name, account, amount and close date, and a "Move to" control.
#[component]
fn Card(
    deal: Opportunity,
    stages: Vec<Stage>,
    dragging: RwSignal<Option<String>>,
    move_to: Callback<(String, String)>,
    can_write: bool,
) -> impl IntoView {
    let (id, drag_id, select_id) = (deal.id.clone(), deal.id.clone(), deal.id.clone());
    let label_id = format!("move-{}", deal.id);
    let current = deal.stage_id.clone();
    let move_label = format!("Move {} to stage", deal.name);
    view! {
        <li class="deal-card" class:closed=deal.status != "open" draggable=if can_write { "true" } else { "false" }
            on:dragstart=move |ev| {
                if let Some(data) = ev.data_transfer() {
                    let _ = data.set_data("text/plain", &drag_id);
                    data.set_effect_allowed("move");
                }
                dragging.set(Some(drag_id.clone()));
            }
            on:dragend=move |_| dragging.set(None)>
            <A href=format!("/opportunities/{id}") attr:class="deal-name">{deal.name.clone()}</A>
            <span class="muted">{deal.account_name.clone()}</span>
            <span class="deal-meta">
                <strong>{super::amount(deal.amount.amount_minor, &deal.amount.currency)}</strong>
                <span>{day(deal.close_date)}</span>
            </span>
            {can_write.then(|| view! {
                <label class="visually-hidden" for=label_id.clone()>{move_label}</label>
                <select id=label_id class="move-to"
                    on:change=move |ev| {
                        let to = event_target_value(&ev);
                        if !to.is_empty() {
                            move_to.run((select_id.clone(), to));
                        }
                    }>
                    <option value="" selected=true>"Move to…"</option>
                    {stages.into_iter().filter(|s| s.id != current).map(|s| view! {
                        <option value=s.id.clone()>{s.name.clone()}</option>
                    }).collect_view()}
                </select>
            })}
        </li>
    }
}
