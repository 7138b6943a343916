import { createRequire } from 'node:module';

type TypeScriptApi = typeof import('ts-morph').ts;

let tsApi: TypeScriptApi | undefined;

/** ts-morph (with its bundled TypeScript) takes about a second to load: pay that only when JavaScript is asked for. */
function typescript(): TypeScriptApi {
  tsApi ??= (createRequire(import.meta.url)('ts-morph') as typeof import('ts-morph')).ts;
  return tsApi;
}

/**
 * Derives the JavaScript form of a TypeScript template: types removed, comments kept, ES2022 modules. This is the
 * only way JavaScript templates come to exist, so they never drift from the verified TypeScript.
 */
export function transpileToJavaScript(source: string, fileName: string): string {
  const ts = typescript();
  const result = ts.transpileModule(source, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      removeComments: false,
      verbatimModuleSyntax: false,
    },
  });
  const errors = (result.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    const first = ts.flattenDiagnosticMessageText(errors[0]!.messageText, '\n');
    throw new Error(`${fileName} does not transpile: ${first}`);
  }
  return result.outputText;
}
