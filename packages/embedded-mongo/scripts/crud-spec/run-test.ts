import {
  MongoBulkWriteError,
  MongoClient,
  MongoClientBulkWriteError,
  MongoServerError,
  type CommandFailedEvent,
  type CommandStartedEvent,
  type CommandSucceededEvent,
  type Document,
} from "mongodb";
import { DRIVER_DEVIATIONS } from "./driver-deviations.ts";
import { match } from "./match.ts";
import { bulkResult, runOperation, UnsupportedOperation, type Entities } from "./operations.ts";
import type { RunOnRequirement } from "./requirements.ts";

/** One operation of a unified-format test. */
interface Operation {
  object: string;
  name: string;
  arguments?: Record<string, unknown>;
  expectResult?: unknown;
  expectError?: ExpectedError;
  saveResultAsEntity?: string;
}

interface ExpectedError {
  isError?: boolean;
  isClientError?: boolean;
  errorContains?: string;
  errorCode?: number;
  errorCodeName?: string;
  errorLabelsContain?: string[];
  errorLabelsOmit?: string[];
  errorResponse?: Document;
  expectResult?: unknown;
  writeErrors?: Record<string, Document>;
  writeConcernErrors?: Document[];
}

interface CollectionData {
  collectionName: string;
  databaseName: string;
  documents: Document[];
  createOptions?: Document;
}

interface ExpectedEvents {
  client: string;
  eventType?: string;
  events: Document[];
  ignoreExtraEvents?: boolean;
}

/** One test of a unified-format file. */
export interface UnifiedTest {
  description: string;
  runOnRequirements?: RunOnRequirement[];
  skipReason?: string;
  operations: Operation[];
  expectEvents?: ExpectedEvents[];
  outcome?: CollectionData[];
}

/** One unified-format file (the parts the CRUD tests use). */
export interface UnifiedFile {
  description: string;
  runOnRequirements?: RunOnRequirement[];
  createEntities?: Document[];
  initialData?: CollectionData[];
  tests: UnifiedTest[];
}

/** A test the runner does not run against this server, and why. */
export class SkippedTest extends Error {}

/** Commands the unified format never reports as events (the handshake and authentication). */
const UNOBSERVED = new Set(["hello", "ismaster", "isMaster", "saslStart", "saslContinue", "authenticate"]);

type ObservedEvent = {
  kind: string;
  event: CommandStartedEvent | CommandSucceededEvent | CommandFailedEvent;
};

/** The test's MongoClients and what each observed. */
interface Clients {
  entities: Entities;
  events: Map<string, ObservedEvent[]>;
}

async function createEntities(uri: string, file: UnifiedFile): Promise<Clients> {
  const entities: Entities = {
    clients: new Map(),
    databases: new Map(),
    collections: new Map(),
    sessions: new Map(),
  };
  const events = new Map<string, ObservedEvent[]>();
  for (const definition of file.createEntities ?? []) {
    const [kind, spec] = Object.entries(definition)[0] as [string, Document];
    switch (kind) {
      case "client": {
        const observe = new Set((spec.observeEvents as string[] | undefined) ?? []);
        const ignore = new Set((spec.ignoreCommandMonitoringEvents as string[] | undefined) ?? []);
        const client = new MongoClient(uri, {
          ...((spec.uriOptions as Document | undefined) ?? {}),
          monitorCommands: observe.size > 0,
        });
        const log: ObservedEvent[] = [];
        for (const type of ["commandStarted", "commandSucceeded", "commandFailed"] as const) {
          if (!observe.has(`${type}Event`)) continue;
          client.on(type, (event: ObservedEvent["event"]) => {
            if (UNOBSERVED.has(event.commandName) || ignore.has(event.commandName)) return;
            log.push({ kind: `${type}Event`, event });
          });
        }
        await client.connect();
        entities.clients.set(spec.id as string, client);
        events.set(spec.id as string, log);
        break;
      }
      case "database": {
        const client = entities.clients.get(spec.client as string) as MongoClient;
        entities.databases.set(
          spec.id as string,
          client.db(spec.databaseName as string, spec.databaseOptions as Document | undefined),
        );
        break;
      }
      case "collection": {
        const db = entities.databases.get(spec.database as string);
        if (!db) throw new SkippedTest(`no database entity ${String(spec.database)}`);
        entities.collections.set(
          spec.id as string,
          db.collection(spec.collectionName as string, spec.collectionOptions as Document | undefined),
        );
        break;
      }
      case "session": {
        const client = entities.clients.get(spec.client as string) as MongoClient;
        entities.sessions.set(
          spec.id as string,
          client.startSession(spec.sessionOptions as Document | undefined),
        );
        break;
      }
      default:
        throw new SkippedTest(`the runner does not create ${kind} entities`);
    }
  }
  return { entities, events };
}

