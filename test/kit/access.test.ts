import { createHash } from "node:crypto";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { execute, parse, type GraphQLSchema } from "graphql";
import type { Connection } from "mongoose";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedMongo, type EmbeddedMongo } from "../../packages/embedded-mongo/src/index.ts";
import {
  applyAccessRules,
  AuditLog,
  connectDatabase,
  hubKeys,
  rucCheckDigit,
  withAccessDirectives,
  type Viewer,
} from "../../packages/kit/src/index.ts";
import { TEST_KEYS, viewers } from "../support/viewers.ts";

const ruc = (firstTen: string) => `${firstTen}${rucCheckDigit(firstTen)}`;
const PERSON = ruc("1045678912");
const COMPANY = ruc("2045678912");
/** RUCs SUNAT also issues to natural persons (15, 17): masked as a person's (10) is. */
const OTHER_PERSONS = [ruc("1545678912"), ruc("1745678912")] as const;
const logger = pino({ level: "silent" });

let mongo: EmbeddedMongo;
let connection: Connection;
beforeAll(async () => {
  mongo = await startEmbeddedMongo();
  connection = await connectDatabase({ uri: mongo.uri, dbName: "access_test", logger });
});
afterAll(async () => {
  await connection?.close();
  await mongo?.stop();
});

/** A small subgraph written for these tests, with the directives every subgraph's SDL is read with. */
const sdl = (text: string) => parse(withAccessDirectives(text));

