// Service contracts in the staff app: a contract started on the account page covers the
// account's next ticket, which says so; a ticket beyond the allowance says it is not covered.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { adminApi, assertFitsWidth, checkAccessibility, logIn, shot, startBrowser, startServer } from "../support.mjs";

let server;
let browser;
let page;
let api;
const panics = [];

before(async () => {
  server = await startServer();
  browser = await startBrowser();
  api = await adminApi(server.base);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB", timezoneId: "Europe/Berlin" });
  page = await context.newPage();
  page.on("console", (m) => { if (m.type() === "error" && m.text().includes("panicked")) panics.push(m.text()); });
  await logIn(page, server.base);
  await page.getByRole("heading", { name: /^Welcome/ }).waitFor();
});

after(async () => {
  // Everything is stopped first: a failed check must not leave the browser and server
  // running, which would keep this file's process, and so the whole run, from ending.
  await browser?.close();
  await server?.stop();
  assert.deepEqual(panics, [], "the app panicked");
});

test("a contract started on the account page covers its next ticket, once", async () => {
  const account = await api("POST", "/accounts", { name: "Harbour Freight AG", type: "customer" });
  const contact = await api("POST", "/contacts", { first_name: "Lena", last_name: "Kurz", account_id: account.id });
  const forklift = await api("POST", "/assets", { account_id: account.id, name: "Forklift", serial_number: "FL-7" });

  await page.goto(`${server.base}/accounts/${account.id}`);
  const card = page.getByRole("region", { name: "Contracts" });
  await card.getByText("No contracts").waitFor();
  await card.getByRole("button", { name: "New contract" }).click();
  const form = card.getByRole("form", { name: "New contract" });
  await form.getByLabel("Incidents a month").fill("1");
  await form.getByRole("button", { name: "Start the contract" }).click();
  await card.getByText("CON-00001").waitFor();
  await card.getByText("In force").waitFor();
  await card.getByText(/1 of 1 incidents left this month/).waitFor();
  await checkAccessibility(page, "account contracts");
  await shot(page, "99-account-contracts");

  // The first ticket uses the incident; the page tells which contract covers it.
  const covered = await api("POST", "/tickets", { subject: "Forklift down", description: "Bay 4", requester_id: contact.id });
  assert.equal(covered.entitlement.status, "covered");
  await page.goto(`${server.base}/tickets/${covered.id}`);
  await page.getByRole("heading", { name: /Forklift down/ }).waitFor();
  await page.getByText("Covered", { exact: true }).waitFor();
  await page.getByRole("link", { name: "CON-00001" }).waitFor();
  await shot(page, "99b-ticket-covered");

  // The second one this month is not covered: opened, and flagged.
  const flagged = await api("POST", "/tickets", { subject: "Forklift down again", description: "Bay 5", requester_id: contact.id });
  await page.goto(`${server.base}/tickets/${flagged.id}`);
  await page.getByText("Not covered", { exact: true }).waitFor();

  // The account page counts what is left; on a phone the card fits.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${server.base}/accounts/${account.id}`);
  await card.getByText(/0 of 1 incidents left this month/).waitFor();
  await assertFitsWidth(page, "account contracts on a phone");
  await card.scrollIntoViewIfNeeded();
  await shot(page, "99c-account-contracts-phone");
  await page.setViewportSize({ width: 1280, height: 900 });

  // The contract's own page: its terms, what it covers and has used, a new entitlement, and
  // cancelling it.
  await card.getByRole("link", { name: "CON-00001" }).click();
  await page.getByRole("heading", { name: "Contract CON-00001" }).waitFor();
  const cover = page.getByRole("region", { name: "What it covers" });
  await cover.getByText(/1 used, 0 of 1 left this month/).waitFor();
  const add = cover.getByRole("form", { name: "New entitlement" });
  await add.getByLabel("Covers").fill("On-site visits");
  await add.getByLabel("For").selectOption({ label: "Forklift (FL-7)" });
  await add.getByRole("button", { name: "Add" }).click();
  await cover.locator("strong", { hasText: "On-site visits" }).waitFor();
  await cover.getByText(/for Forklift \(FL-7\)/).waitFor();
  await cover.getByText(/0 used this term, no limit/).waitFor();
  const [visits] = (await api("GET", `/contracts/${covered.entitlement.contract_id}/entitlements`)).items
    .filter((e) => e.name === "On-site visits");
  assert.deepEqual(visits.asset_ids, [forklift.id]);
  // Changed: renamed, for anything of the account, with a limit; removed, and back with Undo.
  await cover.getByRole("button", { name: "Change On-site visits" }).click();
  const change = cover.getByRole("form", { name: "Change On-site visits" });
  assert.equal(await change.getByLabel("For").inputValue(), `asset:${forklift.id}`);
  await change.getByLabel("Covers").fill("Site visits");
  await change.getByLabel("For").selectOption({ label: "Anything of the account" });
  await change.getByLabel("Incidents a month").fill("4");
  await change.getByRole("button", { name: "Save" }).click();
  // A first limit counts by month, as a new one's does.
  const siteVisits = cover.getByRole("listitem").filter({ has: page.locator("strong", { hasText: "Site visits" }) });
  await siteVisits.getByText(/0 used, 4 of 4 left this month/).waitFor();
  await siteVisits.getByText(/for anything · every channel/).waitFor();
  await cover.getByRole("button", { name: "Remove Site visits" }).click();
  await page.getByRole("dialog", { name: "Remove “Site visits” from the contract?" }).getByRole("button", { name: "Remove" }).click();
  await siteVisits.waitFor({ state: "detached" });
  await page.getByRole("button", { name: "Undo" }).click();
  await siteVisits.getByText(/0 used, 4 of 4 left this month/).waitFor();
  await checkAccessibility(page, "contract page");
  await shot(page, "99d-contract-page");
  await page.setViewportSize({ width: 360, height: 800 });
  await assertFitsWidth(page, "the contract page on a phone");
  await shot(page, "99e-contract-page-phone");
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByRole("button", { name: "Cancel the contract" }).click();
  await page.locator(".page-head .badge").getByText("Cancelled", { exact: true }).waitFor();
  await page.getByRole("button", { name: "Cancel the contract" }).waitFor({ state: "detached" });
});
