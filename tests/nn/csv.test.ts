/**
 * The CSV loader: small files written to a temporary folder and read back as Datasets. Every error
 * names the file, the row as numbered in the file (the header is row 1), the column and the cell.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, DataError, parseCsv } from '@tapegrad/nn';
import { loadCsv } from '@tapegrad/nn/node';
import { afterAll, describe, expect, test } from 'vitest';
import { expectThrows } from '../support/assertions.ts';

const folder = mkdtempSync(join(tmpdir(), 'tapegrad-csv-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

let fileCount = 0;
/** Writes `text` to a fresh file in the temporary folder and returns its path. */
function csvFile(text: string): string {
  const path = join(folder, `data-${fileCount++}.csv`);
  writeFileSync(path, text);
  return path;
}

/** The path as a pattern, matched literally. */
function literally(text: string): RegExp {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}

describe('loading', () => {
  test('numeric features become X, string labels become sorted class indices', () => {
    const path = csvFile(
      'sepal_length,sepal_width,species\n' +
        '5.1,3.5,setosa\n' +
        '7.0,3.2,versicolor\n' +
        '6.3,3.3,virginica\n' +
        '4.9,3.0,setosa\n',
    );
    const data = loadCsv(path, { target: 'species' });
    expect(data.featureNames).toEqual(['sepal_length', 'sepal_width']);
    expect(data.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(data.X.toArray()).toEqual([
      [5.1, 3.5],
      [7.0, 3.2],
      [6.3, 3.3],
      [4.9, 3.0],
    ]);
    expect(data.y.toArray()).toEqual([0, 1, 2, 0]);
  });

  test('classes are sorted, not in order of first appearance, so row order does not change them', () => {
    const data = parseCsv('x,label\n1,yes\n2,no\n3,maybe\n', { target: 'label' });
    expect(data.classes).toEqual(['maybe', 'no', 'yes']);
    expect(data.y.toArray()).toEqual([2, 1, 0]);
  });

  test('number-like labels are sorted numerically: 1, 2, 10', () => {
    const data = parseCsv('x,grade\n1,10\n2,2\n3,1\n', { target: 'grade', targetKind: 'labels' });
    expect(data.classes).toEqual(['1', '2', '10']);
    expect(data.y.toArray()).toEqual([2, 1, 0]);
  });

  test('a numeric target is kept as numbers by default (regression, or labels already 0..k-1)', () => {
    const data = parseCsv('x,price\n1,0.5\n2,-1.25e1\n', { target: 'price' });
    expect(data.y.toArray()).toEqual([0.5, -12.5]);
    expect(data.classes).toBeUndefined();
  });

  test('given classes fix the index order', () => {
    const data = parseCsv('x,answer\n1,yes\n2,no\n', { target: 'answer', classes: ['no', 'yes'] });
    expect(data.y.toArray()).toEqual([1, 0]);
    expect(data.classes).toEqual(['no', 'yes']);
  });

  test('the target may be any column; features picks and orders the feature columns', () => {
    const text = 'id,label,a,b\n7,cat,1,2\n8,dog,3,4\n';
    const data = parseCsv(text, { target: 'label', features: ['b', 'a'] });
    expect(data.featureNames).toEqual(['b', 'a']);
    expect(data.X.toArray()).toEqual([
      [2, 1],
      [4, 3],
    ]);
  });

  test('quoted fields may hold commas, doubled quotes and line breaks', () => {
    const text = 'a,"b, quoted",label\n"1.5",2,"red, dark"\n3,4,"say ""hi"""\n5,6,"two\nlines"\n';
    const data = parseCsv(text, { target: 'label' });
    expect(data.featureNames).toEqual(['a', 'b, quoted']);
    expect(data.X.toArray()).toEqual([
      [1.5, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(data.classes).toEqual(['red, dark', 'say "hi"', 'two\nlines']);
  });

  test('blank lines (trailing or not), CRLF line ends, spaces around fields and a BOM are fine', () => {
    const path = csvFile('\uFEFFx , y\r\n 1 , a\r\n\r\n2,b\r\n\r\n   \r\n');
    const data = loadCsv(path, { target: 'y' });
    expect(data.featureNames).toEqual(['x']);
    expect(data.X.toArray()).toEqual([[1], [2]]);
    expect(data.y.toArray()).toEqual([0, 1]);
  });

  test('another delimiter: semicolons, where a comma is part of the cell (no decimal commas)', () => {
    const data = parseCsv('x;y\n1.5;0\n', { target: 'y', delimiter: ';' });
    expect(data.X.toArray()).toEqual([[1.5]]);
    expect(data.y.toArray()).toEqual([0]);
    expectThrows(
      () => parseCsv('x;y\n1,5;0\n', { target: 'y', delimiter: ';' }),
      DataError,
      /row 2, column 'x': '1,5' is not a number/,
    );
  });

  test('tab-separated: a quoted field ends at the tab that follows it', () => {
    const data = parseCsv('x\tlabel\n"1.5"\t"a b"\n2 \tc\n', { target: 'label', delimiter: '\t' });
    expect(data.X.toArray()).toEqual([[1.5], [2]]);
    expect(data.classes).toEqual(['a b', 'c']);
  });
});

describe('errors name the file, row (header = 1), column and cell', () => {
  test('a bad cell', () => {
    const path = csvFile('a,b,label\n1,2,x\n3,abc,y\n');
    expectThrows(
      () => loadCsv(path, { target: 'label' }),
      DataError,
      literally(`loadCsv: ${path}, row 3, column 'b': 'abc' is not a number`),
      /every feature column must hold numbers \(the target is 'label'/,
    );
  });

  test('an empty cell says so', () => {
    const path = csvFile('a,b,label\n1,,x\n');
    expectThrows(
      () => loadCsv(path, { target: 'label' }),
      DataError,
      literally(`${path}, row 2, column 'b': '' is not a number (the cell is empty`),
    );
  });

  test('rows are numbered as lines in the file: blank lines and multi-line quoted fields count', () => {
    // Line 1 header, 2-3 one record with a quoted line break, 4 blank, 5 the bad cell.
    const path = csvFile('a,label\n1,"two\nlines"\n\nNaN,z\n');
    expectThrows(
      () => loadCsv(path, { target: 'label' }),
      DataError,
      literally(`${path}, row 5, column 'a': 'NaN' is not a number`),
    );
  });

  test('a missing target column lists the columns there are', () => {
    const path = csvFile('a,b,species\n1,2,x\n');
    expectThrows(
      () => loadCsv(path, { target: 'label' }),
      DataError,
      literally(`loadCsv: ${path}: no target column 'label'; the columns are: a, b, species`),
    );
    expectThrows(
      () => loadCsv(path, { target: 'species', features: ['a', 'c'] }),
      DataError,
      /no feature column 'c'; the columns are: a, b, species/,
    );
  });

  test('an empty file, and a file with only a header', () => {
    const empty = csvFile('');
    expectThrows(() => loadCsv(empty, { target: 'y' }), DataError, literally(`loadCsv: ${empty} is empty`));
    const blank = csvFile('\n\n');
    expectThrows(() => loadCsv(blank, { target: 'y' }), DataError, literally(`${blank} is empty`));
    const headerOnly = csvFile('x,y\n');
    expectThrows(
      () => loadCsv(headerOnly, { target: 'y' }),
      DataError,
      literally(`${headerOnly} has a header row but no data rows`),
    );
  });

  test('a file that cannot be read', () => {
    const missing = join(folder, 'no-such-file.csv');
    expectThrows(
      () => loadCsv(missing, { target: 'y' }),
      DataError,
      literally(`loadCsv: cannot read ${missing}`),
    );
  });

  test('a row with the wrong number of fields', () => {
    const path = csvFile('a,b,label\n1,2,x\n3,4\n');
    expectThrows(
      () => loadCsv(path, { target: 'label' }),
      DataError,
      literally(`${path}, row 3: 2 fields but the header has 3 columns (a, b, label)`),
    );
  });

  test('a quote never closed names the row it opened on', () => {
    expectThrows(
      () => parseCsv('a,label\n1,x\n2,"open\n3,y\n', { target: 'label', source: 'inline.csv' }),
      DataError,
      /parseCsv: inline.csv, row 3: a quoted field opened on this row is never closed/,
    );
  });

  test('text after a closing quote', () => {
    expectThrows(
      () => parseCsv('a,label\n1,"x"y\n', { target: 'label' }),
      DataError,
      /parseCsv: CSV text, row 2: unexpected 'y' after the closing quote of field 2/,
    );
  });

  test('a header with a repeated or missing name', () => {
    expectThrows(
      () => parseCsv('a,a,label\n1,2,x\n', { target: 'label' }),
      DataError,
      /row 1: column 'a' appears twice in the header/,
    );
    expectThrows(
      () => parseCsv('a,,label\n1,2,x\n', { target: 'label' }),
      DataError,
      /row 1: column 2 of the header has no name/,
    );
  });

  test('target problems: a label outside the given classes, text under targetKind numbers, an empty label', () => {
    expectThrows(
      () => parseCsv('x,label\n1,yes\n2,maybe\n', { target: 'label', classes: ['no', 'yes'] }),
      DataError,
      /row 3, column 'label': 'maybe' is not one of the given classes: no, yes/,
    );
    expectThrows(
      () => parseCsv('x,label\n1,2\n2,cat\n', { target: 'label', targetKind: 'numbers' }),
      DataError,
      /row 3, column 'label': 'cat' is not a number/,
    );
    expectThrows(
      () => parseCsv('x,label\n1,cat\n2,\n', { target: 'label' }),
      DataError,
      /row 3, column 'label': '' is not a class label \(the cell is empty\)/,
    );
  });

  test('no feature columns, and a bad delimiter', () => {
    expectThrows(
      () => parseCsv('label\ncat\n', { target: 'label' }),
      DataError,
      /no feature columns besides the target 'label'/,
    );
    expectThrows(() => parseCsv('x,y\n1,2\n', { target: 'y', delimiter: '"' }), ConfigError, /delimiter/);
  });
});
