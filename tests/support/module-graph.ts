/**
 * The runtime import graph of a folder of TypeScript modules, read statically: which module loads which
 * when it runs. `import type` and `export type` are erased, so they are no edge; an import with
 * `type` only on some names (`import { type A, b }`) still loads its module, and so does one with `type`
 * on every name (verbatimModuleSyntax keeps it as `import {}`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** Each module (a path relative to the folder) and the modules of the folder it loads, in source order. */
export type ModuleGraph = ReadonlyMap<string, readonly string[]>;

/** Every `.ts` file under `folder`, relative to it, with `/` separators, sorted. */
export function modulesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.ts'))
    .map((path) => path.split('\\').join('/'))
    .sort();
}

/**
 * The specifiers a module loads when it runs, relative ones and packages alike: value imports, side-effect
 * imports and re-exports.
 */
export function runtimeSpecifiers(path: string): string[] {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest);
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      if (statement.importClause?.isTypeOnly) continue;
      specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier !== undefined) {
      if (statement.isTypeOnly) continue;
      specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
    }
  }
  return specifiers;
}

/** The runtime import graph of the modules under `folder`; imports from outside it (packages) are left out. */
export function runtimeImportGraph(folder: string): ModuleGraph {
  const graph = new Map<string, string[]>();
  for (const module of modulesUnder(folder)) {
    const path = join(folder, module);
    const targets = runtimeSpecifiers(path)
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) =>
        relative(folder, resolve(dirname(path), specifier))
          .split('\\')
          .join('/'),
      );
    graph.set(module, targets);
  }
  return graph;
}

/**
 * The first import cycle found, as the modules along it with the first repeated at the end
 * (`['a.ts', 'b.ts', 'a.ts']`), or null when the graph has none. Depth-first, with an explicit stack.
 */
export function findCycle(graph: ModuleGraph): string[] | null {
  const done = new Set<string>();
  for (const start of graph.keys()) {
    if (done.has(start)) continue;
    // The current path from `start`, each module with the index of its next import to follow.
    const path: { module: string; next: number }[] = [{ module: start, next: 0 }];
    const onPath = new Set([start]);
    while (path.length > 0) {
      const top = path[path.length - 1]!;
      const target = graph.get(top.module)?.[top.next++];
      if (target === undefined) {
        path.pop();
        onPath.delete(top.module);
        done.add(top.module);
      } else if (onPath.has(target)) {
        const from = path.findIndex((step) => step.module === target);
        return [...path.slice(from).map((step) => step.module), target];
      } else if (!done.has(target)) {
        path.push({ module: target, next: 0 });
        onPath.add(target);
      }
    }
  }
  return null;
}
