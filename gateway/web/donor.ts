import { graphql, missingAt, type Answer, type GraphQLErrorBody } from "./api.ts";
import { h } from "./dom.ts";
import { formatDate, formatNumber } from "./format.ts";
import { LOCALES, STRINGS, type Key, type Lang } from "./i18n.ts";
import {
  DONOR_QUERY,
  DONORS_QUERY,
  type DonorName,
  type DonorProject,
  type DonorProjects,
  type Money,
  type ProjectIndicator,
} from "../operations/donor-query.ts";

/** Who the token says the viewer is, as far as the page needs to know (the API enforces the rules itself). */
interface Claims {
  role: string | null;
  donor: string | null;
}

/**
 * The role and donor reference a bearer token claims, read from its payload without verifying it: only to choose
 * what to ask for (a donor's own projects). The gateway verifies the token on every request, and a claim the
 * token does not carry leaves the page asking nothing it could not.
 */
export function tokenClaims(token: string): Claims {
  const payload = token.split(".")[1];
  if (!payload) return { role: null, donor: null };
  try {
    const json = atob(
      payload
        .replace(/-/g, "+")
        .replace(/_/g, "/")
        .padEnd(Math.ceil(payload.length / 4) * 4, "="),
    );
    const claims = JSON.parse(json) as Record<string, unknown>;
    return {
      role: typeof claims["role"] === "string" ? claims["role"] : null,
      donor: typeof claims["donor"] === "string" ? claims["donor"] : null,
    };
  } catch {
    return { role: null, donor: null };
  }
}

const answers = new Map<string, Promise<Answer<unknown>>>();

/** One request, asked once per text, variables and viewer (the page is redrawn on a change of language). */
function ask<T>(query: string, variables: Record<string, unknown>, token: string): Promise<Answer<T>> {
  const key = JSON.stringify([query, variables, token]);
  let answer = answers.get(key);
  if (!answer) {
    answer = graphql<unknown>(query, variables, token);
    answer.catch(() => answers.delete(key));
    answers.set(key, answer);
  }
  return answer as Promise<Answer<T>>;
}

/** The donor a member of staff chose on this page (a donor always sees its own). */
let chosen: string | null = null;
/** Bumped by every drawing: an answer for an older one is dropped. */
let drawing = 0;

function money(amounts: readonly Money[], lang: Lang): string {
  if (amounts.length === 0) return "—";
  return amounts
    .map((amount) => `${amount.currency} ${formatNumber(amount.value, "money", lang)}`)
    .join(" · ");
}

/** An indicator's value as reported: up to two decimals, `%` for a percentage, its comment after it. */
function indicatorValue(
  value: { value: number | null; comment: string | null } | null | undefined,
  measure: string,
  lang: Lang,
): string {
  if (!value) return STRINGS[lang].notReported;
  const parts: string[] = [];
  if (value.value !== null) {
    const number = new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 2 }).format(value.value);
    parts.push(measure === "PERCENTAGE" ? `${number} %` : number);
  }
  if (value.comment) parts.push(value.comment);
  return parts.length > 0 ? parts.join(" — ") : "—";
}

/** An indicator's baseline: its value and year (`12 (2023)`), or "—". */
function baselineText(indicator: ProjectIndicator, lang: Lang): string {
  const baseline = indicator.baseline;
  if (!baseline) return "—";
  const date = baseline.isoDate ? formatDate(baseline.isoDate) : String(baseline.year);
  return `${indicatorValue(baseline, indicator.measure, lang)} (${date})`;
}

/**
 * A result's indicators as one table: a row per indicator and period, with the indicator's baseline and each
 * period's target, actual and progress, all in text (no chart stands for them).
 */
