/**
 * A message that breaks the wire protocol (bad length, truncated BSON, unknown opCode). The server cannot
 * trust the rest of that connection's byte stream, so it logs the error and closes the connection.
 */
export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProtocolError";
  }
}
