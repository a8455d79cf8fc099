import { z } from "zod";

/**
 * A pillar's name: each pillar is owned by one agency and served by one subgraph of that name. The list of
 * pillars is `subgraphs/index.ts`; the gateway refuses a token naming a pillar not on it.
 */
export type Pillar = string;

/**
 * Who a viewer is to the hub. `PUBLIC` is anyone without a token (aggregates only); `DONOR` sees the
 * livelihoods programme and the detail of the projects it funds; `MINISTRY_ANALYST` sees every pillar with
 * personal data masked unless granted; `AGENCY_EDITOR` writes one pillar; `ADMIN` sees and writes all.
 */
export const ROLES = ["PUBLIC", "DONOR", "MINISTRY_ANALYST", "AGENCY_EDITOR", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];

/** Extra rights a token may carry beyond its role. `PERSONAL_DATA`: miners' names and RUCs unmasked. */
export const GRANTS = ["PERSONAL_DATA"] as const;
export type Grant = (typeof GRANTS)[number];

/** The verified viewer of one request, as the gateway forwards it to the subgraphs. */
export const viewerSchema = z
  .object({
    /** The token's subject (a user or a service); `anonymous` for `PUBLIC`. */
    id: z.string().min(1).max(200),
    role: z.enum(ROLES),
    /** The pillar an `AGENCY_EDITOR` writes; null for every other role. */
    pillar: z
      .string()
      .regex(/^[a-z]+$/, "a pillar's name is lower-case letters")
      .max(40)
      .nullable(),
    /** The IATI organisation identifier of a `DONOR`; null for every other role. */
    donor: z.string().min(1).max(100).nullable(),
    grants: z.array(z.enum(GRANTS)).max(GRANTS.length),
  })
  .superRefine((viewer, context) => {
    if ((viewer.role === "AGENCY_EDITOR") !== (viewer.pillar !== null))
      context.addIssue({
        code: "custom",
        path: ["pillar"],
        message: "an AGENCY_EDITOR, and only one, has a pillar",
      });
    if ((viewer.role === "DONOR") !== (viewer.donor !== null))
      context.addIssue({
        code: "custom",
        path: ["donor"],
        message: "a DONOR, and only one, has a donor reference",
      });
  });
export type Viewer = z.infer<typeof viewerSchema>;

/** The viewer of a request without a token. */
export const PUBLIC_VIEWER: Viewer = Object.freeze({
  id: "anonymous",
  role: "PUBLIC",
  pillar: null,
  donor: null,
  grants: [],
}) as Viewer;

/** What every subgraph's context carries, so the access rules can read it. */
export interface ViewerContext {
  viewer: Viewer;
  /** The request id the gateway assigned; in every log line and returned to the client. */
  requestId: string;
}

/** Whether the viewer may write the pillar: its own agency's editors and admins. */
export function mayWrite(viewer: Viewer, pillar: Pillar): boolean {
  return viewer.role === "ADMIN" || (viewer.role === "AGENCY_EDITOR" && viewer.pillar === pillar);
}
