// The customer portal embedded in a partner's website: a page served from a second loopback
// origin frames it with embed.js, signs its customer in by single sign-on, opens a ticket
// (with help articles suggested while typing), sees the agent's reply arrive and rates the
// outcome. A page from an origin the partner did not list cannot frame it or call the API.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { adminApi, assertFitsWidth, checkAccessibility, shot, startBrowser, startServer } from "../support.mjs";

let server;
let browser;
let api;
let partner;
let secret;
const sites = [];
const panics = [];

/** A single sign-on token for `email`, as the partner's backend signs it. */
function ssoToken(email) {
  const part = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const body = `${part({ alg: "HS256", typ: "JWT" })}.${part({ iss: partner.key, aud: "rapport-portal", email, jti: randomUUID(), exp: now + 120 })}`;
  return `${body}.${createHmac("sha256", secret).update(body).digest("base64url")}`;
}

/** A partner's website on its own loopback port: a page with the portal embedded. */
async function partnerSite(email) {
  const site = createServer((request, response) => {
    const sso = email ? ` data-sso-token="${ssoToken(email)}"` : "";
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(`<!doctype html><html lang="en"><head><title>Northwind Shop</title></head><body>
      <h1>Northwind Shop · Support</h1>
      <script src="${server.base}/portal/embed.js" data-partner="${partner.key}"${sso} data-title="Northwind support"></script>
      <footer>Northwind footer</footer></body></html>`);
  });
  await new Promise((ready) => site.listen(0, "127.0.0.1", ready));
  sites.push(site);
  // "localhost" is another site than Rapport's 127.0.0.1: the portal is a third party here.
  return `http://localhost:${site.address().port}`;
}

before(async () => {
  server = await startServer();
  browser = await startBrowser();
  api = await adminApi(server.base);
});

after(async () => {
  // Everything is stopped first: a failed check must not leave the browser and server
  // running, which would keep this file's process, and so the whole run, from ending.
  await browser?.close();
  for (const site of sites) site.close();
  await server?.stop();
  assert.deepEqual(panics, [], "the portal panicked");
});

function watch(page) {
  page.on("console", (m) => { if (m.type() === "error" && m.text().includes("panicked")) panics.push(m.text()); });
  return page;
}

