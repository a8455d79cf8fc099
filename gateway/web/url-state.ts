/**
 * The dashboard's view in its URL, so that a view can be shared and the back button returns to the previous one:
 * `?desde=YYYY-MM-DD&hasta=YYYY-MM-DD&nivel=…&region=<ubigeo>&vista=…&lang=…`. Every parameter is optional; a
 * value the page cannot use is read as absent (the page then shows its default), never as an error.
 */

/** A level of the map and the table: departments, the provinces of one, or districts. */
export type Level = "DEPARTMENT" | "PROVINCE" | "DISTRICT";

/** What the URL says about the view; null where it says nothing (or nothing usable). */
export interface UrlState {
  /** `desde`: the period's first day, `YYYY-MM-DD`. */
  from: string | null;
  /** `hasta`: the period's last day, `YYYY-MM-DD`. */
  to: string | null;
  /**
   * `nivel`: the level of the regions the map and the table list (`departamento`, `provincia`, `distrito`); when
   * absent, the level below `region` (departments when there is no region).
   */
  level: Level | null;
  /** `region`: the UBIGEO of the region opened (its detail shown); absent for Peru as a whole. */
  region: string | null;
  /** `vista`: which page of the dashboard (its owner decides the values). */
  view: string | null;
  /** `lang`: `es` or `en`. */
  lang: "es" | "en" | null;
}

const PARAMETERS: Record<keyof UrlState, string> = {
  from: "desde",
  to: "hasta",
  level: "nivel",
  region: "region",
  view: "vista",
  lang: "lang",
};

/** The `nivel` values, in Spanish as the rest of the URL. */
const LEVEL_NAMES: Record<Level, string> = {
  DEPARTMENT: "departamento",
  PROVINCE: "provincia",
  DISTRICT: "distrito",
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A department (2 digits), province (4) or district (6); `00` is Peru, which the URL writes as no region. */
const UBIGEO = /^(\d{2}|\d{4}|\d{6})$/;

function realDate(value: string | null): string | null {
  if (!value || !DATE.test(value)) return null;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value ? value : null;
}

function levelOf(value: string | null): Level | null {
  const found = Object.entries(LEVEL_NAMES).find(([, name]) => name === value?.toLowerCase());
  return found ? (found[0] as Level) : null;
}

/** The state the current URL (or `search`, a `?…` string) describes. */
export function readState(search: string = location.search): UrlState {
  const query = new URLSearchParams(search);
  const region = query.get(PARAMETERS.region);
  const lang = query.get(PARAMETERS.lang);
  return {
    from: realDate(query.get(PARAMETERS.from)),
    to: realDate(query.get(PARAMETERS.to)),
    level: levelOf(query.get(PARAMETERS.level)),
    region: region && UBIGEO.test(region) && region !== "00" ? region : null,
    view: query.get(PARAMETERS.view) || null,
    lang: lang === "es" || lang === "en" ? lang : null,
  };
}

/** The URL of the current page with `partial` written over its state (a null removes the parameter). */
export function urlWith(partial: Partial<UrlState>, href: string = location.href): URL {
  const url = new URL(href);
  for (const [key, value] of Object.entries(partial) as [keyof UrlState, string | null | undefined][]) {
    if (value === undefined) continue;
    const name = PARAMETERS[key];
    if (value === null) url.searchParams.delete(name);
    else url.searchParams.set(name, key === "level" ? LEVEL_NAMES[value as Level] : value);
  }
  return url;
}

/**
 * Writes `partial` into the URL: a new history entry (so the back button returns to the view before), or the
 * current one replaced when `replace` is set (for a change the back button should not step through, or the
 * page's own defaults). Nothing happens when the URL would not change. Listeners are not called: they hear only
 * the browser's own moves through history.
 */
export function writeState(partial: Partial<UrlState>, options: { replace?: boolean } = {}): void {
  const url = urlWith(partial);
  if (url.href === location.href) return;
  if (options.replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
}

/** Calls `listener` with the new state whenever the person moves through history (back, forward). */
export function onStateChange(listener: (state: UrlState) => void): () => void {
  const handler = () => listener(readState());
  window.addEventListener("popstate", handler);
  return () => window.removeEventListener("popstate", handler);
}
