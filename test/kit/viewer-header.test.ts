import { describe, expect, it } from "vitest";
import { InvalidViewerHeader, ViewerSigner } from "../../packages/kit/src/index.ts";
import { viewers } from "../support/viewers.ts";

describe("the signed viewer header", () => {
  const signer = new ViewerSigner("a-test-secret-that-is-at-least-32-chars");

  it("carries the viewer and the request id from the gateway to a subgraph", async () => {
    const header = await signer.sign(viewers.editor("recovery"), "req-12345678");
    await expect(signer.verify(header)).resolves.toEqual({
      viewer: viewers.editor("recovery"),
      requestId: "req-12345678",
    });
  });

  it("is refused when absent, signed with another secret, tampered with or expired", async () => {
    await expect(signer.verify(undefined)).rejects.toThrow(InvalidViewerHeader);
    const forged = await new ViewerSigner("another-secret-that-is-at-least-32-chars").sign(
      viewers.admin,
      "r-00000001",
    );
    await expect(signer.verify(forged)).rejects.toThrow("invalid viewer signature");
    const genuine = await signer.sign(viewers.analyst, "r-00000002");
    const [head, body, signature] = genuine.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(body, "base64url").toString()) as { viewer: { role: string } };
    claims.viewer.role = "ADMIN";
    const tampered = `${head}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${signature}`;
    await expect(signer.verify(tampered)).rejects.toThrow("invalid viewer signature");
    const expired = await new ViewerSigner("a-test-secret-that-is-at-least-32-chars", -1).sign(
      viewers.admin,
      "r-3",
    );
    await expect(signer.verify(expired)).rejects.toThrow("expired viewer signature");
  });

  it("refuses a validly signed header whose claims do not describe a viewer", async () => {
    const bad = await signer.sign({ ...viewers.analyst, role: "AGENCY_EDITOR" }, "r-00000004");
    await expect(signer.verify(bad)).rejects.toThrow("malformed viewer claims");
  });
});
