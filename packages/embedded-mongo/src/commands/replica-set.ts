import { Binary, BSON, Long, ObjectId, Timestamp, type Document } from "bson";
import type { ReplicaSetMember } from "../engine/engine.ts";

/** The election id of the one and only election this server ever wins. */
const ELECTION_ID = new ObjectId("7fffffff0000000000000001");

/**
 * The `hello` fields of the primary of a one-member replica set. A driver given `replicaSet=<name>` keeps the
 * server only if `setName` matches and the address it dialled is in `hosts` (`me`), and then sends `txnNumber`
 * for retryable writes and allows transactions.
 */
export function replicaSetFields(member: ReplicaSetMember): Document {
  return {
    hosts: [member.me],
    setName: member.name,
    setVersion: 1,
    secondary: false,
    primary: member.me,
    me: member.me,
    electionId: ELECTION_ID,
  };
}

let lastSeconds = 0;
let lastIncrement = 0;

/** A cluster time that only moves forward: the current second and a counter within it. */
function nextClusterTime(): Timestamp {
  const seconds = Math.floor(Date.now() / 1000);
  if (seconds > lastSeconds) {
    lastSeconds = seconds;
    lastIncrement = 0;
  }
  lastIncrement++;
  return new Timestamp({ t: lastSeconds, i: lastIncrement });
}

/**
 * A serialized reply with `$clusterTime` and `operationTime` appended, as every reply of a replica-set member
 * carries them (drivers gossip the cluster time and use the operation time for causally consistent reads).
 */
export function withClusterTime(reply: Uint8Array): Uint8Array {
  const time = nextClusterTime();
  const extra = BSON.serialize({
    $clusterTime: {
      clusterTime: time,
      signature: { hash: new Binary(new Uint8Array(20), 0), keyId: Long.ZERO },
    },
    operationTime: time,
  });
  // Both are BSON documents: [int32 length][elements…][0]. The result keeps the reply's elements, then the
  // extra ones, under a new length.
  const out = new Uint8Array(reply.length + extra.length - 5);
  out.set(reply.subarray(0, reply.length - 1), 0);
  out.set(extra.subarray(4), reply.length - 1);
  new DataView(out.buffer, out.byteOffset, out.byteLength).setInt32(0, out.length, true);
  return out;
}