test("a partner's page embeds the portal; its customer signs in once, opens a ticket, gets an answer and rates it", async () => {
  const account = await api("POST", "/accounts", { name: "Meier Druck GmbH", type: "customer" });
  await api("POST", "/contacts", { first_name: "Pat", last_name: "Meier", email: "pat@meier.example", account_id: account.id });
  await api("POST", "/kb/articles", {
    title: "Clearing a jammed press", body: "Switch the press off, open the side panel and pull the sheet out.",
    visibility: "public", status: "published",
  });
  const origin = await partnerSite("pat@meier.example");
  partner = await api("POST", "/partners", { name: "Northwind Shop", allowed_origins: [origin], accent_color: "#0f766e" });
  secret = (await api("POST", `/partners/${partner.id}/sso-secret`)).secret;

  const page = watch(await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB" })).newPage());
  const started = Date.now();
  await page.goto(origin);
  const portal = page.frameLocator("iframe[title='Northwind support']");
  await portal.getByRole("heading", { name: "Your tickets" }).waitFor();
  console.log(`embedded portal signed in and showing tickets after ${Date.now() - started} ms`);
  // The single sign-on address left the frame's history, and the frame fits its content.
  const frame = page.frames().find((f) => f.url().startsWith(`${server.base}/portal/`));
  assert.equal(new URL(frame.url()).pathname, `/portal/${partner.key}`);
  await page.waitForFunction(() => parseInt(document.querySelector("iframe").style.height, 10) > 0);
  await portal.getByText("Pat Meier").waitFor();

  // A new ticket: a help article is suggested while the customer types.
  await portal.getByRole("link", { name: "New ticket" }).click();
  await portal.getByLabel("Subject").fill("Our press is jammed");
  await portal.getByRole("complementary").getByRole("link", { name: "Clearing a jammed press" }).waitFor();
  await portal.getByLabel("What happened?").fill("Since this morning the press stops after ten sheets.");
  // With a photo of the display, which goes with the description.
  await portal.locator("#ticket-files").setInputFiles({ name: "display.png", mimeType: "image/png", buffer: Buffer.from("the error on the display") });
  await portal.getByRole("list", { name: "Attached files" }).getByText("display.png").waitFor();
  await shot(page, "portal-embedded-new-ticket");
  await portal.getByRole("button", { name: "Send" }).click();
  await portal.getByRole("heading", { name: "Our press is jammed" }).waitFor();
  await portal.getByRole("list", { name: "Files" }).getByRole("button", { name: "display.png" }).waitFor();
  await portal.getByText("Open", { exact: true }).waitFor();

  // The agent answers in the staff app's API; the open page shows it without a reload.
  const tickets = await api("GET", "/tickets?limit=100");
  const ticket = tickets.items.find((t) => t.subject === "Our press is jammed");
  assert.equal(ticket.channel, "portal");
  assert.deepEqual(ticket.attachments.map((a) => a.filename), ["display.png"], "staff see the description's file");
  const diagram = await api.upload("side-panel.pdf", "application/pdf", Buffer.from("%PDF-1.4 the side panel"));
  await api("POST", `/tickets/${ticket.id}/messages`, { body: "Please open the side panel: is a sheet stuck?", status: "pending",
    attachment_ids: [diagram.id] });
  await portal.getByText("Please open the side panel: is a sheet stuck?").waitFor({ timeout: 15_000 });
  await portal.getByText("Waiting for you").waitFor();
  // The agent's file comes down as a download.
  const [download] = await Promise.all([page.waitForEvent("download"), portal.getByRole("button", { name: "side-panel.pdf" }).click()]);
  assert.equal(download.suggestedFilename(), "side-panel.pdf");
  assert.equal(readFileSync(await download.path(), "utf8"), "%PDF-1.4 the side panel");

  // The customer answers with a photo, finds it solved and rates it.
  await portal.getByLabel("Your reply").fill("Yes, that was it. Thank you!");
  await portal.locator("#reply-files").setInputFiles({ name: "stuck-sheet.jpg", mimeType: "image/jpeg", buffer: Buffer.from("a photo of the sheet") });
  await portal.getByRole("list", { name: "Attached files" }).getByText("stuck-sheet.jpg").waitFor();
  await shot(page, "portal-embedded-reply-with-file");
  await portal.getByRole("button", { name: "Send reply" }).click();
  await portal.getByText("Yes, that was it. Thank you!").waitFor();
  await portal.getByRole("button", { name: "stuck-sheet.jpg", exact: true }).waitFor();
  const conversation = await api("GET", `/tickets/${ticket.id}/messages`);
  const photo = conversation.items.flatMap((m) => m.attachments).find((a) => a.filename === "stuck-sheet.jpg");
  assert.ok(photo.uploaded_by_portal_user && photo.uploaded_by === null, "staff see the customer sent it");
  await portal.getByRole("button", { name: "My problem is solved" }).click();
  await portal.getByText("Solved", { exact: true }).waitFor();
  const rating = portal.getByRole("form", { name: "Rate this ticket" });
  await rating.getByRole("radio", { name: "5 of 5" }).check();
  await rating.getByLabel("Anything to add? (optional)").fill("Quick and friendly.");
  await shot(page, "portal-embedded-rating");
  await rating.getByRole("button", { name: "Send rating" }).click();
  await portal.getByText("You rated this 5 of 5").waitFor();
  const satisfaction = await api("GET", "/satisfaction");
  assert.equal(satisfaction.count, 1);
  assert.equal(satisfaction.average, 5);
  await shot(page, "portal-embedded-rated");
});

test("the portal on its own reads well and passes axe at desktop and phone width", async () => {
  const pageAt = async (width, height) => watch(await (await browser.newContext({ viewport: { width, height }, locale: "en-GB" })).newPage());
  const desktop = await pageAt(1280, 900);
  await desktop.goto(`${server.base}/portal/${partner.key}`);
  await desktop.getByRole("heading", { name: "Sign in to Northwind Shop support" }).waitFor();
  await checkAccessibility(desktop, "portal sign-in");
  await shot(desktop, "portal-sign-in");

  for (const [name, page] of [["desktop", desktop], ["phone", await pageAt(390, 844)]]) {
    await page.goto(`${server.base}/portal/${partner.key}/sso?token=${ssoToken("pat@meier.example")}`);
    await page.getByRole("heading", { name: "Your tickets" }).waitFor();
    await page.getByRole("tab", { name: "Closed" }).click();
    await page.getByRole("link", { name: /Our press is jammed/ }).waitFor();
    await checkAccessibility(page, `portal tickets (${name})`);
    await assertFitsWidth(page, `portal tickets (${name})`);
    await shot(page, `portal-tickets-${name}`);
    await page.getByRole("link", { name: /Our press is jammed/ }).click();
    await page.getByText("You rated this 5 of 5").waitFor();
    await checkAccessibility(page, `portal ticket (${name})`);
    await assertFitsWidth(page, `portal ticket (${name})`);
    await shot(page, `portal-ticket-${name}`);
    await page.getByRole("link", { name: "Help articles" }).click();
    await page.getByLabel("Search the help articles").fill("press");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("link", { name: "Clearing a jammed press" }).click();
    await page.getByRole("heading", { name: "Clearing a jammed press" }).waitFor();
    await checkAccessibility(page, `portal article (${name})`);
    await page.goBack();
    await page.getByLabel("Search the help articles").waitFor();
    await page.getByRole("link", { name: "Products" }).click();
    await page.getByText("No products are recorded for your company.").waitFor();
    await checkAccessibility(page, `portal products (${name})`);
    await assertFitsWidth(page, `portal products (${name})`);
  }
  // A reload keeps the tab's session; signing out ends it.
  await desktop.reload();
  await desktop.getByRole("heading", { name: "Products and contracts" }).waitFor();
  await desktop.getByRole("button", { name: "Sign out" }).click();
  await desktop.getByRole("heading", { name: "Sign in to Northwind Shop support" }).waitFor();
  await desktop.reload();
  await desktop.getByRole("heading", { name: "Sign in to Northwind Shop support" }).waitFor();
});

// Not an assertion (timing belongs in benchmarks): the figure for docs/benchmarks.md, from a
// fresh browser context each time (nothing cached), partner page to the portal's sign-in form.
test("the embedded portal's first render is measured", async () => {
  const origin = await partnerSite(null);
  await api("PATCH", `/partners/${partner.id}`, { allowed_origins: [...partner.allowed_origins, origin] });
  const times = [];
  for (let run = 0; run < 7; run++) {
    const context = await browser.newContext();
    const page = watch(await context.newPage());
    const started = Date.now();
    await page.goto(origin);
    await page.frameLocator("iframe").getByRole("heading", { name: "Sign in to Northwind Shop support" }).waitFor();
    times.push(Date.now() - started);
    await context.close();
  }
  times.sort((a, b) => a - b);
  console.log(`embedded portal first render (partner page to sign-in form), 7 fresh contexts: median ${times[3]} ms, max ${times[6]} ms`);
});

test("a page from an origin the partner did not list can neither frame the portal nor call its API", async () => {
  const stranger = await partnerSite(null);
  const page = watch(await (await browser.newContext()).newPage());
  const refusals = [];
  page.on("console", (m) => { if (/frame-ancestors/.test(m.text())) refusals.push(m.text()); });
  await page.goto(stranger);
  await page.waitForFunction(() => document.querySelector("iframe"));
  await page.waitForTimeout(1500);
  assert.ok(refusals.length > 0, "the browser reported no frame-ancestors refusal");
  const framed = page.frames().find((f) => f.url().startsWith(`${server.base}/portal/`));
  const shown = framed ? await framed.locator("h1").count().catch(() => 0) : 0;
  assert.equal(shown, 0, "the portal rendered inside an unlisted origin's page");
  const called = await page.evaluate(async (url) => {
    try {
      await fetch(url);
      return "answered";
    } catch {
      return "refused";
    }
  }, `${server.base}/api/v1/portal/partners/${partner.key}`);
  assert.equal(called, "refused");
});
