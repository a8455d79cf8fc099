import type { PillarCodegen, PillarDefinition } from "@tinkuy/kit";

/** One pillar's generated resolver types: its name and SDL, the output file and how schema types map to ours. */
export type CodegenTarget = Pick<PillarDefinition, "name" | "schema"> & PillarCodegen;
