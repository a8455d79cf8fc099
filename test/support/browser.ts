import { chromium, type Browser, type Page } from "playwright-core";

/** Debian's chromium (`apt-get install chromium`; `.ci/run` installs it), or the one `CHROMIUM_PATH` names. */
export const CHROMIUM_PATH = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";

/** A headless chromium driven by playwright-core (no browser download: the system's own). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // No user namespaces in containers and CI; /dev/shm is often tiny there.
    args: ["--no-sandbox", "--disable-dev-shm-usage"],
  });
}

/** What a page did that a test asserts on: every request it made, and every error it reported. */
export interface PageRecord {
  requests: string[];
  errors: string[];
}

/** Starts recording `page`'s requests, console errors and uncaught exceptions. */
export function record(page: Page): PageRecord {
  const out: PageRecord = { requests: [], errors: [] };
  page.on("request", (request) => out.requests.push(request.url()));
  page.on("console", (message) => {
    if (message.type() === "error") out.errors.push(message.text());
  });
  page.on("pageerror", (error) => out.errors.push(error.message));
  page.on("response", (response) => {
    if (response.status() >= 400) out.errors.push(`${response.status()} ${response.url()}`);
  });
  return out;
}
