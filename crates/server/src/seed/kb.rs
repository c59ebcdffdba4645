//! The demo knowledge base: categories and a few dozen articles on what the demo tickets ask
//! about, so suggestions beside a ticket have something to offer.

use chrono::{DateTime, Utc};
use domain::kb::{ArticleFields, ArticleStatus, ArticleVisibility, CategoryFields, Language};
use domain::text::Tag;
use domain::{KbCategoryId, OrgId, UserId};

use crate::commands::CommandError;
use crate::handlers::kb::written;

/// (category, title, body, public, tags); the last ones of each category are drafts.
type Article = (
    usize,
    &'static str,
    &'static str,
    bool,
    &'static [&'static str],
);

const CATEGORIES: &[(&str, &str)] = &[
    ("Billing", "Invoices, payments, refunds and plans."),
    ("Accounts and access", "Logging in, passwords and users."),
    (
        "Printers and scanners",
        "Errors, setup and maintenance of office devices.",
    ),
    (
        "Orders and delivery",
        "Where an order is, and what to do when it is wrong.",
    ),
    (
        "Internal procedures",
        "How the service team works: for staff only.",
    ),
];

const ARTICLES: &[Article] = &[
    (0, "A payment was charged twice", "If a card shows **two charges** for one invoice, the second is almost always a *pre-authorisation* that the bank releases within five working days.\n\n1. Check the invoice number on both charges.\n2. If both are settled after five days, reply with both card statements.\n3. We refund the duplicate the same day.", true, &["invoice", "payment", "refund"]),
    (0, "When will my refund arrive?", "Refunds go back to the card or account that paid. Cards show them within **5 to 10 working days**; bank transfers within 3.\n\nA refund for a cancelled order starts when the order is cancelled within the cancellation window.", true, &["refund"]),
    (0, "Reissue an invoice with a VAT number", "Invoices can be reissued with your company's VAT number for 12 months.\n\nSend us the invoice number and the VAT number; the new invoice replaces the old one and has the same due date.", true, &["invoice", "vat"]),
    (0, "What the premium support plan includes", "| | Standard | Premium |\n|---|---|---|\n| Response | 8 business hours | 1 hour, 24/7 |\n| Phone | No | Yes |\n| Named engineer | No | Yes |\n\nPremium also includes two on-site visits a year.", true, &["plan", "premium"]),
    (0, "Change the card an account pays with", "Admins change the card under **Billing → Payment method**. The next invoice is charged to the new card; open invoices keep the old one unless you pay them by hand.", true, &["payment"]),
    (0, "Payment terms for companies", "Companies with a VAT number may pay by bank transfer within **30 days**. Ask us to switch your account to invoicing.", true, &["payment", "invoice"]),
    (0, "Currencies we bill in", "We bill in EUR, GBP and USD. The currency is set when the account is opened and stays for its contracts.", true, &["invoice"]),
    (0, "Dunning letters: what each step means", "Draft: the wording of the reminders is being reviewed.", true, &["invoice"]),
    (1, "Cannot log in: password reported wrong", "If the login page says the password is wrong:\n\n- Check that **Caps Lock** is off.\n- Use *Forgot password* to get a reset link (valid for one hour).\n- After five wrong attempts the login waits 15 minutes.\n\nIf your company signs in with single sign-on, reset the password with your IT team instead.", true, &["login", "password"]),
    (1, "Give a new colleague access", "Admins add users under **Settings → Users**: name, email and role. The colleague gets an invitation mail valid for 7 days.", true, &["users", "access"]),
    (1, "Roles and what each may do", "- **Admin**: everything, users and settings.\n- **Manager**: teams, service levels, reports.\n- **Agent**: tickets and customers.\n- **Read only**: reads everything, changes nothing.", true, &["users", "roles"]),
    (1, "Turn on two-step login", "Under **Your settings → Security**, scan the code with an authenticator app and type the six digits it shows. Keep the recovery codes somewhere safe.", true, &["login", "security"]),
    (1, "Remove a user who left", "Deactivate the user under **Settings → Users**: their records stay, they can no longer log in, and their open tickets go back to the queue.", true, &["users"]),
    (1, "Single sign-on setup", "Draft: SAML and OpenID Connect setup steps.", false, &["login", "sso"]),
    (2, "Printer error E-21: fuser too hot", "E-21 means the **fuser** overheated, usually after long print runs.\n\n1. Switch the printer off and wait 30 minutes.\n2. Make sure the vents at the back are not blocked.\n3. Print a test page.\n\nIf E-21 comes back within a day, the fuser needs replacing: open a ticket with the printer's serial number.", true, &["printer", "error"]),
    (2, "Reset a printer to its factory settings", "Hold **Power** and **Cancel** together for ten seconds until the lights blink. The network settings are reset too: set them again afterwards.", true, &["printer", "reset"]),
    (2, "Scanner not detected by laptops", "When no laptop finds the scanner:\n\n1. Check it shows an IP address on its display.\n2. Laptops must be on the same network (not the guest Wi-Fi).\n3. Reinstall the scan driver from the downloads page.\n\nA scanner that shows no address needs its network cable checked.", true, &["scanner", "network"]),
    (2, "Paper jams: clear them safely", "Open the front tray, then the back door. Pull jammed paper **gently in the direction it travels**; never tear it. Torn bits left inside cause the next jam.", true, &["printer", "paper"]),
    (2, "Replace a toner cartridge", "Open the front cover, pull the old cartridge straight out, shake the new one five times and push it in until it clicks.", true, &["printer", "toner"]),
    (2, "Printer offline on the network", "A printer shown as offline usually lost its address. Print the network page (hold **Info** for 3 seconds) and compare the address with the one the laptops use.", true, &["printer", "network"]),
    (2, "Firmware updates for office printers", "Updates install overnight when **Automatic updates** is on. Never switch a printer off while its display says *Updating*.", true, &["printer", "firmware"]),
    (2, "Error codes E-10 to E-40", "Draft: the full table of error codes.", true, &["printer", "error"]),
    (3, "Where is my delivery?", "Every shipped order has a tracking link in the shipping mail. Deliveries promised for a day arrive by 6 pm; if nothing came, the carrier's tracking page says why.\n\nIf the tracking has not moved for two working days, we open a claim with the carrier.", true, &["delivery", "order"]),
    (3, "Wrong item delivered", "Sorry about that. Keep the item in its box: we send the right one at once and a courier collects the wrong one within five working days, free of charge.", true, &["delivery", "returns"]),
    (3, "Cancel an order", "Orders can be cancelled until they ship. After that, return the goods within 30 days for a refund.", true, &["order", "refund"]),
    (3, "Return a faulty device (RMA)", "Faulty devices under warranty are repaired or replaced free of charge. We open a return (RMA) from your ticket and send a prepaid label.", true, &["returns", "warranty"]),
    (3, "Delivery to a different address", "Change the delivery address until the order ships under **Orders → Details**. After shipping, the carrier's page can redirect it.", true, &["delivery"]),
    (4, "Escalating an urgent ticket", "Urgent tickets from platinum customers go to the duty manager by phone, not by mail. The duty rota is pinned in the team channel.", false, &["process", "escalation"]),
    (4, "Refunds above 500 EUR", "Refunds above **500 EUR** need a manager's approval: add an internal note naming the manager before you reply to the customer.", false, &["refund", "process"]),
    (4, "Writing replies customers understand", "Short sentences. Say what happened, what we did, what happens next. Link a help article instead of copying it.", false, &["process", "writing"]),
    (4, "Handing over a ticket at the end of a shift", "Write an internal note with what you tried and what the customer is waiting for, then reassign the ticket to the next shift's queue.", false, &["process"]),
];

