import { readdirSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { PUBLIC_VIEWER, viewerSchema, type Viewer } from "../../packages/kit/src/index.ts";
import { ROOT } from "../scripts/clis.ts";

/** A fenced code block of a Markdown page: where it starts, its language and the rest of its info string. */
export interface CodeBlock {
  /** `docs/analysts.md:42`, the line of the opening fence. */
  where: string;
  lang: string;
  /** What follows the language in the info string: `variables` or `answer` for a `json` block. */
  meta: string;
  text: string;
}

/** The pages the test reads: the README first (its first query is checked figure by figure), then docs/. */
export function docPages(): string[] {
  const docs = readdirSync(`${ROOT}docs`).filter((name) => name.endsWith(".md"));
  return ["README.md", ...docs.sort().map((name) => `docs/${name}`)];
}

/** Every fenced code block of `file` (relative to the repository root), in order, indentation removed. */
export function codeBlocks(file: string): CodeBlock[] {
  const lines = readFileSync(`${ROOT}${file}`, "utf8").split("\n");
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    // As in CommonMark, a backtick fence's info string holds no backtick (so inline ```` ```sh ```` is not one).
    const open = /^( *)(`{3,})([^`\s]*) *([^`]*)$/.exec(lines[i] ?? "");
    if (!open) continue;
    const [, indent = "", fence = "", lang = "", meta = ""] = open;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !new RegExp(`^ *${fence}\\s*$`).test(lines[j] ?? "")) {
      body.push((lines[j] ?? "").slice(indent.length));
      j++;
    }
    blocks.push({ where: `${file}:${i + 1}`, lang, meta: meta.trim(), text: body.join("\n") });
    i = j;
  }
  return blocks;
}

/** A GraphQL operation a page shows, with what it needs to run and, if the page shows it, its answer. */
export interface DocQuery {
  where: string;
  /** The operation's name, or `(anonymous)`. */
  name: string;
  query: string;
  /** From a ```json variables block right after the operation. */
  variables?: Record<string, unknown>;
  /** From a ```json answer block right after it (and its variables): the `data` the hub must answer. */
  answer?: unknown;
  /** Who runs it: the token its `# npm run -s token -- …` comment line asks for, or the public viewer. */
  viewer: Viewer;
}

/**
 * The ```graphql blocks of the pages, each with the ```json variables and ```json answer blocks that follow it.
 * A variables or answer block anywhere else is a mistake in the page, and throws.
 */
export function docQueries(blocks: CodeBlock[]): DocQuery[] {
  const queries: DocQuery[] = [];
  blocks.forEach((block, i) => {
    if (isAttachment(block)) {
      const owner = blocks.slice(0, i).findLast((b) => !isAttachment(b));
      if (owner?.lang !== "graphql") {
        throw new Error(`${block.where}: a json ${block.meta} block must follow a graphql block`);
      }
      return;
    }
    if (block.lang !== "graphql") return;
    const query: DocQuery = {
      where: block.where,
      name: /^\s*(?:query|mutation)\s+(\w+)/m.exec(block.text)?.[1] ?? "(anonymous)",
      query: block.text,
      viewer: viewerOf(block),
    };
    for (const next of blocks.slice(i + 1)) {
      if (!isAttachment(next)) break;
      const value = JSON.parse(next.text) as unknown;
      if (next.meta === "variables") query.variables = value as Record<string, unknown>;
      else query.answer = value;
    }
    queries.push(query);
  });
  return queries;
}

/** A ```json variables or ```json answer block, which belongs to the graphql block before it. */
function isAttachment(block: CodeBlock): boolean {
  return block.lang === "json" && (block.meta === "variables" || block.meta === "answer");
}

/** The options of `npm run token`, which a page's comment line passes. */
const TOKEN_OPTIONS = {
  role: { type: "string" },
  pillar: { type: "string" },
  donor: { type: "string" },
  grant: { type: "string", multiple: true },
  sub: { type: "string" },
  ttl: { type: "string" },
} as const;

/** The viewer `npm run token -- <args>` would sign a token for (args as a shell would split these words). */
export function viewerFromTokenArgs(args: string): Viewer {
  const { values } = parseArgs({ args: args.trim().split(/\s+/), options: TOKEN_OPTIONS });
  return viewerSchema.parse({
    id: values.sub ?? `${(values.role ?? "someone").toLowerCase()}@docs`,
    role: values.role,
    pillar: values.pillar ?? null,
    donor: values.donor ?? null,
    grants: values.grant ?? [],
  });
}

function viewerOf(block: CodeBlock): Viewer {
  const args = /^#\s*npm run -s token -- (.+)$/m.exec(block.text)?.[1];
  return args === undefined ? PUBLIC_VIEWER : viewerFromTokenArgs(args);
}

/** Every `npm run <script>` in the pages' ```sh and ```bash blocks: script name → where it is shown. */
export function npmScripts(blocks: CodeBlock[]): Map<string, string> {
  const scripts = new Map<string, string>();
  for (const block of blocks) {
    if (block.lang !== "sh" && block.lang !== "bash") continue;
    for (const match of block.text.matchAll(/npm run (?:-s |--silent )?([\w:-]+)/g)) {
      if (match[1] !== undefined && !scripts.has(match[1])) scripts.set(match[1], block.where);
    }
  }
  return scripts;
}
