// The portal as staff run it: an admin adds a partner in Settings (its web sites checked as
// the server checks them, its colours previewed), copies the snippet, turns single sign-on
// on and gets the secret once (a token signed with it signs a customer in); then invites a
// contact from the contact's page (the invitation mailed through a real SMTP server, its
// link also shown once), and the link lets them choose a password and land in the portal;
// switching their access off shows on the card. A customer at a known company signs
// themselves up once an admin allows it, and signs in later by a mailed link.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHmac, generateKeyPairSync, randomUUID, sign } from "node:crypto";
import { adminApi, assertFitsWidth, checkAccessibility, logIn, shot, startBrowser, startMailDev, startServer } from "../support.mjs";

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
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB" });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.base });
  page = watch(await context.newPage());
  await logIn(page, server.base);
  await page.getByRole("heading", { name: /^Welcome/ }).waitFor();
});

after(async () => {
  // Everything is stopped first: a failed check must not leave the browser and server
  // running, which would keep this file's process, and so the whole run, from ending.
  await browser?.close();
  await server?.stop();
  await maildev?.stop();
  assert.deepEqual(panics, [], "an app panicked");
});

function watch(p) {
  p.on("console", (m) => { if (m.type() === "error" && m.text().includes("panicked")) panics.push(m.text()); });
  return p;
}

/** A single sign-on token for `email`, signed as the partner's backend would. */
function ssoToken(key, secret, email) {
  const part = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const body = `${part({ alg: "HS256", typ: "JWT" })}.${part({ iss: key, aud: "rapport-portal", email, jti: randomUUID(), exp: now + 120 })}`;
  return `${body}.${createHmac("sha256", secret).update(body).digest("base64url")}`;
}

/** The same signed with an EC private key (ES256: the signature as r and s, not DER). */
function es256Token(key, privateKey, email) {
  const part = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const body = `${part({ alg: "ES256", typ: "JWT" })}.${part({ iss: key, aud: "rapport-portal", email, jti: randomUUID(), exp: now + 120 })}`;
  return `${body}.${sign("sha256", Buffer.from(body), { key: privateKey, dsaEncoding: "ieee-p1363" }).toString("base64url")}`;
}

