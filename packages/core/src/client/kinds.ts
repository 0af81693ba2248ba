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

/**
 * Narrows a decoded value by its selector, to the format of one kind:
 * `if (isKind(link.linkinfo, 'kind', 'veth')) link.linkinfo.data?.peer`. A plain `===` on a
 * closed union with UnknownKind in it does not narrow in TypeScript; this does.
 */
export function isKind<T extends object, K extends string, V extends string | number>(value: T | undefined, key: K, kind: V): value is Extract<T, { readonly [P in K]: V }> {
  return value !== undefined && (value as Record<string, unknown>)[key] === kind;
}
