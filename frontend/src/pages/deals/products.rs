//! The product catalogue: the list (searchable, with the trash) and the form, with a list
//! price per currency the app offers.

use api_types::products::{CreateProduct, Product, UpdateProduct};
use api_types::{MoneyBody, Patch};
use domain::Money;
use leptos::prelude::*;
use leptos_router::components::A;

use super::amount;
use crate::api::Session;
use crate::components::field::{FieldErrors, TextField};
use crate::components::list_nav::{list_page, ListNav, ListState};
use crate::components::list_parts::{list_results, SearchBox};
use crate::components::record_form::{record_form, FormValues};
use crate::components::shell::set_crumbs;
use crate::components::status::Empty;

/// The currencies the form prices in: code, the pointer of the price's field, its label and
/// hint.
const PRICES: [(&str, &str, &str, &str); 6] = [
    (
        "EUR",
        "/prices/EUR",
        "List price in EUR",
        "For example 1250.00",
    ),
    (
        "USD",
        "/prices/USD",
        "List price in USD",
        "For example 1250.00",
    ),
    (
        "GBP",
        "/prices/GBP",
        "List price in GBP",
        "For example 1250.00",
    ),
    (
        "CHF",
        "/prices/CHF",
        "List price in CHF",
        "For example 1250.00",
    ),
    (
        "JPY",
        "/prices/JPY",
        "List price in JPY",
        "For example 125000 (no decimals)",
    ),
    (
        "CAD",
        "/prices/CAD",
        "List price in CAD",
        "For example 1250.00",
    ),
];

/// The catalogue.
#[component]
pub fn ProductList() -> impl IntoView {
    set_crumbs(vec![
        ("Pipeline".into(), Some("/pipeline".into())),
        ("Products".into(), None),
    ]);
    let session = expect_context::<Session>();
    let (current, page, nav) = list_page::<Product>(false);
    let words = RwSignal::new(current().filters.q.clone().unwrap_or_default());
    let manages = move || session.can(domain::Permission::ManageSales);
    view! {
        <section class="page">
            <div class="page-head">
                <h1>"Products"</h1>
                {move || manages().then(|| view! {
                    <A href="/products/new" attr:class="button primary">"New product"</A>
                })}
            </div>
            <p class="muted">"What deals are priced from, line by line, at these list prices."</p>
            <div class="toolbar">
                <SearchBox nav id="product-search" placeholder="Name or code" text=words
                    set_words=|f, q| f.q = (!q.trim().is_empty()).then_some(q)/>
            </div>
            {list_results(nav, current, page, empty, Callback::new(|()| ()), rows)}
        </section>
    }
}

fn empty(state: &ListState<Product>, _: Callback<()>) -> AnyView {
    if state.filters.q.is_some() {
        view! { <Empty title="No product matches".into()/> }.into_any()
    } else {
        view! {
            <Empty title="No products yet".into()>
                <p><A href="/products/new">"Add the first product"</A></p>
            </Empty>
        }
        .into_any()
    }
}

