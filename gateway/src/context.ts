import type { ViewerContext } from "@tinkuy/kit";

/** What the gateway's plugins and data sources receive for one request. */
export interface GatewayContext extends ViewerContext {
  /** The viewer signed for the subgraphs (`x-tinkuy-viewer`), once per request. */
  signedViewer: string;
}
