import { pino, type Logger } from "pino";

/** The process's JSON logger (pino), named after the service. */
export function createLogger(service: string, level: string): Logger {
  return pino({ name: service, level, base: { service } });
}

export type { Logger };
