/**
 * `npm run token -- --role MINISTRY_ANALYST`: prints a development bearer token, signed HS256 with the gateway's
 * development secret (`AUTH_HS256_SECRET`), issuer and audience, for trying the hub as each kind of viewer:
 *
 *   --role PUBLIC|DONOR|MINISTRY_ANALYST|AGENCY_EDITOR|ADMIN   (required)
 *   --pillar formalization|eradication|recovery|livelihoods    (AGENCY_EDITOR: the pillar it writes)
 *   --donor XM-DAC-41114                                       (DONOR: its IATI organisation identifier)
 *   --grant PERSONAL_DATA                                      (repeatable)
 *   --sub someone@example.org   --ttl 8h
 *
 * Production verifies tokens from the identity provider's JWKS instead and never accepts these.
 */
import { parseArgs } from "node:util";
import { viewerSchema } from "@tinkuy/kit";
import { signDevelopmentToken } from "../gateway/src/dev-token.ts";
import { gatewayEnv } from "../gateway/src/env.ts";

const env = gatewayEnv();
if (env.production) {
  process.stderr.write(
    "npm run token signs development tokens; production takes tokens from its identity provider\n",
  );
  process.exit(1);
}
const { values } = parseArgs({
  options: {
    role: { type: "string" },
    pillar: { type: "string" },
    donor: { type: "string" },
    grant: { type: "string", multiple: true },
    sub: { type: "string" },
    ttl: { type: "string", default: "8h" },
  },
});
const viewer = viewerSchema.safeParse({
  id: values.sub ?? `${(values.role ?? "someone").toLowerCase()}@tinkuy.dev`,
  role: values.role,
  pillar: values.pillar ?? null,
  donor: values.donor ?? null,
  grants: values.grant ?? [],
});
if (!viewer.success) {
  for (const issue of viewer.error.issues)
    process.stderr.write(`--${String(issue.path[0] ?? "role")}: ${issue.message}\n`);
  process.stderr.write(
    "usage: npm run token -- --role MINISTRY_ANALYST [--pillar P] [--donor REF] [--grant PERSONAL_DATA]\n",
  );
  process.exit(1);
}
const token = await signDevelopmentToken(viewer.data, {
  issuer: env.AUTH_ISSUER,
  audience: env.AUTH_AUDIENCE,
  secret: env.AUTH_HS256_SECRET,
  expiresIn: values.ttl,
});
process.stdout.write(`${token}\n`);
