import { DEVELOPMENT_HUB_SECRET, hubKeys, VIEWER_HEADER, type Viewer } from "@tinkuy/kit";
import { signDevelopmentToken } from "../gateway/src/dev-token.ts";
import { DEVELOPMENT_TOKEN_SECRET } from "../gateway/src/env.ts";

/** The headers that say who asks: a bearer token for a gateway, a signed viewer for a subgraph. */
export interface Credentials {
  headers(viewer: Viewer): Record<string, string>;
}

/** Development bearer tokens for the viewers, signed once (valid for the whole run) as `npm run token` signs them. */
export async function bearerTokens(viewers: readonly Viewer[]): Promise<Credentials> {
  const tokens = new Map<string, string>();
  for (const viewer of viewers) {
    const token = await signDevelopmentToken(viewer, {
      issuer: "tinkuy-dev",
      audience: "tinkuy",
      secret: DEVELOPMENT_TOKEN_SECRET,
      expiresIn: "12h",
    });
    tokens.set(viewer.id, `Bearer ${token}`);
  }
  return {
    headers: (viewer) => ({ authorization: tokens.get(viewer.id) ?? "" }),
  };
}

const RESIGN_MS = 20_000;

/**
 * Viewer headers as our gateway signs them for a subgraph (`x-tinkuy-viewer`, development secret). Signatures live
 * 60 s, so each is re-signed every 20 s; `headers` reads the current one. `stop` ends the re-signing.
 */
export async function signedViewers(viewers: readonly Viewer[]): Promise<Credentials & { stop(): void }> {
  const { signer } = hubKeys(DEVELOPMENT_HUB_SECRET);
  const current = new Map<string, string>();
  const sign = async () => {
    for (const viewer of viewers) current.set(viewer.id, await signer.sign(viewer));
  };
  await sign();
  const timer = setInterval(() => void sign(), RESIGN_MS);
  return {
    headers: (viewer) => ({ [VIEWER_HEADER]: current.get(viewer.id) ?? "" }),
    stop: () => clearInterval(timer),
  };
}
