/** TextOut: pieces handed out stay as they are until given back; slabs come back into use after. */
import { describe, expect, it } from 'vitest';
import { TextOut } from '../core.js';

const text = (b: Uint8Array) => Buffer.from(b).toString('latin1');

describe('TextOut', () => {
  it('hands out what was written since the last take, across slabs', () => {
    const out = new TextOut(8);
    out.text('abcdef');
    expect(text(out.take())).toBe('abcdef');
    out.text('ghijklmnop'); // does not fit in the first slab: moves to a new one
    out.byte(0x71);
    expect(out.length).toBe(11);
    expect(text(out.take())).toBe('ghijklmnopq');
    expect(out.length).toBe(0);
  });

  it('a piece not given back is never written over; one given back lets its slab be used again', () => {
    const allocated: Uint8Array[] = [];
    const out = new TextOut(8, (n) => {
      const b = new Uint8Array(n);
      allocated.push(b);
      return b;
    });
    out.text('aaaaaa');
    const first = out.take();
    out.text('bbbbbb'); // a second slab: the first is full and its piece is out
    const second = out.take();
    out.text('cccccc'); // a third: the second is full too, and both pieces are out
    expect(allocated).toHaveLength(3);
    expect([text(first), text(second)]).toEqual(['aaaaaa', 'bbbbbb']);
    out.release(first);
    const third = out.take();
    out.text('dddddd'); // the first slab is free again: no new allocation
    expect(allocated).toHaveLength(3);
    expect(text(second)).toBe('bbbbbb');
    expect(text(third)).toBe('cccccc');
    expect(text(out.take())).toBe('dddddd');
    expect(text(first)).toBe('dddddd'); // it was the first slab's memory
  });

  it('truncate drops what a writer gave up on, even after a move to a new slab', () => {
    const out = new TextOut(8);
    out.text('keep');
    const at = out.length;
    out.text('0123456789');
    out.truncate(at);
    expect(text(out.take())).toBe('keep');
  });

  it('writes non-ASCII text as UTF-8, strings as JSON escapes them, addresses from their bytes', () => {
    const out = new TextOut(4);
    out.text('é€');
    out.string('a"b\n');
    out.string('plain');
    out.ipv4(Uint8Array.of(0, 10, 100, 255), 0);
    expect(Buffer.from(out.take()).toString('utf8')).toBe(`é€${JSON.stringify('a"b\n')}"plain""0.10.100.255"`);
  });
});
