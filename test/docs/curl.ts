import type { CodeBlock } from "./blocks.ts";

/** A `curl` command a page shows, as the request it sends. */
export interface CurlRequest {
  where: string;
  url: string;
  method: "GET" | "POST";
  /** Header values as written; `$TOKEN` still to be replaced. */
  headers: Record<string, string>;
  body?: string;
  /** The `npm run -s token -- …` arguments of the `TOKEN=$(…)` line before it in the same block, if any. */
  tokenArgs?: string;
}

/**
 * The `curl` commands of a ```sh block, with the `-H` headers, the `-d` body and the URL. Lines continued with a
 * backslash are joined; a `TOKEN=$(npm run -s token -- …)` line names the token later lines send as `$TOKEN`.
 */
export function curlRequests(block: CodeBlock): CurlRequest[] {
  const requests: CurlRequest[] = [];
  let tokenArgs: string | undefined;
  for (const line of block.text.replace(/\\\n\s*/g, " ").split("\n")) {
    tokenArgs = /^TOKEN=\$\(npm run -s token -- ([^)]*)\)/.exec(line)?.[1] ?? tokenArgs;
    const start = line.search(/(^|\s)curl\s/);
    if (start < 0) continue;
    const words = shellWords(line.slice(start).trim()).slice(1);
    const request: CurlRequest = { where: block.where, url: "", method: "GET", headers: {} };
    for (let i = 0; i < words.length; i++) {
      const word = words[i] ?? "";
      if (word === "-H") {
        const [name = "", ...value] = (words[++i] ?? "").split(":");
        request.headers[name.trim().toLowerCase()] = value.join(":").trim();
      } else if (word === "-d") {
        request.body = words[++i] ?? "";
        request.method = "POST";
      } else if (/^https?:\/\//.test(word)) {
        request.url = word;
      } else if (!/^-[sOJ]+$/.test(word)) {
        throw new Error(`${block.where}: curl option ${word} is not understood by the docs test`);
      }
    }
    if (tokenArgs !== undefined) request.tokenArgs = tokenArgs;
    requests.push(request);
  }
  return requests;
}

/**
 * Splits a command line as a POSIX shell would, for the quoting the docs use: '…' is literal, "…" keeps `$NAME`
 * for the caller and unescapes `\"`, `\\` and `\$`; an unquoted word starting with `#` ends the line.
 */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] ?? "";
    if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === "#" && word === undefined) {
      break;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      word = (word ?? "") + line.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      word ??= "";
      for (i++; i < line.length && line[i] !== '"'; i++) {
        if (line[i] === "\\" && /["\\$]/.test(line[i + 1] ?? "")) i++;
        word += line[i];
      }
    } else if (c === "\\") {
      word = (word ?? "") + (line[++i] ?? "");
    } else {
      word = (word ?? "") + c;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}
