// Outgoing mail in the staff app: an admin points Rapport at an SMTP server (a real MailDev)
// and sends a test mail, rewords the agent's reply with the template editor and its preview,
// and the next reply reaches the customer in those words; a user chooses what they get by email.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { ARTIFACTS, adminApi, assertFitsWidth, checkAccessibility, logIn, shot, startBrowser, startMailDev, startServer } from "../support.mjs";

let server;
let browser;
let page;
let api;
let maildev;
const panics = [];

before(async () => {
  server = await startServer();
  maildev = await startMailDev();
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
  await maildev?.stop();
  assert.deepEqual(panics, [], "the app panicked");
});

async function mailTo(address, count) {
  for (let i = 0; i < 200; i++) {
    const mine = (await maildev.mails()).filter((m) => m.to.some((t) => t.address === address));
    if (mine.length >= count) return mine;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no mail for ${address}`);
}

test("an admin sets up outgoing mail, sends a test mail, and rewords the agent's reply", async () => {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await page.getByRole("link", { name: "Outgoing mail" }).click();
  await page.getByRole("heading", { name: "Outgoing mail" }).waitFor();
  // The browser checks the fields with the server's rules first.
  await page.getByLabel("Host").fill("smtp.example.com/evil");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.locator("#field-smtp_host-error").waitFor();
  await page.getByLabel("Send mail").check();
  await page.getByLabel("Host").fill("127.0.0.1");
  await page.getByLabel("Port").fill(String(maildev.smtpPort));
  await page.getByLabel("Security").selectOption("none");
  await page.getByLabel("From address").fill("help@traders.example");
  await page.getByLabel("From name").fill("E2E Traders Help");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByText("Saved: Rapport sends your mail").waitFor();
  await checkAccessibility(page, "outgoing mail");
  await shot(page, "90-outgoing-mail");

  await page.getByRole("button", { name: "Send a test mail" }).click();
  await page.getByText("The server took the test mail").waitFor();
  const [testMail] = await mailTo("admin@e2e.example", 1);
  assert.equal(testMail.subject, "Test mail from E2E Traders (Rapport)");

  await page.goto(`${server.base}/email-templates`);
  await page.getByRole("link", { name: "Agent reply" }).click();
  await page.getByRole("heading", { name: "Agent reply" }).waitFor();
  await page.locator("#preview-subject").waitFor();
  // A misspelt variable is refused at its field, naming the line.
  await page.getByLabel("Subject").fill("About: {{ tiket.subject }}");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.locator("#field-subject-error").getByText(/unknown variable/).waitFor();
  await page.getByLabel("Subject").fill("About: {{ ticket.subject }}");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByText("The template was saved.").waitFor();
  await page.locator("#preview-subject").getByText("About: The export stops at 80% [#1042]").waitFor();
  // The preview's HTML escapes the sample reply's markup and runs no script. Read from the
  // frame's source: the frame is rebuilt with each new preview, and waiting on its content
  // document timed out now and then on a busy machine.
  const preview = page.locator('iframe.mail-preview[srcdoc*="&lt;script&gt; tags"]');
  await preview.waitFor();
  assert.equal(await preview.getAttribute("sandbox"), "");
  assert.ok(!(await preview.getAttribute("srcdoc")).includes("<script>"));
  await checkAccessibility(page, "the template editor");
  await shot(page, "91-template-editor");
  await page.locator("iframe.mail-preview").screenshot({ path: `${ARTIFACTS}/91b-template-preview.png` });

  // The next reply goes out in the new words, threaded under the ticket's reference.
  const contact = await api("POST", "/contacts", { last_name: "Lovelace", first_name: "Ada", email: "ada@customer.example" });
  const ticket = await api("POST", "/tickets", { subject: "Invoice missing", description: "Where is it?", requester_id: contact.id, priority: "normal" });
  await api("POST", `/tickets/${ticket.id}/messages`, { body: "It is attached now.", public: true });
  // An agent opened the ticket: the customer gets the reply, no "we received your request".
  const [reply, ...more] = await mailTo("ada@customer.example", 1);
  assert.ok(reply.text.includes("attached now"), reply.text);
  assert.equal(reply.subject, `About: Invoice missing [#${ticket.number}]`);
  assert.deepEqual(more, []);
});

test("a user chooses which notifications come by email, also on a phone", async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${server.base}/me`);
  await page.getByRole("heading", { name: "Your settings" }).waitFor();
  const assigned = page.getByLabel("A ticket is assigned to me");
  await assigned.waitFor();
  assert.equal(await assigned.isChecked(), true);
  await assigned.uncheck();
  await page.getByText("Your email notifications were saved.").waitFor();
  const kinds = (await api("GET", "/me/email-notifications")).kinds;
  assert.ok(!kinds.includes("assigned") && kinds.includes("mentioned"), JSON.stringify(kinds));
  await assertFitsWidth(page, "your settings on a phone");
  await checkAccessibility(page, "your settings");
  await shot(page, "92-my-settings-phone");
  await page.goto(`${server.base}/email-settings`);
  await page.getByRole("heading", { name: "Outgoing mail" }).waitFor();
  await assertFitsWidth(page, "outgoing mail on a phone");
  await shot(page, "93-outgoing-mail-phone");
  await page.setViewportSize({ width: 1280, height: 900 });
});

test("an admin has a mailbox's mail fetched over IMAP and sees how the last poll went", async () => {
  const mailbox = await api("POST", "/mailboxes", { name: "Hosted", address: "hosted@traders.example" });
  await page.goto(`${server.base}/mailboxes/${mailbox.id}`);
  await page.getByRole("button", { name: "Fetch this mailbox's mail over IMAP" }).click();
  // Nothing listens on port 1: the poll fails, and the page says why.
  await page.getByLabel("IMAP host").fill("127.0.0.1");
  await page.getByLabel("IMAP port").fill("1");
  await page.getByLabel("IMAP security").selectOption("none");
  await page.getByLabel("IMAP user name").fill("hosted");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.locator("#field-password-error").waitFor();
  await page.getByLabel("IMAP password").fill("secret");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByText("Its mail is fetched from now on").waitFor();
  for (let i = 0; i < 50; i++) {
    await page.reload();
    await page.getByRole("heading", { name: "Fetch over IMAP" }).waitFor();
    if (await page.getByText(/The last poll failed: connecting/).count()) break;
    await page.waitForTimeout(200);
  }
  await page.getByText(/The last poll failed: connecting/).waitFor();
  await checkAccessibility(page, "a mailbox fetched over IMAP");
  await shot(page, "94-mailbox-imap");
});
