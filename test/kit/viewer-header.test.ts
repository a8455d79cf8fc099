import { afterEach, describe, expect, it, vi } from "vitest";
import { InvalidViewerHeader, ViewerSigner } from "../../packages/kit/src/index.ts";
import { viewers } from "../support/viewers.ts";

const SECRET = "a-test-secret-that-is-at-least-32-chars";

describe("the signed viewer header", () => {
  const signer = new ViewerSigner(SECRET);
  afterEach(() => void vi.useRealTimers());

  it("carries the viewer from the gateway to a subgraph", async () => {
    const header = await signer.sign(viewers.editor("recovery"));
    await expect(new ViewerSigner(SECRET).verify(header)).resolves.toEqual(viewers.editor("recovery"));
  });

  it("is refused when absent, signed with another secret, tampered with or expired", async () => {
    await expect(signer.verify(undefined)).rejects.toThrow(InvalidViewerHeader);
    const forged = await new ViewerSigner("another-secret-that-is-at-least-32-chars").sign(viewers.admin);
    await expect(signer.verify(forged)).rejects.toThrow("invalid viewer signature");
    const genuine = await signer.sign(viewers.analyst);
    const [head, body, signature] = genuine.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(body, "base64url").toString()) as { viewer: { role: string } };
    claims.viewer.role = "ADMIN";
    const tampered = `${head}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${signature}`;
    await expect(signer.verify(tampered)).rejects.toThrow("invalid viewer signature");
    const expired = await new ViewerSigner(SECRET, -1).sign(viewers.admin);
    await expect(signer.verify(expired)).rejects.toThrow("expired viewer signature");
  });

  it("refuses a validly signed header whose claims do not describe a viewer", async () => {
    const bad = await signer.sign({ ...viewers.analyst, role: "AGENCY_EDITOR" });
    await expect(signer.verify(bad)).rejects.toThrow("malformed viewer claims");
  });

  it("signs each viewer once per half lifetime, and each viewer apart", async () => {
    vi.useFakeTimers({ now: new Date("2026-03-01T12:00:00Z"), toFake: ["Date"] });
    const gateway = new ViewerSigner(SECRET, 60);
    const first = await gateway.sign(viewers.analyst);
    expect(await gateway.sign({ ...viewers.analyst })).toBe(first);
    expect(await gateway.sign(viewers.admin)).not.toBe(first);
    expect(await gateway.sign({ ...viewers.analyst, grants: ["PERSONAL_DATA"] })).not.toBe(first);
    vi.setSystemTime(new Date("2026-03-01T12:00:29Z"));
    expect(await gateway.sign(viewers.analyst)).toBe(first);
    vi.setSystemTime(new Date("2026-03-01T12:00:31Z"));
    const renewed = await gateway.sign(viewers.analyst);
    expect(renewed).not.toBe(first);
    await expect(gateway.verify(renewed)).resolves.toEqual(viewers.analyst);
  });

  it("answers a header it verified from memory, and still refuses it once expired", async () => {
    vi.useFakeTimers({ now: new Date("2026-03-01T12:00:00Z"), toFake: ["Date"] });
    const gateway = new ViewerSigner(SECRET, 60);
    const subgraph = new ViewerSigner(SECRET, 60);
    const header = await gateway.sign(viewers.donor("usaid"));
    await expect(subgraph.verify(header)).resolves.toEqual(viewers.donor("usaid"));
    vi.setSystemTime(new Date("2026-03-01T12:00:59Z"));
    await expect(subgraph.verify(header)).resolves.toEqual(viewers.donor("usaid"));
    vi.setSystemTime(new Date("2026-03-01T12:01:00Z"));
    await expect(subgraph.verify(header)).rejects.toThrow("expired viewer signature");
    await expect(subgraph.verify(header)).rejects.toThrow("expired viewer signature");
    // A verified header's cache never vouches for another value: one changed byte is verified, and refused.
    const other = `${header.slice(0, -2)}${header.endsWith("AA") ? "AB" : "AA"}`;
    await expect(subgraph.verify(other)).rejects.toThrow(InvalidViewerHeader);
  });
});