test("an admin adds a partner, copies its snippet and turns single sign-on on", async () => {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await page.getByRole("link", { name: "Partners" }).click();
  await page.getByRole("heading", { name: "Partners" }).waitFor();
  await page.getByText("No partners yet").waitFor();
  await page.getByRole("link", { name: "New partner" }).click();
  await page.getByLabel("Name").fill("Northwind Shop");
  // Origins are checked in the browser with the server's rules, by line.
  await page.getByLabel("Web sites that embed it").fill("https://shop.northwind.example\nhttp://shop.northwind.example/support");
  await page.getByLabel("Accent colour").fill("#0f766e");
  await page.getByRole("button", { name: /^(Save|Create)/ }).click();
  await page.getByText(/line 2: an origin such as/i).waitFor();
  await page.getByLabel("Web sites that embed it").fill("https://shop.northwind.example\nhttps://www.northwind.example:443");
  // Categories are checked by place too.
  await page.getByLabel("Ticket categories").fill("billing, on site visit");
  await page.getByRole("button", { name: /^(Save|Create)/ }).click();
  await page.getByText(/^Category 2: a tag holds only/).waitFor();
  await page.getByLabel("Ticket categories").fill("billing, on-site-visit");
  // Two questions of its own on a new ticket; a choice without options is refused at its row.
  await page.getByRole("button", { name: "Add a question" }).click();
  const question1 = page.getByRole("group", { name: "Question 1" });
  await question1.getByLabel("Label").fill("Order number");
  await question1.getByLabel("Hint (optional)").fill("On your invoice, such as A-1042");
  await question1.getByLabel("Must be answered").check();
  await page.getByRole("button", { name: "Add a question" }).click();
  const question2 = page.getByRole("group", { name: "Question 2" });
  await question2.getByLabel("Label").fill("Machine size");
  await question2.getByLabel("Answer", { exact: true }).selectOption({ label: "One of a list" });
  await page.getByRole("button", { name: /^(Save|Create)/ }).click();
  await question2.getByText(/^Options: a choice has 1 to 50 options/i).waitFor();
  await question2.getByLabel("Options, one a line").fill("Small\nLarge");
  // The preview wears the accent, with white text on this dark teal.
  const button = page.locator(".brand-button");
  assert.equal(await button.evaluate((b) => getComputedStyle(b).backgroundColor), "rgb(15, 118, 110)");
  assert.equal(await button.evaluate((b) => getComputedStyle(b).color), "rgb(255, 255, 255)");
  await checkAccessibility(page, "new partner form");
  await shot(page, "95-partner-form");
  await page.getByRole("button", { name: /^(Save|Create)/ }).click();

  await page.getByRole("heading", { name: "Northwind Shop" }).waitFor();
  const [partner] = (await api("GET", "/partners")).items;
  assert.deepEqual(partner.allowed_origins, ["https://shop.northwind.example", "https://www.northwind.example"]);
  assert.deepEqual(partner.ticket_categories, ["billing", "on-site-visit"]);
  assert.deepEqual(partner.ticket_fields, [
    { key: "order_number", label: "Order number", kind: "text", required: true, hint: "On your invoice, such as A-1042" },
    { key: "machine_size", label: "Machine size", kind: "choice", required: false, options: ["Small", "Large"] },
  ]);
  await page.getByText("Order number (text, required)").waitFor();
  assert.equal(partner.accent_color, "#0f766e");
  const snippet = await page.locator("#embed-script").textContent();
  assert.ok(snippet.includes(`${server.base}/portal/embed.js`) && snippet.includes(`data-partner="${partner.key}"`), snippet);
  await page.getByRole("button", { name: "Copy the snippet" }).click();
  await page.getByText("Snippet copied.").waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), snippet);

  // Single sign-on: the secret is shown once, and a token signed with it signs a customer in.
  await page.getByRole("button", { name: "Turn single sign-on on" }).click();
  const secret = (await page.locator("#sso-secret").textContent()).trim();
  assert.ok(secret.length >= 40, secret);
  await checkAccessibility(page, "partner page with its new secret");
  await shot(page, "96-partner-page");
  await page.getByRole("button", { name: "Done" }).click();
  await page.getByText(/^On: the partner's web site signs/).waitFor();
  assert.equal(await page.locator("#sso-secret").count(), 0);
  const account = await api("POST", "/accounts", { name: "Meier Druck GmbH", type: "customer" });
  await api("POST", "/contacts", { first_name: "Pat", last_name: "Meier", email: "pat@meier.example", account_id: account.id });
  const signIn = await fetch(`${server.base}/api/v1/portal/auth/sso`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ partner_key: partner.key, token: ssoToken(partner.key, secret, "pat@meier.example") }),
  });
  assert.equal(signIn.status, 200, await signIn.text());

  // A new secret replaces the old one once confirmed.
  await page.getByRole("button", { name: "Make a new secret" }).click();
  await page.getByRole("button", { name: "Replace it" }).click();
  const second = (await page.locator("#sso-secret").textContent()).trim();
  assert.notEqual(second, secret);
  await page.getByRole("button", { name: "Done" }).click();

  // Or the web site keeps a private key and registers only its public key (ES256 here).
  const pair = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const publicPem = pair.publicKey.export({ type: "spki", format: "pem" });
  const keyForm = page.getByRole("form", { name: "Public key" });
  await keyForm.getByLabel("Public key (PEM)").fill("-----BEGIN PRIVATE KEY-----\nnot this\n-----END PRIVATE KEY-----");
  await keyForm.getByRole("button", { name: "Register the key" }).click();
  await page.getByText(/must be one public key in PEM/).waitFor();
  await keyForm.getByLabel("Public key (PEM)").fill(publicPem);
  await keyForm.getByRole("button", { name: "Register the key" }).click();
  await page.getByText("The public key is registered.").waitFor();
  await page.getByText("-----BEGIN PUBLIC KEY-----", { exact: false }).first().waitFor();
  await checkAccessibility(page, "partner page with a public key");
  await shot(page, "96b-partner-public-key");
  const signed = await fetch(`${server.base}/api/v1/portal/auth/sso`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ partner_key: partner.key, token: es256Token(partner.key, pair.privateKey, "pat@meier.example") }),
  });
  assert.equal(signed.status, 200, await signed.text());

  await page.setViewportSize({ width: 390, height: 844 });
  await assertFitsWidth(page, "partner page at phone width");
  await shot(page, "97-partner-page-phone");
  await page.setViewportSize({ width: 1280, height: 900 });
});

