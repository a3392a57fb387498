import { Readable } from 'node:stream';
import { NdjsonLineSplitter, ndjsonLines, type NdjsonLine } from './ndjson-lines';

const texts = (lines: NdjsonLine[]): Array<string | { tooLong: number }> =>
  lines.map((l) => ('text' in l ? l.text : { tooLong: l.tooLong.bytes }));

function splitAll(chunks: string[], max = 100): NdjsonLine[] {
  const splitter = new NdjsonLineSplitter(max);
  return [...chunks.flatMap((c) => splitter.push(Buffer.from(c))), ...splitter.end()];
}

describe('NdjsonLineSplitter', () => {
  it.each([
    ['lines in one chunk', ['a\nb\n'], ['a', 'b']],
    ['a line split across chunks', ['{"a":', '1}\n{"b"', ':2}\n'], ['{"a":1}', '{"b":2}']],
    ['a last line without a newline', ['a\nb'], ['a', 'b']],
    ['CRLF line ends', ['a\r\nb\r\n'], ['a', 'b']],
    ['blank lines (kept, so line numbers stay the source lines)', ['a\n\nb\n'], ['a', '', 'b']],
  ])('splits %s', (_name, chunks, expected) => {
    expect(texts(splitAll(chunks))).toEqual(expected);
  });

  it('keeps a multi-byte character whole when its bytes arrive in two chunks', () => {
    const bytes = Buffer.from('"ø"\n');
    const splitter = new NdjsonLineSplitter(100);
    const lines = [...splitter.push(bytes.subarray(0, 2)), ...splitter.push(bytes.subarray(2)), ...splitter.end()];
    expect(texts(lines)).toEqual(['"ø"']);
  });

  it('numbers lines from 1 in source order', () => {
    expect(splitAll(['x\ny\n\nz']).map((l) => l.line)).toEqual([1, 2, 3, 4]);
  });

  it('rejects a line longer than the limit with its size and start, and goes on with the next line', () => {
    const lines = splitAll(['ok\n', 'x'.repeat(60), 'y'.repeat(240), '\nnext\n'], 100);
    expect(texts(lines)).toEqual(['ok', { tooLong: 300 }, 'next']);
    const long = lines[1];
    expect(long && 'tooLong' in long && long.tooLong.head).toBe('x'.repeat(60) + 'y'.repeat(140));
  });

  it('gives the same hash for the same too-long line however it is chunked', () => {
    const a = splitAll(['z'.repeat(300) + '\n'], 100)[0];
    const b = splitAll(['z'.repeat(50), 'z'.repeat(250), '\n'], 100)[0];
    expect(a && 'tooLong' in a && a.tooLong.rawHash).toBe(b && 'tooLong' in b && b.tooLong.rawHash);
  });

  it('never holds more than the limit of a line, however long the line is', async () => {
    const limit = 64 * 1024;
    const chunk = Buffer.alloc(16 * 1024, 0x61);
    const splitter = new NdjsonLineSplitter(limit);
    let out: NdjsonLine[] = [];
    for (let i = 0; i < 200 * 64; i++) out = out.concat(splitter.push(chunk)); // a 200 MiB line
    out = out.concat(splitter.push(Buffer.from('\n{}\n')));
    expect(texts(out)).toEqual([{ tooLong: 200 * 1024 * 1024 }, '{}']);
    expect(splitter.peakHeldBytes).toBeLessThanOrEqual(limit);
  });

  it('reads a stream in batches of lines', async () => {
    const batches: NdjsonLine[][] = [];
    for await (const b of ndjsonLines(Readable.from([Buffer.from('a\nb'), Buffer.from('\nc')]), 10)) batches.push(b);
    expect(batches.map(texts)).toEqual([['a'], ['b'], ['c']]);
  });

  it('throws when the stream is cut off, without giving the partial last line', async () => {
    const source = new Readable({ read: () => undefined });
    source.push(Buffer.from('a\npartial'));
    setImmediate(() => source.destroy(new Error('aborted')));
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const b of ndjsonLines(source, 10)) seen.push(...(texts(b) as string[]));
      })(),
    ).rejects.toThrow('aborted');
    expect(seen).toEqual(['a']);
  });
});
