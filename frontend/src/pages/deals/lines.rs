//! A deal's line items: read as a table whose total is the deal's amount, and edited in place
//! (quantity, unit price, discount; products added from the catalogue at their list price in
//! the deal's currency), the total worked out as the user types.

use api_types::opportunities::{LineItemBody, LineItemInput, Opportunity, UpdateOpportunity};
use api_types::products::{Product, ProductFilters};
use api_types::{ListQuery, MoneyBody};
use domain::product::{line_total, Discount};
use domain::Money;
use leptos::prelude::*;

use super::{amount, etag};
use crate::api::{self, ApiError, Session};
use crate::components::debounce::debounced;
use crate::components::status::ErrorNote;

/// A line being edited: the fields as typed.
#[derive(Clone, Copy)]
struct Row {
    key: usize,
    product_id: StoredValue<String>,
    name: StoredValue<String>,
    description: StoredValue<Option<String>>,
    quantity: RwSignal<String>,
    price: RwSignal<String>,
    discount: RwSignal<String>,
}

impl Row {
    fn new(key: usize, line: &LineItemBody) -> Self {
        Self::typed(
            key,
            (&line.product_id, &line.name, line.description.clone()),
            line.quantity.to_string(),
            decimal(&line.unit_price),
            trim_percent(line.discount_percent),
        )
    }

    fn typed(
        key: usize,
        (product_id, name, description): (&str, &str, Option<String>),
        quantity: String,
        price: String,
        discount: String,
    ) -> Self {
        Self {
            key,
            product_id: StoredValue::new(product_id.to_owned()),
            name: StoredValue::new(name.to_owned()),
            description: StoredValue::new(description),
            quantity: RwSignal::new(quantity),
            price: RwSignal::new(price),
            discount: RwSignal::new(discount),
        }
    }

    /// The line as the server takes it, or what is wrong with it, in words.
    fn input(&self, currency: &str) -> Result<LineItemInput, String> {
        let name = self.name.get_value();
        let quantity: i64 = self
            .quantity
            .get_untracked()
            .trim()
            .parse()
            .map_err(|_| format!("{name}: the quantity must be a whole number"))?;
        let price = self.price.get_untracked();
        let unit_price = match price.trim() {
            "" => None,
            raw => {
                let money = Money::parse_decimal("", raw, currency, true)
                    .map_err(|e| format!("{name}: the unit price {}", e.detail))?;
                Some(MoneyBody {
                    amount_minor: money.amount_minor,
                    currency: currency.to_owned(),
                })
            }
        };
        let discount = match self.discount.get_untracked().trim() {
            "" => 0.0,
            raw => raw
                .parse::<f64>()
                .map_err(|_| format!("{name}: the discount must be a percentage"))?,
        };
        Ok(LineItemInput {
            product_id: self.product_id.get_value(),
            name: Some(name),
            description: self.description.get_value(),
            quantity,
            unit_price,
            discount_percent: Some(discount),
        })
    }

    /// The line's total as typed, in minor units, if it reads.
    fn total(&self, currency: &str) -> Option<i64> {
        let quantity: i64 = self.quantity.get().trim().parse().ok()?;
        let price = Money::parse_decimal("", &self.price.get(), currency, true).ok()?;
        let discount = match self.discount.get().trim() {
            "" => Discount::NONE,
            raw => Discount::from_percent("", raw.parse().ok()?).ok()?,
        };
        i64::try_from(line_total(quantity, price.amount_minor, discount)).ok()
    }
}

fn decimal(money: &MoneyBody) -> String {
    Money::parse("", money.amount_minor, &money.currency, false)
        .map(|m| m.to_decimal_string())
        .unwrap_or_default()
}

fn trim_percent(percent: f64) -> String {
    if percent == 0.0 {
        String::new()
    } else {
        format!("{percent}")
    }
}