fn rows(products: Vec<Product>, _: ListNav<Product>) -> AnyView {
    let manages = expect_context::<Session>().can(domain::Permission::ManageSales);
    view! {
        <div class="table-wrap">
            <table class="records" aria-label="Products">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Code"</th>
                        <th scope="col">"List prices"</th>
                        <th scope="col">"Sold"</th>
                    </tr>
                </thead>
                <tbody>
                    {products.into_iter().map(|p| {
                        let prices = p.prices.iter()
                            .map(|m| amount(m.amount_minor, &m.currency))
                            .collect::<Vec<_>>()
                            .join(" · ");
                        view! {
                            <tr>
                                <td class="primary-cell">{if manages {
                                    view! { <A href=format!("/products/{}/edit", p.id)>{p.name.clone()}</A> }.into_any()
                                } else {
                                    p.name.clone().into_any()
                                }}</td>
                                <td data-label="Code">{p.code.clone().unwrap_or_default()}</td>
                                <td data-label="List prices">{if prices.is_empty() { "None yet".to_owned() } else { prices }}</td>
                                <td data-label="Sold">{if p.active { "Yes" } else { "No longer" }}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The product form's values.
#[derive(Clone, Copy)]
pub struct Values {
    name: RwSignal<String>,
    code: RwSignal<String>,
    description: RwSignal<String>,
    active: RwSignal<bool>,
    /// The price typed for each of [`PRICES`], blank when not sold in it.
    prices: [RwSignal<String>; 6],
}

fn blank_to_none(value: String) -> Option<String> {
    let trimmed = value.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

impl FormValues<Product> for Values {
    fn new(_: Session) -> Self {
        Self {
            name: RwSignal::new(String::new()),
            code: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            active: RwSignal::new(true),
            prices: std::array::from_fn(|_| RwSignal::new(String::new())),
        }
    }

    fn fill(&self, p: &Product) {
        self.name.set(p.name.clone());
        self.code.set(p.code.clone().unwrap_or_default());
        self.description
            .set(p.description.clone().unwrap_or_default());
        self.active.set(p.active);
        for ((code, _, _, _), typed) in PRICES.iter().zip(self.prices) {
            let price = p.prices.iter().find(|m| m.currency == *code);
            typed.set(
                price
                    .and_then(|m| Money::parse("", m.amount_minor, &m.currency, false).ok())
                    .map(|m| m.to_decimal_string())
                    .unwrap_or_default(),
            );
        }
    }

    fn body(&self) -> Result<CreateProduct, Vec<(String, String)>> {
        let mut errors = Vec::new();
        if self.name.get_untracked().trim().is_empty() {
            errors.push(("/name".to_owned(), "is required".to_owned()));
        }
        let mut prices = Vec::new();
        for ((code, pointer, _, _), typed) in PRICES.iter().zip(self.prices) {
            let Some(raw) = blank_to_none(typed.get_untracked()) else {
                continue;
            };
            match Money::parse_decimal("", &raw, code, true) {
                Ok(m) => prices.push(MoneyBody {
                    amount_minor: m.amount_minor,
                    currency: (*code).to_owned(),
                }),
                Err(e) => errors.push(((*pointer).to_owned(), e.detail)),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(CreateProduct {
            name: self.name.get_untracked().trim().to_owned(),
            code: blank_to_none(self.code.get_untracked()),
            description: blank_to_none(self.description.get_untracked()),
            active: Some(self.active.get_untracked()),
            prices,
        })
    }

    fn update(body: CreateProduct) -> UpdateProduct {
        UpdateProduct {
            name: Some(body.name),
            code: Patch::set(body.code),
            description: Patch::set(body.description),
            active: body.active,
            prices: Some(body.prices),
        }
    }

    fn fields(self, errors: FieldErrors) -> AnyView {
        let v = self;
        view! {
            <fieldset>
                <legend>"Product"</legend>
                <TextField label="Name" pointer="/name" value=v.name errors=errors required=true
                    hint="As it reads on a deal's line"/>
                <TextField label="Code" pointer="/code" value=v.code errors=errors
                    hint="Your SKU; no two live products share one"/>
                <TextField label="Description" pointer="/description" value=v.description errors=errors/>
                <label class="checkbox"><input type="checkbox" prop:checked=move || v.active.get()
                    on:change=move |ev| v.active.set(event_target_checked(&ev))/>"Sold: new line items may use it"</label>
            </fieldset>
            <fieldset>
                <legend>"List prices"</legend>
                <p class="muted">"Leave a currency blank where the product is not sold in it; a line can still be priced by hand."</p>
                <div class="price-book">
                    {PRICES.iter().zip(v.prices).map(|((_, pointer, label, hint), typed)| view! {
                        <TextField label=*label pointer=*pointer value=typed errors=errors hint=*hint/>
                    }).collect_view()}
                </div>
            </fieldset>
        }
        .into_any()
    }
}

/// The form adding a product, or (`editing`) changing one.
pub fn product_form(editing: bool) -> impl IntoView {
    record_form::<Product, Values>(editing)
}
