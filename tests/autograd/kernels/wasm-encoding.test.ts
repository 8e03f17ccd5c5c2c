/**
 * The hand-written WebAssembly encoder behind the SIMD matmul kernel: LEB128 against the worked examples
 * of its definition, and a tiny module built with it that WebAssembly accepts and runs.
 */
import { describe, expect, it } from 'vitest';
import {
  encodeModule,
  i32,
  localGet,
  signedLeb128,
  unsignedLeb128,
  v128Load,
  v128Store,
} from '../../../packages/autograd/src/kernels/matmul/wasm-encoding.ts';

describe('LEB128', () => {
  it('unsigned: 0, 127, 128 and the classic 624485 = E5 8E 26', () => {
    expect(unsignedLeb128(0)).toEqual([0x00]);
    expect(unsignedLeb128(127)).toEqual([0x7f]);
    expect(unsignedLeb128(128)).toEqual([0x80, 0x01]);
    expect(unsignedLeb128(624485)).toEqual([0xe5, 0x8e, 0x26]);
  });

  it('signed: -1 = 7F, 63 = 3F, 64 = C0 00 (bit 6 is the sign), -123456 = C0 BB 78', () => {
    expect(signedLeb128(-1)).toEqual([0x7f]);
    expect(signedLeb128(63)).toEqual([0x3f]);
    expect(signedLeb128(64)).toEqual([0xc0, 0x00]);
    expect(signedLeb128(-64)).toEqual([0x40]);
    expect(signedLeb128(-123456)).toEqual([0xc0, 0xbb, 0x78]);
  });
});

interface CopyExports {
  readonly copy: (from: number, to: number) => void;
}

/** The WebAssembly JavaScript API (TypeScript's ES2022 lib does not declare it). */
const webAssembly = (
  globalThis as unknown as {
    WebAssembly: {
      validate(bytes: Uint8Array): boolean;
      Memory: new (limits: { initial: number; maximum: number }) => { buffer: ArrayBuffer };
      Module: new (bytes: Uint8Array) => object;
      Instance: new (module: object, imports: object) => { exports: unknown };
    };
  }
).WebAssembly;

describe('encodeModule', () => {
  it('builds a module WebAssembly accepts: copy(from, to) moves 16 bytes with v128.load and v128.store', () => {
    const bytes = encodeModule(
      [
        {
          name: 'copy',
          params: [i32, i32],
          locals: [],
          body: [localGet(1), localGet(0), v128Load(0), v128Store(0)],
        },
      ],
      { shared: false, maximumPages: 2 },
    );
    expect(webAssembly.validate(bytes)).toBe(true);
    const memory = new webAssembly.Memory({ initial: 1, maximum: 2 });
    const imports = { env: { memory } };
    const { copy } = new webAssembly.Instance(new webAssembly.Module(bytes), imports).exports as CopyExports;
    const heap = new Float64Array(memory.buffer);
    heap.set([1.5, -2.25], 0);
    copy(0, 32);
    expect(Array.from(heap.subarray(4, 6))).toEqual([1.5, -2.25]);
  });
});
