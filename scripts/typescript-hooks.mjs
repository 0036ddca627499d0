// Node module hooks that run TypeScript files without a build step: `load` strips the types of a
// `.ts` file with the `typescript` package's transpileModule (nothing is type-checked; `npm run
// typecheck` does that), and `resolve` maps the `.js` specifiers TypeScript's NodeNext mode asks
// for (`./lib/print.js`) to the `.ts` file beside them. Node 20 has no built-in type stripping.
// Used by scripts/run-examples.mjs through `--import`; plain Node, no other dependencies.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const COMPILER_OPTIONS = {
  module: ts.ModuleKind.ESNext,
  target: ts.ScriptTarget.ES2022,
  verbatimModuleSyntax: true,
  inlineSourceMap: true,
  inlineSources: true,
};

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const fromTypeScript = context.parentURL?.startsWith('file:') && context.parentURL.endsWith('.ts');
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !fromTypeScript || !/^\.\.?\/.*\.js$/.test(specifier)) {
      throw error;
    }
    return nextResolve(specifier.replace(/\.js$/, '.ts'), context);
  }
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const path = fileURLToPath(url);
  const { outputText } = ts.transpileModule(await readFile(path, 'utf8'), {
    fileName: path,
    compilerOptions: COMPILER_OPTIONS,
  });
  return { format: 'module', source: outputText, shortCircuit: true };
}
