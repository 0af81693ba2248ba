/**
 * @nlkit/core/netfilter: nfnetlink batches — several changes sent as one transaction
 * (NFNL_MSG_BATCH_BEGIN … END) with one outcome per message.
 */
export {
  BatchChannel, BatchError, NFNL_MSG_BATCH_BEGIN, NFNL_MSG_BATCH_END, NFNL_BATCH_GENID, NFNL_SUBSYS_NFTABLES,
  type BatchMessage, type BatchOptions, type BatchResult, type BatchFailure,
} from './netfilter/batch.js';
