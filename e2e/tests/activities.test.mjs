// Activities in the staff app: a call logged on a contact's page, shown on its account's
// timeline too; a meeting planned and the timeline narrowed to meetings; an overdue task
// ticked off on "My tasks"; a calendar feed address made and read by a calendar program.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { adminApi, assertFitsWidth, checkAccessibility, logIn, shot, startBrowser, startServer } from "../support.mjs";

let server;
let browser;
let page;
let api;
let account;
let contact;
const panics = [];

before(async () => {
  server = await startServer();
  browser = await startBrowser();
  api = await adminApi(server.base);
  account = await api("POST", "/accounts", { name: "Tyrell Corporation" });
  contact = await api("POST", "/contacts", { first_name: "Rachael", last_name: "Rosen", account_id: account.id });
  const yesterday = new Date(Date.now() - 26 * 3600 * 1000).toISOString();
  await api("POST", "/activities", { kind: "task", subject: "Send the Voight-Kampff results", account_id: account.id, due_at: yesterday, priority: "high" });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB", timezoneId: "Europe/Berlin" });
  page = await context.newPage();
  page.on("console", (m) => {
    if (m.type() === "error" && m.text().includes("panicked")) panics.push(m.text());
  });
  await logIn(page, server.base);
  await page.getByRole("heading", { name: /^Welcome/ }).waitFor();
});

after(async () => {
  // Everything is stopped first: a failed check must not leave the browser and server
  // running, which would keep this file's process, and so the whole run, from ending.
  await browser?.close();
  await server?.stop();
  assert.deepEqual(panics, [], "the web app panicked");
});

test("a call logged on a contact shows on its timeline and on its account's", async () => {
  await page.goto(`${server.base}/contacts/${contact.id}`);
  const form = page.getByRole("form", { name: "Log an activity" });
  await form.getByLabel("Subject").fill("Talked about the Nexus-7 order");
  await form.getByLabel("Minutes").fill("12");
  await form.getByLabel("Notes").fill("Wants a demo next week.");
  await form.getByRole("button", { name: "Log call" }).click();
  const entry = page.locator(".activity-timeline li", { hasText: "Call: Talked about the Nexus-7 order" });
  await entry.waitFor();
  assert.match(await entry.innerText(), /outbound, 12 min, connected/);
  assert.match(await entry.innerText(), /Wants a demo next week\./);
  // Nothing half-filled stays in the form.
  assert.equal(await form.getByLabel("Subject").inputValue(), "");
  await shot(page, "60-contact-timeline");
  await checkAccessibility(page, "a contact page with its timeline");

  await page.goto(`${server.base}/accounts/${account.id}`);
  await page.locator(".activity-timeline li", { hasText: "Call: Talked about the Nexus-7 order" }).waitFor();
});

test("a meeting is planned from the account page and the timeline narrows to meetings", async () => {
  const form = page.getByRole("form", { name: "Log an activity" });
  await form.getByText("Meeting", { exact: true }).click();
  await form.getByLabel("Subject").fill("Tour of the Tyrell building");
  await form.getByLabel("Starts").fill("2027-01-12T10:00");
  await form.getByLabel("Ends").fill("2027-01-12T11:30");
  await form.getByLabel("Where").fill("Los Angeles");
  await form.getByRole("button", { name: "Add meeting" }).click();
  const meeting = page.locator(".activity-timeline li", { hasText: "Meeting: Tour of the Tyrell building" });
  await meeting.waitFor();
  assert.match(await meeting.innerText(), /Los Angeles/);
  // A meeting that ends before it starts is refused with the reason, and nothing is added.
  await form.getByLabel("Subject").fill("Backwards");
  await form.getByLabel("Ends").fill("2027-01-12T09:00");
  await form.getByRole("button", { name: "Add meeting" }).click();
  await form.getByRole("alert").getByText(/ends after it starts/).waitFor();

  await page.getByRole("button", { name: "Meetings", exact: true }).click();
  await page.waitForFunction(() => [...document.querySelectorAll(".activity-timeline li")].every((li) => li.className === "tl-meeting"));
  assert.equal(await page.locator(".activity-timeline li").count(), 1);
  await page.getByRole("button", { name: "All", exact: true }).click();
  await page.locator(".activity-timeline li", { hasText: "Call: Talked about the Nexus-7 order" }).waitFor();
  await shot(page, "61-account-timeline");
});

test("an overdue task is ticked off on My tasks, and the calendar feed serves the meeting", async () => {
  await page.getByRole("link", { name: "Tasks", exact: true }).click();
  const overdue = page.locator("section.bucket.overdue");
  await overdue.getByText("Send the Voight-Kampff results").waitFor();
  await shot(page, "62-my-tasks");
  await checkAccessibility(page, "my tasks");
  await overdue.getByRole("checkbox", { name: /Send the Voight-Kampff results/ }).check();
  await overdue.getByText("None.").waitFor();

  await page.getByRole("button", { name: "Get my calendar address" }).click();
  const address = await page.getByLabel("Your calendar address").inputValue();
  assert.match(address, /\/api\/v1\/calendar\/cal_[A-Za-z0-9_-]+\.ics$/);
  const feed = await fetch(address);
  assert.equal(feed.status, 200);
  assert.match(feed.headers.get("content-type"), /^text\/calendar/);
  const ics = await feed.text();
  assert.match(ics, /SUMMARY:Tour of the Tyrell building\r\n/);
  assert.match(ics, /DTSTART:20270112T090000Z\r\n/, "10:00 in Berlin is 09:00 UTC");

  await page.setViewportSize({ width: 390, height: 844 });
  await assertFitsWidth(page, "my tasks on a phone");
  await page.goto(`${server.base}/accounts/${account.id}`);
  await page.locator(".activity-timeline li").first().waitFor();
  await assertFitsWidth(page, "an account's timeline on a phone");
  await shot(page, "63-account-timeline-phone");
  await page.setViewportSize({ width: 1280, height: 900 });
});
