// Starts the real Rapport server on a fresh SQLite database and a Chromium to drive it.
import { spawn, execFileSync } from "node:child_process";
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";

export const ROOT = resolve(import.meta.dirname, "..");
export const ARTIFACTS = join(ROOT, "e2e", "artifacts");
const TARGET = process.env.CARGO_TARGET_DIR ? resolve(ROOT, process.env.CARGO_TARGET_DIR) : join(ROOT, "target");
const BIN = process.env.RAPPORT_BIN ?? join(TARGET, "debug", "rapport");
export const ADMIN = { email: "admin@e2e.example", password: "correct horse battery staple" };

function freePort() {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
}

async function waitForHealth(base, server) {
  for (let i = 0; i < 200; i++) {
    if (server.exitCode !== null) throw new Error(`rapport exited with ${server.exitCode}`);
    try {
      const answer = await fetch(`${base}/healthz`);
      if (answer.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("rapport did not become healthy");
}

/**
 * A server on a new database with one organization and its admin; `env` adds settings. The
 * binary is copied alone into an empty directory and run there, so every browser test also
 * proves that it carries its web app and API docs.
 */
export async function startServer(env = {}) {
  const dir = mkdtempSync(join(tmpdir(), "rapport-e2e-"));
  const bin = join(dir, "rapport");
  copyFileSync(BIN, bin);
  const settings = {
    ...process.env,
    RAPPORT_DATABASE_URL: join(dir, "e2e.db"),
    RAPPORT_JWT_SECRET: "e2e-secret-e2e-secret-e2e-secret-0123",
    RAPPORT_ADMIN_PASSWORD: ADMIN.password,
    RAPPORT_LOG: "warn",
    ...env,
  };
  delete settings.RAPPORT_WEB_DIR;
  delete settings.RAPPORT_DOCS_DIR;
  execFileSync(bin, ["admin", "create-org", "--name", "E2E Traders", "--email", ADMIN.email], { cwd: dir, env: settings, stdio: "pipe" });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // Links the server writes (in mail, to help articles) lead to this server.
  const served = { RAPPORT_PUBLIC_URL: base, ...settings, RAPPORT_BIND: `127.0.0.1:${port}` };
  const server = spawn(bin, ["serve"], { cwd: dir, env: served, stdio: ["ignore", "inherit", "inherit"] });
  await waitForHealth(base, server);
  return {
    base,
    async stop() {
      server.kill("SIGTERM");
      await new Promise((r) => (server.exitCode !== null ? r() : server.once("exit", r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function startBrowser() {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** Saves a screenshot of the page as e2e/artifacts/<name>.png. */
export async function shot(page, name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/**
 * Logs the admin in through the API and answers `api(method, path, body)`, which calls
 * `/api/v1{path}` as the admin and fails the test on any refusal.
 */
export async function adminApi(base) {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(ADMIN),
  });
  const token = (await login.json()).access_token;
  const api = async (method, path, body) => {
    const answer = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: body && JSON.stringify(body),
    });
    assert.ok(answer.ok, `${method} ${path}: ${answer.status}`);
    return answer.status === 204 ? null : answer.json();
  };
  /** Uploads a file to send with a message: the attachment. */
  api.upload = async (filename, type, content) => {
    const answer = await fetch(`${base}/api/v1/attachments?filename=${encodeURIComponent(filename)}`, {
      method: "POST",
      headers: { "content-type": type, authorization: `Bearer ${token}` },
      body: content,
    });
    assert.equal(answer.status, 201, `uploading ${filename}`);
    return answer.json();
  };
  return api;
}

/** Logs in through the login page. */
export async function logIn(page, base, { email = ADMIN.email, password = ADMIN.password } = {}) {
  await page.goto(`${base}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
}

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/**
 * Runs axe-core on the page as it is and fails on any serious or critical violation, naming
 * the page state (`state`) and the first offending elements.
 */
export async function checkAccessibility(page, state) {
  if (!(await page.evaluate(() => typeof window.axe !== "undefined"))) await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({ rule: v.id, impact: v.impact, help: v.help, where: v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")}: ${n.failureSummary}`) }));
  });
  assert.deepEqual(found, [], `axe-core on ${state}:\n${JSON.stringify(found, null, 1)}`);
}

/**
 * Resolves once the page has had no request in flight for `quiet` ms, leaving out the event
 * stream: it stays open as long as the page does, so Playwright's "networkidle" never comes.
 * Call it on a fresh page, before the navigation it waits for.
 */
export function trackRequests(page, quiet = 500) {
  const open = new Set();
  page.on("request", (r) => {
    if (!new URL(r.url()).pathname.startsWith("/api/v1/events")) open.add(r);
  });
  page.on("requestfinished", (r) => open.delete(r));
  page.on("requestfailed", (r) => open.delete(r));
  return async function settled() {
    const deadline = Date.now() + 30_000;
    let since = Date.now();
    for (;;) {
      await page.waitForTimeout(50);
      if (Date.now() > deadline) throw new Error(`still loading: ${[...open].map((r) => r.url()).join(", ")}`);
      if (open.size > 0) since = Date.now();
      else if (Date.now() - since >= quiet) return;
    }
  };
}

/** Fails when the page is wider than its viewport (it would scroll sideways). */
export async function assertFitsWidth(page, state) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${state}: the page is ${overflow}px wider than the screen`);
}

/**
 * A real SMTP server that keeps what it receives (MailDev, pinned in package.json), on free
 * ports: `smtpPort`, and `mails()` reading what arrived through its API.
 */
export async function startMailDev() {
  const [smtpPort, webPort] = [await freePort(), await freePort()];
  const bin = join(ROOT, "e2e", "node_modules", "maildev", "bin", "maildev");
  // The binary itself, not npx: killing npx would leave node running.
  const child = spawn(process.execPath, [bin, "--ip", "127.0.0.1", "--smtp", String(smtpPort), "--web", String(webPort), "--silent"], { stdio: "ignore" });
  const api = `http://127.0.0.1:${webPort}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`MailDev exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${api}/email`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 200) throw new Error("MailDev did not start");
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    smtpPort,
    async mails() {
      return (await fetch(`${api}/email`)).json();
    },
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r() : child.once("exit", r)));
    },
  };
}
