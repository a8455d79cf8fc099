/** One subgraph's generated resolver types: its SDL, the output file and how schema types map to ours. */
export interface CodegenTarget {
  name: string;
  schema: URL;
  output: URL;
  /** Context type, as `path#Name` relative to the output file. */
  contextType: string;
  /** Schema type → the object its resolvers receive, as `path#Name` relative to the output file. */
  mappers: Record<string, string>;
}
