/** A message or attribute that cannot be decoded. The only error a decoder may throw. */
export class DecodeError extends Error {
  override name = 'DecodeError';
  constructor(
    message: string,
    /** Byte offset in the buffer being decoded, when known. */
    readonly offset?: number,
    /** Path of attribute names leading to the problem. */
    readonly path: string[] = [],
  ) {
    super(path.length > 0 ? `${path.join('.')}: ${message}` : message);
  }
}
