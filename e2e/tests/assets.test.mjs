// The installed base in the staff app: assets recorded on the account page form a tree; an
// asset's history shows what changed and the tickets about it.
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

test("assets recorded on the account page form a tree with a history", async () => {
  const account = await api("POST", "/accounts", { name: "Nordmolkerei eG", type: "customer" });
  const contact = await api("POST", "/contacts", { first_name: "Jonas", last_name: "Brandt", account_id: account.id });

  await page.goto(`${server.base}/accounts/${account.id}`);
  const card = page.getByRole("region", { name: "Installed base" });
  await card.getByText("Nothing recorded").waitFor();

  // A site, then a machine on it, through the form.
  await card.getByRole("button", { name: "New asset" }).click();
  let form = card.getByRole("form", { name: "New asset" });
  await form.getByLabel("Name").fill("Dairy plant Kiel");
  await form.getByRole("button", { name: "Record the asset" }).click();
  const tree = card.getByRole("tree", { name: "Installed base" });
  await tree.getByText("Dairy plant Kiel").waitFor();
  await card.getByRole("button", { name: "New asset" }).click();
  form = card.getByRole("form", { name: "New asset" });
  await form.getByLabel("Name").fill("Separator S-400");
  await form.getByLabel("Serial number").fill("S400-11873");
  await form.getByLabel("Part of").selectOption({ label: "Dairy plant Kiel" });
  await form.getByLabel("Warranty to").fill("2031-06-30");
  await form.getByRole("button", { name: "Record the asset" }).click();
  const site = tree.getByRole("treeitem").filter({ hasText: "Dairy plant Kiel" }).first();
  const machine = site.getByRole("group").getByRole("treeitem").filter({ hasText: "Separator S-400" });
  await machine.waitFor();
  await machine.getByText("S/N S400-11873").waitFor();
  await machine.getByText(/Warranty to/).waitFor();

  // A serial number another asset has is refused, in words.
  await card.getByRole("button", { name: "New asset" }).click();
  form = card.getByRole("form", { name: "New asset" });
  await form.getByLabel("Name").fill("Copy");
  await form.getByLabel("Serial number").fill("S400-11873");
  await form.getByRole("button", { name: "Record the asset" }).click();
  await form.getByRole("alert").waitFor();
  await card.getByRole("button", { name: "Close" }).click();

  // A ticket about the machine and a change of its status join its history.
  const [asset] = (await api("GET", `/assets?account_id=${account.id}&serial_number=S400-11873`)).items;
  await api("POST", "/tickets", { subject: "Separator vibrates", description: "Since Monday", requester_id: contact.id, asset_id: asset.id });
  await api("PATCH", `/assets/${asset.id}`, { status: "in_repair" });
  await page.reload();
  await machine.getByText("In repair").waitFor();
  await machine.getByRole("button", { name: "History" }).click();
  const history = machine.locator(".asset-history");
  await history.getByText("Status now in repair").waitFor();
  await history.getByRole("link", { name: /Separator vibrates/ }).waitFor();
  await history.getByText("Recorded").waitFor();
  await checkAccessibility(page, "installed base");
  await card.scrollIntoViewIfNeeded();
  await shot(page, "100-installed-base");

  await page.setViewportSize({ width: 390, height: 844 });
  await assertFitsWidth(page, "installed base on a phone");
  await card.scrollIntoViewIfNeeded();
  await shot(page, "100b-installed-base-phone");
  await page.setViewportSize({ width: 1280, height: 900 });
});

test("a return opened from a ticket moves through its steps to closed", async () => {
  const account = await api("POST", "/accounts", { name: "Kältetechnik Süd GmbH", type: "customer" });
  const contact = await api("POST", "/contacts", { first_name: "Mira", last_name: "Hahn", account_id: account.id });
  const chiller = await api("POST", "/assets", { account_id: account.id, name: "Chiller C-90", serial_number: "C90-7781",
    warranty_starts_on: "2026-01-01", warranty_ends_on: "2030-12-31" });
  const ticket = await api("POST", "/tickets", { subject: "Chiller trips", description: "Every night at 2",
    requester_id: contact.id, account_id: account.id, asset_id: chiller.id });

  await page.goto(`${server.base}/tickets/${ticket.id}`);
  const card = page.getByRole("region", { name: "Unit and returns" });
  assert.equal(await card.getByLabel("About the unit").inputValue(), chiller.id);
  const form = card.getByRole("form", { name: "New return" });
  await form.getByLabel("What is wrong").fill("Compressor trips on overcurrent");
  await form.getByRole("button", { name: "Open a return" }).click();
  const item = card.locator(".return").filter({ hasText: "RMA-00001" });
  await item.getByText("Requested", { exact: true }).waitFor();
  await item.getByText(/under warranty, free of charge/).waitFor();

  // The ticket page reloads once when its event stream (re)connects, which can reset a step
  // chosen just before: then the move is made again.
  const move = async (to, fill) => {
    const badge = item.locator(".badge").getByText(to, { exact: true });
    for (let attempt = 1; ; attempt++) {
      try {
        if (await badge.count()) return;
        const mover = card.getByRole("form", { name: "Move RMA-00001" });
        await mover.getByLabel("Next step").selectOption({ label: to }, { timeout: 10000 });
        if (fill) await fill(mover);
        await mover.getByRole("button", { name: "Move" }).click({ timeout: 5000 });
        await badge.waitFor({ timeout: 10000 });
        return;
      } catch (error) {
        if (attempt === 3) throw error;
      }
    }
  };
  await move("Approved");
  await move("Awaiting return");
  await move("Received");
  await move("Inspected", (f) => f.getByLabel("What the inspection found").fill("Start capacitor failed"));
  await item.getByText("Found: Start capacitor failed").waitFor();
  await move("Repaired");
  await checkAccessibility(page, "ticket returns");
  await card.scrollIntoViewIfNeeded();
  await item.locator(".badge").getByText("Repaired", { exact: true }).waitFor();
  await shot(page, "101-ticket-return");
  await move("Closed");
  assert.equal(await card.getByRole("form", { name: "Move RMA-00001" }).count(), 0);
  const [rma] = (await api("GET", `/rmas?ticket_id=${ticket.id}`)).items;
  assert.equal(rma.status, "closed");
  assert.ok(rma.inspected_at && rma.resolved_at && rma.closed_at);

  await page.setViewportSize({ width: 390, height: 844 });
  await assertFitsWidth(page, "ticket returns on a phone");
  await card.scrollIntoViewIfNeeded();
  await shot(page, "101b-ticket-return-phone");
  await page.setViewportSize({ width: 1280, height: 900 });
});
