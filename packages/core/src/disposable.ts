/**
 * The two global types the public `.d.ts` needs for `CallstreamClient[Symbol.asyncDispose]`,
 * declared here so that a project compiles without `@types/node` and without the
 * `esnext.disposable` lib (a browser project with `skipLibCheck: false`). The declarations are
 * the same as TypeScript's own lib and `@types/node`, so they merge with either when present.
 * Only types: nothing here exists at run time.
 */
declare global {
  interface SymbolConstructor {
    /** The method `await using` calls when the scope ends. */
    readonly asyncDispose: unique symbol;
  }

  /** An object that `await using` can dispose of. */
  interface AsyncDisposable {
    /** Releases the object's resources; `await using` awaits the result. */
    [Symbol.asyncDispose](): PromiseLike<void>;
  }
}

export {};
