import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { composeSupergraph } from "../../schema/compose.ts";
import {
  API_SCHEMA_FILE,
  checkSchema,
  explainSchemaCheck,
  readAcknowledgedChanges,
} from "../../schema/schema-check.ts";

describe("the schema check", () => {
  it("finds no unacknowledged breaking change between the committed API schema and the subgraphs' SDL", () => {
    const { apiSdl } = composeSupergraph();
    expect(apiSdl).toBeDefined();
    const check = checkSchema(
      readFileSync(API_SCHEMA_FILE, "utf8"),
      apiSdl ?? "",
      readAcknowledgedChanges().pending,
    );
    // The message is the instruction: it lists each change and what to do about it.
    expect(check.ok, explainSchemaCheck(check)).toBe(true);
  });

  const before = `
    type Query {
      operator(ruc: ID!): Operator
      status: Status
    }
    type Operator {
      ruc: ID!
      name: String
    }
    enum Status {
      ACTIVE
      SUSPENDED
    }
  `;
  const removed = before.replace("name: String", "");
  const removal = { type: "FIELD_REMOVED", description: "Operator.name was removed." };

  it("fails on a removed field, naming it and saying how to acknowledge it", () => {
    const check = checkSchema(before, removed, []);
    expect(check.ok).toBe(false);
    expect(check.unacknowledged.map((c) => ({ type: c.type, description: c.description }))).toEqual([
      removal,
    ]);
    const message = explainSchemaCheck(check);
    expect(message).toContain("FIELD_REMOVED: Operator.name was removed.");
    expect(message).toContain("@deprecated");
    expect(message).toContain("schema/acknowledged-changes.json");
    expect(message).toContain('"type":"FIELD_REMOVED","description":"Operator.name was removed."');
    expect(message).toContain("npm run compose");
  });

  it("fails on a required argument added and on a changed type", () => {
    const changed = before
      .replace("operator(ruc: ID!)", "operator(ruc: ID!, year: Int!)")
      .replace("name: String", "name: Int");
    const check = checkSchema(before, changed, []);
    expect(check.unacknowledged.map((c) => c.type).sort()).toEqual([
      "FIELD_CHANGED_KIND",
      "REQUIRED_ARG_ADDED",
    ]);
  });

  it("passes a breaking change acknowledged with a reason", () => {
    const check = checkSchema(before, removed, [
      { ...removal, reason: "Deprecated for two releases; use Operator.legalName.", date: "2025-06-01" },
    ]);
    expect(check).toMatchObject({ ok: true, unacknowledged: [], stale: [] });
    expect(check.breaking).toHaveLength(1);
  });

  it("fails on a stale acknowledgement that names no current change", () => {
    const check = checkSchema(before, before, [
      { ...removal, reason: "No longer needed by anyone.", date: "2025-06-01" },
    ]);
    expect(check.ok).toBe(false);
    expect(check.stale).toHaveLength(1);
    expect(explainSchemaCheck(check)).toContain("name no current breaking change");
  });

  it("lets deprecations and additions through, and reports a new enum value as dangerous only", () => {
    const evolved = before
      .replace("name: String", 'name: String @deprecated(reason: "Use legalName.")\n legalName: String')
      .replace("SUSPENDED", "SUSPENDED\n CANCELLED");
    const check = checkSchema(before, evolved, []);
    expect(check).toMatchObject({ ok: true, breaking: [] });
    expect(check.dangerous.map((c) => c.type)).toEqual(["VALUE_ADDED_TO_ENUM"]);
  });
});

describe("schema/acknowledged-changes.json", () => {
  it("is valid: every entry has a type, the change's description, a reason and a date", () => {
    const file = readAcknowledgedChanges();
    for (const entry of [...file.pending, ...file.landed]) {
      expect(entry.reason.length).toBeGreaterThanOrEqual(10);
    }
  });
});
