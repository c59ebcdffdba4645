// What a staff member does in a day: log in, create an account, add a contact, find it,
// edit it, meet a conflict, delete and restore, log out, mistype the password.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ADMIN, ARTIFACTS, checkAccessibility, logIn, shot, startBrowser, startServer } from "../support.mjs";

let server;
let browser;
let context;
let page;

before(async () => {
  server = await startServer();
  browser = await startBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-US", timezoneId: "Europe/Berlin" });
  page = await context.newPage();
});

/** An access token for the admin, as an integrator would get one. */
async function adminToken() {
  const login = await fetch(`${server.base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(ADMIN),
  });
  return (await login.json()).access_token;
}

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("a wrong password is refused with a clear message", async () => {
  await logIn(page, server.base, { password: "not the password" });
  await page.getByRole("alert").filter({ hasText: "The email or the password is wrong." }).waitFor();
  assert.match(page.url(), /\/login$/);
  await shot(page, "01-login-wrong-password");
});

test("the login page checks the email before sending it", async () => {
  await page.goto(`${server.base}/login`);
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByRole("button", { name: "Log in" }).click();
  const email = page.getByLabel("Email");
  await assert.doesNotReject(() => page.locator("#field-email-error").waitFor());
  assert.equal(await email.getAttribute("aria-invalid"), "true");
});

test("logging in opens the home page, first render timed", async () => {
  // From navigation start to the rendered login form, in a fresh browser context (no cache)
  // each time: the figure for docs/benchmarks.md.
  const runs = [];
  for (let i = 0; i < 7; i++) {
    const fresh = await browser.newContext();
    const tab = await fresh.newPage();
    await tab.goto(`${server.base}/login`, { waitUntil: "commit" });
    await tab.getByLabel("Email").waitFor();
    runs.push(await tab.evaluate(() => performance.now()));
    await fresh.close();
  }
  runs.sort((a, b) => a - b);
  const index = await (await fetch(`${server.base}/`)).text();
  const wasmPath = index.match(/href="(\/pkg\/rapport_bg\.[0-9a-f]{12}\.wasm)"/)[1];
  const wasm = await (await fetch(`${server.base}${wasmPath}`)).arrayBuffer();
  writeFileSync(
    join(ARTIFACTS, "first-render.json"),
    JSON.stringify({ runs: runs.map(Math.round), median_ms: Math.round(runs[3]), max_ms: Math.round(runs[6]), wasm_bytes: wasm.byteLength }) + "\n",
  );
  await checkAccessibility(page, "the login page");
  await logIn(page, server.base);
  await page.getByRole("heading", { name: "Welcome, Administrator" }).waitFor();
  assert.match(page.url(), /\/$/);
  await page.getByText("No accounts are yours yet.").waitFor();
  await shot(page, "02-home-empty");
  await checkAccessibility(page, "the empty home page");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Accounts" }).click();
  await page.getByText("No accounts yet").waitFor();
  // After a change of page the focus is on its heading, and the page is announced.
  await page.waitForFunction(() => document.activeElement?.tagName === "H1");
  assert.equal(await page.locator("#announcer").innerText(), "Accounts · Rapport");
  await checkAccessibility(page, "the empty account list");
});

test("creating an account shows the errors at the fields, then saves", async () => {
  await page.getByRole("link", { name: "New account" }).click();
  await page.getByLabel("Domain").fill("not a domain");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.locator("#field-name-error").waitFor();
  await page.locator("#field-domain-error").waitFor();
  // The first invalid field has the focus (given in the frame after the errors render).
  await page.waitForFunction(() => document.activeElement?.id === "field-name");
  // In full sentences that name the field.
  assert.equal(await page.locator("#field-name-error").innerText(), "Name must not be empty.");
  await shot(page, "03-account-form-errors");
  await checkAccessibility(page, "the account form with errors");
  await page.getByLabel("Name").fill("Zephyr Quantum Labs");
  await page.getByLabel("Domain").fill("zephyr-quantum.example");
  await page.getByLabel("Type").selectOption("customer");
  await page.getByLabel("Tier").selectOption("gold");
  await page.getByLabel("Industry").fill("Research");
  await page.getByLabel("City").fill("Berlin");
  await page.getByLabel("Country").fill("DE");
  await page.getByLabel("Annual revenue").fill("1,250,000.50");
  await page.getByLabel("Tags").fill("vip, emea");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("heading", { name: "Zephyr Quantum Labs" }).waitFor();
  await page.getByText("The account “Zephyr Quantum Labs” was created.").waitFor();
  await page.getByText("€1,250,000.50").waitFor();
  await checkAccessibility(page, "the account page");
  const crumbs = await page.getByRole("navigation", { name: "Breadcrumb" }).innerText();
  assert.match(crumbs, /Accounts\s*›?\s*Zephyr Quantum Labs/);
  await shot(page, "04-account-page");
});

test("a contact added from the account page belongs to it", async () => {
  await page.getByRole("link", { name: "Add contact" }).click();
  await page.getByRole("heading", { name: "New contact" }).waitFor();
  await page.getByText("Zephyr Quantum Labs", { exact: true }).waitFor();
  await page.getByLabel("Email", { exact: true }).fill("ada@");
  await page.getByRole("button", { name: "Create contact" }).click();
  await page.locator("#field-last_name-error").waitFor();
  await page.locator("#field-email-error").waitFor();
  await page.getByLabel("First name").fill("Ada");
  await page.getByLabel("Last name").fill("Quillfeather");
  await page.getByLabel("Title").fill("Head of Research");
  await page.getByLabel("Email", { exact: true }).fill("ada@zephyr-quantum.example");
  await page.getByLabel("Phone 1", { exact: true }).fill("+49 30 1234567");
  await page.getByLabel("Agreed to email").check();
  await page.getByRole("button", { name: "Create contact" }).click();
  await page.getByRole("heading", { name: "Ada Quillfeather" }).waitFor();
  await page.getByRole("link", { name: "Zephyr Quantum Labs" }).first().waitFor();
  await shot(page, "05-contact-page");
  await checkAccessibility(page, "the contact page");
  await page.getByRole("link", { name: "Zephyr Quantum Labs" }).first().click();
  await page.getByRole("link", { name: "Ada Quillfeather" }).waitFor();
});

test("search as you type finds the account", async () => {
  for (const name of ["Northwind Holdings", "Aurora Freight"]) {
    await page.goto(`${server.base}/accounts/new`);
    await page.getByLabel("Name").fill(name);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name }).waitFor();
  }
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Accounts" }).click();
  await page.getByRole("link", { name: "Aurora Freight" }).waitFor();
  await page.getByLabel("Search").fill("zeph");
  await page.waitForURL(/q=zeph/);
  await page.getByRole("link", { name: "Zephyr Quantum Labs" }).waitFor();
  // The rows on screen stay (dimmed) until the search answers; then the others go.
  await page.getByRole("link", { name: "Aurora Freight" }).waitFor({ state: "detached" });
  await shot(page, "06-accounts-search");
  await page.getByLabel("Search").fill("nothing like this");
  await page.getByText("No accounts match").waitFor();
});

test("paging walks the list through the cursor and back", async () => {
  // Thirty more accounts, created through the API as an integrator would.
  const login = await fetch(`${server.base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(ADMIN),
  });
  const { access_token } = await login.json();
  for (let i = 1; i <= 55; i++) {
    const created = await fetch(`${server.base}/api/v1/accounts`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${access_token}` },
      body: JSON.stringify({ name: `Paging Account ${String(i).padStart(2, "0")}`, type: "partner" }),
    });
    assert.equal(created.status, 201);
  }
  await page.goto(`${server.base}/accounts?type=partner&sort=name`);
  await page.getByRole("link", { name: "Paging Account 01" }).waitFor();
  assert.equal(await page.getByRole("link", { name: /^Paging Account/ }).count(), 50);
  await page.getByText("1–50").waitFor();
  await page.getByRole("button", { name: "Next →" }).click();
  await page.getByRole("link", { name: "Paging Account 55" }).waitFor();
  assert.equal(await page.getByRole("link", { name: /^Paging Account/ }).count(), 5);
  assert.equal(await page.getByRole("button", { name: "Next →" }).count(), 0);
  await page.getByText("51–55").waitFor();
  // The next page starts at the top, not where the button was.
  assert.equal(await page.evaluate(() => window.scrollY), 0);
  await page.getByRole("button", { name: "← Previous" }).click();
  await page.getByRole("link", { name: "Paging Account 01" }).waitFor();
  assert.equal(await page.getByRole("combobox", { name: "Type" }).inputValue(), "partner");
  // A click on a column's header sorts by it; a second click turns the order round.
  const name = page.getByRole("columnheader", { name: /Name/ });
  await name.getByRole("button").click();
  await page.waitForURL(/sort=-name/);
  await page.getByRole("link", { name: "Paging Account 55" }).waitFor();
  assert.equal(await name.getAttribute("aria-sort"), "descending");
  assert.equal(await page.getByRole("link", { name: /^Paging Account/ }).first().innerText(), "Paging Account 55");
  await shot(page, "16-accounts-sorted-by-header");
  await checkAccessibility(page, "a sorted account list");
});

test("the command palette opens the contact with the keyboard", async () => {
  await page.keyboard.press("Control+k");
  const palette = page.getByRole("dialog", { name: "Search and commands" });
  await palette.waitFor();
  await page.waitForFunction(() => document.activeElement?.id === "palette-input");
  await page.keyboard.type("quill");
  await palette.getByRole("option", { name: /Ada Quillfeather/ }).waitFor();
  await shot(page, "07-command-palette");
  await checkAccessibility(page, "the palette with results");
  // Tab stays in the palette, so Escape still closes it.
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "palette-input");
  // The first result is the active one unless arrows move it; choose the contact explicitly.
  const options = await palette.getByRole("option").allInnerTexts();
  const index = options.findIndex((o) => o.includes("Ada Quillfeather"));
  for (let i = 0; i < index; i++) await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Ada Quillfeather" }).waitFor();
  assert.equal(await palette.count(), 0);
});

test("editing a contact saves it, and says so", async () => {
  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByLabel("Title").fill("Chief Scientist");
  await page.getByRole("button", { name: "Save changes" }).click();
  await page.getByRole("heading", { name: "Ada Quillfeather" }).waitFor();
  await page.getByText("Your changes to “Ada Quillfeather” were saved.").waitFor();
  await page.getByText("Chief Scientist").waitFor();
});

test("leaving a form with unsaved changes asks first", async () => {
  const contactUrl = page.url();
  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByLabel("Title").fill("Changed but not saved");
  // Staying keeps the edits.
  page.once("dialog", (dialog) => dialog.dismiss());
  await page.getByRole("link", { name: "Cancel" }).click();
  assert.match(page.url(), /\/edit$/);
  assert.equal(await page.getByLabel("Title").inputValue(), "Changed but not saved");
  // So does Back, and going elsewhere through the palette.
  page.once("dialog", (dialog) => dialog.dismiss());
  await page.goBack();
  await page.waitForURL(/\/edit$/);
  assert.equal(await page.getByLabel("Title").inputValue(), "Changed but not saved");
  await page.keyboard.press("Control+k");
  await page.waitForFunction(() => document.activeElement?.id === "palette-input");
  await page.keyboard.type("Go to accounts");
  await page.getByRole("option", { name: /Go to accounts/ }).waitFor();
  page.once("dialog", (dialog) => dialog.dismiss());
  await page.keyboard.press("Enter");
  await page.getByRole("dialog", { name: "Search and commands" }).waitFor({ state: "hidden" });
  assert.match(page.url(), /\/edit$/);
  assert.equal(await page.getByLabel("Title").inputValue(), "Changed but not saved");
  // Leaving drops them.
  let asked = "";
  page.once("dialog", (dialog) => { asked = dialog.message(); dialog.accept(); });
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Contacts" }).click();
  await page.waitForURL(/\/contacts$/);
  assert.match(asked, /not saved/);
  // An untouched form leaves without a question.
  await page.goto(`${contactUrl}/edit`);
  await page.getByLabel("Title").waitFor();
  page.once("dialog", () => assert.fail("an untouched form asked before leaving"));
  await page.getByRole("link", { name: "Cancel" }).click();
  await page.getByRole("heading", { name: "Ada Quillfeather" }).waitFor();
  assert.equal(await page.getByText("Changed but not saved").count(), 0);
});

test("a stale edit from a second tab says someone else changed it and reloads", async () => {
  const contactUrl = page.url();
  await page.goto(`${contactUrl}/edit`);
  await page.getByLabel("Title").waitFor();
  const other = await context.newPage();
  await other.goto(`${contactUrl}/edit`);
  await other.getByLabel("Title").fill("Director of Research");
  await other.getByRole("button", { name: "Save changes" }).click();
  await other.getByText("Director of Research").waitFor();
  await other.close();
  await page.getByLabel("Title").fill("Intern");
  await page.getByRole("button", { name: "Save changes" }).click();
  await page.getByText("Someone else changed this record").waitFor();
  await shot(page, "08-edit-conflict");
  await page.getByRole("button", { name: "Reload" }).click();
  await page.waitForFunction(() => document.querySelector("#field-title")?.value === "Director of Research");
  assert.equal(await page.getByText("Someone else changed this record").count(), 0);
});

test("editing an account shows the server's own field errors at the fields", async () => {
  await page.goto(`${server.base}/accounts?q=zephyr`);
  await page.getByRole("link", { name: "Zephyr Quantum Labs" }).click();
  await page.getByRole("link", { name: "Edit", exact: true }).click();
  await page.getByLabel("Name").waitFor();
  assert.equal(await page.getByLabel("Name").inputValue(), "Zephyr Quantum Labs");
  // The browser does not check the industry's length; the server does (at most 100).
  await page.getByLabel("Industry").fill("R".repeat(101));
  await page.getByRole("button", { name: "Save changes" }).click();
  await page.locator("#field-industry-error").waitFor();
  assert.equal(await page.getByLabel("Industry").getAttribute("aria-invalid"), "true");
  await shot(page, "13-account-edit-server-error");
  await page.getByLabel("Industry").fill("Quantum research");
  await page.getByRole("button", { name: "Save changes" }).click();
  await page.getByRole("heading", { name: "Zephyr Quantum Labs" }).waitFor();
  await page.getByText("Quantum research").waitFor();
});

test("deleting an account can be undone", async () => {
  await page.goto(`${server.base}/accounts?q=aurora`);
  await page.getByRole("link", { name: "Aurora Freight" }).click();
  await page.getByRole("heading", { name: "Aurora Freight" }).waitFor();
  const accountUrl = page.url();
  await page.getByRole("button", { name: "Delete" }).click();
  const confirm = page.getByRole("dialog", { name: "Delete “Aurora Freight”?" });
  await confirm.getByText("goes to the trash, where it can be restored").waitFor();
  await checkAccessibility(page, "the deletion's confirmation");
  await confirm.getByRole("button", { name: "Delete" }).click();
  await page.getByText("“Aurora Freight” was deleted.").waitFor();
  await page.waitForURL(/\/accounts$/);
  await shot(page, "09-deleted-with-undo");
  await page.getByRole("button", { name: "Undo" }).click();
  await page.waitForURL(accountUrl);
  await page.getByRole("heading", { name: "Aurora Freight" }).waitFor();
});

test("a deletion names the version shown, so a change made meanwhile is not deleted unseen", async () => {
  await page.goto(`${server.base}/accounts?q=aurora`);
  await page.getByRole("link", { name: "Aurora Freight" }).click();
  await page.getByRole("heading", { name: "Aurora Freight" }).waitFor();
  const id = page.url().split("/").pop();
  // Someone else changes the account while it is on screen.
  const token = await adminToken();
  const changed = await fetch(`${server.base}/api/v1/accounts/${id}`, {
    method: "PATCH",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ industry: "Shipping" }),
  });
  assert.equal(changed.status, 200);
  await page.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
  await page.getByText("Someone else changed this record").waitFor();
  await shot(page, "14-delete-conflict");
  const still = await fetch(`${server.base}/api/v1/accounts/${id}`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(still.status, 200);
  await page.getByRole("button", { name: "Reload" }).click();
  await page.getByText("Shipping").waitFor();
});

test("the palette says when a search fails", async () => {
  await page.goto(`${server.base}/accounts`);
  await page.getByRole("heading", { name: "Accounts" }).waitFor();
  // The database is unreachable for the palette's searches: the server answers 503.
  await page.route("**/api/v1/accounts?*", (route) =>
    route.fulfill({
      status: 503,
      contentType: "application/problem+json",
      body: JSON.stringify({ type: "https://rapport.dev/problems/unavailable", title: "Service unavailable", status: 503, detail: "the database cannot be reached; try again shortly", code: "unavailable" }),
    }),
  );
  await page.keyboard.press("Control+k");
  await page.getByLabel("Search accounts, contacts and commands").fill("zeph");
  await page.getByText("The search failed. The database cannot be reached; try again shortly.").waitFor();
  await shot(page, "15-palette-error");
  await page.unroute("**/api/v1/accounts?*");
  await page.keyboard.press("Escape");
});

test("the 360° view works at phone width", async () => {
  await page.goto(`${server.base}/accounts?q=zephyr`);
  await page.getByRole("link", { name: "Zephyr Quantum Labs" }).click();
  await page.getByRole("heading", { name: "Zephyr Quantum Labs" }).waitFor();
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
  await shot(page, "10-account-page-phone");
  await page.setViewportSize({ width: 1280, height: 800 });
});

test("dates and money follow the user's locale and time zone", async () => {
  const german = await browser.newContext({ locale: "de-DE", timezoneId: "America/New_York" });
  const tab = await german.newPage();
  await logIn(tab, server.base);
  await tab.getByRole("heading", { name: /^Welcome/ }).waitFor();
  await tab.goto(`${server.base}/accounts?q=zephyr`);
  await tab.getByRole("link", { name: "Zephyr Quantum Labs" }).click();
  await tab.getByText("1.250.000,50 €").waitFor();
  // "Created" is shown in New York time, in German.
  const shown = await tab.locator("dt:has-text('Created') + dd").innerText();
  const login = await fetch(`${server.base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(ADMIN),
  });
  const { access_token } = await login.json();
  const page1 = await (await fetch(`${server.base}/api/v1/accounts?q=zephyr`, { headers: { authorization: `Bearer ${access_token}` } })).json();
  const expected = new Intl.DateTimeFormat("de-DE", { dateStyle: "medium", timeStyle: "short", timeZone: "America/New_York" })
    .format(new Date(page1.items[0].created_at));
  assert.equal(shown, expected);
  await german.close();
});

