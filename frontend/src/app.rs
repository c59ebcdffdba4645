//! Routes and the state every page shares.

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{lazy_route, path, Lazy, LazyRoute};

use crate::api::Session;
use crate::components::palette::{Palette, PaletteOpen};
use crate::components::shell::{Crumbs, Shell};
use crate::components::status::{ToastArea, Toasts};
use crate::pages::accounts::{form::account_form, list::AccountList, page::account_page};
use crate::pages::contacts::{form::contact_form, list::ContactList, page::contact_page};
use crate::pages::deals::products::{product_form, ProductList};
use crate::pages::deals::{
    board::PipelineBoardPage, forecast::ForecastPage, form::opportunity_form,
    page::opportunity_page,
};
use crate::pages::home::Home;
use crate::pages::leads::capture::{capture_form, capture_form_page, CaptureFormList};
use crate::pages::leads::{form::lead_form, list::LeadList, page::lead_page, routing::LeadRouting};
use crate::pages::login::Login;
use crate::pages::mailboxes::{mailbox_form, mailbox_page, MailboxList};
use crate::pages::not_found::NotFound;
use crate::pages::settings::Settings;
use crate::pages::sla::calendar_form::calendar_form;
use crate::pages::sla::calendars::{calendar_page, CalendarList};
use crate::pages::sla::policies::{policy_page, PolicyList};
use crate::pages::sla::policy_form::policy_form;
use crate::pages::tickets::{form::ticket_form, list::TicketList, page::ticket_page};
use crate::pages::users::{user_form, UserList};

