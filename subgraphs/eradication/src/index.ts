import { runSubgraph } from "@tinkuy/kit";
import { eradication } from "../pillar.ts";

await runSubgraph(eradication);