/// The categories and articles of the demo organization, written by `author`.
pub(super) fn demo_knowledge_base(
    conn: &mut db::AnyConnection,
    org: OrgId,
    author: UserId,
    now: DateTime<Utc>,
) -> Result<(), CommandError> {
    let mut categories: Vec<KbCategoryId> = Vec::new();
    for (position, (name, description)) in CATEGORIES.iter().enumerate() {
        let fields = CategoryFields {
            name: (*name).into(),
            description: Some((*description).into()),
            parent_id: None,
            position: i32::try_from(position).unwrap_or_default(),
        };
        categories.push(db::kb::categories::create(conn, org, &fields, now)?.id);
    }
    let english = Language::parse("", "en").map_err(|e| CommandError(e.to_string()))?;
    for (category, title, body, public, tags) in ARTICLES {
        let fields = ArticleFields {
            title: (*title).into(),
            body: (*body).into(),
            category_id: categories.get(*category).copied(),
            tags: tags.iter().filter_map(|t| Tag::parse("", t).ok()).collect(),
            visibility: if *public {
                ArticleVisibility::Public
            } else {
                ArticleVisibility::Internal
            },
            status: if body.starts_with("Draft:") {
                ArticleStatus::Draft
            } else {
                ArticleStatus::Published
            },
            language: english.clone(),
        };
        db::kb::articles::create(conn, org, &written(fields, author), now)?;
    }
    Ok(())
}

