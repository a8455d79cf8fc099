import { describe, expect, it } from "vitest";
import { VersionStore } from "../../packages/embedded-mongo/src/engine/version-store.ts";

describe("the version store", () => {
  it("keeps nothing while no reader is open", () => {
    const versions = new VersionStore();
    expect(versions.active).toBe(false);
    const reader = {};
    versions.open(reader);
    expect(versions.active).toBe(true);
    versions.close(reader);
    expect(versions.active).toBe(false);
    expect(versions.size).toBe(0);
  });

  it("shows each reader the version as of its start, and prunes what no open reader needs", () => {
    const versions = new VersionStore();
    const early = {};
    versions.open(early);
    const v1 = { _id: 1, v: 1 };
    const v2 = { _id: 1, v: 2 };
    const v3 = { _id: 1, v: 3 };
    versions.before("db.c", "n1", v1); // v1 → v2
    const late = {};
    const lateSince = versions.open(late);
    versions.before("db.c", "n1", v2); // v2 → v3
    versions.before("db.c", "n2", undefined); // an insert

    expect(versions.visible("db.c", "n1", v3, 0)).toBe(v1);
    expect(versions.visible("db.c", "n1", v3, lateSince)).toBe(v2);
    expect(versions.visible("db.c", "n2", { _id: 2 }, lateSince)).toBeUndefined();
    expect(versions.changedSince("db.c", "n1", lateSince)).toBe(true);
    expect([...versions.changedIds("db.c", lateSince)]).toEqual(["n1", "n2"]);

    versions.close(early);
    // Only the changes after the late reader's start remain: n1's v2 and n2's absence.
    expect(versions.size).toBe(2);
    expect(versions.visible("db.c", "n1", v3, lateSince)).toBe(v2);
    versions.close(late);
    expect(versions.size).toBe(0);
    expect(versions.visible("db.c", "n1", v3, lateSince)).toBe(v3);
  });

  it("stamps every change made in atOnce with one time, after which a new reader sees them all", () => {
    const versions = new VersionStore();
    const reader = {};
    const since = versions.open(reader);
    versions.atOnce(() => {
      versions.before("db.a", "x", { _id: "x", v: 0 });
      versions.before("db.b", "y", undefined);
    });
    expect(versions.now).toBe(since + 1);
    const after = {};
    const afterSince = versions.open(after);
    expect(versions.changedSince("db.a", "x", afterSince)).toBe(false);
    expect(versions.changedSince("db.a", "x", since)).toBe(true);
    expect(versions.changedSince("db.b", "y", since)).toBe(true);
  });
});
