import type { IncomingMessage } from "node:http";
import { PUBLIC_VIEWER, Unauthenticated, viewerSchema, type Identity, type Viewer } from "@tinkuy/kit";
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from "jose";
import { PILLAR_NAMES } from "../../subgraphs/index.ts";

/** How the gateway verifies bearer tokens. */
export interface AuthConfig {
  issuer: string;
  audience: string;
  /** The identity provider's JWKS (production). */
  jwksUrl?: string | undefined;
  /** An HS256 secret (development and tests only). */
  hs256Secret?: string | undefined;
}

/** The claims a Tinkuy token carries besides `sub`, `iss`, `aud`, `exp`. */
export interface TinkuyClaims {
  role: string;
  pillar?: string;
  donor?: string;
  grants?: string[];
}

/**
 * Verifies the request's bearer token (signature, issuer, audience, expiry; `jose`) and maps its claims to a
 * viewer. No `Authorization` header means the `PUBLIC` viewer; a header that does not verify is refused (401),
 * never downgraded to public, so a client learns its token is wrong.
 */
export function createAuthenticator(
  config: AuthConfig,
): (request: IncomingMessage, requestId: string) => Promise<Identity> {
  const remote: JWTVerifyGetKey | undefined = config.jwksUrl
    ? createRemoteJWKSet(new URL(config.jwksUrl))
    : undefined;
  const secret = config.hs256Secret ? new TextEncoder().encode(config.hs256Secret) : undefined;
  if (!remote && !secret) throw new Error("authentication needs a JWKS URL or an HS256 secret");
  const options = { issuer: config.issuer, audience: config.audience, requiredClaims: ["exp", "sub"] };
  return async (request, requestId) => {
    const header = request.headers.authorization;
    if (header === undefined || header === "") return { viewer: PUBLIC_VIEWER, requestId };
    const match = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)$/i.exec(header);
    if (!match?.[1]) throw new Unauthenticated("The Authorization header must be `Bearer <token>`.");
    let payload: JWTPayload;
    try {
      payload = remote
        ? (
            await jwtVerify(match[1], remote, {
              ...options,
              algorithms: ["RS256", "PS256", "ES256", "EdDSA"],
            })
          ).payload
        : (await jwtVerify(match[1], secret as Uint8Array, { ...options, algorithms: ["HS256"] })).payload;
    } catch {
      throw new Unauthenticated("The token is invalid or expired.");
    }
    return { viewer: viewerFromClaims(payload), requestId };
  };
}

/** A verified token's claims as a viewer; claims that do not describe one (or name no pillar of the hub) are refused. */
export function viewerFromClaims(payload: JWTPayload): Viewer {
  const claims = payload as JWTPayload & Partial<TinkuyClaims>;
  const viewer = viewerSchema.safeParse({
    id: claims.sub,
    role: claims.role,
    pillar: claims.pillar ?? null,
    donor: claims.donor ?? null,
    grants: claims.grants ?? [],
  });
  if (!viewer.success || (viewer.data.pillar !== null && !PILLAR_NAMES.includes(viewer.data.pillar))) {
    throw new Unauthenticated("The token's claims do not describe a Tinkuy viewer.");
  }
  return viewer.data;
}
