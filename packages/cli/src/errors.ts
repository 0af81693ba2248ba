/** Exit codes and the errors that choose them. */
export const EXIT_OK = 0;
/** The kernel (or the system) refused: netlink errors, missing families, socket errors. */
export const EXIT_FAILURE = 1;
/** The command line or the request was wrong; nothing was sent. */
export const EXIT_USAGE = 2;

/** A mistake on the command line: printed with a hint to --help, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(message: string, readonly command?: string) {
    super(message);
  }
}

/** Bad request input (JSON syntax, unknown field, out of range): exit 2. */
export class RequestError extends Error {
  override name = 'RequestError';
}
