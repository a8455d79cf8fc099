import type { SeededRandom } from "@tinkuy/demo-data";
import { regionCatalog, type RegionEntry } from "@tinkuy/kit";
import type { CaseloadEntry, Models, OfficeDoc } from "../src/models.ts";
import { demoProvenance } from "../src/provenance.ts";
import { day, SEEDED_BY } from "./support.ts";
import { CASELOAD_REPORT_DAYS, EXTRA_OFFICES, PATAZ_OFFICE_CASES_FROM } from "./vocabulary.ts";

/** Prosecutors by department seat where mining cases concentrate (assumed); 2 to 4 elsewhere. */
const PROSECUTORS: Readonly<Record<string, number>> = {
  "17": 7,
  "13": 5,
  "21": 5,
  "15": 6,
  "04": 4,
  "07": 2,
};

/**
 * One FEMA office per department seat (the capital's district) plus the extra ones, each with three
 * semiannual reports. Staffing is thin and caseloads heavy (110–260 open cases per prosecutor, assumed).
 */
export async function seedOffices(models: Models, random: SeededRandom): Promise<number> {
  const catalog = regionCatalog();
  const seats = catalog.list({ level: "DEPARTMENT" }).map((department) => {
    const seat = catalog.get(`${department.ubigeo}0101`) as RegionEntry;
    return {
      id: `FEMA-${department.ubigeo}-01`,
      name: `Fiscalía Provincial Especializada en Materia Ambiental de ${department.capital}`,
      district: seat.ubigeo,
      prosecutors: PROSECUTORS[department.ubigeo] ?? random.int(2, 4),
    };
  });
  const extras = EXTRA_OFFICES.map((office) => ({
    ...office,
    prosecutors: office.id === "FEMA-13-02" ? 0 : 3,
  }));
  const docs: OfficeDoc[] = [...seats, ...extras].map((office) => {
    const history: CaseloadEntry[] = [];
    let closed = office.prosecutors > 0 ? random.int(300, 1_500) : 0;
    for (const reported of CASELOAD_REPORT_DAYS) {
      const open =
        office.prosecutors > 0
          ? office.prosecutors * random.int(110, 260)
          : reported >= PATAZ_OFFICE_CASES_FROM
            ? random.int(20, 60)
            : 0;
      closed += office.prosecutors > 0 ? Math.round(open * (0.1 + random.next() * 0.1)) : 0;
      history.push({
        reportedOn: day(reported),
        prosecutors: office.prosecutors,
        openCases: open,
        closedCases: closed,
        recordedBy: SEEDED_BY,
        provenance: demoProvenance("office"),
      });
    }
    const last = history[history.length - 1] as CaseloadEntry;
    return {
      id: office.id,
      name: office.name,
      department: office.district.slice(0, 2),
      province: office.district.slice(0, 4),
      district: office.district,
      prosecutors: last.prosecutors,
      openCases: last.openCases,
      closedCases: last.closedCases,
      reportedOn: last.reportedOn,
      history,
      provenance: demoProvenance("office"),
    };
  });
  await models.Office.collection.insertMany(docs);
  return docs.length;
}
