import type { Viewer } from "@tinkuy/kit";
import { SignJWT } from "jose";

/**
 * A development bearer token for `viewer`: HS256 with the gateway's development secret, the claims
 * `auth.ts` reads (`sub`, `role`, `pillar`, `donor`, `grants`). Used by `npm run token` and the tests; production
 * tokens come from the identity provider and are verified against its JWKS.
 */
export function signDevelopmentToken(
  viewer: Viewer,
  options: { issuer: string; audience: string; secret: string; expiresIn: string },
): Promise<string> {
  const { role, pillar, donor, grants } = viewer;
  return new SignJWT({ role, ...(pillar ? { pillar } : {}), ...(donor ? { donor } : {}), grants })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(viewer.id)
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn)
    .sign(new TextEncoder().encode(options.secret));
}
