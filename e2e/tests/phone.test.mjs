// The phone in the staff app: a telephony provider reports a call ringing for the agent, the
// caller pops up with their account and open tickets, one click makes a ticket of the call;
// the callback queue takes a request and an agent marks it done.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { ADMIN, adminApi, assertFitsWidth, checkAccessibility, logIn, shot, startBrowser, startServer } from "../support.mjs";

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

/** Posts a call event as the provider does: signed with its secret. */
async function callEvent(provider, event) {
  const body = JSON.stringify(event);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac("sha256", provider.signing_secret).update(`${timestamp}.${body}`).digest("hex");
  const answer = await fetch(`${server.base}${provider.events_path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "Rapport-Timestamp": timestamp, "Rapport-Signature": `v1=${signature}` },
    body,
  });
  const text = await answer.text();
  assert.ok(answer.ok, `call event: ${answer.status} ${text}`);
  return JSON.parse(text);
}

test("a ringing call pops the caller up and becomes a ticket in one click", async () => {
  const account = await api("POST", "/accounts", { name: "Lakeside Optics", type: "customer" });
  const contact = await api("POST", "/contacts", {
    first_name: "Grace", last_name: "Meier", account_id: account.id,
    phones: [{ kind: "mobile", number: "+1 415 555 0142" }],
  });
  await api("POST", "/tickets", { subject: "Lens order late", description: "Where is it?", requester_id: contact.id });
  const provider = await api("POST", "/telephony/providers", { name: "Main line" });
  // The stream is open once the app has signed in; give it a moment to connect.
  await page.waitForTimeout(1500);

  const call = await callEvent(provider, {
    event: "ringing", call_id: "e2e-1", from: "(415) 555-0142", to: "+14155550100", agent_email: ADMIN.email,
  });
  const pop = page.getByRole("dialog", { name: "Grace Meier" });
  await pop.waitFor();
  await pop.getByText("Incoming call").waitFor();
  await pop.getByRole("link", { name: "Lakeside Optics" }).waitFor();
  await pop.getByRole("link", { name: /Lens order late/ }).waitFor();
  await checkAccessibility(page, "screen pop");
  await shot(page, "95-screen-pop");

  await callEvent(provider, { event: "answered", call_id: "e2e-1", agent_email: ADMIN.email });
  await pop.getByText("On the line").waitFor();
  await pop.getByRole("button", { name: "Create ticket" }).click();
  await page.getByRole("heading", { name: /Call from \(415\) 555-0142/ }).waitFor();
  assert.match(page.url(), /\/tickets\/tkt_/);
  const linked = await api("GET", `/calls/${call.id}`);
  assert.ok(linked.ticket_id, "the call is on the ticket");
  assert.equal(linked.contact_id, contact.id);
  await shot(page, "96-ticket-from-call");

  // At phone width the card fits the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  await callEvent(provider, { event: "ringing", call_id: "e2e-2", from: "+1 212 555 0199" });
  const unknown = page.getByRole("dialog", { name: "Unknown caller" });
  await unknown.waitFor();
  await assertFitsWidth(page, "screen pop on a phone");
  await shot(page, "97-screen-pop-phone");
  await unknown.getByRole("button", { name: "Dismiss" }).click();
  await unknown.waitFor({ state: "detached" });
  await page.setViewportSize({ width: 1280, height: 900 });
});

test("a callback waits in the queue until an agent takes it and marks it done", async () => {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Callbacks" }).click();
  await page.getByRole("heading", { name: "Callbacks" }).waitFor();
  await page.getByText("Nobody is waiting for a call back.").waitFor();
  await page.getByLabel("Number").fill("+1 415 555 0142");
  await page.getByLabel("About").fill("Invoice question");
  await page.getByRole("button", { name: "Add to the queue" }).click();
  const row = page.getByRole("row", { name: /Invoice question/ });
  await row.getByText("Waiting").waitFor();
  await row.getByRole("button", { name: "Take" }).click();
  await row.getByText("You").waitFor();
  await checkAccessibility(page, "callbacks");
  await shot(page, "98-callbacks");
  await row.getByRole("button", { name: "Done" }).click();
  await page.getByText("Nobody is waiting for a call back.").waitFor();
});
