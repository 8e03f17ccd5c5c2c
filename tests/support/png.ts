/**
 * Reading PNG headers in tests.
 */

/** The eight bytes every PNG file starts with. */
export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * The image size from a PNG's IHDR chunk, which follows the signature: a 4-byte length, the type 'IHDR',
 * then the width and height as big-endian 32-bit integers (bytes 16 to 23).
 */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  if (new TextDecoder('latin1').decode(png.subarray(12, 16)) !== 'IHDR') {
    throw new Error('not a PNG: no IHDR chunk after the signature');
  }
  const header = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: header.getUint32(16), height: header.getUint32(20) };
}
