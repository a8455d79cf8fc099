import {
  DEVELOPMENT_HUB_SECRET,
  hubKeys,
  PUBLIC_VIEWER,
  type Pillar,
  type Viewer,
} from "../../packages/kit/src/index.ts";

/** The keys every test process derives from the development secret, as `npm start` does. */
export const TEST_KEYS = hubKeys(DEVELOPMENT_HUB_SECRET);

/** Viewers of each role, for tests that run as someone. */
export const viewers = {
  public: PUBLIC_VIEWER,
  admin: { id: "admin@test", role: "ADMIN", pillar: null, donor: null, grants: [] },
  analyst: { id: "analyst@test", role: "MINISTRY_ANALYST", pillar: null, donor: null, grants: [] },
  analystWithPersonalData: {
    id: "analyst-pd@test",
    role: "MINISTRY_ANALYST",
    pillar: null,
    donor: null,
    grants: ["PERSONAL_DATA"],
  },
  editor: (pillar: Pillar): Viewer => ({
    id: `${pillar}-editor@test`,
    role: "AGENCY_EDITOR",
    pillar,
    donor: null,
    grants: [],
  }),
  donor: (ref: string): Viewer => ({
    id: `${ref}@test`,
    role: "DONOR",
    pillar: null,
    donor: ref,
    grants: [],
  }),
} satisfies Record<string, Viewer | ((arg: never) => Viewer)>;