/// Syllables of the synthetic articles' words.
const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "pe", "da", "gu", "ze", "bi", "fo", "ha", "ju",
];

/// How many words the synthetic articles are written in.
pub const SYNTHETIC_WORDS: usize = 4096;

/// The `i`th word of the synthetic articles (two or three syllables, each word its own).
pub fn synthetic_word(i: usize) -> String {
    let n = SYLLABLES.len();
    let i = i % SYNTHETIC_WORDS;
    let mut word = String::new();
    word.push_str(SYLLABLES[i % n]);
    word.push_str(SYLLABLES[(i / n) % n]);
    word.push_str(SYLLABLES[(i / (n * n)) % n]);
    if i >= n * n * 8 {
        word.push('x');
    }
    word
}

/// The tables synthetic articles fill.
const TABLES: &[&str] = &["kb_articles", "kb_article_versions"];

/// `n` synthetic published articles for the search benchmark: titles of five words and
/// bodies of about a hundred, drawn from [`SYNTHETIC_WORDS`] words, common ones far more
/// often than rare ones (as in real text).
pub(super) fn synthetic_articles(
    conn: &mut db::AnyConnection,
    org: OrgId,
    author: UserId,
    n: u64,
    now: DateTime<Utc>,
) -> Result<(), CommandError> {
    let mut dice = super::sample::Dice(n);
    let english = Language::parse("", "en").map_err(|e| CommandError(e.to_string()))?;
    // A thousand to a transaction: a commit per article would wait on the disk each time.
    let mut done = 0;
    while done < n {
        let batch = (n - done).min(1000);
        db::record::in_transaction(conn, |conn| {
            for i in done..done + batch {
                let fields = synthetic_article(i, &english, &mut dice);
                db::kb::articles::create(conn, org, &written(fields, author), now)?;
            }
            Ok::<_, CommandError>(())
        })?;
        done += batch;
        // Fresh statistics each time the table doubles: planned for the empty table,
        // PostgreSQL's foreign-key checks read every article of the organization for each
        // one written.
        if (done / 1000).is_power_of_two() {
            db::synthetic::analyze(conn, TABLES)?;
        }
    }
    db::synthetic::settle(conn, TABLES)?;
    Ok(())
}

/// The `i`th synthetic article.
fn synthetic_article(i: u64, english: &Language, dice: &mut super::sample::Dice) -> ArticleFields {
    let mut word = || {
        // Skewed: the lower a word's number, the more often it is drawn.
        let limit = dice.below(SYNTHETIC_WORDS as u64) + 1;
        synthetic_word(usize::try_from(dice.below(limit)).unwrap_or_default())
    };
    let title: Vec<String> = (0..5).map(|_| word()).collect();
    let length = 80 + (i * 7919) % 60;
    let body: Vec<String> = (0..length).map(|_| word()).collect();
    ArticleFields {
        title: format!("{} {i}", title.join(" ")),
        body: body.join(" "),
        category_id: None,
        tags: Vec::new(),
        visibility: if i.is_multiple_of(3) {
            ArticleVisibility::Internal
        } else {
            ArticleVisibility::Public
        },
        status: ArticleStatus::Published,
        language: english.clone(),
    }
}
