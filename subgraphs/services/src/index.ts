import { runSubgraph } from "@tinkuy/kit";
import { services } from "../pillar.ts";

await runSubgraph(services);
