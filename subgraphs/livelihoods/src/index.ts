import { runSubgraph } from "@tinkuy/kit";
import { livelihoods } from "../pillar.ts";

await runSubgraph(livelihoods);
