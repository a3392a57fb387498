import { AUTH_RULES, REQUEST_RULES } from './access-rules';

describe('the access and request rule catalogues', () => {
  it.each(Object.entries({ ...AUTH_RULES, ...REQUEST_RULES }))('%s has a Danish and an English text', (_id, text) => {
    expect(text.da.trim()).not.toBe('');
    expect(text.en.trim()).not.toBe('');
    expect(text.da).not.toBe(text.en);
  });

  it('names every token and ownership rule AUTH-…', () => {
    expect(Object.keys(AUTH_RULES).filter((id) => !id.startsWith('AUTH-'))).toEqual([]);
  });
});
