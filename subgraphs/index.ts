import type { AnyPillar } from "@tinkuy/kit";
import { eradication } from "./eradication/pillar.ts";
import { formalization } from "./formalization/pillar.ts";
import { livelihoods } from "./livelihoods/pillar.ts";
import { recovery } from "./recovery/pillar.ts";
import { services } from "./services/pillar.ts";

/**
 * The pillars of the hub, each one subgraph: the one list that the launcher, the gateway's configuration, the
 * schema scripts and the bench read. Adding a pillar is its folder and one line here. The order is the seeding
 * order: formalization first, because the other pillars' demo data links to REINFO's operators.
 */
export const PILLARS: readonly AnyPillar[] = [formalization, eradication, recovery, livelihoods, services];

/** The pillars' names, in the list's order. */
export const PILLAR_NAMES: readonly string[] = PILLARS.map((pillar) => pillar.name);