async function close(clients: Clients): Promise<void> {
  for (const session of clients.entities.sessions.values()) await session.endSession().catch(() => undefined);
  for (const client of clients.entities.clients.values()) await client.close().catch(() => undefined);
}

/** Seeds the test's collections (dropped first, created with their options, filled with `w: majority`). */
async function seed(internal: MongoClient, data: CollectionData[] | undefined): Promise<void> {
  for (const { collectionName, databaseName, documents, createOptions } of data ?? []) {
    const db = internal.db(databaseName);
    await db.dropCollection(collectionName).catch(() => undefined);
    await db.createCollection(collectionName, { ...createOptions, writeConcern: { w: "majority" } });
    if (documents.length > 0) {
      await db.collection(collectionName).insertMany(documents, { writeConcern: { w: "majority" } });
    }
  }
}

/** Every server error a driver error carries: itself, or a bulk write's write errors. */
function serverErrors(error: unknown): Document[] {
  const found: Document[] = [];
  if (error instanceof MongoBulkWriteError) {
    for (const writeError of error.writeErrors as unknown as Document[]) {
      found.push({
        code: writeError.code,
        codeName: writeError.errInfo?.codeName,
        errmsg: writeError.errmsg,
      });
    }
  }
  if (error instanceof MongoClientBulkWriteError) {
    for (const writeError of error.writeErrors.values()) {
      found.push({ code: writeError.code, errmsg: writeError.message });
    }
  }
  if (error instanceof MongoServerError) {
    found.push({ code: error.code, codeName: error.codeName, errmsg: error.message });
  }
  return found;
}

const CODE_NAMES: Record<string, number> = {
  DuplicateKey: 11000,
  BadValue: 2,
  FailedToParse: 9,
  TypeMismatch: 14,
  ImmutableField: 66,
  InvalidOptions: 72,
  DollarPrefixedFieldName: 52,
  DocumentValidationFailure: 121,
  NotImplemented: 238,
};

function checkError(expected: ExpectedError, error: unknown): string | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const fromServer = error instanceof MongoServerError || error instanceof MongoClientBulkWriteError;
  if (expected.isClientError !== undefined && expected.isClientError === fromServer) {
    return `expected a ${expected.isClientError ? "client" : "server"} error, got ${message}`;
  }
  const servers = serverErrors(error);
  if (expected.errorContains !== undefined) {
    const needle = expected.errorContains.toLowerCase();
    const texts = [message, ...servers.map((e) => String(e.errmsg))];
    if (!texts.some((text) => text.toLowerCase().includes(needle))) {
      return `expected an error containing "${expected.errorContains}", got ${texts.join(" | ")}`;
    }
  }
  if (expected.errorCode !== undefined && !servers.some((e) => e.code === expected.errorCode)) {
    return `expected error code ${expected.errorCode}, got ${servers.map((e) => e.code).join(",") || message}`;
  }
  if (expected.errorCodeName !== undefined) {
    const name = expected.errorCodeName.toLowerCase();
    const ok = servers.some(
      (e) =>
        String(e.codeName ?? "").toLowerCase() === name ||
        (e.codeName === undefined && CODE_NAMES[expected.errorCodeName as string] === e.code),
    );
    if (!ok) return `expected error ${expected.errorCodeName}, got ${JSON.stringify(servers) || message}`;
  }
  for (const label of expected.errorLabelsContain ?? []) {
    if (!(error instanceof MongoServerError && error.hasErrorLabel(label)))
      return `expected error label ${label}`;
  }
  for (const label of expected.errorLabelsOmit ?? []) {
    if (error instanceof MongoServerError && error.hasErrorLabel(label))
      return `unexpected error label ${label}`;
  }
  if (expected.errorResponse !== undefined) {
    const response = error instanceof MongoServerError ? error.errorResponse : undefined;
    const failure = match(expected.errorResponse, response, "root", "errorResponse");
    if (failure) return failure;
  }
  if (expected.expectResult !== undefined) {
    const partial =
      error instanceof MongoBulkWriteError
        ? bulkResult(error.result)
        : error instanceof MongoClientBulkWriteError
          ? error.partialResult
          : undefined;
    const failure = match(expected.expectResult, partial, "root", "partial result");
    if (failure) return failure;
  }
  if (expected.writeErrors !== undefined) {
    if (!(error instanceof MongoClientBulkWriteError)) return `expected write errors, got ${message}`;
    const actual = Object.fromEntries(
      [...error.writeErrors.entries()].map(([k, v]) => [String(k), { ...v }]),
    );
    const failure = match(expected.writeErrors, actual, "nested", "writeErrors");
    if (failure) return failure;
  }
  return undefined;
}

