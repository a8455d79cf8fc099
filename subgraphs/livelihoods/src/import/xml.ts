import { XMLParser } from "fast-xml-parser";

/**
 * An element as fast-xml-parser gives it with the options below: attributes under `@<name>`, its text under
 * `#text`, every child element as a list (so that one and many read alike).
 */
export interface XmlNode {
  [name: string]: XmlNode[] | string | undefined;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  textNodeName: "#text",
  alwaysCreateTextNode: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

/** The children named `name`. */
export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  const value = node?.[name];
  return Array.isArray(value) ? value : [];
}

/** The first child named `name`. */
export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return children(node, name)[0];
}

/** An attribute, trimmed, or undefined when absent or empty. */
export function attr(node: XmlNode | undefined, name: string): string | undefined {
  const value = node?.[`@${name}`];
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** The element's own text, or undefined when empty. */
export function text(node: XmlNode | undefined): string | undefined {
  const value = node?.["#text"];
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/**
 * The text of an element's narratives in the language wanted: the `xml:lang` one, else one without a language
 * when the activity's default language is the one wanted, else the first.
 */
export function narrative(node: XmlNode | undefined, lang: string, defaultLang: string | undefined) {
  const list = children(node, "narrative").filter((n) => text(n) !== undefined);
  const of = (n: XmlNode) => attr(n, "xml:lang") ?? defaultLang;
  const found = list.find((n) => of(n) === lang) ?? list[0];
  return found ? text(found) : undefined;
}

/** One `iati-activity` with the line its tag starts on. */
export interface RawActivity {
  line: number;
  node: XmlNode;
}

/** The document's root attributes and its activities, in file order. */
export interface ActivitiesFile {
  version: string | undefined;
  generated: string | undefined;
  activities: RawActivity[];
}

/** Parses a document the schema has accepted. */
export function readActivities(xml: string): ActivitiesFile {
  const doc = parser.parse(xml) as XmlNode;
  const root = child(doc, "iati-activities");
  const nodes = children(root, "iati-activity");
  const lines = activityLines(xml);
  return {
    version: attr(root, "version"),
    generated: attr(root, "generated-datetime"),
    activities: nodes.map((node, i) => ({ line: lines[i] ?? 0, node })),
  };
}

/** The line of each `<iati-activity` tag, comments and CDATA sections skipped. */
function activityLines(xml: string): number[] {
  const lines: number[] = [];
  const pattern = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<iati-activity[\s>/]|\n/g;
  let line = 1;
  for (const match of xml.matchAll(pattern)) {
    const found = match[0];
    if (found === "\n") line++;
    else if (found.startsWith("<iati-activity")) lines.push(line);
    else line += found.split("\n").length - 1;
  }
  return lines;
}
