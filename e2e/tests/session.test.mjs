// Access tokens are renewed without the user noticing; a revoked session goes back to login.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { logIn, shot, startBrowser, startServer } from "../support.mjs";

let server;
let browser;

before(async () => {
  // Tokens that live 32 s: the app renews them 30 s before they expire, so after 2 s.
  server = await startServer({ RAPPORT_ACCESS_TOKEN_SECONDS: "32" });
  browser = await startBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("an expiring access token is refreshed once for concurrent requests", async () => {
  const page = await browser.newPage();
  const refreshes = [];
  page.on("request", (r) => r.url().endsWith("/api/v1/auth/refresh") && refreshes.push(r));
  await logIn(page, server.base);
  await page.getByRole("heading", { name: "Accounts" }).waitFor();
  await page.waitForTimeout(2500);
  // The palette sends two searches at once; they share one refresh.
  await page.keyboard.press("Control+k");
  await page.waitForFunction(() => document.activeElement?.id === "palette-input");
  await page.keyboard.type("anything");
  await page.getByText("Nothing matches").waitFor();
  assert.equal(refreshes.length, 1);
  await page.keyboard.press("Escape");
  await page.getByRole("link", { name: "Contacts" }).first().click();
  await page.getByRole("heading", { name: "Contacts" }).waitFor();
  assert.ok(await page.getByText("Something went wrong").count() === 0);
  await page.close();
});

test("a session ended elsewhere sends the user to login and back", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, server.base);
  await page.getByRole("heading", { name: "Accounts" }).waitFor();
  // The refresh token is an HttpOnly cookie for the sign-in routes only: no script can read it.
  const cookie = (await context.cookies()).find((c) => c.name === "rapport_refresh");
  assert.ok(cookie, "the login set the refresh cookie");
  assert.deepEqual([cookie.httpOnly, cookie.sameSite, cookie.path], [true, "Strict", "/api/v1/auth"]);
  const visible = await page.evaluate(() => [document.cookie, JSON.stringify({ ...localStorage })]);
  assert.ok(!visible.join(" ").includes(cookie.value), "the page cannot see the refresh token");
  // Another tab logs out: the refresh token this tab holds is revoked with the session.
  const refreshToken = cookie.value;
  const answer = await fetch(`${server.base}/api/v1/auth/logout`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ refresh_token: refreshToken }),
  });
  assert.equal(answer.status, 204);
  // The app finds out at its next request: this click, or one of its own (the bell, the event
  // stream) if that comes first; either way the user lands on the login page, told why.
  await page.waitForTimeout(2500);
  const toLogin = page.waitForURL(/\/login\?next=%2F(contacts|accounts)/);
  if (!page.url().includes("/login")) {
    await page.getByRole("link", { name: "Contacts" }).first().click({ timeout: 5000 }).catch(() => {});
  }
  await toLogin;
  await page.getByText("Your session has ended").waitFor();
  await logIn(page, server.base);
  await page.getByRole("heading", { name: /^Welcome/ }).waitFor();
  await context.close();
});

test("too many wrong passwords lock the login, and the page says so", async () => {
  const page = await browser.newPage();
  for (let i = 0; i < 5; i++) {
    await logIn(page, server.base, { password: `wrong ${i}` });
    await page.getByRole("alert").waitFor();
  }
  await logIn(page, server.base);
  await page.getByRole("alert").filter({ hasText: "This account is locked for now" }).waitFor();
  assert.match(await page.getByRole("alert").innerText(), /try again in \d+ minutes/);
  await page.close();
});

test("the API docs are served by the binary alone, under a strict policy, keeping no token", async () => {
  const page = await browser.newPage();
  const problems = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  const answer = await page.goto(`${server.base}/docs`);
  assert.match(answer.headers()["content-security-policy"] ?? "", /script-src 'self';/);
  await page.locator(".swagger-ui .info .title").filter({ hasText: "Rapport API" }).waitFor();
  // Tags start collapsed; opening one shows its operations.
  await page.locator('.opblock-tag[data-tag="accounts"]').click();
  await page.getByText("/api/v1/accounts").first().waitFor();
  await shot(page, "api-docs");
  assert.deepEqual(problems, []);
  assert.equal(await page.evaluate(() => localStorage.length + sessionStorage.length), 0);
  await page.close();
});
