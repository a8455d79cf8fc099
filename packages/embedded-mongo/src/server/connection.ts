import type { Socket } from "node:net";
import type { Logger } from "pino";
import { runCommand } from "../commands/router.ts";
import type { Engine } from "../engine/engine.ts";
import { FrameReader } from "../wire/frame-reader.ts";
import { encodeMsgReply, encodeQueryReply, parseMessage, type Request } from "../wire/messages.ts";
import { MsgFlag } from "../wire/protocol.ts";
import { ProtocolError } from "../wire/protocol-error.ts";

/**
 * One client connection. Messages are handled strictly in order (a driver never pipelines on a connection);
 * a message that breaks the protocol is logged and closes this connection only.
 */
export class Connection {
  readonly id: number;
  readonly #socket: Socket;
  readonly #engine: Engine;
  readonly #logger: Logger;
  readonly #reader = new FrameReader();
  #queue: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(id: number, socket: Socket, engine: Engine, logger: Logger) {
    this.id = id;
    this.#socket = socket;
    this.#engine = engine;
    this.#logger = logger.child({ connectionId: id, remote: `${socket.remoteAddress}:${socket.remotePort}` });
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.#onData(chunk));
    socket.on("error", (error) => this.#logger.debug({ err: error }, "socket error"));
    socket.on("close", () => (this.#closed = true));
  }

  /** Resolves when every message received so far has been answered. */
  drained(): Promise<void> {
    return this.#queue;
  }

  close(): void {
    this.#closed = true;
    this.#socket.destroy();
  }

  #onData(chunk: Buffer): void {
    if (this.#closed) return;
    let messages: Buffer[];
    try {
      messages = this.#reader.push(chunk);
    } catch (error) {
      this.#protocolFailure(error);
      return;
    }
    for (const message of messages) {
      let request: Request;
      try {
        request = parseMessage(message);
      } catch (error) {
        this.#protocolFailure(error);
        return;
      }
      this.#queue = this.#queue.then(() => this.#handle(request));
    }
  }

  async #handle(request: Request): Promise<void> {
    if (this.#closed) return;
    const context = {
      engine: this.#engine,
      connectionId: this.id,
      logger: this.#logger,
      db: "admin",
    };
    try {
      if (request.type === "query") {
        const command = (request.query.$query as typeof request.query | undefined) ?? request.query;
        context.db = request.collection.split(".")[0] ?? "admin";
        const reply = await runCommand(command, context, true);
        this.#write(encodeQueryReply(request.header.requestId, reply));
        return;
      }
      const db = request.body.$db;
      context.db = typeof db === "string" ? db : "admin";
      const reply = await runCommand(request.body, context);
      // With moreToCome the client expects no answer (unacknowledged writes, endSessions at close).
      if (request.flags & MsgFlag.moreToCome) return;
      this.#write(encodeMsgReply(request.header.requestId, reply));
    } catch (error) {
      this.#logger.error({ err: error }, "unexpected failure while handling a message");
      this.close();
    }
  }

  #write(parts: Buffer[]): void {
    if (this.#closed || this.#socket.destroyed) return;
    this.#socket.cork();
    for (const part of parts) this.#socket.write(part);
    this.#socket.uncork();
  }

  #protocolFailure(error: unknown): void {
    const message = error instanceof ProtocolError ? error.message : String(error);
    this.#logger.warn({ reason: message }, "closing connection after a malformed message");
    this.close();
  }
}
