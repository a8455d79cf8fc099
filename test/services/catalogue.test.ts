import { describe, expect, it } from "vitest";
import { ENTRIES_NOTE, type DatasetDoc } from "../../packages/kit/src/index.ts";
import { recovery } from "../../subgraphs/recovery/pillar.ts";
import { initModels } from "../../subgraphs/recovery/src/models.ts";
import { useSubgraph } from "../support/subgraph.ts";

// Recovery answers the hub's catalogue (`Query.datasets`): it requires the services pillar's part
// (`servicesDatasets`) like the other pillars' and merges it into `items` and `totalRecords`.

const h = useSubgraph(recovery, initModels);

function part(
  pillar: string,
  entity: string,
  kind: string,
  publisher: string,
  title: string,
  records: number,
): DatasetDoc {
  return {
    id: `${kind}|${publisher}|${kind === "ENTERED" ? "" : title}`,
    title,
    kind: kind as DatasetDoc["kind"],
    publisher,
    issued: "2025-01-31",
    modified: "2025-06-30",
    licence: null,
    landingPage: null,
    note: kind === "ENTERED" ? ENTRIES_NOTE : null,
    records: [{ pillar, entity, records }],
    totalRecords: records,
  };
}

describe("DatasetCatalogue with the services pillar's part", () => {
  it("lists the services datasets in items and counts their records in totalRecords, merged with a shared one", async () => {
    const demo = "tinkuy-demo";
    const data = await h.ok<{ _entities: { items: DatasetDoc[]; totalRecords: number; official: number }[] }>(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on DatasetCatalogue {
        items { id title kind records { pillar entity records } totalRecords }
        totalRecords official: totalRecords(kind: OFFICIAL)
      } } }`,
      {
        r: [
          {
            __typename: "DatasetCatalogue",
            id: "hub",
            formalizationDatasets: [part("formalization", "ReinfoRecord", "SYNTHETIC", "gen", demo, 4)],
            eradicationDatasets: [],
            livelihoodsDatasets: [],
            servicesDatasets: [
              part("services", "InvestmentProject", "OFFICIAL", "MEF", "DETALLE_INVERSIONES.csv", 9),
              part("services", "InvestmentAccrual", "SYNTHETIC", "gen", demo, 2),
            ],
          },
        ],
      },
    );
    const [catalogue] = data._entities;
    expect(catalogue?.items.map((d) => [d.id, d.totalRecords, d.records])).toEqual([
      [
        "OFFICIAL|MEF|DETALLE_INVERSIONES.csv",
        9,
        [{ pillar: "services", entity: "InvestmentProject", records: 9 }],
      ],
      [
        "SYNTHETIC|gen|tinkuy-demo",
        6,
        [
          { pillar: "formalization", entity: "ReinfoRecord", records: 4 },
          { pillar: "services", entity: "InvestmentAccrual", records: 2 },
        ],
      ],
    ]);
    expect(catalogue?.totalRecords).toBe(15);
    expect(catalogue?.official).toBe(9);
  });
});
