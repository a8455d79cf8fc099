export { apportion, QuotaSampler, SeededRandom } from "./random.ts";
