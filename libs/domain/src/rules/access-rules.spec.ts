import { AUTH_RULES } from './access-rules';
import { RULE_CATALOGUE } from './catalogue';

describe('the access rules', () => {
  it('names every token and ownership rule AUTH-…', () => {
    expect(Object.keys(AUTH_RULES).filter((id) => !id.startsWith('AUTH-'))).toEqual([]);
  });

  it.each(Object.entries(AUTH_RULES))('%s has the texts of the catalogue', (id, text) => {
    expect(text).toEqual({
      da: RULE_CATALOGUE[id as keyof typeof AUTH_RULES].da,
      en: RULE_CATALOGUE[id as keyof typeof AUTH_RULES].en,
    });
  });
});
