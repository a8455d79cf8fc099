/**
 * MEF's functional classifier (*clasificador funcional*, in force since 2009), as the API names its functions:
 * each value's two-digit code as MEF publishes it (`FUNCION` / `COD_FUNCION` in the investment bank's open data).
 */
export const FUNCTIONS = {
  "01": "LEGISLATIVE",
  "02": "FOREIGN_RELATIONS",
  "03": "PLANNING_MANAGEMENT_AND_CONTINGENCY_RESERVE",
  "04": "DEFENCE_AND_NATIONAL_SECURITY",
  "05": "PUBLIC_ORDER_AND_SAFETY",
  "06": "JUSTICE",
  "07": "LABOUR",
  "08": "TRADE",
  "09": "TOURISM",
  "10": "AGRICULTURE",
  "11": "FISHERIES",
  "12": "ENERGY",
  "13": "MINING",
  "14": "INDUSTRY",
  "15": "TRANSPORT",
  "16": "COMMUNICATIONS",
  "17": "ENVIRONMENT",
  "18": "SANITATION",
  "19": "HOUSING_AND_URBAN_DEVELOPMENT",
  "20": "HEALTH",
  "21": "CULTURE_AND_SPORT",
  "22": "EDUCATION",
  "23": "SOCIAL_PROTECTION",
  "24": "SOCIAL_SECURITY",
  "25": "PUBLIC_DEBT",
} as const;

/** A function's two-digit code, as MEF publishes it (`"18"`). */
export type FunctionCode = keyof typeof FUNCTIONS;
/** A function as the API names it (`GovernmentFunction`). */
export type GovernmentFunction = (typeof FUNCTIONS)[FunctionCode];

/**
 * Every function code, in MEF's order (01 … 25), written out: `Object.keys(FUNCTIONS)` would not give it, since
 * "10" … "25" are array-index keys, which JavaScript lists before "01" … "09" (not canonical numbers, so listed
 * in insertion order after them).
 */
export const FUNCTION_CODES: readonly FunctionCode[] = [
  "01",
  "02",
  "03",
  "04",
  "05",
  "06",
  "07",
  "08",
  "09",
  "10",
  "11",
  "12",
  "13",
  "14",
  "15",
  "16",
  "17",
  "18",
  "19",
  "20",
  "21",
  "22",
  "23",
  "24",
  "25",
];

const CODE_OF = new Map<GovernmentFunction, FunctionCode>(
  FUNCTION_CODES.map((code) => [FUNCTIONS[code], code]),
);

/** Whether a text is one of MEF's function codes (two digits, `01`–`25`). */
export function isFunctionCode(code: string): code is FunctionCode {
  return Object.hasOwn(FUNCTIONS, code);
}

/** The API's name of a function code. */
export function functionOf(code: FunctionCode): GovernmentFunction {
  return FUNCTIONS[code];
}

/** The two-digit code of a function as the API names it. */
export function functionCodeOf(fn: GovernmentFunction): FunctionCode {
  return CODE_OF.get(fn) as FunctionCode;
}

/** Where an investment stands in the investment cycle (`InvestmentStatus`). */
export const INVESTMENT_STATUSES = ["FORMULATION", "VIABLE", "EXECUTION", "CLOSED", "DEACTIVATED"] as const;
export type InvestmentStatus = (typeof INVESTMENT_STATUSES)[number];

/** The level of government of an executing unit (`GovernmentLevel`), and MEF's abbreviation of each. */
export const GOVERNMENT_LEVELS = { NATIONAL: "GN", REGIONAL: "GR", LOCAL: "GL" } as const;
export type GovernmentLevel = keyof typeof GOVERNMENT_LEVELS;

/**
 * A CUI (*Código Único de Inversiones*): seven digits. The demo data's CUIs start with 9, a range MEF had not
 * assigned when the demo was made: never a real CUI.
 */
export const CUI = /^\d{7}$/;
export const CUI_RULE = "a CUI is seven digits";
