import type { Pillar, Viewer } from "../viewer.ts";

/**
 * One viewer of each kind the rules tell apart, for the build-time checks that must hold for every viewer (a
 * non-null field denied to someone who sees its parent, a field open to viewers its return type is closed to).
 * The tests' role × field matrix writes its own viewers by hand, so that it never derives from the rules.
 */
export function viewerArchetypes(pillar: Pillar): { name: string; viewer: Viewer; funds: boolean }[] {
  const other: Pillar = pillar === "formalization" ? "eradication" : "formalization";
  const base = { pillar: null, donor: null, grants: [] as Viewer["grants"] };
  return [
    { name: "public", viewer: { ...base, id: "anonymous", role: "PUBLIC" }, funds: false },
    {
      name: "donor (not funding)",
      viewer: { ...base, id: "d1", role: "DONOR", donor: "XM-OTHER" },
      funds: false,
    },
    {
      name: "donor (funding)",
      viewer: { ...base, id: "d2", role: "DONOR", donor: "XM-FUNDER" },
      funds: true,
    },
    { name: "analyst", viewer: { ...base, id: "a1", role: "MINISTRY_ANALYST" }, funds: false },
    {
      name: "analyst with personal data",
      viewer: { ...base, id: "a2", role: "MINISTRY_ANALYST", grants: ["PERSONAL_DATA"] },
      funds: false,
    },
    {
      name: "editor of this pillar",
      viewer: { ...base, id: "e1", role: "AGENCY_EDITOR", pillar },
      funds: false,
    },
    {
      name: "editor of another pillar",
      viewer: { ...base, id: "e2", role: "AGENCY_EDITOR", pillar: other },
      funds: false,
    },
    { name: "admin", viewer: { ...base, id: "root", role: "ADMIN" }, funds: false },
  ];
}
