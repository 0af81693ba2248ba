// Public entry of @nlkit/nftables: the generated module, plus any hand-written extras you add here.
export * from './gen/nftables.js';
export { Nftables, type NftablesOptions, type TransactionOptions, type TransactionResult } from './client.js';
export { NftTransaction, TRANSACTION_OPS, type TransactionOp, type TransactionRequests, type TxOpOptions } from './transaction.js';
export { BatchError, type BatchFailure } from '@nlkit/core';
export { readRuleset, addRuleset, type Ruleset, type RulesetSet, type ReadRulesetOptions } from './ruleset.js';
export * as expr from './expr.js';
export * as elements from './elements.js';
