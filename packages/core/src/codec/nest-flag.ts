/**
 * Hidden (non-enumerable) mark on decoded nests: whether the kernel set NLA_F_NESTED, so a
 * re-encoded message matches the original bytes. Without it, nests get the flag and
 * sub-messages do not, as the kernel writes them.
 */
export const NEST_FLAG = Symbol.for('nlkit.nestFlag');

/**
 * Hidden mark on a decoded indexed array whose elements were not numbered 1..n (an action dump
 * numbers them from 0): the types the kernel used, so the array re-encodes to the same bytes.
 */
export const ELEMENT_TYPES = Symbol.for('nlkit.elementTypes');
