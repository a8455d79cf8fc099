import { expect } from "vitest";
import type { Viewer } from "../../packages/kit/src/index.ts";
import {
  auditEntries as entriesOf,
  domainDigest as digestDatabase,
  type AuditEntry,
} from "../support/database.ts";
import { viewers } from "../support/viewers.ts";
import { CHANGE, REGISTER, registration, validRuc } from "./fixtures.ts";
import type { Harness } from "./harness.ts";

/** The two kinds of REINFO holder the masks tell apart, each with one record registered by `seedSubject`. */
export interface Subject {
  kind: "person" | "company";
  code: string;
  ruc: string;
  minerName: string;
  legalRepresentative: string;
  /** The holder's name and the representative's as a viewer without the personal-data grant sees them. */
  maskedMinerName: string;
  maskedRepresentative: string;
}

/** A natural person (RUC 10, whose digits 3–10 are the DNI 46464646) who registered an *apoderada*. */
export const PERSON: Subject = {
  kind: "person",
  code: "REINFO-P0001",
  ruc: validRuc("1046464646"),
  minerName: "QUISPE MAMANI JUAN CARLOS",
  legalRepresentative: "HUAMAN CONDORI ROSA",
  maskedMinerName: "Q. M. J. C.",
  maskedRepresentative: "H. C. R.",
};

/** A company (RUC 20): its business name is public at SUNAT, its legal representative is a person. */
export const COMPANY: Subject = {
  kind: "company",
  code: "REINFO-C0001",
  ruc: validRuc("2060606060"),
  minerName: "MINERA AURIFERA SANTA ROSA S.A.C.",
  legalRepresentative: "TICONA APAZA PEDRO",
  maskedMinerName: "MINERA AURIFERA SANTA ROSA S.A.C.",
  maskedRepresentative: "T. A. P.",
};

/** Registers a subject's record (as an admin) in Inambari, Madre de Dios. */
export async function seedSubject(h: Harness, subject: Subject): Promise<void> {
  const result = await h.run(REGISTER, {
    input: registration({
      code: subject.code,
      ruc: subject.ruc,
      minerName: subject.minerName,
      legalRepresentative: subject.legalRepresentative,
    }),
    key: `key-seed-${subject.code}`,
  });
  expect(result.errors).toBeUndefined();
}

/** Registers a record as an admin, optionally moving it to `status` afterwards; fails the test on any error. */
export async function seedRecord(
  h: Harness,
  code: string,
  overrides: Record<string, unknown> = {},
  status?: "SUSPENDED" | "EXCLUDED" | "FORMALIZED",
): Promise<void> {
  const registered = await h.run(REGISTER, {
    input: registration({ code, ...overrides }),
    key: `key-seed-${code}`,
  });
  expect(registered.errors).toBeUndefined();
  if (!status) return;
  const changed = await h.run(CHANGE, {
    input: { code, status, reason: `Seeded as ${status}`, legalBasis: "DS 012-2025-EM" },
    key: `key-seed-${status}-${code}`,
  });
  expect(changed.errors).toBeUndefined();
}

/** Every viewer a mutation must refuse in the formalization subgraph, by a name for test titles. */
export const REFUSED_WRITERS: readonly (readonly [string, Viewer])[] = [
  ["the public", viewers.public],
  ["a donor", viewers.donor("XM-DAC-41114")],
  ["an analyst", viewers.analyst],
  ["an analyst with the personal-data grant", viewers.analystWithPersonalData],
  ["an eradication editor", viewers.editor("eradication")],
];

/** Every viewer a mutation must accept in the formalization subgraph. */
export const ALLOWED_WRITERS: readonly (readonly [string, Viewer])[] = [
  ["a formalization editor", viewers.editor("formalization")],
  ["an admin", viewers.admin],
];

/** Every document of the subgraph's database but the audit log, digested: equal digests, unchanged data. */
export const domainDigest = (h: Harness): Promise<string> => digestDatabase(h.connection);

export type { AuditEntry };

/** The audit entries recorded under an idempotency key (each attempt in these tests uses a key of its own). */
export const auditEntries = (h: Harness, idempotencyKey: string): Promise<AuditEntry[]> =>
  entriesOf(h.connection, { idempotencyKey });
