// The knowledge base in the staff app: an article written with a preview, found by search
// with the passage marked, changed and brought back from its history; beside a ticket's
// composer it is suggested and goes into the reply as a link in one click.
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
  assert.deepEqual(panics, [], "the app panicked");
  await browser?.close();
  await server?.stop();
});

test("an article is written with a preview, found by search, and brought back from its history", async () => {
  const printers = await api("POST", "/kb/categories", { name: "Printers", position: 1 });
  await api("POST", "/kb/categories", { name: "Lasers", parent_id: printers.id });
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Knowledge" }).click();
  await page.getByRole("heading", { name: "Knowledge base" }).waitFor();
  await page.getByRole("link", { name: "New article" }).click();
  await page.getByRole("heading", { name: "New article" }).waitFor();
  // The server's rules, field by field.
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.locator("#field-title-error").waitFor();
  await page.getByLabel("Title").fill("Printer error E-21");
  await page.getByLabel("Text").fill("E-21 means the **fuser** overheated.\n\n<script>alert(1)</script>\n\n1. Switch the printer off.\n2. Wait 30 minutes.");
  await page.getByLabel("Category").selectOption({ label: "Printers" });
  await page.getByLabel("Tags").fill("printer, error");
  await page.getByLabel("Readers").selectOption("public");
  await page.getByLabel("Status").selectOption("published");
  await page.getByRole("button", { name: "Preview" }).click();
  const preview = page.getByRole("region", { name: "Preview" });
  await preview.locator("strong", { hasText: "fuser" }).waitFor();
  assert.equal(await preview.locator("script").count(), 0);
  await checkAccessibility(page, "the article editor");
  await shot(page, "110-kb-editor");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByRole("heading", { name: "Printer error E-21" }).waitFor();
  await page.getByText("Version 1 ·").waitFor();

  // A change is a new version; the first comes back from the history.
  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByLabel("Title").fill("Printer error E-21: fuser too hot");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByRole("heading", { name: "Printer error E-21: fuser too hot" }).waitFor();
  const history = page.getByRole("region", { name: "History" });
  await history.getByText("Version 2").waitFor();
  await page.getByRole("button", { name: "Yes (0)" }).click();
  await page.getByRole("button", { name: "Yes (1)", pressed: true }).waitFor();
  await checkAccessibility(page, "an article");
  await shot(page, "111-kb-article");
  await history.getByRole("button", { name: "Restore version 1" }).click();
  await page.getByRole("heading", { name: "Printer error E-21", exact: true }).waitFor();
  await history.getByText("Version 3").waitFor();

  // Search: each word begins a word; the passage found is marked.
  await page.goto(`${server.base}/kb`);
  await page.getByRole("navigation", { name: "Categories" }).getByRole("button", { name: "Lasers" }).waitFor();
  await page.getByLabel("Search the articles").fill("overheat");
  const hit = page.locator(".kb-list li").filter({ hasText: "Printer error E-21" });
  await hit.locator("mark", { hasText: "overheated" }).waitFor();
  await checkAccessibility(page, "the knowledge base");
  await shot(page, "112-kb-search");
  await page.setViewportSize({ width: 360, height: 800 });
  await assertFitsWidth(page, "the knowledge base on a phone");
  await shot(page, "112b-kb-search-phone");
  await page.setViewportSize({ width: 1280, height: 900 });
});

test("an article suggested beside the composer goes into the reply as a link in one click", async () => {
  const article = (await api("GET", "/kb/search?q=fuser")).items[0];
  assert.ok(article?.url, "the public article has a reader's link");
  const contact = await api("POST", "/contacts", { last_name: "Okafor", first_name: "Ada", email: "ada@okafor.example" });
  const ticket = await api("POST", "/tickets", { subject: "Printer stops with E-21", description: "The fuser seems to overheat after a few pages.", requester_id: contact.id });
  await page.goto(`${server.base}/tickets/${ticket.id}`);
  const suggestions = page.getByRole("region", { name: "Suggested articles" });
  await suggestions.getByRole("link", { name: "Printer error E-21" }).waitFor();
  await shot(page, "113-kb-suggestions");
  await page.getByLabel("Reply", { exact: true }).fill("Sorry about that. This explains what to do:");
  await suggestions.getByRole("button", { name: "Insert link to Printer error E-21" }).click();
  const reply = await page.getByLabel("Reply", { exact: true }).inputValue();
  assert.equal(reply, `Sorry about that. This explains what to do:\n[Printer error E-21](${article.url})`);
  await page.getByRole("button", { name: "Send reply" }).click();
  await page.locator(".messages").getByText(article.url, { exact: false }).waitFor();
  // The link is the article's page, readable without logging in.
  const reader = await browser.newPage();
  await reader.goto(article.url);
  await reader.getByRole("heading", { name: "Printer error E-21" }).waitFor();
  assert.equal(await reader.locator("script").count(), 0);
  await shot(reader, "114-help-article");
  await reader.close();
});
