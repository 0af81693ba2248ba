/**
 * The resolved IR: what a YNL schema means, with every implicit value assigned and every
 * reference resolved. Plain, JSON-serialisable data (no bigint, no functions, no Maps), so it
 * can be embedded in generated code, cached, or shipped to a CLI.
 *
 * Names are kept exactly as the schema spells them (`ifi-index`, `fq_codel`); turning them
 * into TypeScript identifiers is the generator's job.
 */
export const IR_VERSION = 1;
export * from './names.js';
