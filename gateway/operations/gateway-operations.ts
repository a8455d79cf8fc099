import { dashboardOperations } from "./dashboard-operations.ts";
import { REGION_FIGURES } from "./region-figures.ts";

/**
 * Every operation text the gateway runs itself: the dashboard's (from the browser) and the indicators CSV's
 * (through `executeOperation`). The gateway registers them beside any persisted-operations manifest, so its own
 * pages keep working where only registered operations run (`PERSISTED_OPERATIONS=enforce`).
 */
export function gatewayOperations(): string[] {
  return [...dashboardOperations(), REGION_FIGURES];
}