/// The line items card of `deal`; `editable` when the user may change an open deal.
#[component]
pub fn LineItems(deal: Opportunity, editable: bool, reload: Callback<()>) -> impl IntoView {
    let session = expect_context::<Session>();
    let currency = StoredValue::new(deal.amount.currency.clone());
    let shown = StoredValue::new(deal.clone());
    let editing = RwSignal::new(false);
    let rows = RwSignal::new(Vec::<Row>::new());
    let next_key = StoredValue::new(0_usize);
    let typed = RwSignal::new(String::new());
    let matches = RwSignal::new(Vec::<Product>::new());
    // Counts searches asked for: only the latest one's answer is shown.
    let asked = StoredValue::new(0_u64);
    let failure = RwSignal::new(None::<ApiError>);
    let problem = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    // The card's owner: a row's fields live as long as the card, not as long as the button
    // or search result whose click made the row (those go as soon as the row is added).
    let card = StoredValue::new(Owner::current().unwrap_or_default());

    let start = move |_| {
        let deal = shown.get_value();
        let made: Vec<Row> = deal
            .line_items
            .iter()
            .enumerate()
            .map(|(i, l)| card.get_value().with(|| Row::new(i, l)))
            .collect();
        next_key.set_value(made.len());
        rows.set(made);
        failure.set(None);
        problem.set(None);
        asked.update_value(|n| *n += 1);
        typed.set(String::new());
        matches.set(Vec::new());
        editing.set(true);
    };
    // The catalogue's active products matching what is typed (name or code, word prefixes).
    let search = debounced(250, move |value: String| {
        asked.update_value(|n| *n += 1);
        let this = asked.get_value();
        if value.trim().is_empty() {
            matches.set(Vec::new());
            return;
        }
        leptos::task::spawn_local(async move {
            let list = ListQuery {
                limit: Some(8),
                ..ListQuery::default()
            };
            let filters = ProductFilters {
                q: Some(value),
                active: Some(true),
                ..ProductFilters::default()
            };
            let found = api::list::<Product>(&session, &list, &filters).await;
            // An older search answering late, or one overtaken by an added line (its box
            // cleared), or a card already gone, shows nothing.
            let latest = asked.try_get_value() == Some(this);
            if !latest
                || typed
                    .try_get_untracked()
                    .is_none_or(|t| t.trim().is_empty())
            {
                return;
            }
            match found {
                Ok(page) => matches.set(page.items),
                Err(e) => failure.set(Some(e)),
            }
        });
    });
    let list_price = move |product: &Product| {
        let code = currency.get_value();
        product
            .prices
            .iter()
            .find(|p| p.currency == code)
            .map(decimal)
    };
    let add = move |product: Product| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        let row = card.get_value().with(|| {
            Row::typed(
                key,
                (&product.id, &product.name, None),
                "1".into(),
                list_price(&product).unwrap_or_default(),
                String::new(),
            )
        });
        rows.update(|rows| rows.push(row));
        asked.update_value(|n| *n += 1);
        typed.set(String::new());
        matches.set(Vec::new());
    };
    let save = move |_| {
        let code = currency.get_value();
        let lines: Result<Vec<_>, String> = rows
            .get_untracked()
            .iter()
            .map(|r| r.input(&code))
            .collect();
        let lines = match lines {
            Ok(lines) => lines,
            Err(message) => {
                problem.set(Some(message));
                return;
            }
        };
        problem.set(None);
        saving.set(true);
        let deal = shown.get_value();
        leptos::task::spawn_local(async move {
            let change = UpdateOpportunity {
                line_items: Some(lines),
                ..UpdateOpportunity::default()
            };
            let saved = api::update::<Opportunity>(&session, &deal.id, &etag(&deal), &change).await;
            saving.set(false);
            match saved {
                Ok(_) => {
                    editing.set(false);
                    reload.try_run(());
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    let running_total = move || {
        let code = currency.get_value();
        let totals: Option<Vec<i64>> = rows.get().iter().map(|r| r.total(&code)).collect();
        totals.map_or_else(|| "—".to_owned(), |t| amount(t.iter().sum(), &code))
    };

    let read = move || {
        let deal = shown.get_value();
        if deal.line_items.is_empty() {
            return view! {
                <p class="muted">"No line items: the amount is set by hand. Add products to price the deal from the catalogue."</p>
            }
            .into_any();
        }
        view! {
            <table class="records line-items" aria-label="Line items">
                <thead><tr>
                    <th scope="col">"Product"</th><th scope="col" class="num">"Quantity"</th>
                    <th scope="col" class="num">"Unit price"</th><th scope="col" class="num">"Discount"</th>
                    <th scope="col" class="num">"Total"</th>
                </tr></thead>
                <tbody>
                    {deal.line_items.iter().map(|l| view! {
                        <tr>
                            <td>{l.name.clone()}{l.description.clone().map(|d| view! { <br/><span class="muted small">{d}</span> })}</td>
                            <td class="num">{l.quantity}</td>
                            <td class="num">{amount(l.unit_price.amount_minor, &l.unit_price.currency)}</td>
                            <td class="num">{match trim_percent(l.discount_percent) { p if p.is_empty() => "—".to_owned(), p => format!("{p} %") }}</td>
                            <td class="num">{amount(l.total.amount_minor, &l.total.currency)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
                <tfoot><tr>
                    <th scope="row" colspan="4">"Amount"</th>
                    <td class="num"><strong>{amount(deal.amount.amount_minor, &deal.amount.currency)}</strong></td>
                </tr></tfoot>
            </table>
        }
        .into_any()
    };

    let edit = move || {
        view! {
            <table class="records line-items editing" aria-label="Line items being edited">
                <thead><tr>
                    <th scope="col">"Product"</th><th scope="col">"Quantity"</th>
                    <th scope="col">{format!("Unit price ({})", currency.get_value())}</th>
                    <th scope="col">"Discount %"</th><th scope="col" class="num">"Total"</th><th scope="col"><span class="visually-hidden">"Remove"</span></th>
                </tr></thead>
                <tbody>
                    <For each=move || rows.get() key=|r| r.key let:row>
                        {
                            let name = row.name.get_value();
                            let code = currency.get_value();
                            view! {
                                <tr>
                                    <td>{name.clone()}</td>
                                    <td data-label="Quantity"><input type="number" min="1" step="1" class="qty"
                                        aria-label=format!("Quantity of {name}")
                                        prop:value=move || row.quantity.get()
                                        on:input=move |e| row.quantity.set(event_target_value(&e))/></td>
                                    <td data-label="Unit price"><input type="text" inputmode="decimal" class="price"
                                        aria-label=format!("Unit price of {name}")
                                        placeholder="List price"
                                        prop:value=move || row.price.get()
                                        on:input=move |e| row.price.set(event_target_value(&e))/></td>
                                    <td data-label="Discount %"><input type="text" inputmode="decimal" class="discount"
                                        aria-label=format!("Discount on {name}, in percent")
                                        prop:value=move || row.discount.get()
                                        on:input=move |e| row.discount.set(event_target_value(&e))/></td>
                                    <td class="num">{move || row.total(&code).map_or_else(|| "—".to_owned(), |t| amount(t, &code))}</td>
                                    <td><button type="button" class="button subtle small"
                                        aria-label=format!("Remove {name}")
                                        on:click=move |_| rows.update(|rows| rows.retain(|r| r.key != row.key))>"Remove"</button></td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
                <tfoot><tr>
                    <th scope="row" colspan="4">"Amount"</th>
                    <td class="num"><strong>{running_total}</strong></td><td></td>
                </tr></tfoot>
            </table>
            <div class="add-line">
                <label for="line-product">"Add a product"</label>
                <input id="line-product" type="search" autocomplete="off"
                    placeholder="Type a product's name or code" aria-controls="line-product-matches"
                    prop:value=move || typed.get()
                    on:input={
                        let search = search.clone();
                        move |e| { let v = event_target_value(&e); typed.set(v.clone()); search(v) }
                    }/>
                <ul id="line-product-matches" class="matches" aria-label="Matching products">
                    {move || matches.get().into_iter().map(|p| {
                        let label = match &p.code {
                            Some(code) => format!("{} ({code})", p.name),
                            None => p.name.clone(),
                        };
                        let code = currency.get_value();
                        let price = p.prices.iter().find(|m| m.currency == code).map_or_else(
                            || format!("no list price in {code}"),
                            |m| amount(m.amount_minor, &m.currency),
                        );
                        let name = format!("Add {label}");
                        view! {
                            <li><button type="button" class="link-button" aria-label=name
                                on:click=move |_| add(p.clone())>
                                {label}" "<span class="muted">{price}</span>
                            </button></li>
                        }
                    }).collect_view()}
                </ul>
            </div>
            {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
            <div class="actions">
                <button type="button" class="button primary" on:click=save disabled=move || saving.get()>
                    {move || if saving.get() { "Saving…" } else { "Save line items" }}
                </button>
                <button type="button" class="button subtle" on:click=move |_| editing.set(false)>"Cancel"</button>
            </div>
        }
    };

    view! {
        <section class="card" aria-labelledby="deal-lines">
            <h2 id="deal-lines">"Line items"</h2>
            {move || failure.get().map(|error| view! { <ErrorNote error/> })}
            {move || if editing.get() { edit().into_any() } else { read() }}
            {move || (editable && !editing.get()).then(|| view! {
                <button type="button" class="button" on:click=start>
                    {if shown.with_value(|d| d.line_items.is_empty()) { "Add line items" } else { "Edit line items" }}
                </button>
            })}
        </section>
    }
}
