/**
 * `npx tsx scripts/screenshot-dashboard.ts`: retakes `docs/dashboard.png`, the README's picture of the program
 * dashboard. It starts the whole hub in this process (embedded database, the four subgraphs seeded at a fifth of
 * the full size, the gateway), opens `/dashboard` in Debian's chromium as a ministry analyst, colours the map by
 * value seized per active REINFO record, opens Madre de Dios, and saves the page. Nothing is published.
 */
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseCli, runCli } from "@tinkuy/kit";
import { launchBrowser } from "../test/support/browser.ts";
import { startHub, tokenFor } from "../test/support/hub.ts";
import { viewers } from "../test/support/viewers.ts";

const OUT = fileURLToPath(new URL("../docs/dashboard.png", import.meta.url));

parseCli({
  usage: `usage: npx tsx scripts/screenshot-dashboard.ts
Starts the hub in this process, opens /dashboard in chromium (CHROMIUM_PATH names another) and retakes
docs/dashboard.png. Takes no options.`,
});

await runCli(async () => {
  const hub = await startHub({ scale: 0.2 });
  const browser = await launchBrowser();
  try {
    const origin = new URL(hub.gatewayUrl).origin;
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${origin}/dashboard`);
    await page.locator("#token").fill(await tokenFor(viewers.analyst, { expiresIn: "5m" }));
    await page.locator("#token-save").click();
    await page.locator("#dashboard[data-state=ready]").waitFor();
    await page.locator("#map[data-state=ready]").waitFor();
    await page.locator("#indicator").selectOption("valuePerActive");
    await page.locator("#table th button[data-sort=value]").click();
    await page.locator('#table tbody tr[data-ubigeo="17"]').click();
    await page.locator('#detail[data-state=ready][data-ubigeo="17"]').waitFor();
    await page.evaluate("window.scrollTo(0, 0)");
    mkdirSync(fileURLToPath(new URL("../docs/", import.meta.url)), { recursive: true });
    await page.screenshot({ path: OUT, fullPage: true });
    process.stdout.write(`wrote ${OUT}\n`);
  } finally {
    await browser.close();
    await hub.stop();
  }
});
