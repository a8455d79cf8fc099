/**
 * `npm run token -- --role MINISTRY_ANALYST`: prints a development bearer token, signed HS256 with the gateway's
 * development secret (`AUTH_HS256_SECRET`), issuer and audience, for trying the hub as each kind of viewer:
 *
 *   --role PUBLIC|DONOR|MINISTRY_ANALYST|AGENCY_EDITOR|ADMIN   (required)
 *   --pillar NAME                                              (AGENCY_EDITOR: the pillar it writes)
 *   --donor XE-EXAMPLE-TINKUY-DONANTE-A                        (DONOR: its IATI organisation identifier)
 *   --grant PERSONAL_DATA                                      (repeatable)
 *   --sub someone@example.org   --ttl 8h
 *
 * Production verifies tokens from the identity provider's JWKS instead and never accepts these.
 */
import { parseCli, runCli, viewerSchema } from "@tinkuy/kit";
import { signDevelopmentToken } from "../gateway/src/dev-token.ts";
import { gatewayEnv } from "../gateway/src/env.ts";
import { PILLAR_NAMES } from "../subgraphs/index.ts";

const cli = parseCli({
  usage: `usage: npm run -s token -- --role ROLE [--pillar P] [--donor REF] [--grant PERSONAL_DATA] [--sub ID] [--ttl 8h]
  --role ROLE      PUBLIC, DONOR, MINISTRY_ANALYST, AGENCY_EDITOR or ADMIN (required)
  --pillar P       AGENCY_EDITOR: the pillar it writes (${PILLAR_NAMES.join(", ")})
  --donor REF      DONOR: its IATI organisation identifier (XM-DAC-41114; the demo data's: XE-EXAMPLE-TINKUY-DONANTE-A, …)
  --grant G        PERSONAL_DATA: see miners' names and persons' RUCs unmasked (repeatable)
  --sub ID         the token's subject (default <role>@tinkuy.dev)
  --ttl 8h         how long it is valid (default 8h)
Prints a development bearer token on stdout; send it as "authorization: Bearer <token>".`,
  options: {
    role: { type: "string" },
    pillar: { type: "string" },
    donor: { type: "string" },
    grant: { type: "string", multiple: true },
    sub: { type: "string" },
    ttl: { type: "string", default: "8h" },
  },
});
const { values } = cli;
const env = gatewayEnv();
if (env.production) {
  process.stderr.write(
    "npm run token signs development tokens; production takes tokens from its identity provider\n",
  );
  process.exit(1);
}
if (values.pillar !== undefined && !PILLAR_NAMES.includes(values.pillar)) {
  cli.usageError(`--pillar: one of ${PILLAR_NAMES.join(", ")}, got ${values.pillar}`);
}
const parsed = viewerSchema.safeParse({
  id: values.sub ?? `${(values.role ?? "someone").toLowerCase()}@tinkuy.dev`,
  role: values.role,
  pillar: values.pillar ?? null,
  donor: values.donor ?? null,
  grants: values.grant ?? [],
});
const viewer = parsed.success
  ? parsed.data
  : cli.usageError(
      parsed.error.issues.map((issue) => `--${String(issue.path[0] ?? "role")}: ${issue.message}`).join("\n"),
    );
await runCli(async () => {
  const token = await signDevelopmentToken(viewer, {
    issuer: env.AUTH_ISSUER,
    audience: env.AUTH_AUDIENCE,
    secret: env.AUTH_HS256_SECRET,
    expiresIn: values.ttl,
  });
  process.stdout.write(`${token}\n`);
});