/// The app.
#[component]
pub fn App() -> impl IntoView {
    crate::components::leave_guard::watch_history();
    provide_context(Session::new());
    provide_context(Crumbs(RwSignal::new(Vec::new())));
    provide_context(Toasts::new());
    provide_context(PaletteOpen(RwSignal::new(false)));
    // Once the first page is up, fetch the pages opened most, so opening them waits for nothing.
    request_idle_callback(|| {
        leptos::task::spawn_local(async {
            AccountListPage::preload().await;
            AccountPage::preload().await;
            ContactListPage::preload().await;
            ContactPage::preload().await;
        });
    });
    view! {
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/login") view=Login/>
                <ParentRoute path=path!("") view=ShellWithPalette>
                    <Route path=path!("") view=Home/>
                    <Route path=path!("accounts") view={Lazy::<AccountListPage>::new()}/>
                    <Route path=path!("accounts/new") view={Lazy::<NewAccountPage>::new()}/>
                    <Route path=path!("accounts/:id") view={Lazy::<AccountPage>::new()}/>
                    <Route path=path!("accounts/:id/edit") view={Lazy::<EditAccountPage>::new()}/>
                    <Route path=path!("contacts") view={Lazy::<ContactListPage>::new()}/>
                    <Route path=path!("contacts/new") view={Lazy::<NewContactPage>::new()}/>
                    <Route path=path!("contacts/:id") view={Lazy::<ContactPage>::new()}/>
                    <Route path=path!("contacts/:id/edit") view={Lazy::<EditContactPage>::new()}/>
                    <Route path=path!("leads") view={Lazy::<LeadListPage>::new()}/>
                    <Route path=path!("leads/new") view={Lazy::<NewLeadPage>::new()}/>
                    <Route path=path!("leads/:id") view={Lazy::<LeadPage>::new()}/>
                    <Route path=path!("leads/:id/edit") view={Lazy::<EditLeadPage>::new()}/>
                    <Route path=path!("lead-routing") view={Lazy::<LeadRoutingPage>::new()}/>
                    <Route path=path!("lead-forms") view={Lazy::<CaptureFormListPage>::new()}/>
                    <Route path=path!("lead-forms/new") view={Lazy::<NewCaptureFormPage>::new()}/>
                    <Route path=path!("lead-forms/:id") view={Lazy::<CaptureFormPage>::new()}/>
                    <Route path=path!("lead-forms/:id/edit") view={Lazy::<EditCaptureFormPage>::new()}/>
                    <Route path=path!("pipeline") view={Lazy::<BoardPage>::new()}/>
                    <Route path=path!("opportunities") view={Lazy::<BoardPage>::new()}/>
                    <Route path=path!("products") view={Lazy::<ProductListPage>::new()}/>
                    <Route path=path!("products/new") view={Lazy::<NewProductPage>::new()}/>
                    <Route path=path!("products/:id/edit") view={Lazy::<EditProductPage>::new()}/>
                    <Route path=path!("forecast") view={Lazy::<ForecastPageRoute>::new()}/>
                    <Route path=path!("tasks") view={Lazy::<TasksPage>::new()}/>
                    <Route path=path!("callbacks") view={Lazy::<CallbacksPage>::new()}/>
                    <Route path=path!("contracts/:id") view={Lazy::<ContractPageRoute>::new()}/>
                    <Route path=path!("kb") view={Lazy::<KnowledgeBasePage>::new()}/>
                    <Route path=path!("kb/new") view={Lazy::<NewArticlePage>::new()}/>
                    <Route path=path!("kb/categories") view={Lazy::<KbCategoriesPage>::new()}/>
                    <Route path=path!("kb/:id") view={Lazy::<ArticlePageRoute>::new()}/>
                    <Route path=path!("kb/:id/edit") view={Lazy::<EditArticlePage>::new()}/>
                    <Route path=path!("opportunities/new") view={Lazy::<NewOpportunityPage>::new()}/>
                    <Route path=path!("opportunities/:id") view={Lazy::<OpportunityPage>::new()}/>
                    <Route path=path!("opportunities/:id/edit") view={Lazy::<EditOpportunityPage>::new()}/>
                    <Route path=path!("tickets") view={Lazy::<TicketListPage>::new()}/>
                    <Route path=path!("tickets/new") view={Lazy::<NewTicketPage>::new()}/>
                    <Route path=path!("tickets/:id") view={Lazy::<TicketPage>::new()}/>
                    <Route path=path!("tickets/:id/edit") view={Lazy::<EditTicketPage>::new()}/>
                    <Route path=path!("users") view={Lazy::<UserListPage>::new()}/>
                    <Route path=path!("users/new") view={Lazy::<NewUserPage>::new()}/>
                    <Route path=path!("users/:id/edit") view={Lazy::<EditUserPage>::new()}/>
                    <Route path=path!("sla/calendars") view={Lazy::<CalendarListPage>::new()}/>
                    <Route path=path!("sla/calendars/new") view={Lazy::<NewCalendarPage>::new()}/>
                    <Route path=path!("sla/calendars/:id") view={Lazy::<CalendarPage>::new()}/>
                    <Route path=path!("sla/calendars/:id/edit") view={Lazy::<EditCalendarPage>::new()}/>
                    <Route path=path!("sla/policies") view={Lazy::<PolicyListPage>::new()}/>
                    <Route path=path!("sla/policies/new") view={Lazy::<NewPolicyPage>::new()}/>
                    <Route path=path!("sla/policies/:id") view={Lazy::<PolicyPage>::new()}/>
                    <Route path=path!("sla/policies/:id/edit") view={Lazy::<EditPolicyPage>::new()}/>
                    <Route path=path!("settings") view={Lazy::<SettingsPage>::new()}/>
                    <Route path=path!("email-settings") view={Lazy::<OutgoingMailPage>::new()}/>
                    <Route path=path!("email-templates") view={Lazy::<EmailTemplateListPage>::new()}/>
                    <Route path=path!("email-templates/:kind") view={Lazy::<EmailTemplatePage>::new()}/>
                    <Route path=path!("me") view={Lazy::<MySettingsPage>::new()}/>
                    <Route path=path!("mailboxes") view={Lazy::<MailboxListPage>::new()}/>
                    <Route path=path!("mailboxes/new") view={Lazy::<NewMailboxPage>::new()}/>
                    <Route path=path!("mailboxes/:id") view={Lazy::<MailboxPage>::new()}/>
                    <Route path=path!("mailboxes/:id/edit") view={Lazy::<EditMailboxPage>::new()}/>
                    <Route path=path!("partners") view={Lazy::<PartnerListPage>::new()}/>
                    <Route path=path!("partners/new") view={Lazy::<NewPartnerPage>::new()}/>
                    <Route path=path!("partners/:id") view={Lazy::<PartnerPage>::new()}/>
                    <Route path=path!("partners/:id/edit") view={Lazy::<EditPartnerPage>::new()}/>
                    <Route path=path!("*any") view=NotFound/>
                </ParentRoute>
            </Routes>
        </Router>
        <ToastArea/>
    }
}

