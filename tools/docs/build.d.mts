/** Types of tools/docs/build.mjs, for its test. */
export declare function documentedPackages(repo?: string): string[];
export declare function entryPointsOf(dir: string): Map<string, string>;
export declare function buildDocs(dirs: string[], options?: { out?: string; json?: string; logLevel?: 'Verbose' | 'Info' | 'Warn' | 'Error' | 'None' }): Promise<unknown>;
export declare class DocsError extends Error {
  readonly problems: string[];
}