function eventDocument(observed: ObservedEvent): Document {
  const { event } = observed;
  const doc: Document = { commandName: event.commandName, databaseName: event.databaseName };
  if ("command" in event) doc.command = event.command;
  if ("reply" in event) doc.reply = event.reply;
  return doc;
}

function checkEvents(expected: ExpectedEvents[], clients: Clients): string | undefined {
  for (const { client, eventType, events, ignoreExtraEvents } of expected) {
    if (eventType !== undefined && eventType !== "command") {
      throw new SkippedTest(`the runner does not observe ${eventType} events`);
    }
    const actual = clients.events.get(client) ?? [];
    if (ignoreExtraEvents ? actual.length < events.length : actual.length !== events.length) {
      const names = actual.map((e) => `${e.kind}(${e.event.commandName})`).join(", ");
      return `${client}: expected ${events.length} event(s), got ${actual.length}: ${names}`;
    }
    for (let i = 0; i < events.length; i++) {
      const [kind, spec] = Object.entries(events[i] as Document)[0] as [string, Document];
      const observed = actual[i] as ObservedEvent;
      if (observed.kind !== kind) return `event ${i}: expected ${kind}, got ${observed.kind}`;
      const document = eventDocument(observed);
      for (const [key, value] of Object.entries(spec)) {
        if (key === "hasServiceId" || key === "hasServerConnectionId") continue;
        const failure = match(value, document[key], "root", `event ${i} ${kind}.${key}`);
        if (failure) return failure;
      }
    }
  }
  return undefined;
}

async function checkOutcome(internal: MongoClient, outcome: CollectionData[]): Promise<string | undefined> {
  for (const { collectionName, databaseName, documents } of outcome) {
    const actual = await internal
      .db(databaseName)
      .collection(collectionName)
      .find({}, { sort: { _id: 1 }, readConcern: { level: "local" } })
      .toArray();
    const failure = match(documents, actual, "nested", `outcome ${collectionName}`);
    if (failure) return failure;
  }
  return undefined;
}

/**
 * Runs one test: fresh entities, the file's initial data, each operation with its expected result or error,
 * then the expected command events and the collections' contents. Returns undefined when it passes, otherwise
 * the first difference; throws {@link SkippedTest} for what the runner does not do.
 */
export async function runTest(
  uri: string,
  internal: MongoClient,
  file: UnifiedFile,
  test: UnifiedTest,
): Promise<string | undefined> {
  const deviation = DRIVER_DEVIATIONS.get(test.description);
  if (deviation) throw new SkippedTest(deviation);
  for (const operation of test.operations) {
    if (operation.object === "testRunner") {
      throw new SkippedTest(
        `needs the test runner's ${operation.name} (configureFailPoint, a test-only command)`,
      );
    }
  }
  await seed(internal, file.initialData);
  const clients = await createEntities(uri, file);
  try {
    for (const [i, operation] of test.operations.entries()) {
      let result: unknown;
      let error: unknown;
      try {
        result = await runOperation(
          operation.object,
          operation.name,
          operation.arguments ?? {},
          clients.entities,
        );
      } catch (caught) {
        if (caught instanceof UnsupportedOperation)
          throw new SkippedTest(`the runner does not do ${caught.message}`);
        error = caught;
      }
      const where = `operation ${i} (${operation.name})`;
      if (operation.expectError) {
        if (error === undefined) return `${where}: expected an error, got ${JSON.stringify(result)}`;
        const failure = checkError(operation.expectError, error);
        if (failure) return `${where}: ${failure}`;
        continue;
      }
      if (error !== undefined) return `${where}: ${error instanceof Error ? error.message : String(error)}`;
      if (operation.expectResult !== undefined) {
        const level = Array.isArray(result) && operation.name !== "distinct" ? "rootArray" : "root";
        const failure = match(operation.expectResult, result, level, "result");
        if (failure) return `${where}: ${failure}`;
      }
    }
    if (test.expectEvents) {
      const failure = checkEvents(test.expectEvents, clients);
      if (failure) return `events: ${failure}`;
    }
    if (test.outcome) return await checkOutcome(internal, test.outcome);
    return undefined;
  } finally {
    await close(clients);
  }
}
