/**
 * Debian's onnx checker (onnx 1.12, check_model with full_check) accepted the files exportOnnx writes:
 * fixtures/check-with-onnx.ts ran it and kept the verdict with each file's SHA-256. Exporting the same
 * models again must give the very bytes it accepted; a change to the exporter fails here until the
 * script is rerun (and the checker accepts the new files).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { checkedExports } from './models.ts';

interface CheckedFixture {
  readonly checked: boolean;
  readonly checker: string;
  readonly onnxVersion: string;
  readonly sha256: Record<string, string>;
}

const fixture = JSON.parse(
  readFileSync(new URL('fixtures/checked.json', import.meta.url), 'utf8'),
) as CheckedFixture;

test("onnx 1.12's full check accepted every file", () => {
  expect(fixture.checked).toBe(true);
  expect(fixture.checker).toBe('onnx.checker.check_model(full_check=True)');
  expect(fixture.onnxVersion).toBe('1.12.0');
});

test('exportOnnx still writes the bytes the checker accepted', () => {
  const exported = Object.fromEntries(
    checkedExports().map(({ file, bytes }) => [file, createHash('sha256').update(bytes).digest('hex')]),
  );
  expect(Object.keys(exported)).toHaveLength(10);
  expect(exported).toEqual(fixture.sha256);
});
