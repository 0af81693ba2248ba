/**
 * One DataView per ArrayBuffer, reused while reads stay in the same buffer. Decoding reads a
 * whole batch of datagrams out of one ArrayBuffer, and a `new DataView` per value was the
 * largest cost of a cold (not yet optimised) decode. Offsets given to the view are absolute:
 * add the Uint8Array's byteOffset, and check bounds against the Uint8Array first.
 */
let lastBuffer: ArrayBufferLike | undefined;
let lastView: DataView | undefined;

export function viewOf(buf: Uint8Array): DataView {
  if (buf.buffer !== lastBuffer || lastView!.byteLength !== buf.buffer.byteLength) {
    lastBuffer = buf.buffer;
    lastView = new DataView(buf.buffer);
  }
  return lastView!;
}