test("an admin invites a contact to the portal, who chooses a password and signs in", async () => {
  const [partner] = (await api("GET", "/partners")).items;
  await api("PUT", "/email-settings", {
    enabled: true, smtp_host: "127.0.0.1", smtp_port: maildev.smtpPort, smtp_security: "none",
    from_address: "help@traders.example", from_name: "E2E Traders Help",
  });
  const account = await api("POST", "/accounts", { name: "Keller Logistik AG", type: "customer" });
  const contact = await api("POST", "/contacts", { first_name: "Uma", last_name: "Keller", email: "uma@keller.example", account_id: account.id });
  await page.goto(`${server.base}/contacts/${contact.id}`);
  const card = page.getByRole("region", { name: "Portal access" });
  await card.getByText("No access yet").waitFor();
  assert.equal(await card.getByLabel("Signs in as").inputValue(), "uma@keller.example");
  await card.getByLabel("Sees").selectOption("account_admin");
  assert.equal(await card.getByLabel("Email the invitation").isChecked(), true);
  await card.getByRole("button", { name: "Invite to the portal" }).click();
  await page.getByText("The invitation is on its way to uma@keller.example.").waitFor();
  const link = (await card.locator("#invitation-link").textContent()).trim();
  assert.ok(link.startsWith(`${server.base}/portal/${partner.key}/invitation?token=`), link);
  // The mail carries the same link.
  let mail;
  for (let i = 0; i < 200 && !mail; i++) {
    mail = (await maildev.mails()).find((m) => m.to.some((t) => t.address === "uma@keller.example"));
    if (!mail) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(mail, "no invitation mail");
  assert.ok(mail.text.includes(link), mail.text);
  await card.getByText(/^Invited, until/).waitFor();
  assert.equal(await card.getByLabel("Sees").inputValue(), "account_admin");
  await checkAccessibility(page, "contact page with portal access");
  await shot(page, "98-contact-portal-access");

  // The invitee opens the link in their own browser, chooses a password and is in.
  const customerContext = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "en-GB" });
  const customer = watch(await customerContext.newPage());
  await customer.goto(link);
  await customer.getByRole("heading", { name: "Welcome" }).waitFor();
  await customer.getByLabel("Password", { exact: true }).fill("a long portal password");
  await customer.getByRole("button", { name: "Set password and sign in" }).click();
  // An account admin sees the company's tickets.
  await customer.getByRole("heading", { name: /^Tickets of Keller Logistik AG/ }).waitFor();
  await customerContext.close();

  // Back on the contact's page: signed up; then switched off, which ends their sign-in.
  await page.reload();
  await card.getByText(/^Signed up; last signed in/).waitFor();
  await card.getByRole("button", { name: "Switch off" }).click();
  await card.getByText("Switched off: they cannot sign in").waitFor();
  const login = await fetch(`${server.base}/api/v1/portal/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ partner_key: partner.key, email: "uma@keller.example", password: "a long portal password" }),
  });
  assert.equal(login.status, 401);
  await card.getByRole("button", { name: "Switch on" }).click();
  await card.getByText(/^Signed up; last signed in/).waitFor();

  // A forgotten password: the portal mails a link that sets a new one.
  const forgetful = watch(await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "en-GB" })).newPage());
  await forgetful.goto(`${server.base}/portal/${partner.key}`);
  await forgetful.getByRole("button", { name: "Forgot your password?" }).click();
  await forgetful.getByLabel("Email").fill("uma@keller.example");
  await forgetful.getByRole("button", { name: "Send me a link" }).click();
  await forgetful.getByText(/If uma@keller.example has access to this portal, a link/).waitFor();
  await checkAccessibility(forgetful, "portal: a new password asked for");
  await shot(forgetful, "99-portal-new-password-asked");
  let reset;
  for (let i = 0; i < 200 && !reset; i++) {
    reset = (await maildev.mails()).find((m) => m.to.some((t) => t.address === "uma@keller.example") && m.subject.startsWith("Choose a new password"));
    if (!reset) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(reset, "no reset mail");
  const resetLink = reset.text.match(/https?:\/\/\S+reset=1/)[0];
  await forgetful.goto(resetLink);
  await forgetful.getByRole("heading", { name: "Choose a new password" }).waitFor();
  await forgetful.getByLabel("Password", { exact: true }).fill("another long portal password");
  await forgetful.getByRole("button", { name: "Set password and sign in" }).click();
  await forgetful.getByRole("heading", { name: /^Tickets of Keller Logistik AG/ }).waitFor();
  await forgetful.context().close();

  // Taking access away, after confirming, leaves the card ready to invite again. (The reset
  // changed the access meanwhile: a stale card is refused, says so and shows the new state.)
  await card.getByRole("button", { name: "Take access away" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Take it away" }).click();
  await card.getByText("This access changed meanwhile: it is shown as it is now. Try again.").waitFor();
  await card.getByRole("button", { name: "Take access away" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Take it away" }).click();
  await card.getByText("No access yet").waitFor();
});

/** The first mail to `address` whose subject starts with `subject`, waited for. */
async function mailFor(address, subject) {
  for (let i = 0; i < 200; i++) {
    const mail = (await maildev.mails()).find((m) => m.to.some((t) => t.address === address) && m.subject.startsWith(subject));
    if (mail) return mail;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`no mail "${subject}…" to ${address}`);
}

test("a customer at a known company signs themselves up, and later signs in by a mailed link", async () => {
  const [partner] = (await api("GET", "/partners")).items;
  await api("POST", "/accounts", { name: "Meier Druck GmbH", type: "customer", domain: "meier.example" });
  // An admin lets customers sign up, in Settings.
  await page.goto(`${server.base}/settings`);
  await page.getByLabel("Customers may sign themselves up").check();
  await page.getByRole("button", { name: "Save settings" }).click();
  await page.getByText("The settings were saved.").waitFor();
  await page.getByLabel("Customers may sign themselves up").scrollIntoViewIfNeeded();
  await shot(page, "99-settings-self-sign-up");

  const customer = watch(await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "en-GB" })).newPage());
  await customer.goto(`${server.base}/portal/${partner.key}`);
  await customer.getByRole("button", { name: "Sign up with your work address" }).waitFor();
  await shot(customer, "99-portal-sign-in-ways");
  await customer.getByRole("button", { name: "Sign up with your work address" }).click();
  await customer.getByLabel("Your name").fill("Grace Meier");
  await customer.getByLabel("Work email").fill("grace@meier.example");
  await checkAccessibility(customer, "portal: sign-up form");
  await shot(customer, "99-portal-sign-up-form");
  await customer.getByRole("button", { name: "Send me a link" }).click();
  await customer.getByText(/If grace@meier.example is at a company we work with, a mail is on its way/).waitFor();
  await checkAccessibility(customer, "portal: signed up, link on its way");
  await assertFitsWidth(customer, "portal sign-up at phone width");
  await shot(customer, "99-portal-sign-up-asked");
  const confirm = await mailFor("grace@meier.example", "Confirm your address");
  await customer.goto(confirm.text.match(/https?:\/\/\S+\/sign-up\?token=\S+/)[0]);
  await customer.getByRole("heading", { name: "Almost there" }).waitFor();
  await customer.getByLabel("Password", { exact: true }).fill("grace's long password");
  await customer.getByRole("button", { name: "Set password and sign in" }).click();
  await customer.getByRole("heading", { name: "Your tickets" }).waitFor();
  await customer.getByRole("button", { name: "Sign out" }).click();

  // Later, without the password: a link by mail, which waits for a click before it signs in.
  await customer.getByRole("button", { name: "Email me a sign-in link" }).click();
  await customer.getByLabel("Email", { exact: true }).fill("grace@meier.example");
  await customer.getByRole("button", { name: "Send me a link" }).click();
  await customer.getByText(/If grace@meier.example has access to this portal, a link that signs you in/).waitFor();
  const link = await mailFor("grace@meier.example", "Sign in to");
  await customer.goto(link.text.match(/https?:\/\/\S+\/sign-in-link\?token=\S+/)[0]);
  await customer.getByRole("heading", { name: "Sign in" }).waitFor();
  await checkAccessibility(customer, "portal: sign in with a link");
  await shot(customer, "99-portal-sign-in-link");
  await customer.getByRole("button", { name: "Continue" }).click();
  await customer.getByRole("heading", { name: "Your tickets" }).waitFor();

  // Her profile: a job title, and replies read in the portal rather than by mail.
  await customer.getByRole("link", { name: "Grace Meier" }).click();
  await customer.getByRole("heading", { name: "Your profile" }).waitFor();
  await customer.getByLabel("Job title").fill("Head of IT");
  await customer.getByLabel("Replies to my tickets").uncheck();
  await customer.getByRole("button", { name: "Save" }).click();
  await customer.getByText("Saved.").waitFor();
  await checkAccessibility(customer, "portal: profile");
  await assertFitsWidth(customer, "portal profile at phone width");
  await shot(customer, "99-portal-profile");
  // Kept: read again when the page opens anew.
  await customer.reload();
  await customer.getByRole("heading", { name: "Your profile" }).waitFor();
  await customer.waitForFunction(() => document.getElementById("profile-job")?.value === "Head of IT");
  assert.equal(await customer.getByLabel("Job title").inputValue(), "Head of IT");
  assert.equal(await customer.getByLabel("Replies to my tickets").isChecked(), false);
  assert.equal(await customer.getByLabel("When a ticket is received or solved").isChecked(), true);

  // A new ticket's topic is one of the partner's categories, as a customer reads them.
  await customer.getByRole("link", { name: "Tickets" }).click();
  await customer.getByRole("link", { name: "New ticket" }).click();
  await customer.getByLabel("Subject").fill("A technician, please");
  await customer.getByLabel("What happened?").fill("The press needs a look on site.");
  await customer.getByLabel("Topic").selectOption({ label: "On site visit" });
  // The partner's own questions: the order number is asked for, the size may be left.
  await customer.getByText("On your invoice, such as A-1042").waitFor();
  await customer.getByLabel("Machine size (optional)").selectOption("Large");
  await checkAccessibility(customer, "portal: new ticket with the partner's questions");
  await shot(customer, "99-portal-new-ticket-questions");
  await customer.getByLabel("Order number").fill("A-1042");
  await customer.getByRole("button", { name: "Send" }).click();
  await customer.getByRole("heading", { name: "A technician, please" }).waitFor();
  await customer.getByRole("group", { name: "Details given" }).getByText("A-1042").waitFor();
  const [opened] = (await api("GET", "/tickets?q=technician")).items;
  assert.equal(opened.category, "on-site-visit");
  assert.deepEqual(opened.custom_fields, [
    { key: "order_number", label: "Order number", kind: "text", value: "A-1042" },
    { key: "machine_size", label: "Machine size", kind: "choice", value: "Large" },
  ]);
  // Staff read the answers under the description.
  await page.goto(`${server.base}/tickets/${opened.id}`);
  await page.getByRole("group", { name: "Answers in the portal" }).getByText("A-1042").waitFor();
  await shot(page, "99-ticket-portal-answers");
  await customer.context().close();

  // Staff see her as a contact of the company, signed up.
  const found = (await api("GET", "/contacts?q=grace%40meier.example")).items;
  assert.equal(found.length, 1);
  await page.goto(`${server.base}/contacts/${found[0].id}`);
  await page.getByRole("region", { name: "Portal access" }).getByText(/^Signed up; last signed in/).waitFor();
  await page.getByText("Head of IT").first().waitFor();
});
