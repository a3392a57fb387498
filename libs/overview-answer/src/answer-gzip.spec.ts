import { constants, crc32, deflateRawSync, gunzipSync } from 'node:zlib';
import { citizenPartHead, compressCitizenPart, compressTail, gzipJoined } from './answer-gzip';

const tail = (text: string) => compressTail(Buffer.from(text, 'utf8'));

describe('compressCitizenPart and gzipJoined', () => {
  it('join into one gzip member that any gunzip reads as the part without its brace, then the tail', () => {
    const part = compressCitizenPart('{"kommuner":[{"navn":"Høje-Taastrup – Kommune 👍","sager":[]}]}');
    const answer = gzipJoined(part, tail(',"daekning":{"kommuner":[]}}'));
    expect(answer.subarray(0, 3)).toEqual(Buffer.from([0x1f, 0x8b, 0x08]));
    expect(gunzipSync(answer).toString('utf8')).toBe(
      '{"kommuner":[{"navn":"Høje-Taastrup – Kommune 👍","sager":[]}],"daekning":{"kommuner":[]}}',
    );
  });

  it('keep one part joinable with many tails, and a part longer than the deflate window (32 KB)', () => {
    const long = JSON.stringify({
      sager: Array.from({ length: 2_000 }, (_, i) => ({ titel: `Sag ${i}`, status: i % 5 })),
    });
    const part = compressCitizenPart(long);
    expect(part.length).toBeGreaterThan(32_768);
    for (const t of [',"a":1}', ',"b":"ø"}', '}']) {
      expect(gunzipSync(gzipJoined(part, tail(t))).toString('utf8')).toBe(long.slice(0, -1) + t);
    }
  });

  it('carry the CRC-32 and length of the whole answer in the trailer (gunzip checks both)', () => {
    const part = compressCitizenPart('{"a":"æ"}');
    const answer = gzipJoined(part, tail('}'));
    const whole = Buffer.from('{"a":"æ"}', 'utf8');
    expect(answer.readUInt32LE(answer.length - 8)).toBe(crc32(whole));
    expect(answer.readUInt32LE(answer.length - 4)).toBe(whole.length);
    answer.writeUInt32LE((crc32(whole) + 1) % 2 ** 32, answer.length - 8);
    expect(() => gunzipSync(answer)).toThrow();
  });

  it('decompress the stored part back to its bytes without the brace', () => {
    expect(citizenPartHead(compressCitizenPart('{"x":[1,2,3]}')).toString('utf8')).toBe('{"x":[1,2,3]');
  });

  it('refuse a part that is not an object, and a deflate that was finished instead of flushed', () => {
    expect(() => compressCitizenPart('[1]')).toThrow('not a rendered citizen part');
    const finished = { deflate: deflateRawSync(Buffer.from('{"x":1')), crc32: 0, length: 6 };
    expect(() => gzipJoined(finished, tail('}'))).toThrow('sync flush');
    const flushed = {
      deflate: deflateRawSync(Buffer.from('{"x":1'), { finishFlush: constants.Z_SYNC_FLUSH }),
      crc32: crc32('{"x":1'),
      length: 6,
    };
    expect(gunzipSync(gzipJoined(flushed, tail('}'))).toString('utf8')).toBe('{"x":1}');
  });
});
