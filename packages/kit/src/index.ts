export { baseEnv, parseEnv, portVar } from "./env.ts";
export { badUserInput, conflict, forbidden, invariant, notFound, type ErrorCode } from "./errors.ts";
export {
  graphqlRequestHandler,
  listen,
  MAX_BODY_BYTES,
  type ContextFactory,
  type HttpListener,
} from "./http.ts";
export { isDuplicateKey, replayed, requestHash } from "./idempotency.ts";
export { indicatorsId, parseIndicatorsId, type IndicatorsKey } from "./indicators-id.ts";
export { groupLoader, uniqueLoader } from "./loaders.ts";
export { createLogger, type Logger } from "./logger.ts";
export { centsToDecimal, decimalToCents, DecimalScalar, type Cents } from "./money.ts";
export { connectDatabase } from "./mongo.ts";
export {
  levelOf,
  normalizeName,
  regionCatalog,
  RegionCatalog,
  type RegionEntry,
  type RegionLevel,
} from "./region-catalog.ts";
export { regionResolvers } from "./region-resolvers.ts";
export { isValidRuc, parseRuc, rucCheckDigit, rucKind, rucProblem, type RucKind } from "./ruc.ts";
export {
  monthOf,
  parsePeriod,
  splitPeriod,
  yearOf,
  type Period,
  type PeriodInput,
  type PeriodSplit,
} from "./period.ts";
export { apportion, QuotaSampler, SeededRandom } from "./random.ts";
export { DateScalar, DateTime } from "./scalars.ts";
export { runSubgraph, type SubgraphProcess } from "./run-subgraph.ts";
export { readSchema } from "./schema.ts";
export { createSubgraphApollo, startSubgraph, type SubgraphDefinition } from "./subgraph-server.ts";
export { parseInput } from "./validation.ts";
