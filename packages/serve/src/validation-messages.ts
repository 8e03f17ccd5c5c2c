/**
 * zod's validation issues as one message a client can act on: where in the body (`rows[3][1]`), what was
 * expected and what came (`expected a number, got "abc"`). The value is looked up in the body itself, so
 * the message shows what the client sent.
 */
import type { z } from 'zod';
import { describeValue, formatPath } from './http-error.ts';

type Issue = z.core.$ZodIssue;

/** The value at `path` in `body`, or undefined where the path leaves it. */
function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let value = body;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  number: 'a finite number',
  string: 'a string',
  array: 'a list',
  object: 'an object',
  record: 'an object',
  boolean: 'true or false',
  int: 'an integer',
};

/**
 * Of a union's branches, the one that got furthest into the value (its issue has the longest path): a
 * row that is a list fails in the list branch at the bad number, not in the object branch at the row.
 */
function deepestBranch(issue: Extract<Issue, { code: 'invalid_union' }>): Issue | undefined {
  let best: Issue | undefined;
  for (const branch of issue.errors) {
    const first = branch[0];
    if (
      first !== undefined &&
      first.path.length > 0 &&
      (best === undefined || first.path.length > best.path.length)
    ) {
      best = first;
    }
  }
  return best;
}

/** One issue, its path taken from `prefix` onwards. */
function describeIssue(issue: Issue, body: unknown, prefix: readonly PropertyKey[]): string {
  const path = [...prefix, ...issue.path];
  const where = formatPath(path);
  const value = valueAt(body, path);
  switch (issue.code) {
    case 'invalid_union': {
      const branch = deepestBranch(issue);
      if (branch !== undefined) return describeIssue(branch, body, path);
      return `${where}: ${issue.message}, got ${describeValue(value)}`;
    }
    case 'invalid_type':
      if (value === undefined) return `${where}: missing; it is required`;
      return `${where}: expected ${TYPE_NAMES[issue.expected] ?? issue.expected}, got ${describeValue(value)}`;
    case 'unrecognized_keys':
      return `${where}: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys
        .slice(0, 3)
        .map(describeValue)
        .join(', ')}${issue.keys.length > 3 ? ', ...' : ''}`;
    case 'invalid_value':
      return `${where}: expected ${issue.values.map((allowed) => JSON.stringify(allowed)).join(' or ')}, got ${describeValue(value)}`;
    default:
      return `${where}: ${issue.message}`;
  }
}

/**
 * The first issue of a failed validation as a message (a client fixes one thing at a time; the first
 * is where the body first goes wrong).
 * @example validationMessage(error, { rows: [[1, 'abc']] }); // 'rows[0][1]: expected a number, got "abc"'
 */
export function validationMessage(error: z.ZodError, body: unknown): string {
  const first = error.issues[0];
  return first === undefined ? 'body: invalid' : describeIssue(first, body, []);
}
