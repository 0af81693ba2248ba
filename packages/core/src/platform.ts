/**
 * The platform types core's public API names, declared here so that its declarations need
 * neither @types/node nor the DOM library in a user's project (and work with either).
 */

/** What core uses of an AbortSignal: a Node or DOM AbortSignal fits. */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

declare global {
  // As in TypeScript's lib.esnext.disposable and @types/node; identical declarations merge.
  interface SymbolConstructor {
    readonly asyncDispose: unique symbol;
  }
  interface AsyncDisposable {
    [Symbol.asyncDispose](): PromiseLike<void>;
  }
}
