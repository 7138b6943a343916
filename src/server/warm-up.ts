import { verifyApi } from '../catalog/index.js';
import type { Logger } from '../log.js';
import { transpileToJavaScript } from '../templates/transpile.js';
import { getTemplateRegistry } from '../templates/registry.js';

/**
 * Loads what the first requests would otherwise load on the main thread while clients wait: every catalog
 * (node.json is 2 MB of JSON), the template registry, and, over HTTP, TypeScript for JavaScript patterns (about a
 * second).
 * Runs once, just after the server starts listening; each step yields to the event loop in between.
 */
export function warmUpInBackground(logger: Logger, options: { typescript: boolean }): void {
  const steps: Array<[string, () => void]> = [
    ['catalogs', () => {
      for (const language of ['python', 'javascript', 'node', 'csharp', 'rust'] as const) verifyApi(language, 'warm.up');
    }],
    ['templates', () => void getTemplateRegistry()],
  ];
  // Over stdio one client rarely asks for JavaScript patterns: keep the ~100 MB TypeScript out of the main thread
  // until it does. Over HTTP, many clients would queue behind that load.
  if (options.typescript) steps.push(['typescript', () => void transpileToJavaScript('export const x: number = 1;\n', 'warm-up.ts')]);
  const next = (i: number): void => {
    const step = steps[i];
    if (!step) return;
    setImmediate(() => {
      const started = performance.now();
      try {
        step[1]();
        logger.debug('warmed up', { step: step[0], ms: Math.round(performance.now() - started) });
      } catch (error) {
        // Only an optimisation: the same failure resurfaces, with its message, on the request that needs it.
        logger.warn('warm-up step failed', { step: step[0], error: String(error) });
      }
      next(i + 1);
    }).unref();
  };
  next(0);
}
