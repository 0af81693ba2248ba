/**
 * Hidden (non-enumerable) mark on decoded nests: whether the kernel set NLA_F_NESTED, so a
 * re-encoded message matches the original bytes. Without it, nests get the flag and
 * sub-messages do not, as the kernel writes them.
 */
export const NEST_FLAG = Symbol.for('nlkit.nestFlag');
