// The finish of the staff app: the trash, the home page and recent items, errors a user can
// act on, every page at phone width, keyboard use of the palette, and the first load.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { adminApi, ARTIFACTS, assertFitsWidth, checkAccessibility, logIn, shot, startBrowser, startServer, trackRequests } from "../support.mjs";

/** Bytes of gzip the wasm loaded first may not reach (issue 10: under 400 KB). */
const WASM_GZIP_CEILING = 400_000;

let server;
let browser;
let page;
let api;
const made = {};

before(async () => {
  server = await startServer();
  browser = await startBrowser();
  api = await adminApi(server.base);
  made.account = await api("POST", "/accounts", { name: "Halcyon Instruments", domain: "halcyon.example", type: "customer", tier: "silver" });
  made.contact = await api("POST", "/contacts", {
    first_name: "Bartholomew",
    last_name: "Featherstonehaugh-Wainwright",
    email: "bartholomew.featherstonehaugh-wainwright.procurement@halcyon-instruments-international.example",
    account_id: made.account.id,
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-GB", timezoneId: "Europe/Berlin" });
  page = await context.newPage();
  await logIn(page, server.base);
  await page.getByRole("heading", { name: /^Welcome/ }).waitFor();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("a deleted account opens from the trash, read-only, and Restore brings it and its links back", async () => {
  await page.goto(`${server.base}/accounts/${made.account.id}`);
  await page.getByRole("heading", { name: "Halcyon Instruments" }).waitFor();
  await page.getByRole("button", { name: "Delete" }).click();
  const confirm = page.getByRole("dialog", { name: "Delete “Halcyon Instruments”?" });
  await confirm.getByText("Its 1 contact stays, still linked to it.").waitFor();
  await shot(page, "20-delete-confirmation");
  await confirm.getByRole("button", { name: "Delete" }).click();
  await page.waitForURL(/\/accounts$/);

  // The contact still names its account, marked as in the trash; the link opens it.
  await page.goto(`${server.base}/contacts/${made.contact.id}`);
  await page.getByRole("heading", { name: /Bartholomew/ }).waitFor();
  await page.getByText("In the trash").waitFor();
  await page.getByRole("link", { name: "Halcyon Instruments" }).first().click();
  await page.getByRole("heading", { name: "Halcyon Instruments" }).waitFor();
  await page.getByRole("note").getByText("In the trash").waitFor();
  for (const name of ["Edit", "Delete", "Add contact"]) {
    assert.equal(await page.getByRole("link", { name, exact: true }).or(page.getByRole("button", { name, exact: true })).count(), 0, name);
  }
  assert.equal(await page.getByLabel("Add a note").count(), 0);
  await shot(page, "21-account-in-trash");
  await checkAccessibility(page, "an account in the trash");

  // "Show deleted" lists it, and it opens from there too.
  await page.goto(`${server.base}/accounts?deleted=true`);
  await page.getByRole("heading", { name: "Deleted accounts" }).waitFor();
  await page.getByRole("link", { name: "Halcyon Instruments" }).click();
  await page.getByRole("button", { name: "Restore" }).click();
  await page.getByText("“Halcyon Instruments” was restored.").waitFor();
  await page.getByRole("link", { name: "Edit", exact: true }).waitFor();
  assert.equal(await page.getByRole("note").count(), 0);
  await page.getByRole("link", { name: "Bartholomew Featherstonehaugh-Wainwright" }).waitFor();
  const account = await api("GET", `/accounts/${made.account.id}`);
  assert.equal(account.deleted_at, null);

  // A contact in the trash opens too, and comes back.
  const contact = await api("GET", `/contacts/${made.contact.id}`);
  await api("DELETE", `/contacts/${made.contact.id}`);
  await page.goto(`${server.base}/contacts/${made.contact.id}`);
  await page.getByRole("note").getByText("In the trash").waitFor();
  await page.getByRole("button", { name: "Restore" }).click();
  await page.getByText(`“${contact.first_name} ${contact.last_name}” was restored.`).waitFor();
});

test("owner and parent are chosen in the form and shown on the 360° page, with note authors", async () => {
  await api("POST", "/accounts", { name: "Halcyon Group", type: "customer" });
  await api("PATCH", `/accounts/${made.account.id}`, { owner_id: null });
  await page.goto(`${server.base}/accounts/${made.account.id}/edit`);
  // The owner is found by typing part of a name or email; the directory is already loaded.
  await page.getByLabel("Owner").fill("admin");
  await page.getByRole("button", { name: /^Administrator/ }).click();
  await page.locator(".chosen").filter({ hasText: "Administrator" }).waitFor();
  // The parent picker never offers the account itself.
  await page.getByLabel("Parent account").fill("halcyon");
  await page.getByRole("button", { name: "Halcyon Group" }).waitFor();
  assert.equal(await page.getByRole("button", { name: "Halcyon Instruments" }).count(), 0);
  await page.getByRole("button", { name: "Halcyon Group" }).click();
  await checkAccessibility(page, "the account form with owner and parent");
  await page.getByRole("button", { name: "Save changes" }).click();
  await page.getByRole("heading", { name: "Halcyon Instruments" }).waitFor();
  const details = page.getByRole("region", { name: "Details" });
  assert.equal(await details.locator("dt:has-text('Owner') + dd").innerText(), "Administrator");
  await details.getByRole("link", { name: "Halcyon Group" }).waitFor();
  await page.getByLabel("Add a note").fill("Renewal call booked for March.");
  await page.getByRole("button", { name: "Add note" }).click();
  await page.locator(".note-meta").filter({ hasText: "Administrator" }).waitFor();
  // Its author edits it, then deletes it after a confirmation.
  await page.getByRole("button", { name: "Edit note" }).click();
  await page.getByLabel("The note's text").fill("Never saved.");
  await page.getByRole("button", { name: "Cancel" }).click();
  await page.getByText("Renewal call booked for March.").waitFor();
  await page.getByRole("button", { name: "Edit note" }).click();
  await page.getByLabel("The note's text").fill("Renewal call moved to April.");
  await page.getByRole("button", { name: "Save note" }).click();
  await page.getByText("Renewal call moved to April.").waitFor();
  await page.locator(".note-meta").filter({ hasText: "edited" }).waitFor();
  await checkAccessibility(page, "an account page with a note of one's own");
  await page.getByLabel("Add a note").fill("Second note, to delete.");
  await page.getByRole("button", { name: "Add note" }).click();
  await page.getByText("Second note, to delete.").waitFor();
  await page.getByRole("button", { name: "Delete note" }).first().click();
  await page.getByRole("dialog", { name: "Delete this note?" }).getByRole("button", { name: "Delete note" }).click();
  await page.getByText("Second note, to delete.").waitFor({ state: "detached" });
  await page.getByText("Renewal call moved to April.").waitFor();
  // The counters lead to what they count.
  await page.getByRole("link", { name: /^1 contact$/ }).click();
  await page.getByText("Only the contacts of one account.").waitFor();
  await page.getByRole("link", { name: "Bartholomew Featherstonehaugh-Wainwright" }).waitFor();
  // The parent shows its child through its counter.
  await page.goto(`${server.base}/accounts/${made.account.id}`);
  await details.getByRole("link", { name: "Halcyon Group" }).click();
  await page.getByRole("heading", { name: "Halcyon Group" }).waitFor();
  await page.getByRole("link", { name: /1 child account$/ }).click();
  await page.getByRole("link", { name: "Halcyon Instruments" }).waitFor();
  await shot(page, "24-child-accounts");
});

test("the home page shows the records opened lately, and so does the palette", async () => {
  await page.goto(`${server.base}/contacts/${made.contact.id}`);
  await page.getByRole("heading", { name: /Bartholomew/ }).waitFor();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Home" }).click();
  const recent = page.getByRole("region", { name: "Opened lately" });
  await recent.getByRole("link", { name: "Bartholomew Featherstonehaugh-Wainwright" }).waitFor();
  await recent.getByRole("link", { name: "Halcyon Instruments" }).waitFor();
  await shot(page, "22-home");
  await checkAccessibility(page, "the home page");

  // The palette, by keyboard alone: recent records and every place before anything is typed;
  // Escape closes it and the focus returns to where it was.
  await page.getByRole("button", { name: /Search/ }).focus();
  await page.keyboard.press("Control+k");
  const palette = page.getByRole("dialog", { name: "Search and commands" });
  await palette.getByRole("option", { name: /Recent.*Bartholomew/ }).waitFor();
  await palette.getByRole("option", { name: /Go to deleted accounts/ }).waitFor();
  await checkAccessibility(page, "the palette before typing");
  await page.keyboard.type("zzzz nothing");
  await palette.getByText("Nothing matches").waitFor();
  await checkAccessibility(page, "the palette with no results");
  await page.keyboard.press("Shift+Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "palette-input");
  await page.keyboard.press("Escape");
  assert.equal(await palette.count(), 0);
  assert.match(await page.evaluate(() => document.activeElement?.textContent ?? ""), /Search/);
});

test("an admin adds a team and a user in it, changes the role, and deactivates them", async () => {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  await page.getByRole("heading", { name: "Users and teams" }).waitFor();
  await page.getByLabel("New team").fill("EMEA Sales");
  await page.getByRole("button", { name: "Add team" }).click();
  await page.locator(".team-row strong", { hasText: "EMEA Sales" }).waitFor();
  const teamRow = page.locator(".team-row", { hasText: "EMEA Sales" });
  const saved = page.waitForResponse((r) => r.request().method() === "PATCH" && r.url().includes("/api/v1/teams/"));
  await teamRow.getByLabel("Routing").selectOption("round_robin");
  assert.equal((await saved).status(), 200);

  await page.getByRole("link", { name: "Add user" }).click();
  await page.getByLabel("Name").fill("Sam Rivera");
  await page.getByLabel("Email").fill("sam@e2e.example");
  await page.getByLabel("Initial password").fill("short");
  await page.getByRole("button", { name: "Create user" }).click();
  assert.equal(await page.locator("#field-password-error").innerText(), "Initial password must be at least 12 characters.");
  await page.getByLabel("Initial password").fill("a long enough passphrase");
  await page.getByLabel("EMEA Sales").check();
  await page.getByLabel("Capacity").fill("5");
  await page.getByLabel("Skills").fill("Billing, hardware");
  await checkAccessibility(page, "the new user form");
  await page.getByRole("button", { name: "Create user" }).click();
  await page.getByText("The user “Sam Rivera” was created.").waitFor();
  const row = page.getByRole("row", { name: /Sam Rivera/ });
  assert.match(await row.innerText(), /sam@e2e\.example\s+Sales\s+EMEA Sales\s+Offline, up to 5\s+Active/);
  // The team kept its routing through the reload that followed.
  assert.equal(await teamRow.getByLabel("Routing").inputValue(), "round_robin");
  await shot(page, "25-users-and-teams");
  await checkAccessibility(page, "the users page");

  await row.getByRole("link", { name: "Sam Rivera" }).click();
  assert.equal(await page.getByLabel("Skills").inputValue(), "billing, hardware");
  await page.getByLabel("Role").selectOption("manager");
  await page.getByRole("button", { name: "Save changes" }).click();
  await page.getByText("Your changes to “Sam Rivera” were saved.").waitFor();
  await page.getByRole("row", { name: /Sam Rivera/ }).getByText("Manager").waitFor();

  await page.getByRole("row", { name: /Sam Rivera/ }).getByRole("button", { name: /Deactivate/ }).click();
  await page.getByText("Sam Rivera was deactivated and signed out everywhere.").waitFor();
  // The list reloads after the change.
  await page.getByRole("row", { name: /Sam Rivera/ }).getByText(/^Deactivated/).waitFor();
  const refused = await fetch(`${server.base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "sam@e2e.example", password: "a long enough passphrase" }),
  });
  assert.equal(refused.status, 401);
});

/** The account list's next read. */
function listReload() {
  return page.waitForResponse((r) => r.url().includes("/api/v1/accounts?") && r.request().method() === "GET");
}

test("rows chosen in a list change owner, get a tag, or go to the trash together; a stale one is left alone", async () => {
  const ids = [];
  for (const name of ["Bulk Alpha", "Bulk Beta", "Bulk Gamma"]) {
    ids.push((await api("POST", "/accounts", { name, type: "prospect" })).id);
  }
  await page.goto(`${server.base}/accounts?type=prospect&sort=name`);
  await page.getByRole("link", { name: "Bulk Gamma" }).waitFor();
  await page.getByLabel("Select all on this page").check();
  const bar = page.getByRole("region", { name: "Change the selected records" });
  await bar.getByText("3 selected").waitFor();
  await checkAccessibility(page, "the list with rows chosen");
  await shot(page, "26-bulk-selected");
  await bar.getByLabel("Owner").selectOption({ label: "Nobody" });
  // Each change reloads the list: rows are chosen again from the reloaded page, at the
  // versions it shows.
  let reloaded = listReload();
  await bar.getByRole("button", { name: "Change owner" }).click();
  await page.getByText("Changed the owner of 3 accounts.").waitFor();
  await reloaded;
  for (const id of ids) assert.equal((await api("GET", `/accounts/${id}`)).owner_id, null);

  await page.getByLabel("Select Bulk Alpha").check();
  await page.getByLabel("Select Bulk Beta").check();
  await bar.getByLabel("Tag").fill("renewal-q3");
  reloaded = listReload();
  await bar.getByRole("button", { name: "Add tag" }).click();
  await page.getByText("Tagged 2 accounts.").waitFor();
  await reloaded;
  assert.deepEqual((await api("GET", `/accounts/${ids[0]}`)).tags, ["renewal-q3"]);
  assert.deepEqual((await api("GET", `/accounts/${ids[2]}`)).tags, []);

  // Someone else changes Gamma after the list was shown: it is not deleted unseen.
  await page.getByLabel("Select Bulk Beta").check();
  await page.getByLabel("Select Bulk Gamma").check();
  await api("PATCH", `/accounts/${ids[2]}`, { industry: "Optics" });
  await bar.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("dialog", { name: "Delete 2 accounts?" }).getByRole("button", { name: "Delete" }).click();
  await bar.getByText("Deleted 1 of 2 accounts. The others were left as they were: Someone else changed them since the list was shown.").waitFor();
  assert.ok((await api("GET", `/accounts/${ids[1]}?include_deleted=true`)).deleted_at);
  assert.equal((await api("GET", `/accounts/${ids[2]}`)).deleted_at, null);
  await shot(page, "27-bulk-partly-stale");
});

test("a list says how many records match, and shows the columns each user chose, after a reload too", async () => {
  await page.goto(`${server.base}/accounts`);
  const table = page.getByRole("table", { name: "Accounts" });
  await table.waitFor();
  const live = (await api("GET", "/accounts?limit=100")).items.length;
  await page.getByRole("navigation", { name: "Pages" }).getByText(`1–${live} of ${live}`).waitFor();
  const halcyon = (await api("GET", "/accounts?q=halcyon&count=true")).total;
  assert.ok(halcyon >= 1 && halcyon < live);
  await page.getByLabel("Search").fill("Halcyon");
  await page.getByRole("navigation", { name: "Pages" }).getByText(`1–${halcyon} of ${halcyon}`).waitFor();
  await page.getByLabel("Search").fill("");

  const industry = table.getByRole("columnheader", { name: "Industry" });
  await industry.waitFor();
  await page.getByText("Columns", { exact: true }).click();
  await page.getByRole("checkbox", { name: "Industry" }).uncheck();
  await page.getByRole("checkbox", { name: "Owner" }).uncheck();
  await industry.waitFor({ state: "hidden" });
  await checkAccessibility(page, "the account list with its column chooser open");
  await shot(page, "28-columns-chosen");
  await page.reload();
  await table.getByRole("columnheader", { name: "Type" }).waitFor();
  assert.equal(await industry.isVisible(), false, "the choice is kept");
  assert.equal(await table.getByRole("columnheader", { name: "Owner" }).isVisible(), false);
  assert.equal(await table.locator("td[data-label='Industry']").first().isVisible(), false);
  // Another list keeps its own choice.
  await page.goto(`${server.base}/contacts`);
  await page.getByRole("table", { name: "Contacts" }).getByRole("columnheader", { name: "Owner" }).waitFor();
  await page.goto(`${server.base}/accounts`);
  await page.getByText("Columns", { exact: true }).click();
  await page.getByRole("checkbox", { name: "Industry" }).check();
  await page.getByRole("checkbox", { name: "Owner" }).check();
  await industry.waitFor();
});

test("service levels: a calendar built in the weekly editor, policies ordered by keyboard and by drag, the simulator's timeline", async () => {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Service levels" }).click();
  await page.getByRole("heading", { name: "SLA policies" }).waitFor();
  await page.getByRole("link", { name: "business calendars" }).click();
  await page.getByRole("link", { name: "New calendar" }).click();
  await page.getByLabel("Name").fill("Berlin office");
  await page.getByLabel("Time zone").fill("Europe/Berlin");
  // Friday closes early; Saturday gets morning hours; one holiday.
  await page.getByLabel("Friday closes (1)").fill("15:00");
  await page.getByRole("button", { name: "Add hours on Saturday" }).click();
  await page.getByLabel("Saturday opens (1)").fill("10:00");
  await page.getByLabel("Saturday closes (1)").fill("13:00");
  await page.getByRole("button", { name: "Add holiday" }).click();
  await page.getByLabel("Holiday", { exact: true }).fill("New Year's Day");
  await page.getByLabel("Date").fill("2027-01-01");
  await page.getByLabel("Every year").check();
  await checkAccessibility(page, "the calendar form");
  await shot(page, "40-calendar-form");
  await page.getByRole("button", { name: "Create calendar" }).click();
  await page.getByRole("heading", { name: "Berlin office" }).waitFor();
  const week = page.getByRole("region", { name: "Opening hours" });
  assert.equal(await week.locator("dt:has-text('Friday') + dd").innerText(), "09:00–15:00");
  assert.equal(await week.locator("dt:has-text('Saturday') + dd").innerText(), "10:00–13:00");
  await page.getByText("New Year's Day").waitFor();
  const calendarId = page.url().split("/").pop();

  // The server's own rules reach the form: an unknown time zone.
  await page.getByRole("link", { name: "Edit", exact: true }).click();
  await page.getByLabel("Time zone").fill("Mars/Olympus");
  await page.getByRole("button", { name: "Save changes" }).click();
  await page.locator("#field-time_zone-error").waitFor();
  page.once("dialog", (d) => d.accept());
  await page.getByRole("link", { name: "Cancel" }).click();
  await page.getByRole("heading", { name: "Berlin office" }).waitFor();

  const targets = [{ priority: "high", first_response_minutes: 60, resolution_minutes: 480 }];
  for (const name of ["Platinum first", "Everyone else"]) {
    await api("POST", "/sla/policies", { name, calendar_id: calendarId, targets });
  }
  await page.goto(`${server.base}/sla/policies`);
  const names = async () => (await page.locator("tbody .primary-cell").allInnerTexts()).map((t) => t.trim());
  await page.getByRole("link", { name: "Everyone else" }).waitFor();
  assert.deepEqual(await names(), ["Platinum first", "Everyone else"]);
  await checkAccessibility(page, "the policy list");
  // By keyboard: Move up on the second.
  await page.getByRole("button", { name: "Move up Everyone else" }).focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelector("tbody .primary-cell")?.textContent?.trim() === "Everyone else");
  // By drag: the first row onto the second.
  await page.getByRole("row", { name: /Everyone else/ }).dragTo(page.getByRole("row", { name: /Platinum first/ }));
  await page.waitForFunction(() => document.querySelector("tbody .primary-cell")?.textContent?.trim() === "Platinum first");
  await shot(page, "41-policies");

  await page.getByRole("link", { name: "Platinum first" }).click();
  await page.getByRole("heading", { name: "Try it on a ticket" }).waitFor();
  // Monday 16:30 in Berlin hours (9–17): the reply on Tuesday 09:15 is 45 business minutes
  // later, within the hour; the later events move with the opening.
  await page.getByLabel("Opened").fill("2027-01-04T16:30");
  assert.equal(await page.getByLabel("Event 4: when").inputValue(), "2027-01-05T19:30");
  await page.getByLabel("Read the clocks at").fill("2027-01-08T12:00");
  await page.getByLabel("Event 1: when").fill("2027-01-05T09:15");
  await page.getByRole("button", { name: "Simulate" }).click();
  const clocks = page.getByRole("table", { name: "Simulated clocks" });
  await clocks.getByRole("row", { name: /First response/ }).waitFor();
  assert.match(await clocks.getByRole("row", { name: /First response/ }).innerText(), /Met\s/);
  await page.getByRole("img", { name: /Timeline of 2 clocks/ }).waitFor();
  await checkAccessibility(page, "the simulator with its timeline");
  await shot(page, "42-simulator");
});

test("an unknown address shows the app with a way home", async () => {
  await page.goto(`${server.base}/no/such/page`);
  await page.getByRole("heading", { name: "This page does not exist" }).waitFor();
  await page.getByRole("navigation", { name: "Main" }).waitFor();
  await checkAccessibility(page, "the unknown page");
  await page.getByRole("link", { name: "Go to your home page" }).click();
  await page.getByRole("heading", { name: /^Welcome/ }).waitFor();
});

test("a failed request says what happened in words and offers to try again", async () => {
  let failures = 1;
  await page.route("**/api/v1/accounts/*/overview*", (route) => {
    if (failures-- > 0) {
      return route.fulfill({ status: 500, contentType: "application/problem+json", body: JSON.stringify({ type: "about:blank", title: "Internal error", status: 500, code: "internal_error" }) });
    }
    return route.continue();
  });
  await page.goto(`${server.base}/accounts/${made.account.id}`);
  await page.getByText("Rapport could not finish this because of a problem on its side.").waitFor();
  assert.equal(await page.getByText("HTTP 500").count(), 0);
  await shot(page, "23-failed-with-retry");
  await page.getByRole("button", { name: "Try again" }).click();
  await page.getByRole("heading", { name: "Halcyon Instruments" }).waitFor();
  await page.unroute("**/api/v1/accounts/*/overview*");
});

test("every page fits a 360 px phone: lists as cards, filters folded, no keyboard hints", async () => {
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: "en-GB" });
  const tab = await phone.newPage();
  const settled = trackRequests(tab);
  await tab.goto(`${server.base}/login`);
  await tab.getByLabel("Email").waitFor();
  await assertFitsWidth(tab, "login");
  await logIn(tab, server.base);
  await tab.getByRole("heading", { name: /^Welcome/ }).waitFor();
  assert.equal(await tab.locator("kbd").count(), 0, "no Ctrl K on a touch screen");
  const pages = [
    ["home", "/", /^Welcome/],
    ["accounts", "/accounts", "Accounts"],
    ["account", `/accounts/${made.account.id}`, "Halcyon Instruments"],
    ["account-form", `/accounts/${made.account.id}/edit`, "Edit account"],
    ["contacts", "/contacts", "Contacts"],
    ["contact", `/contacts/${made.contact.id}`, /Bartholomew/],
    ["contact-form", `/contacts/${made.contact.id}/edit`, "Edit contact"],
    ["trash", "/accounts?deleted=true", "Deleted accounts"],
    ["users", "/users", "Users and teams"],
    ["policies", "/sla/policies", "SLA policies"],
    ["calendars", "/sla/calendars", "Business calendars"],
    ["calendar-form", "/sla/calendars/new", "New calendar"],
    ["policy-form", "/sla/policies/new", "New policy"],
    ["user-form", "/users/new", "New user"],
    ["settings", "/settings", "Settings"],
    ["unknown", "/no/such/page", "This page does not exist"],
  ];
  for (const [name, path, heading] of pages) {
    await tab.goto(`${server.base}${path}`);
    await tab.getByRole("heading", { name: heading, level: 1 }).waitFor();
    await settled();
    await assertFitsWidth(tab, name);
    await checkAccessibility(tab, `${name} at phone width`);
    await shot(tab, `30-phone-${name}`);
  }
  // The list: its first record is on the first screen, filters behind a button.
  await tab.goto(`${server.base}/contacts`);
  const first = tab.getByRole("link", { name: "Bartholomew Featherstonehaugh-Wainwright" });
  await first.waitFor();
  assert.ok((await first.boundingBox()).y < 400, "the first row is within the first screen");
  assert.equal(await tab.getByLabel("Sort").isVisible(), false);
  await tab.getByRole("button", { name: "Filters" }).click();
  await tab.getByLabel("Sort").waitFor();
  await phone.close();
});

test("first load: hashed files cached for good, Brotli, a shell before the wasm, timed on slow 4G", async () => {
  const index = await fetch(`${server.base}/`, { headers: { "accept-encoding": "br" } });
  assert.equal(index.headers.get("cache-control"), "no-cache");
  assert.ok(index.headers.get("etag"));
  const html = await (await fetch(`${server.base}/`)).text();
  assert.match(html, /Loading Rapport/, "index.html paints a shell before the wasm");
  const wasmPath = html.match(/href="(\/pkg\/rapport_bg\.[0-9a-f]{12}\.wasm)"/)[1];
  const sizes = {};
  for (const coding of ["br", "gzip"]) {
    const answer = await fetch(`${server.base}${wasmPath}`, { headers: { "accept-encoding": coding } });
    assert.equal(answer.headers.get("cache-control"), "public, max-age=31536000, immutable");
    assert.equal(answer.headers.get("content-encoding"), coding);
    sizes[coding] = Number(answer.headers.get("content-length"));
  }
  assert.ok(sizes.gzip < WASM_GZIP_CEILING, `the wasm is ${sizes.gzip} bytes gzip`);
  // The other pages come in chunks the loader fetches on first use, cached the same way.
  const loaderPath = html.match(/href="(\/pkg\/__wasm_split\.[0-9a-f]{12}\.js)"/)[1];
  const loader = await (await fetch(`${server.base}${loaderPath}`)).text();
  const chunks = [...loader.matchAll(/"\.\/((?:chunk|split)_[\w]+\.[0-9a-f]{12}\.wasm)"/g)].map((m) => m[1]);
  assert.ok(chunks.length > 10, `the loader names ${chunks.length} chunks`);
  const chunk = await fetch(`${server.base}/pkg/${chunks[0]}`, { headers: { "accept-encoding": "br" } });
  assert.equal(chunk.headers.get("content-type"), "application/wasm");
  assert.equal(chunk.headers.get("cache-control"), "public, max-age=31536000, immutable");

  // Cold loads in fresh contexts, on loopback and through Chrome's "Slow 4G" profile
  // (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up).
  const measure = async (slow) => {
    const runs = [];
    for (let i = 0; i < 3; i++) {
      const fresh = await browser.newContext();
      const tab = await fresh.newPage();
      if (slow) {
        const cdp = await fresh.newCDPSession(tab);
        await cdp.send("Network.enable");
        await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 });
      }
      await tab.goto(`${server.base}/login`, { waitUntil: "commit" });
      await tab.getByLabel("Email").waitFor({ timeout: 30000 });
      runs.push(await tab.evaluate(() => ({
        shell_ms: Math.round(performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? -1),
        app_ms: Math.round(performance.now()),
      })));
      await fresh.close();
    }
    const median = (key) => runs.map((r) => r[key]).sort((a, b) => a - b)[1];
    return { runs, shell_median_ms: median("shell_ms"), app_median_ms: median("app_ms") };
  };
  const figures = { wasm_bytes: sizes, loopback: await measure(false), slow_4g: await measure(true) };
  writeFileSync(join(ARTIFACTS, "first-load.json"), JSON.stringify(figures, null, 1) + "\n");
  assert.ok(figures.slow_4g.shell_median_ms > 0 && figures.slow_4g.shell_median_ms < figures.slow_4g.app_median_ms, "the shell paints before the app");
});
