import { h } from "./dom.ts";
import { formatDate } from "./format.ts";
import { STRINGS, type Key, type Lang } from "./i18n.ts";
import type { Period } from "./period.ts";
import { shownGranularity } from "./trends.ts";
import type { Level } from "./url-state.ts";
import type { Granularity } from "../operations/trends-query.ts";

/** What is on screen, which the download exports exactly. */
export interface DownloadScope {
  period: Period;
  /** The level the map and the table list. */
  level: Level;
  /** The region they are listed under (null: all departments). */
  parent: string | null;
  /** Its name, for saying what the file holds. */
  parentName: string;
  token: string;
  lang: Lang;
}

/** The export formats, as `/exports/indicators.<format>` serves them. */
export type Format = "xlsx" | "csv";

/**
 * The export's address for what is on screen: its level, parent and period, the trend view's granularity when
 * that is shown (one row per region and bucket), and the page's language for the headers.
 */
export function exportHref(format: Format, scope: DownloadScope, granularity: Granularity | null): string {
  const query = new URLSearchParams({ from: scope.period.from, to: scope.period.to, level: scope.level });
  if (scope.parent) query.set("parent", scope.parent);
  if (granularity) query.set("granularity", granularity);
  query.set("lang", scope.lang);
  return `/exports/indicators.${format}?${query.toString()}`;
}

/** What the file will hold, in words: "las provincias de Madre de Dios, del 01/01/2025 al 31/12/2025, por mes". */
function scopeText(scope: DownloadScope, granularity: Granularity | null): string {
  const t = STRINGS[scope.lang];
  const regions =
    scope.level === "DEPARTMENT"
      ? t.downloadDepartments
      : (scope.level === "PROVINCE" ? t.downloadProvinces : t.downloadDistricts).replace(
          "{name}",
          scope.parentName,
        );
  return (granularity ? t.downloadScopeTrend : t.downloadScope)
    .replace("{regions}", regions)
    .replace("{from}", formatDate(scope.period.from))
    .replace("{to}", formatDate(scope.period.to))
    .replace("{granularity}", granularity ? t[`trend${granularity}` as Key].toLowerCase() : "");
}

/** The file's name from the answer's `Content-Disposition`, else one made from the address. */
function fileName(response: Response, format: Format): string {
  const disposition = response.headers.get("content-disposition") ?? "";
  const match = /filename="?([^";]+)"?/.exec(disposition);
  return match?.[1] ?? `tinkuy-indicadores.${format}`;
}

/**
 * Fetches the export with the viewer's bearer token (the exports apply the same access rules as `/graphql`, and
 * a link cannot carry a header) and hands it to the browser as a download.
 */
async function download(href: string, format: Format, token: string): Promise<void> {
  const response = await fetch(href, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) {
    let message = `HTTP ${response.status}`;
    try {
      const body = (await response.json()) as { errors?: { message: string }[] };
      message = body.errors?.map((e) => e.message).join("; ") || message;
    } catch {
      // Not JSON: the status says enough.
    }
    throw new Error(message);
  }
  const url = URL.createObjectURL(await response.blob());
  const link = h("a", { href: url, download: fileName(response, format), hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click is handled; the object URL can go after this turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * The "Descargar" control in `container`: a disclosure with the XLSX and CSV buttons and a line saying what the
 * file will hold, read from `current()` (what is on screen) when it is opened and when a button is pressed.
 */
export function setUpDownloads(container: HTMLElement, current: () => DownloadScope): void {
  const summary = h("summary", { "data-i18n": "download" }, STRINGS[current().lang].download);
  const scope = h("p", { class: "note download-scope" });
  const status = h("p", { class: "note download-status", role: "status", "aria-live": "polite" });
  const button = (format: Format, label: Key) => {
    const element = h("button", { type: "button", "data-format": format, "data-i18n": label });
    element.textContent = STRINGS[current().lang][label];
    element.addEventListener("click", () => {
      const now = current();
      const href = exportHref(format, now, shownGranularity());
      element.dataset["href"] = href;
      element.disabled = true;
      status.textContent = STRINGS[now.lang].loading;
      download(href, format, now.token)
        .then(() => {
          status.textContent = "";
        })
        .catch((error: unknown) => {
          status.textContent = `${STRINGS[now.lang].downloadFailed}: ${error instanceof Error ? error.message : ""}`;
        })
        .finally(() => {
          element.disabled = false;
        });
    });
    return element;
  };
  const details = h(
    "details",
    { class: "downloads" },
    summary,
    h(
      "div",
      { class: "download-menu" },
      scope,
      button("xlsx", "downloadXlsx"),
      button("csv", "downloadCsv"),
      status,
    ),
  );
  // Said again on every click of the summary too: a close and reopen in one turn fires no "toggle" at all.
  const describe = () => {
    scope.textContent = scopeText(current(), shownGranularity());
  };
  details.addEventListener("toggle", describe);
  summary.addEventListener("click", describe);
  container.replaceChildren(details);
}
