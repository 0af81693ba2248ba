/** @nlkit/corpus: nlkit's own capture corpus (private; used by its tests). */
export { SCENARIO, type Step, type StepGroup } from './scenario.js';
export { runScenario, summarize, runInNetns, type StepResult } from './setup.js';
export { captureDumps, openRouteSession, baseDumps, tcDumps, type Capture, type DumpSpec } from './capture.js';
export { runCorpus, sweepStaleNamespaces, type CorpusRun } from './corpus.js';
export { decodeAll, compareWithIproute, roundTrip } from './compare.js';
export { scanDecoded, OPAQUE_BYTES, type Finding } from './scan.js';
export { readGoldens, writeGoldens, decodeCaptured, reencode, updateCorpus, GOLDEN_DIR, type GoldenFile } from './golden.js';
export { toJson, fromJson } from './json.js';
export { parseIprouteJson } from './iproute-json.js';
export { formatFindings } from './report.js';
