import { runSubgraph } from "@tinkuy/kit";
import { formalization } from "../pillar.ts";

await runSubgraph(formalization);
