// The knowledge base in the staff app: an article written with a preview, found by search
// with the passage marked, changed and brought back from its history; beside a ticket's
// composer it is suggested and goes into the reply as a link in one click; the category tree
// is edited on its own page.
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
  // Leaving with the change unsaved asks first.
  let asked = false;
  page.once("dialog", (dialog) => { asked = true; dialog.dismiss(); });
  await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Knowledge base" }).click();
  await page.getByRole("heading", { name: "Edit the article" }).waitFor();
  assert.ok(asked, "leaving asked first");
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

test("categories are added, renamed, moved and deleted on the tree's page", async () => {
  const manuals = await api("POST", "/kb/categories", { name: "Manuals" });
  await api("POST", "/kb/articles", { title: "Press manual", body: "Read it first.", category_id: manuals.id });
  // Four levels: a category with one below it fits under the third, not under the fourth.
  let parent = null;
  const levels = [];
  for (const name of ["Level one", "Level two", "Level three", "Level four"]) {
    parent = await api("POST", "/kb/categories", { name, parent_id: parent?.id });
    levels.push(parent);
  }
  await page.goto(`${server.base}/kb`);
  await page.getByRole("link", { name: "Edit the categories" }).click();
  await page.getByRole("heading", { name: "Categories", exact: true }).waitFor();
  const tree = page.getByRole("region", { name: "The tree" });
  const row = (name, depth) =>
    tree.locator(depth === undefined ? "li" : `li.depth-${depth}`).filter({ has: page.getByText(name, { exact: true }) });

  // A name is needed; a new category lands in the tree, and another inside it.
  await page.getByRole("button", { name: "Add category" }).click();
  await page.locator("#field-name-error").waitFor();
  await page.getByLabel("Name").fill("Scanners");
  await page.getByRole("button", { name: "Add category" }).click();
  await row("Scanners").waitFor();
  await row("Scanners").getByRole("button", { name: "Add inside Scanners" }).click();
  assert.equal(await page.getByLabel("Inside").inputValue(), (await api("GET", "/kb/categories?limit=100")).items.find((c) => c.name === "Scanners").id);
  await page.getByLabel("Name").fill("Flatbed");
  await page.getByRole("button", { name: "Add category" }).click();
  await row("Flatbed", 1).waitFor();

  // Renamed and given a place; it cannot be moved into itself nor below itself.
  await row("Scanners").getByRole("button", { name: "Edit Scanners" }).click();
  await page.getByRole("heading", { name: "Change “Scanners”" }).waitFor();
  const offered = await page.getByLabel("Inside").locator("option").allTextContents();
  assert.ok(!offered.some((o) => /Scanners|Flatbed/.test(o)), offered.join(", "));
  await page.getByLabel("Name").fill("Scanners and copiers");
  await page.getByLabel("Order").fill("2");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await row("Scanners and copiers").waitFor();

  // Moved under another; too deep a move is refused under the field.
  await row("Scanners and copiers").getByRole("button", { name: "Edit Scanners and copiers" }).click();
  await page.getByLabel("Inside").selectOption({ label: "– – – Level four" });
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.locator("#field-parent_id-error", { hasText: "5 levels" }).waitFor();
  await checkAccessibility(page, "the category editor with an error");
  await page.getByLabel("Inside").selectOption({ label: "– – Level three" });
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByRole("heading", { name: "Add a category" }).waitFor();
  await row("Scanners and copiers", 3).waitFor();
  await row("Flatbed", 4).waitFor();
  const indent = (row) => row.evaluate((li) => parseFloat(getComputedStyle(li).paddingLeft));
  assert.ok((await indent(row("Flatbed", 4))) > (await indent(row("Manuals", 0))) + 40, "the levels are indented");

  // Someone else's change first: the form says so and the tree shows theirs.
  await row("Flatbed").getByRole("button", { name: "Edit Flatbed" }).click();
  const flatbed = (await api("GET", "/kb/categories?limit=100")).items.find((c) => c.name === "Flatbed");
  await api("PATCH", `/kb/categories/${flatbed.id}`, { name: "Flatbed scanners" });
  await page.getByLabel("Name").fill("Flatbeds");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByText("Someone else changed this category").waitFor();
  await row("Flatbed scanners").waitFor();

  // Only an empty category can be deleted; Undo brings it back.
  assert.equal(await row("Manuals").getByRole("button", { name: /Delete/ }).count(), 0);
  await shot(page, "113-kb-categories");
  await row("Flatbed scanners").getByRole("button", { name: "Delete Flatbed scanners" }).click();
  await page.getByRole("dialog", { name: "Delete the category “Flatbed scanners”?" }).getByRole("button", { name: "Delete category" }).click();
  await row("Flatbed scanners").waitFor({ state: "detached" });
  await page.getByRole("button", { name: "Undo" }).click();
  await row("Flatbed scanners").waitFor();
  await checkAccessibility(page, "the category editor");
  await page.setViewportSize({ width: 360, height: 800 });
  await assertFitsWidth(page, "the category editor on a phone");
  await shot(page, "113b-kb-categories-phone");
  await page.setViewportSize({ width: 1280, height: 900 });
});
