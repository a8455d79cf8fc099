import { runSubgraph } from "@tinkuy/kit";
import { recovery } from "../pillar.ts";

await runSubgraph(recovery);
