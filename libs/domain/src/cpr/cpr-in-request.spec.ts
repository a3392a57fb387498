import { aSyntheticCpr } from '../testing/factories';
import {
  cprLikeNumberInQuery,
  FAGSYSTEM_ID_PATTERN,
  isSafeClientIdentifier,
  loggablePath,
  maskCprLikeNumbersInJson,
  queryHoldsCprLikeNumber,
} from './cpr-in-request';

const CPR = aSyntheticCpr(7);
const DASHED = `${CPR.slice(0, 6)}-${CPR.slice(6)}`;
const encoded = (text: string): string => [...text].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('');

describe('isSafeClientIdentifier', () => {
  it.each<[string, unknown, boolean]>([
    ['a client id', 'mitoverblik-orchestration', true],
    ['a fagsystem id', 'fs-jobnet', true],
    ['a user with a domain', 'jens@kommune.dk', true],
    ['one character', 's', true],
    ['a number', 42, false],
    ['null', null, false],
    ['an empty string', '', false],
    ['a space', 'a b', false],
    ['a slash', 'a/b', false],
    ['129 characters', 'a'.repeat(129), false],
    ['a CPR number', CPR, false],
    ['a CPR number with a hyphen', DASHED, false],
    ['a CPR number inside an id', `client-${CPR}`, false],
    ['ten digits that are no date', '3113401234', true],
  ])('%s: %p', (_name, value, safe) => {
    expect(isSafeClientIdentifier(value)).toBe(safe);
  });

  it.each<[string, boolean]>([
    ['fs-jobnet', true],
    ['FS-JOBNET', false],
    ['f', false],
    ['fs_jobnet', false],
  ])('takes %p as a fagsystem id: %p', (value, safe) => {
    expect(isSafeClientIdentifier(value, FAGSYSTEM_ID_PATTERN)).toBe(safe);
  });
});

describe('queryHoldsCprLikeNumber', () => {
  it.each<[string, string, boolean]>([
    ['no query', `/v1/overview`, false],
    ['a CPR number in the path only', `/v1/overview/${CPR}`, false],
    ['a CPR number as a value', `/v1/overview?cpr=${CPR}`, true],
    ['a hyphenated one', `/v1/overview?cpr=${DASHED}`, true],
    ['one with a space written as +', `/v1/overview?cpr=${CPR.slice(0, 6)}+${CPR.slice(6)}`, true],
    ['a percent-encoded one', `/v1/overview?cpr=${encoded(CPR)}`, true],
    ['a malformed escape beside one', `/v1/overview?x=%E0%A4&cpr=${encoded(DASHED)}`, true],
    ['one as a parameter name', `/v1/held?${CPR}`, true],
    ['a paging cursor', '/v1/held?after=42&limit=100', false],
    ['two parameters that only together are 6+4 digits', `/x?a=${CPR.slice(0, 6)}&b=${CPR.slice(6)}`, false],
  ])('%s', (_name, url, holds) => {
    expect(queryHoldsCprLikeNumber(url)).toBe(holds);
  });
});

describe('cprLikeNumberInQuery', () => {
  it.each<[string, string, { parameter: string | null } | undefined]>([
    ['a value', `/v1/overview?formaal=X&cpr=${CPR}`, { parameter: 'cpr' }],
    ['a percent-encoded value', `/v1/overview?cpr=${encoded(DASHED)}`, { parameter: 'cpr' }],
    ['a parameter name', `/v1/held?${CPR}=1`, { parameter: null }],
    ['none', '/v1/held?after=42', undefined],
  ])('names the parameter that holds it: %s', (_name, url, found) => {
    expect(cprLikeNumberInQuery(url)).toEqual(found);
  });
});

describe('maskCprLikeNumbersInJson', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['in a string', { msg: `x ${DASHED} y` }, { msg: 'x ******-**** y' }],
    ['a whole string', { requestId: CPR }, { requestId: '******-****' }],
    ['after an escaped quote', { msg: `"quoted" ${CPR}` }, { msg: '"quoted" ******-****' }],
    ['a bare number', { n: Number(`1${CPR.slice(1)}`) }, { n: 0 }],
    ['a negative number', { n: -Number(`1${CPR.slice(1)}`) }, { n: -0 }],
    [
      'several',
      { a: CPR, b: [Number(`1${CPR.slice(1)}`)], c: `${CPR}/${DASHED}` },
      { a: '******-****', b: [0], c: '******-****/******-****' },
    ],
    [
      'nothing to mask',
      { time: 1732300000000, msg: 'request completed' },
      { time: 1732300000000, msg: 'request completed' },
    ],
  ])('masks a CPR-like number %s and keeps the line valid JSON', (_name, line, masked) => {
    const out = maskCprLikeNumbersInJson(JSON.stringify(line));
    expect(JSON.parse(out)).toEqual(masked);
    expect(out).not.toContain(CPR);
  });
});

describe('loggablePath', () => {
  it.each<[string, string, string]>([
    ['a plain path', '/v1/overview', '/v1/overview'],
    ['a path with a query', '/v1/held?after=1', '/v1/held'],
    ['a CPR number in the path', `/v1/overview/${CPR}`, '/v1/overview/******-****'],
    ['a hyphenated one', `/x/${DASHED}/y`, '/x/******-****/y'],
    ['a percent-encoded one', `/v1/overview/${encoded(CPR)}`, '/v1/overview/******-****'],
    [
      'a delivery id',
      '/v1/deliveries/00000000-0000-4000-8000-000001234567',
      '/v1/deliveries/00000000-0000-4000-8000-000001234567',
    ],
  ])('%s', (_name, url, logged) => {
    expect(loggablePath(url)).toBe(logged);
    expect(loggablePath(url)).not.toContain(CPR);
  });
});
