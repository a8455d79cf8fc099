import { dashboardOperations } from "./dashboard-operations.ts";
import { EXPORT_OPERATIONS } from "./export-query.ts";

/**
 * Every operation text the gateway runs itself: the dashboard's (from the browser) and the indicators exports'
 * (CSV and XLSX, through `executeOperation`). The gateway registers them beside any persisted-operations
 * manifest, so its own pages keep working where only registered operations run (`PERSISTED_OPERATIONS=enforce`).
 */
export function gatewayOperations(): string[] {
  return [...dashboardOperations(), ...EXPORT_OPERATIONS];
}
