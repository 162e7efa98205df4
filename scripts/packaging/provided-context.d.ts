// Values the packaging project's globalSetup hands to its tests through `inject()`.
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Build failure output per package folder name; packages that built are absent. */
    packagingBuildFailures: Record<string, string>;
    /** The packed-and-installed workspace, or why it could not be produced. */
    packagingWorkspace:
      | {
          ok: true;
          consumerDir: string;
          tarballs: Record<string, string>;
          installed: Record<string, string>;
        }
      | { ok: false; error: string };
  }
}