function indicatorsTable(indicators: readonly ProjectIndicator[], label: string, lang: Lang): HTMLElement {
  const t = STRINGS[lang];
  const percent = new Intl.NumberFormat(LOCALES[lang], { style: "percent", maximumFractionDigits: 0 });
  const rows = indicators.flatMap((indicator) => {
    const periods = indicator.periods.length > 0 ? indicator.periods : [null];
    return periods.map((period, i) =>
      h(
        "tr",
        {
          "data-indicator": indicator.code,
          "data-baseline": indicator.baseline?.value ?? "",
          "data-period-start": period?.periodStart ?? "",
          "data-period-end": period?.periodEnd ?? "",
          "data-target": period?.target.value ?? "",
          "data-actual": period?.actual?.value ?? "",
          "data-reported": String(Boolean(period?.actual)),
        },
        ...(i === 0
          ? [
              h("th", { scope: "row", rowspan: periods.length }, `${indicator.code} ${indicator.title}`),
              h("td", { rowspan: periods.length, class: "baseline" }, baselineText(indicator, lang)),
            ]
          : []),
        h(
          "td",
          { class: "period" },
          period ? `${formatDate(period.periodStart)}–${formatDate(period.periodEnd)}` : "—",
        ),
        h(
          "td",
          { class: "num target" },
          period ? indicatorValue(period.target, indicator.measure, lang) : "—",
        ),
        h(
          "td",
          { class: period?.actual ? "num actual" : "num actual not-reported" },
          period ? indicatorValue(period.actual, indicator.measure, lang) : "—",
        ),
        h("td", { class: "num" }, period?.progress == null ? "—" : percent.format(period.progress)),
      ),
    );
  });
  // A wide table scrolls in its own box, which the keyboard can reach (and scroll) too.
  return h(
    "div",
    { class: "table-scroll", tabindex: 0, role: "region", "aria-label": label },
    h(
      "table",
      { class: "indicators" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ...(["indicator", "baseline", "trendBucket", "target", "actual", "progress"] as const).map((key) =>
            h("th", { scope: "col" }, t[key]),
          ),
        ),
      ),
      h("tbody", {}, ...rows),
    ),
  );
}

function transactionsTable(project: DonorProject, lang: Lang): HTMLElement {
  const t = STRINGS[lang];
  const transactions = project.transactions ?? [];
  if (transactions.length === 0) return h("p", { class: "note" }, t.noTransactions);
  return h(
    "div",
    {
      class: "table-scroll",
      tabindex: 0,
      role: "region",
      "aria-label": `${t.transactions}: ${project.title}`,
    },
    h(
      "table",
      { class: "transactions" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ...(
            [
              "transactionDate",
              "transactionType",
              "amount",
              "providerOrg",
              "receiverOrg",
              "description",
            ] as const
          ).map((key) => h("th", { scope: "col" }, t[key])),
        ),
      ),
      h(
        "tbody",
        {},
        ...transactions.map((tx) =>
          h(
            "tr",
            {
              "data-type": tx.type,
              "data-date": tx.date,
              "data-value": tx.value,
              "data-currency": tx.currency,
            },
            h("td", {}, formatDate(tx.date)),
            h("td", {}, t[`tx${tx.type}` as Key] ?? tx.type),
            h("td", { class: "num" }, `${tx.currency} ${formatNumber(tx.value, "money", lang)}`),
            h("td", {}, tx.providerOrg?.name ?? "—"),
            h("td", {}, tx.receiverOrg?.name ?? "—"),
            h("td", {}, tx.description ?? ""),
          ),
        ),
      ),
    ),
  );
}

/** Why a project's results or transactions are missing: the viewer may not read them, or the pillar is down. */
function missingNote(errors: GraphQLErrorBody[], path: (string | number)[], lang: Lang): HTMLElement {
  const t = STRINGS[lang];
  const reason = missingAt(errors, path);
  return h(
    "p",
    { class: `note ${reason ?? "unavailable"}` },
    reason === "forbidden" ? t.hiddenNote : t.unavailableNote,
  );
}

function projectArticle(
  project: DonorProject,
  index: number,
  errors: GraphQLErrorBody[],
  lang: Lang,
): HTMLElement {
  const t = STRINGS[lang];
  const dates = project.activityDates;
  const path = ["donor", "projects", index];
  return h(
    "article",
    { class: "project", "data-iati": project.iatiIdentifier, "data-status": project.status },
    h("h3", {}, project.title),
    h(
      "p",
      { class: "note" },
      `${project.iatiIdentifier} · ${t.projectStatus}: ${t[`status${project.status}` as Key] ?? project.status} · ${t.projectDates} ${t.plannedDates}: `,
      `${formatDate(dates.plannedStart)}–${formatDate(dates.plannedEnd)}`,
      dates.actualStart
        ? ` · ${t.actualDates}: ${formatDate(dates.actualStart)}–${dates.actualEnd ? formatDate(dates.actualEnd) : "…"}`
        : "",
    ),
    h("h4", {}, t.results),
    ...(project.results === null
      ? [missingNote(errors, [...path, "results"], lang)]
      : project.results.length === 0
        ? [h("p", { class: "note" }, t.noResults)]
        : project.results.map((result) =>
            h(
              "section",
              { class: "result", "data-result-type": result.type },
              h("h5", {}, `${t[`result${result.type}` as Key] ?? result.type}: ${result.title}`),
              indicatorsTable(result.indicators, `${project.title}: ${result.title}`, lang),
            ),
          )),
    h("h4", {}, t.transactions),
    project.transactions === null
      ? missingNote(errors, [...path, "transactions"], lang)
      : transactionsTable(project, lang),
  );
}

