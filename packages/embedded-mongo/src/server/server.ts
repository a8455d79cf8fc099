import { createServer, type AddressInfo, type Server } from "node:net";
import type { Logger } from "pino";
import { Connection } from "./connection.ts";
import type { Engine } from "../engine/engine.ts";

/** The TCP listener: accepts connections and hands each to a {@link Connection}. */
export class WireServer {
  readonly #engine: Engine;
  readonly #logger: Logger;
  readonly #connections = new Set<Connection>();
  readonly #server: Server;
  #nextId = 1;

  constructor(engine: Engine, logger: Logger) {
    this.#engine = engine;
    this.#logger = logger;
    this.#server = createServer((socket) => {
      const connection = new Connection(this.#nextId++, socket, this.#engine, this.#logger);
      this.#connections.add(connection);
      socket.on("close", () => this.#connections.delete(connection));
    });
  }

  /** Listens on `host:port` (port 0 picks a free one) and returns the port. */
  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#server.once("error", reject);
      this.#server.listen(port, host, () => {
        this.#server.off("error", reject);
        resolve((this.#server.address() as AddressInfo).port);
      });
    });
  }

  /** Stops accepting, lets in-flight commands finish, then closes every connection. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    await Promise.all([...this.#connections].map((connection) => connection.drained()));
    for (const connection of this.#connections) connection.close();
    await closed;
  }
}
