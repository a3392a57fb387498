import { parsePaging, PG_BIGINT_MAX, PG_INTEGER_MAX, type PagingRange } from './paging';

const items: PagingRange = { afterMax: PG_INTEGER_MAX, limitMax: 5000, limitDefault: 1000 };
const ids: PagingRange = { afterMax: PG_BIGINT_MAX, limitMax: 500, limitDefault: 100 };

describe('parsePaging', () => {
  it.each([
    ['nothing given', {}, items, { after: undefined, limit: 1000 }],
    ['after 0', { after: '0' }, items, { after: 0n, limit: 1000 }],
    ['after at the integer column’s end', { after: '2147483647' }, items, { after: 2147483647n, limit: 1000 }],
    ['leading zeros', { after: '0007', limit: '010' }, items, { after: 7n, limit: 10 }],
    ['after at the bigint column’s end', { after: '9223372036854775807' }, ids, { after: PG_BIGINT_MAX, limit: 100 }],
    ['limit 1', { limit: '1' }, items, { after: undefined, limit: 1 }],
    ['limit at its maximum', { limit: '500' }, ids, { after: undefined, limit: 500 }],
  ])('accepts %s', (_what, query, range, page) => {
    expect(parsePaging(query, range)).toEqual({ ok: true, page });
  });

  it.each([
    ['after past 2^31 - 1 on an integer column', { after: '2147483648' }, items, '/query/after'],
    ['after past 2^63 - 1 on a bigint column', { after: '9223372036854775808' }, ids, '/query/after'],
    ['after in exponent notation', { after: '1e3' }, items, '/query/after'],
    ['after negative', { after: '-1' }, items, '/query/after'],
    ['after with a plus sign', { after: '+1' }, items, '/query/after'],
    ['after with a fraction', { after: '1.0' }, items, '/query/after'],
    ['after hexadecimal', { after: '0x10' }, items, '/query/after'],
    ['after empty', { after: '' }, items, '/query/after'],
    ['after with blanks', { after: ' 1' }, items, '/query/after'],
    ['after in other digits', { after: '١٢' }, items, '/query/after'],
    ['after Infinity', { after: 'Infinity' }, items, '/query/after'],
    ['after too many digits', { after: '0'.repeat(21) }, ids, '/query/after'],
    ['after repeated (an array)', { after: ['1', '2'] }, items, '/query/after'],
    ['after an object', { after: { a: '1' } }, items, '/query/after'],
    ['limit 0', { limit: '0' }, items, '/query/limit'],
    ['limit over its maximum', { limit: '5001' }, items, '/query/limit'],
    ['limit in exponent notation', { limit: '1e2' }, items, '/query/limit'],
    ['limit huge', { limit: '99999999999999999999' }, items, '/query/limit'],
  ])('refuses %s with QUERY-PAGING-INVALID at the parameter', (_what, query, range, pointer) => {
    const result = parsePaging(query, range);
    expect(result).toEqual({
      ok: false,
      violations: [expect.objectContaining({ rule: 'QUERY-PAGING-INVALID', pointer })],
    });
  });

  it('names both parameters when both are bad', () => {
    const result = parsePaging({ after: '-5', limit: 'x' }, items);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.violations.map((v) => v.pointer)).toEqual(['/query/after', '/query/limit']);
  });
});