#[component]
fn ShellWithPalette() -> impl IntoView {
    view! {
        <Shell/>
        <Palette/>
    }
}

/// Every page but login and home is loaded the first time it is opened: `build-web.sh` splits
/// each into its own wasm chunk (wasm-split), so the first load carries only the shell.
macro_rules! lazy_pages {
    ($($page:ident => $view:expr;)*) => {$(
        struct $page;

        #[lazy_route]
        impl LazyRoute for $page {
            fn data() -> Self {
                $page
            }

            fn view(_this: Self) -> AnyView {
                $view.into_any()
            }
        }
    )*};
}

lazy_pages! {
    AccountListPage => AccountList();
    NewAccountPage => account_form(false);
    AccountPage => account_page();
    EditAccountPage => account_form(true);
    ContactListPage => ContactList();
    NewContactPage => contact_form(false);
    ContactPage => contact_page();
    EditContactPage => contact_form(true);
    LeadListPage => LeadList();
    NewLeadPage => lead_form(false);
    LeadPage => lead_page();
    EditLeadPage => lead_form(true);
    LeadRoutingPage => LeadRouting();
    ProductListPage => ProductList();
    NewProductPage => product_form(false);
    EditProductPage => product_form(true);
    CaptureFormListPage => CaptureFormList();
    NewCaptureFormPage => capture_form(false);
    CaptureFormPage => capture_form_page();
    EditCaptureFormPage => capture_form(true);
    BoardPage => PipelineBoardPage();
    ForecastPageRoute => ForecastPage();
    TasksPage => crate::pages::tasks::MyTasksPage();
    CallbacksPage => crate::pages::callbacks::CallbacksPage();
    ContractPageRoute => crate::pages::contract_page::ContractPage();
    KnowledgeBasePage => crate::pages::kb::KnowledgeBase();
    NewArticlePage => crate::pages::kb::article_editor(false);
    KbCategoriesPage => crate::pages::kb::CategoryEditor();
    ArticlePageRoute => crate::pages::kb::ArticlePage();
    EditArticlePage => crate::pages::kb::article_editor(true);
    NewOpportunityPage => opportunity_form(false);
    OpportunityPage => opportunity_page();
    EditOpportunityPage => opportunity_form(true);
    TicketListPage => TicketList();
    NewTicketPage => ticket_form(false);
    TicketPage => ticket_page();
    EditTicketPage => ticket_form(true);
    UserListPage => UserList();
    NewUserPage => user_form(false);
    EditUserPage => user_form(true);
    CalendarListPage => CalendarList();
    NewCalendarPage => calendar_form(false);
    CalendarPage => calendar_page();
    EditCalendarPage => calendar_form(true);
    PolicyListPage => PolicyList();
    NewPolicyPage => policy_form(false);
    PolicyPage => policy_page();
    EditPolicyPage => policy_form(true);
    SettingsPage => Settings();
    OutgoingMailPage => crate::pages::email::OutgoingMail();
    EmailTemplateListPage => crate::pages::email_templates::EmailTemplateList();
    EmailTemplatePage => crate::pages::email_templates::EmailTemplateEditor();
    MySettingsPage => crate::pages::me::MySettings();
    MailboxListPage => MailboxList();
    NewMailboxPage => mailbox_form(false);
    MailboxPage => mailbox_page();
    EditMailboxPage => mailbox_form(true);
    PartnerListPage => crate::pages::partners::PartnerList();
    NewPartnerPage => crate::pages::partners::partner_form(false);
    PartnerPage => crate::pages::partners::partner_page();
    EditPartnerPage => crate::pages::partners::partner_form(true);
}