function draw(container: HTMLElement, ...children: HTMLElement[]): void {
  container.replaceChildren(...children);
}

/**
 * Draws the donor page into `container`: a donor's projects (the viewer's own when the token is a donor's; for
 * staff, the donor chosen from the list) with every indicator's baseline, targets and actuals per period and the
 * transactions, in text. The public is asked for a token.
 */
export async function renderDonors(
  container: HTMLElement,
  view: { token: string; lang: Lang },
): Promise<void> {
  const generation = ++drawing;
  const t = STRINGS[view.lang];
  const claims = tokenClaims(view.token);
  container.dataset["state"] = "loading";
  if (!view.token || claims.role === "PUBLIC") {
    draw(container, h("p", { class: "hint need-token" }, t.donorsNeedToken));
    container.dataset["state"] = "ready";
    return;
  }
  draw(container, h("p", { class: "hint" }, t.loading));
  try {
    let picker: HTMLElement | null = null;
    let ref = claims.role === "DONOR" ? claims.donor : null;
    if (claims.role !== "DONOR") {
      const listed = await ask<{ donors: DonorName[] | null }>(DONORS_QUERY, {}, view.token);
      if (generation !== drawing) return;
      const donors = listed.data?.donors;
      if (!donors) {
        const forbidden = missingAt(listed.errors, ["donors"]) === "forbidden";
        draw(container, h("p", { class: "note" }, forbidden ? t.donorsForbidden : t.unavailableNote));
        container.dataset["state"] = "ready";
        return;
      }
      if (donors.length === 0) {
        draw(container, h("p", { class: "note" }, t.donorNone));
        container.dataset["state"] = "ready";
        return;
      }
      ref = donors.some((d) => d.ref === chosen) ? chosen : (donors[0]?.ref ?? null);
      const select = h(
        "select",
        { id: "donor-choice" },
        ...donors.map((d) => h("option", { value: d.ref, selected: d.ref === ref }, `${d.name} (${d.ref})`)),
      );
      select.addEventListener("change", () => {
        chosen = select.value;
        void renderDonors(container, view);
      });
      picker = h("label", { class: "donor-choice" }, h("span", {}, `${t.donorChoose} `), select);
    }
    if (!ref) {
      draw(container, h("p", { class: "note" }, t.donorsForbidden));
      container.dataset["state"] = "ready";
      return;
    }
    const answer = await ask<{ donor: DonorProjects | null }>(DONOR_QUERY, { ref }, view.token);
    if (generation !== drawing) return;
    const donor = answer.data?.donor;
    if (!donor) {
      // Null with no error: no donor has that reference (a token naming one the hub does not know).
      const why = missingAt(answer.errors, ["donor"])
        ? missingNote(answer.errors, ["donor"], view.lang)
        : h("p", { class: "note" }, t.donorUnknown.replace("{ref}", ref));
      draw(container, ...(picker ? [picker] : []), why);
      container.dataset["state"] = "ready";
      return;
    }
    draw(
      container,
      ...(picker ? [picker] : []),
      h(
        "section",
        { class: "donor", "data-donor": donor.ref },
        h("h3", {}, `${donor.name} (${donor.ref})`),
        h(
          "dl",
          { class: "donor-totals" },
          h("div", {}, h("dt", {}, t.donorCommitted), h("dd", {}, money(donor.committed, view.lang))),
          h("div", {}, h("dt", {}, t.donorDisbursed), h("dd", {}, money(donor.disbursed, view.lang))),
          h(
            "div",
            {},
            h("dt", {}, t.donorProjects),
            h("dd", {}, formatNumber(donor.projects.length, "count", view.lang)),
          ),
        ),
        ...donor.projects.map((project, i) => projectArticle(project, i, answer.errors, view.lang)),
      ),
    );
    container.dataset["state"] = "ready";
    container.dataset["donor"] = donor.ref;
  } catch (error) {
    if (generation !== drawing) return;
    draw(container, h("p", { class: "error" }, `${t.error}: ${error instanceof Error ? error.message : ""}`));
    container.dataset["state"] = "error";
  }
}
