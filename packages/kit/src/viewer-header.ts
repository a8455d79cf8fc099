import { errors, jwtVerify, SignJWT } from "jose";
import { deriveKey } from "./secrets.ts";
import { viewerSchema, type Viewer } from "./viewer.ts";

/** The header that carries the signed viewer from the gateway to a subgraph. */
export const VIEWER_HEADER = "x-tinkuy-viewer";

const ISSUER = "tinkuy-gateway";
const AUDIENCE = "tinkuy-subgraphs";

/** Signed headers, and verified ones, kept at most this many at once (one per active viewer). */
const MAX_CACHED = 10_000;

/** Why a subgraph refused a request's viewer header. */
export class InvalidViewerHeader extends Error {}

interface Signed {
  value: string;
  /** When the gateway stops reusing it (half its lifetime), in epoch milliseconds. */
  renewAt: number;
}

interface Verified {
  viewer: Viewer;
  /** Its `exp`, in epoch milliseconds. */
  expiresAt: number;
}

/** Adds to a bounded map: when full, the oldest entries go first (insertion order). */
function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > MAX_CACHED) map.delete(map.keys().next().value as string);
}

/**
 * Signs and verifies the viewer header (HS256 over a key derived from the shared secret).
 *
 * A signature covers the viewer only, so the gateway signs each viewer once per half lifetime and every
 * subgraph verifies each header value once: a header it has verified is answered from memory until its `exp`
 * (the same value, byte for byte, so nothing unsigned is trusted). The request id travels beside it in
 * `x-request-id`; it names log lines and grants nothing. Replaying a captured header is possible for its 60 s,
 * as it was when each request had its own.
 */
export class ViewerSigner {
  readonly #key: Uint8Array;
  readonly #ttlSeconds: number;
  readonly #signed = new Map<string, Signed>();
  readonly #verified = new Map<string, Verified>();

  constructor(secret: string, ttlSeconds = 60) {
    this.#key = deriveKey(secret, "viewer-header");
    this.#ttlSeconds = ttlSeconds;
  }

  /** A compact JWS of the viewer, valid for the configured seconds; reused for half of them. */
  async sign(viewer: Viewer): Promise<string> {
    const key = JSON.stringify(viewer);
    const now = Date.now();
    const cached = this.#signed.get(key);
    if (cached && now < cached.renewAt) return cached.value;
    const value = await new SignJWT({ viewer })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.#ttlSeconds}s`)
      .sign(this.#key);
    if (this.#ttlSeconds > 0)
      remember(this.#signed, key, { value, renewAt: now + (this.#ttlSeconds * 1000) / 2 });
    return value;
  }

  /** The viewer of a header value; throws InvalidViewerHeader when it is absent, forged or expired. */
  async verify(value: string | undefined): Promise<Viewer> {
    if (!value) throw new InvalidViewerHeader("missing viewer signature");
    const cached = this.#verified.get(value);
    if (cached) {
      if (Date.now() < cached.expiresAt) return cached.viewer;
      this.#verified.delete(value);
      throw new InvalidViewerHeader("expired viewer signature");
    }
    try {
      const { payload } = await jwtVerify(value, this.#key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ["HS256"],
        requiredClaims: ["exp", "iat"],
      });
      const viewer = viewerSchema.safeParse(payload["viewer"]);
      if (!viewer.success) throw new InvalidViewerHeader("malformed viewer claims");
      remember(this.#verified, value, { viewer: viewer.data, expiresAt: (payload.exp as number) * 1000 });
      return viewer.data;
    } catch (error) {
      if (error instanceof InvalidViewerHeader) throw error;
      if (error instanceof errors.JWTExpired) throw new InvalidViewerHeader("expired viewer signature");
      throw new InvalidViewerHeader("invalid viewer signature");
    }
  }
}