const HEADER = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])\n`;
const SCHEMA = `${HEADER}
type Query @access(read: "PUBLIC") {
  miner(ruc: ID! @ruc): Miner @access(read: "DETAIL")
  total: Int!
}
type Mutation @access(read: "EDITOR") {
  rename(ruc: ID! @ruc, name: String!): Miner
}
type Miner @key(fields: "ruc") @access(read: "DETAIL") {
  ruc: ID! @access(read: "PERSONAL", mask: "RUC")
  name: String! @access(read: "PERSONAL", mask: "HOLDER_NAME")
  guard: String @access(read: "PERSONAL")
  staffing: Int @access(read: "SENSITIVE")
}`;

let lookups = 0;
const resolvers = {
  Query: {
    miner: (_: unknown, { ruc }: { ruc: string }) => ({ ruc, name: "Juan Pérez Quispe" }),
    total: () => 7,
  },
  Mutation: { rename: (_: unknown, { ruc, name }: { ruc: string; name: string }) => ({ ruc, name }) },
  Miner: {
    __resolveReference: (reference: { ruc: string }) => {
      lookups++;
      return { ruc: reference.ruc, name: "Juan Pérez Quispe" };
    },
    guard: () => "Pedro Guardia",
    staffing: () => 12,
  },
};

function build(text: string, withResolvers: object = resolvers): GraphQLSchema {
  const schema = buildSubgraphSchema([{ typeDefs: sdl(text), resolvers: withResolvers as never }]);
  applyAccessRules(schema, {
    pillar: "formalization",
    pseudonyms: TEST_KEYS.pseudonyms,
    audit: new AuditLog(connection, logger, TEST_KEYS.auditKey),
    subjects: { Miner: (miner: { ruc: string }) => miner.ruc },
  });
  return schema;
}

async function run(
  schema: GraphQLSchema,
  query: string,
  viewer: Viewer,
  variables: Record<string, unknown> = {},
) {
  return execute({
    schema,
    document: parse(query),
    variableValues: variables,
    contextValue: { viewer, requestId: "test-request" },
  });
}

describe("the @access schema transform", () => {
  it("refuses to build a schema with a field that has no rule", () => {
    expect(() =>
      build(
        `${HEADER} type Query @access(read: "PUBLIC") { a: Int } type Thing { b: Int } extend type Query { thing: Thing }`,
      ),
    ).toThrow("Thing.b has no @access rule");
  });

  it("refuses a non-null field that would be denied to a viewer who sees its parent", () => {
    expect(() =>
      build(`${HEADER} type Query @access(read: "PUBLIC") { secret: Int! @access(read: "DETAIL") }`),
    ).toThrow(/Query.secret is non-null but denied to a public/);
  });

  it("refuses a field open to viewers its return type is closed to", () => {
    expect(() =>
      build(`${HEADER}
        type Query @access(read: "PUBLIC") { figures: Figures }
        type Figures @access(read: "PUBLIC") { money: Money }
        type Money @access(read: "PROGRAM") { value: Int }`),
    ).toThrow("Figures.money is open to a public but returns Money, which is closed to them");
  });

  it("refuses a mutation that is not EDITOR and an unknown level", () => {
    expect(() =>
      build(
        `${HEADER} type Query @access(read: "PUBLIC") { a: Int } type Mutation @access(read: "DETAIL") { b: Int }`,
      ),
    ).toThrow("Mutation.b: mutations are EDITOR");
    expect(() => build(`${HEADER} type Query @access(read: "OPEN") { a: Int }`)).toThrow(/is not one of/);
  });

  it("denies a detail root field to the public with null and FORBIDDEN, and answers its public siblings", async () => {
    const result = await run(build(SCHEMA), `{ total miner(ruc: "${PERSON}") { name } }`, viewers.public);
    expect(result.data).toEqual({ total: 7, miner: null });
    expect(result.errors?.map((e) => [e.path, e.extensions["code"]])).toEqual([[["miner"], "FORBIDDEN"]]);
  });

  it("masks a person's name and RUC for an analyst, and shows them to an analyst granted personal data", async () => {
    const schema = build(SCHEMA);
    const query = `query ($ruc: ID!) { miner(ruc: $ruc) { ruc name guard staffing } }`;
    // The analyst asks by the pseudonym it was shown: a person's raw RUC is not an argument it may pass.
    const masked = await run(schema, query, viewers.analyst, { ruc: TEST_KEYS.pseudonyms.mask(PERSON) });
    expect(masked.data?.["miner"]).toEqual({
      ruc: TEST_KEYS.pseudonyms.mask(PERSON),
      name: "J. P. Q.",
      guard: null,
      staffing: 12,
    });
    expect(masked.errors?.map((e) => e.path?.join("."))).toEqual(["miner.guard"]);
    const granted = await run(schema, query, viewers.analystWithPersonalData, { ruc: PERSON });
    expect(granted.data?.["miner"]).toEqual({
      ruc: PERSON,
      name: "Juan Pérez Quispe",
      guard: "Pedro Guardia",
      staffing: 12,
    });
  });

  it.each(OTHER_PERSONS)(
    "masks the RUC %s (prefix 15/17, also a person's) and its holder's name as it masks a RUC 10",
    async (other) => {
      const schema = build(SCHEMA);
      const query = `query ($ruc: ID!) { miner(ruc: $ruc) { ruc name } }`;
      const pseudonym = TEST_KEYS.pseudonyms.mask(other);
      expect(pseudonym).toMatch(/^psn_[A-Za-z0-9_-]+$/);
      expect(pseudonym).not.toContain(other.slice(2, 10));
      const masked = await run(schema, query, viewers.analyst, { ruc: pseudonym });
      expect(masked.errors).toBeUndefined();
      expect(masked.data?.["miner"]).toEqual({ ruc: pseudonym, name: "J. P. Q." });
      expect(JSON.stringify(masked)).not.toContain(other);
      const granted = await run(schema, query, viewers.analystWithPersonalData, { ruc: pseudonym });
      expect(granted.data?.["miner"]).toEqual({ ruc: other, name: "Juan Pérez Quispe" });
      const raw = await run(schema, query, viewers.analyst, { ruc: other });
      expect(raw.data).toEqual({ miner: null });
      expect(raw.errors?.map((e) => e.extensions)).toEqual([{ code: "BAD_USER_INPUT", field: "ruc" }]);
    },
  );

  it("refuses a person's raw RUC in an analyst's @ruc argument, and takes its pseudonym or a company's RUC", async () => {
    const schema = build(SCHEMA);
    const query = `query ($ruc: ID!) { miner(ruc: $ruc) { ruc } }`;
    const refused = await run(schema, query, viewers.analyst, { ruc: PERSON });
    expect(refused.data).toEqual({ miner: null });
    expect(refused.errors?.map((e) => [e.path, e.extensions])).toEqual([
      [["miner"], { code: "BAD_USER_INPUT", field: "ruc" }],
    ]);
    expect(refused.errors?.[0]?.message).toMatch(/pseudonym/);
    expect(JSON.stringify(refused)).not.toContain(PERSON);
    const pseudonym = TEST_KEYS.pseudonyms.mask(PERSON);
    expect((await run(schema, query, viewers.analyst, { ruc: pseudonym })).data).toEqual({
      miner: { ruc: pseudonym },
    });
    expect((await run(schema, query, viewers.analyst, { ruc: COMPANY })).data).toEqual({
      miner: { ruc: COMPANY },
    });
  });

  it("lets agency editors of any pillar and granted analysts pass a person's raw RUC, masking it back as their role says", async () => {
    const schema = build(SCHEMA);
    const query = `query ($ruc: ID!) { miner(ruc: $ruc) { ruc } }`;
    const other = await run(schema, query, viewers.editor("recovery"), { ruc: PERSON });
    expect(other.errors).toBeUndefined();
    expect(other.data).toEqual({ miner: { ruc: TEST_KEYS.pseudonyms.mask(PERSON) } });
    for (const viewer of [viewers.editor("formalization"), viewers.analystWithPersonalData, viewers.admin]) {
      const result = await run(schema, query, viewer, { ruc: PERSON });
      expect(result.errors, viewer.id).toBeUndefined();
      expect(result.data, viewer.id).toEqual({ miner: { ruc: PERSON } });
    }
  });

  it("leaves a company's RUC and name visible under the masks", async () => {
    const result = await run(build(SCHEMA), `{ miner(ruc: "${COMPANY}") { ruc name } }`, viewers.analyst);
    expect(result.data?.["miner"]).toEqual({ ruc: COMPANY, name: "Juan Pérez Quispe" });
  });

  it("keeps sensitive fields from editors of other pillars but not from this pillar's", async () => {
    const schema = build(SCHEMA);
    const other = await run(schema, `{ miner(ruc: "${COMPANY}") { staffing } }`, viewers.editor("recovery"));
    expect(other.data?.["miner"]).toEqual({ staffing: null });
    const own = await run(
      schema,
      `{ miner(ruc: "${PERSON}") { ruc staffing } }`,
      viewers.editor("formalization"),
    );
    expect(own.data?.["miner"]).toEqual({ ruc: PERSON, staffing: 12 });
  });

  it("accepts the pseudonym wherever @ruc marks an argument, and refuses a forged one", async () => {
    const schema = build(SCHEMA);
    const pseudonym = TEST_KEYS.pseudonyms.mask(PERSON);
    const result = await run(
      schema,
      `{ miner(ruc: "${pseudonym}") { ruc } }`,
      viewers.analystWithPersonalData,
    );
    expect(result.data?.["miner"]).toEqual({ ruc: PERSON });
    const forged = await run(schema, `{ miner(ruc: "psn_${"A".repeat(52)}") { ruc } }`, viewers.analyst);
    expect(forged.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "ruc" });
  });

  it("gates entity resolution by the type's rule before any lookup, and decodes pseudonyms in representations", async () => {
    const schema = build(SCHEMA);
    const query = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Miner { ruc name } } }`;
    const representations = [{ __typename: "Miner", ruc: TEST_KEYS.pseudonyms.mask(PERSON) }];
    lookups = 0;
    const denied = await run(schema, query, viewers.donor("XM-DAC-1"), { r: representations });
    expect(denied.data).toEqual({ _entities: [null] });
    expect(denied.errors?.[0]?.extensions["code"]).toBe("FORBIDDEN");
    expect(lookups).toBe(0);
    const allowed = await run(schema, query, viewers.admin, { r: representations });
    expect(allowed.data).toEqual({ _entities: [{ ruc: PERSON, name: "Juan Pérez Quispe" }] });
    expect(lookups).toBe(1);
  });

  // Representations come only from the gateway, built from what a subgraph showed this viewer: they may carry a
  // raw RUC (another pillar's editor sees its own pillar's RUCs raw), unlike an analyst's arguments.
  it("resolves an analyst's representation carrying a person's raw RUC, masking it again in the answer", async () => {
    const schema = build(SCHEMA);
    const query = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Miner { ruc name } } }`;
    const result = await run(schema, query, viewers.analyst, { r: [{ __typename: "Miner", ruc: PERSON }] });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      _entities: [{ ruc: TEST_KEYS.pseudonyms.mask(PERSON), name: "J. P. Q." }],
    });
  });

  it("lets only this pillar's editors and admins mutate, and audits every attempt without its input", async () => {
    const schema = build(SCHEMA);
    const audit = connection.collection("audit");
    await audit.deleteMany({});
    const mutation = `mutation { rename(ruc: "${PERSON}", name: "Distinctive Name") { ruc } }`;
    const refused = await run(schema, mutation, viewers.editor("eradication"));
    expect(refused.errors?.[0]?.extensions["code"]).toBe("FORBIDDEN");
    const done = await run(schema, mutation, viewers.editor("formalization"));
    expect(done.data).toEqual({ rename: { ruc: PERSON } });
    const entries = await audit.find({}, { sort: { at: 1 } }).toArray();
    expect(entries.map((e) => [e["viewer"].id, e["viewer"].role, e["operation"], e["outcome"]])).toEqual([
      ["eradication-editor@test", "AGENCY_EDITOR", "rename", "FORBIDDEN"],
      ["formalization-editor@test", "AGENCY_EDITOR", "rename", "OK"],
    ]);
    expect(entries[0]?.["inputDigest"]).toMatch(/^[0-9a-f]{64}$/);
    expect(entries[0]?.["inputDigest"]).toBe(entries[1]?.["inputDigest"]);
    expect(JSON.stringify(entries)).not.toContain("Distinctive Name");
    expect(JSON.stringify(entries)).not.toContain(PERSON);
  });

  it("digests a mutation's input after decoding pseudonyms: a RUC and its pseudonym give the same digest", async () => {
    const schema = build(SCHEMA);
    const audit = connection.collection("audit");
    await audit.deleteMany({});
    const mutation = `mutation ($ruc: ID!) { rename(ruc: $ruc, name: "Distinctive Name") { ruc } }`;
    const editor = viewers.editor("formalization");
    for (const value of [PERSON, TEST_KEYS.pseudonyms.mask(PERSON)]) {
      const result = await run(schema, mutation, editor, { ruc: value });
      expect(result.data).toEqual({ rename: { ruc: PERSON } });
    }
    const other = await run(schema, mutation, editor, { ruc: COMPANY });
    expect(other.errors).toBeUndefined();
    const digests = (await audit.find({}, { sort: { at: 1 } }).toArray()).map((e) => e["inputDigest"]);
    expect(digests).toHaveLength(3);
    for (const digest of digests) expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(digests[1]).toBe(digests[0]);
    expect(digests[2]).not.toBe(digests[0]);
  });

  it("keys the digest with the hub's secret: the same input under another key gives another digest", async () => {
    const audit = connection.collection("audit");
    await audit.deleteMany({});
    const entry = {
      viewer: viewers.admin,
      requestId: "test-request",
      operation: "rename",
      args: { ruc: PERSON, name: "Distinctive Name", idempotencyKey: "key-digest-keyed" },
      outcome: "OK",
    };
    await new AuditLog(connection, logger, TEST_KEYS.auditKey).record(entry);
    await new AuditLog(connection, logger, TEST_KEYS.auditKey).record(entry);
    await new AuditLog(
      connection,
      logger,
      hubKeys("another hub's secret, 32 characters or more").auditKey,
    ).record(entry);
    const digests = (await audit.find({}, { sort: { at: 1 } }).toArray()).map((e) => e["inputDigest"]);
    expect(digests).toHaveLength(3);
    expect(digests[1]).toBe(digests[0]);
    expect(digests[2]).not.toBe(digests[0]);
    // Not a bare hash of the input, which anyone holding the log could recompute for a guessed input.
    const bare = createHash("sha256")
      .update(JSON.stringify({ name: "Distinctive Name", ruc: PERSON }))
      .digest("hex");
    expect(digests).not.toContain(bare);
  });
});
