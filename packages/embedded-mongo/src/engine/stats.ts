/** Counters for one namespace (`db.collection`). */
export interface NamespaceStats {
  /** Commands run against the namespace, by command name (`find`, `aggregate`, `insert`, …). */
  commands: Record<string, number>;
  /** Documents tested against a filter: the work an index saves. */
  docsExamined: number;
}

/** A copy of the server's counters since start or the last reset. */
export interface ServerStats {
  /** Every command received, by name, whatever its namespace (handshakes and `ping` included). */
  commands: Record<string, number>;
  /** Per-collection counters, keyed by namespace. */
  namespaces: Record<string, NamespaceStats>;
}

/**
 * Per-command, per-collection counters. Tests read them to assert how many database commands a GraphQL
 * request costs and whether a lookup used an index: behaviour in counts, never in time.
 */
export class Stats {
  #commands = new Map<string, number>();
  #namespaces = new Map<string, NamespaceStats>();

  command(name: string, ns: string | undefined): void {
    this.#commands.set(name, (this.#commands.get(name) ?? 0) + 1);
    if (ns === undefined) return;
    const entry = this.#namespace(ns);
    entry.commands[name] = (entry.commands[name] ?? 0) + 1;
  }

  examined(ns: string, docs: number): void {
    this.#namespace(ns).docsExamined += docs;
  }

  #namespace(ns: string): NamespaceStats {
    let entry = this.#namespaces.get(ns);
    if (!entry) this.#namespaces.set(ns, (entry = { commands: {}, docsExamined: 0 }));
    return entry;
  }

  snapshot(): ServerStats {
    const namespaces: Record<string, NamespaceStats> = {};
    for (const [ns, entry] of this.#namespaces) {
      namespaces[ns] = { commands: { ...entry.commands }, docsExamined: entry.docsExamined };
    }
    return { commands: Object.fromEntries(this.#commands), namespaces };
  }

  reset(): void {
    this.#commands.clear();
    this.#namespaces.clear();
  }
}
