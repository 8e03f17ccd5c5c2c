/**
 * docs/derivations.md's "A worked example" is `tapegrad explain`'s default page: its setup, the marked table
 * of every quantity, and every computed number written in its prose equal what workedExample() computes,
 * rounded to the 6 significant digits the page shows. A change to either side without the other fails here.
 */
import { readFileSync } from 'node:fs';
import { workedExample } from '@tapegrad/viz/explain';
import { describe, expect, test } from 'vitest';

const DERIVATIONS = readFileSync(new URL('../../docs/derivations.md', import.meta.url), 'utf8');
const SECTION = DERIVATIONS.slice(
  DERIVATIONS.indexOf('## A worked example'),
  DERIVATIONS.indexOf('### With exact fractions'),
);
const { quantities } = workedExample();

/** The table's symbols and the names workedExample() gives the same quantities. */
const NAME_OF: Readonly<Record<string, string>> = {
  $Z_1$: 'Z1',
  $A_1$: 'A1',
  $Z_2$: 'Z2',
  $A_2$: 'A2',
  $J$: 'loss',
  $dZ_2$: 'dZ2',
  $dW_2$: 'dW2',
  $db_2$: 'db2',
  $dA_1$: 'dA1',
  "$g'(Z_1)$": 'gPrime',
  $dZ_1$: 'dZ1',
  $dW_1$: 'dW1',
  $db_1$: 'db1',
  '$W_1$ after the step': 'newW1',
  '$b_1$ after the step': 'newb1',
  '$W_2$ after the step': 'newW2',
  '$b_2$ after the step': 'newb2',
  '$A_2$ after the step': 'newA2',
  '$J$ after the step': 'newLoss',
};

/** A number as the page shows it: 6 significant digits. */
const shown = (x: number) => Number(x.toPrecision(6));
const shownMatrix = (name: string) => quantities[name]!.map((row) => row.map(shown));

/** The rows between the markers: symbol, shape and value cells. */
function tableRows(): string[][] {
  const start = SECTION.indexOf('<!-- worked-example:start -->');
  const end = SECTION.indexOf('<!-- worked-example:end -->');
  expect(start, 'the worked-example table markers').toBeGreaterThan(0);
  return SECTION.slice(start, end)
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| quantity') && !line.startsWith('| ---'))
    .map((line) =>
      line
        .slice(2, -2)
        .split(' | ')
        .map((cell) => cell.trim()),
    );
}

/** 'a, b; c, d' as [[a, b], [c, d]]. */
const parseValue = (text: string) => text.split(';').map((row) => row.split(',').map(Number));

/** The matrix written right after `symbol = ` in the section, e.g. `W_1 = \begin{bmatrix} ... \end{bmatrix}`. */
function displayedMatrix(symbol: string): number[][] {
  const opening = `${symbol} = \\begin{bmatrix}`;
  const at = SECTION.indexOf(opening);
  expect(at, `${opening} in the worked example`).toBeGreaterThanOrEqual(0);
  const body = SECTION.slice(at + opening.length, SECTION.indexOf('\\end{bmatrix}', at));
  return body.split('\\\\').map((row) => row.split('&').map((cell) => Number(cell.trim())));
}

describe('docs/derivations.md, A worked example', () => {
  test('says how to get the page and a new one', () => {
    expect(SECTION).toContain(
      '`pnpm tapegrad explain` writes this example\nwith every intermediate quantity',
    );
    expect(SECTION).toContain('`--seed N` makes a new one.');
  });

  test("starts from explain's network and batch: X, Y, W1, b1, W2, b2", () => {
    for (const [symbol, name] of [
      ['X', 'X'],
      ['Y', 'Y'],
      ['W_1', 'W1'],
      ['b_1', 'b1'],
      ['W_2', 'W2'],
      ['b_2', 'b2'],
    ] as const) {
      expect(displayedMatrix(symbol), symbol).toEqual(quantities[name]);
    }
  });

  test("its table lists every quantity of explain's page, each equal to the page's to 6 digits", () => {
    const rows = tableRows();
    expect(rows.map(([symbol]) => symbol)).toEqual(Object.keys(NAME_OF));
    for (const [symbol, shape, value] of rows) {
      const name = NAME_OF[symbol!]!;
      const expected = shownMatrix(name);
      const matrix = parseValue(value!);
      // A bias is kept as one row; the table writes it as a vector, so compare the entries.
      expect(matrix.flat(), symbol).toEqual(expected.flat());
      const entries =
        shape === 'scalar'
          ? 1
          : shape!
              .match(/\d+/g)!
              .map(Number)
              .reduce((a, b) => a * b);
      expect(expected.flat().length, `${symbol}'s shape ${shape}`).toBe(entries);
    }
  });

  test("every computed number in its text (more than 3 significant digits) is one of the page's", () => {
    const known = new Set(Object.keys(quantities).flatMap((name) => shownMatrix(name).flat().map(Math.abs)));
    const written = SECTION.match(/\d+\.\d+/g) ?? [];
    const computed = written.filter((text) => text.replace('.', '').replace(/^0+/, '').length > 3);
    expect(computed.length).toBeGreaterThan(60);
    const unknown = computed.filter((text) => !known.has(Number(text)));
    expect(unknown).toEqual([]);
  });
});
