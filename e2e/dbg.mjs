import { startServer, startBrowser, logIn } from "/work/main/e2e/support.mjs";
const server = await startServer();
const browser = await startBrowser();
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
page.setDefaultTimeout(15000);
try {
  await logIn(page, server.base);
  await page.getByRole("heading", { name: /^Welcome/ }).waitFor();
  await page.goto(`${server.base}/accounts/new`);
  await page.locator(".chosen").filter({ hasText: "Administrator" }).waitFor();
  await page.getByRole("button", { name: "Change" }).click();
  await page.getByLabel("Owner").fill("adm");
  await page.getByRole("button", { name: /^Administrator/ }).waitFor();
  await page.getByLabel("Owner").scrollIntoViewIfNeeded();
  await page.screenshot({ path: "artifacts/29-owner-picker.png" });
  console.log("ok");
} catch (e) { console.log("error", e.message); }
await browser.close(); process.exit(0);
