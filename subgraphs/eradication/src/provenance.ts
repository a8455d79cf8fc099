import {
  enteredProvenance,
  provenance,
  syntheticProvenance,
  type NoteRewrite,
  type ProvenanceDoc,
} from "@tinkuy/kit";

/**
 * The agency whose editors write this pillar through the API: PCM's high commissioner for the fight against
 * illegal mining, who consolidates and publishes the interdiction figures of the PNP, the Navy, the Army and the
 * prosecutors (domain notes §5: "PCM's high commissioner", the source of the 2024 and 2025 totals).
 */
export const ERADICATION_AGENCY = "Presidencia del Consejo de Ministros (PCM), Alto Comisionado";

/** The dataset name of this pillar's demo data, as every seeded record's provenance names it. */
export const DEMO_DATASET = "tinkuy-demo:eradication";

/**
 * The seed's reference date: the last day its records reach (21-Oct-2025, the last operation the press reported;
 * generated operations stop at PCM's last published figure, 26-Sep-2025).
 */
export const DEMO_AS_OF = new Date("2025-10-21T00:00:00.000Z");

/** What each kind of seeded record imitates: the published figure, and where it was published. */
export const MODELLED_ON = {
  operation:
    "PCM's interdiction totals: 740 operations and more than S/ 2,200 million in 2024 (Gestión), 737 PNP " +
    "operations and S/ 2,604,944,201.50 from 1 January to 26 September 2025 with its counts by region (PCM, as " +
    "reported by net360)",
  namedOperation:
    "the named operations of the Pataz unified command (CUPAZ) and DICAPI's January 2025 river interdiction, " +
    "as the press reported them (virus.com.pe, La Razón, Diario Correo, Exitosa, TV Perú)",
  outpost:
    "the three permanent control posts of the Comando Unificado Pataz (Shicún, Calquiche, Pamparacra) under " +
    "DS 060-2025-PCM, as the press reported them; opening dates and staffing are assumptions",
  office:
    "the Ministerio Público's environmental prosecutors (FEMA), one office per department seat; staffing and " +
    "caseloads are assumptions, no office's published figures",
} as const;

/**
 * The dataset name of the claims the hub keeps (`ReportedFigure`): one dataset per claimant in the catalogue,
 * since a claim's source is whoever made it.
 */
export const REPORTED_DATASET = "claims in statements and press releases";

/** How a claim an editor entered says so: by the agency's role, never the person (provenance is public). */
export const EDITOR_CLAIM = `an editor of ${ERADICATION_AGENCY} through the API`;

/**
 * How earlier versions named who entered a claim in its note, `<editor id> (<agency>) through the API`; what
 * follows is the claim's own note, kept. The start-up migration rewrites it to {@link EDITOR_CLAIM}.
 */
const EDITOR_ENTERED = new RegExp(
  `^(entered by )(?!${escape(EDITOR_CLAIM)}).*? \\(${escape(ERADICATION_AGENCY)}\\) through the API`,
);

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** For the start-up migration: claims' notes stored naming the editor who entered them, rewritten. */
export const EDITOR_CLAIM_NOTES: NoteRewrite = {
  match: EDITOR_ENTERED,
  kinds: ["REPORTED"],
  rewrite: (p) => (p.note ?? "").replace(EDITOR_ENTERED, `$1${EDITOR_CLAIM}`),
};

/**
 * The provenance of a claim: `REPORTED`, the claimant as its source, the day it was made public, the address of
 * the statement or its coverage; the note says who entered it here (an agency's editor by the role, never by
 * name: `recordedBy` keeps who, for staff; or the demo seed) and anything the reader must weigh.
 */
export function reportedProvenance(options: {
  reportedBy: string;
  reportedOn: Date;
  url: string | null;
  enteredBy: "editor" | "seed";
  note: string | null;
}): ProvenanceDoc {
  const entered = `entered by ${options.enteredBy === "editor" ? EDITOR_CLAIM : "the Tinkuy seed"}`;
  return provenance({
    kind: "REPORTED",
    dataset: REPORTED_DATASET,
    source: options.reportedBy,
    url: options.url,
    asOf: options.reportedOn,
    note: options.note ? `${entered}; ${options.note}` : entered,
  });
}

/** The provenance of a seeded record of one kind. */
export function demoProvenance(kind: keyof typeof MODELLED_ON): ProvenanceDoc {
  return syntheticProvenance({ dataset: DEMO_DATASET, asOf: DEMO_AS_OF, modelledOn: MODELLED_ON[kind] });
}

/**
 * The provenance of a record an eradication editor writes through the API, as of the day it was written.
 * An operation's input cites its own source (`source.url`): the public address is kept as the provenance's
 * `url`; the kind stays `ENTERED`, since the hub holds the editor's transcription, not the cited document.
 * It names no editor: provenance is public, and who entered a record is kept where
 * only staff read it (the record's `recordedBy`, the audit log).
 */
export function editorProvenance(at: Date, url: string | null = null): ProvenanceDoc {
  return provenance({ ...enteredProvenance({ agency: ERADICATION_AGENCY, at }), url });
}