test("the keyboard reaches everything, starting with the skip link", async () => {
  await page.goto(`${server.base}/accounts`);
  await page.getByRole("heading", { name: "Accounts" }).waitFor();
  await page.keyboard.press("Tab");
  const first = await page.evaluate(() => document.activeElement?.textContent?.trim());
  assert.equal(first, "Skip to content");
  // It leads past the header to the content, without leaving the page.
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "main");
  assert.match(page.url(), /\/accounts$/);
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), "New account");
  // Every input and select on the account form has a label.
  await page.goto(`${server.base}/accounts/new`);
  await page.getByLabel("Name").waitFor();
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll("input, select, textarea")]
      .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute("aria-label"))
      .map((el) => el.id || el.outerHTML),
  );
  assert.deepEqual(unlabelled, []);
});

test("a read-only user sees the records but no way to change them", async () => {
  const login = await fetch(`${server.base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(ADMIN),
  });
  const { access_token } = await login.json();
  const reader = { email: "reader@e2e.example", password: "reading all day long" };
  const created = await fetch(`${server.base}/api/v1/users`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${access_token}` },
    body: JSON.stringify({ ...reader, name: "Riley Reader", role: "read_only" }),
  });
  assert.equal(created.status, 201);
  const readerContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const tab = await readerContext.newPage();
  await logIn(tab, server.base, reader);
  await tab.getByRole("heading", { name: "Welcome, Riley" }).waitFor();
  await tab.goto(`${server.base}/accounts?q=zephyr`);
  await tab.getByRole("link", { name: "Zephyr Quantum Labs" }).click();
  await tab.getByRole("heading", { name: "Zephyr Quantum Labs" }).waitFor();
  for (const name of ["Edit", "Delete", "Add contact"]) {
    assert.equal(await tab.getByRole("link", { name, exact: true }).or(tab.getByRole("button", { name, exact: true })).count(), 0, name);
  }
  assert.equal(await tab.getByLabel("Add a note").count(), 0);
  assert.equal(await tab.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).count(), 0);
  await tab.goto(`${server.base}/accounts?type=customer`);
  await tab.getByRole("link", { name: "Zephyr Quantum Labs" }).waitFor();
  assert.equal(await tab.getByRole("link", { name: "New account" }).count(), 0);
  await shot(tab, "12-read-only-account-list");
  await readerContext.close();
});

test("logging out ends the session; a deep link comes back after login", async () => {
  await page.goto(`${server.base}/accounts?q=zephyr`);
  await page.getByRole("button", { name: "Log out" }).click();
  await page.waitForURL(/\/login$/);
  // Back is no way in: it lands on the login page again.
  await page.goBack();
  await page.waitForURL(/\/login\?next=/);
  await page.getByRole("button", { name: "Log in" }).waitFor();
  await page.goto(`${server.base}/contacts?sort=name`);
  await page.waitForURL(/\/login\?next=/);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL(/\/contacts\?sort=name$/);
  await page.getByRole("link", { name: "Ada Quillfeather" }).waitFor();
  await shot(page, "11-contacts-list");
});
