/**
 * The typed escape from a closed kind union. Generated types list every format a schema knows
 * (`linkinfo: { kind: 'veth', data: {...} } | ...`), so a typo such as 'vethh' does not compile.
 * A kind the schema does not list is still sendable: mark it with `unknownKind()` and give
 * its payload as bytes. Decoded values carry kinds the schema does not know with the same type.
 */

/** A selector value (a link kind, a qdisc kind...) the schema does not list, marked as deliberate. */
export type UnknownKind<T extends string | number | bigint = string> = T & { readonly $unknownKind: true };

/**
 * Marks `value` as a kind the schema does not list, for a typed request:
 * `linkinfo: { kind: unknownKind('wireguard'), data: bytes }`. At run time it is `value` itself.
 */
export function unknownKind<T extends string | number | bigint>(value: T): UnknownKind<T> {
  return value as UnknownKind<T>;
}
