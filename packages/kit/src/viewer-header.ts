import { errors, jwtVerify, SignJWT } from "jose";
import { deriveKey } from "./secrets.ts";
import { viewerSchema, type Viewer } from "./viewer.ts";

/** The header that carries the signed viewer from the gateway to a subgraph. */
export const VIEWER_HEADER = "x-tinkuy-viewer";

const ISSUER = "tinkuy-gateway";
const AUDIENCE = "tinkuy-subgraphs";

/** Why a subgraph refused a request's viewer header. */
export class InvalidViewerHeader extends Error {}

/** Signs and verifies the viewer header (HS256 over a key derived from the shared secret). */
export class ViewerSigner {
  readonly #key: Uint8Array;
  readonly #ttlSeconds: number;

  constructor(secret: string, ttlSeconds = 60) {
    this.#key = deriveKey(secret, "viewer-header");
    this.#ttlSeconds = ttlSeconds;
  }

  /** A compact JWS of the viewer and the request id, valid for the configured seconds. */
  sign(viewer: Viewer, requestId: string): Promise<string> {
    return new SignJWT({ viewer, rid: requestId })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.#ttlSeconds}s`)
      .sign(this.#key);
  }

  /** The viewer and request id of a header value; throws InvalidViewerHeader when it is absent, forged or expired. */
  async verify(value: string | undefined): Promise<{ viewer: Viewer; requestId: string }> {
    if (!value) throw new InvalidViewerHeader("missing viewer signature");
    try {
      const { payload } = await jwtVerify(value, this.#key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ["HS256"],
        requiredClaims: ["exp", "iat"],
      });
      const viewer = viewerSchema.safeParse(payload["viewer"]);
      if (!viewer.success || typeof payload["rid"] !== "string")
        throw new InvalidViewerHeader("malformed viewer claims");
      return { viewer: viewer.data, requestId: payload["rid"] };
    } catch (error) {
      if (error instanceof InvalidViewerHeader) throw error;
      if (error instanceof errors.JWTExpired) throw new InvalidViewerHeader("expired viewer signature");
      throw new InvalidViewerHeader("invalid viewer signature");
    }
  }
}
