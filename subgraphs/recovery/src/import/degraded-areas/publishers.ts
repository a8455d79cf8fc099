import type { DetectionSource } from "../../vocabulary.ts";

/** Who publishes each source's layers, as every imported area's provenance names them. */
export const LAYER_PUBLISHERS: Readonly<Record<DetectionSource, string>> = {
  MAAP: "MAAP (Monitoring of the Andean Amazon Project), Amazon Conservation / Conservación Amazónica-ACCA",
  AMAZON_MINING_WATCH: "Amazon Mining Watch (Earth Genome, Pulitzer Center, Amazon Conservation)",
  OEFA_PIFA: "OEFA (Organismo de Evaluación y Fiscalización Ambiental), PIFA",
  GEOBOSQUES: "GEOBOSQUES, Programa Nacional de Conservación de Bosques (MINAM)",
  GORE: "Gobierno regional",
  FEMA: "FEMA (Fiscalía Especializada en Materia Ambiental)",
  SERNANP: "SERNANP (Servicio Nacional de Áreas Naturales Protegidas por el Estado)",
  MINEM: "MINEM (Ministerio de Energía y Minas)",
  OTHER: "another publisher (named by the import's operator in the audit log)",
};
