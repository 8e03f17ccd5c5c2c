// Importing this module makes Node run tapegrad's packages from their TypeScript source, as inside the
// workspace: `node --import @tapegrad/source-loader src/main.ts`, or `import '@tapegrad/source-loader'`
// first thing in a bin. Each package's exports map lists the source under the "@tapegrad/source"
// condition before the built JavaScript ("default"); the resolve hook below adds that condition to every
// import, and tsx compiles the TypeScript it leads to. Nothing needs to be built first.
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

const SOURCE_CONDITION = '@tapegrad/source';

const preferSourceHook = `
export async function resolve(specifier, context, nextResolve) {
  const conditions = context.conditions.includes(${JSON.stringify(SOURCE_CONDITION)})
    ? context.conditions
    : [${JSON.stringify(SOURCE_CONDITION)}, ...context.conditions];
  return nextResolve(specifier, { ...context, conditions });
}`;

register(`data:text/javascript,${encodeURIComponent(preferSourceHook)}`);
registerTsx();
