/**
 * The enforcement vocabulary: agencies, operation types, items, actions and units, as the schema's enums name
 * them, with the rules that tie them together (which units and actions an item allows).
 */

export const AGENCIES = [
  "PNP_DIRECTORATE_ENVIRONMENT",
  "NAVY_DICAPI",
  "ARMY",
  "FEMA",
  "SUCAMEC",
  "SUNAT",
  "MINEM",
  "ARMED_FORCES_CUPAZ",
] as const;
export type Agency = (typeof AGENCIES)[number];

export const OPERATION_TYPES = [
  "INTERDICTION",
  "RIVER_INTERDICTION",
  "INTEGRATED_OPERATION",
  "PATROL",
  "CONTROL_POST_CHECK",
  "SEIZURE",
] as const;
export type OperationType = (typeof OPERATION_TYPES)[number];

export const ACTIONS = ["DESTROYED", "SEIZED"] as const;
export type ItemAction = (typeof ACTIONS)[number];

export const UNITS = ["UNITS", "KILOGRAMS", "TONNES", "GALLONS", "LITRES", "CUBIC_METERS"] as const;
export type QuantityUnit = (typeof UNITS)[number];

export const SOURCE_KINDS = ["PRESS_RELEASE", "PCM_REPORT", "OFFICIAL_RECORD"] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const OUTPOST_STATUSES = ["OPERATIONAL", "SUSPENDED", "CLOSED"] as const;
export type OutpostStatus = (typeof OUTPOST_STATUSES)[number];

/** Every item type, in the schema's order (figures list items in this order). */
export const ITEM_TYPES = [
  "EXCAVATOR",
  "FRONT_LOADER",
  "BACKHOE",
  "DUMP_TRUCK",
  "ENGINE",
  "SUCTION_PUMP",
  "MOTOR_PUMP",
  "DREDGE",
  "BALSA_CARRANCHERA",
  "GENERATOR",
  "COMPRESSOR",
  "CAMP",
  "MINE_ENTRANCE",
  "PROCESSING_PLANT",
  "EXPLOSIVES",
  "MERCURY",
  "FUEL",
  "GOLD_ORE",
] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

/** The units each item may be counted in: machinery and structures in whole units, inputs by weight or volume. */
export const ITEM_UNITS: Readonly<Record<ItemType, readonly QuantityUnit[]>> = {
  EXCAVATOR: ["UNITS"],
  FRONT_LOADER: ["UNITS"],
  BACKHOE: ["UNITS"],
  DUMP_TRUCK: ["UNITS"],
  ENGINE: ["UNITS"],
  SUCTION_PUMP: ["UNITS"],
  MOTOR_PUMP: ["UNITS"],
  DREDGE: ["UNITS"],
  BALSA_CARRANCHERA: ["UNITS"],
  GENERATOR: ["UNITS"],
  COMPRESSOR: ["UNITS"],
  CAMP: ["UNITS"],
  MINE_ENTRANCE: ["UNITS"],
  PROCESSING_PLANT: ["UNITS"],
  EXPLOSIVES: ["KILOGRAMS", "UNITS"],
  MERCURY: ["KILOGRAMS"],
  FUEL: ["GALLONS", "LITRES"],
  GOLD_ORE: ["KILOGRAMS", "TONNES", "CUBIC_METERS"],
};

/** Items that cannot be carried away: a mine entrance is blasted or sealed, a camp is dismantled. */
export const DESTROYED_ONLY: ReadonlySet<ItemType> = new Set(["MINE_ENTRANCE", "CAMP"]);

/** The counter key of an item line: `<item>|<action>|<unit>`. */
export function itemKey(item: ItemType, action: ItemAction, unit: QuantityUnit): string {
  return `${item}|${action}|${unit}`;
}

/** The parts of a counter key. */
export function parseItemKey(key: string): { item: ItemType; action: ItemAction; unit: QuantityUnit } {
  const [item, action, unit] = key.split("|") as [ItemType, ItemAction, QuantityUnit];
  return { item, action, unit };
}

/** Quantities are kept to three decimals: counters sum them as integer thousandths, exactly. */
export function toMilli(quantity: number): number {
  return Math.round(quantity * 1000);
}
