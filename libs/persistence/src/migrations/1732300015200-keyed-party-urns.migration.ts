import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The index stores a person party's URN keyed (`urn:overblik:cpr-key:<citizen key>`), not with the CPR
 * number. The key is the platform's secret and not the database's, so the worker works out each body's
 * pairs (CPR URN → keyed URN) and `replace_json_strings` swaps every JSON string equal to one for the
 * other where the body is stored. Rows stored before are rewritten by `npm run index:key-party-urns`,
 * which has the key.
 */
export class KeyedPartyUrns1732300015200 implements MigrationInterface {
  name = 'KeyedPartyUrns1732300015200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create function replace_json_strings(doc jsonb, pairs jsonb) returns jsonb
        language plpgsql immutable parallel safe as $$
      declare
        t text;
        p jsonb;
      begin
        if doc is null or pairs is null or jsonb_array_length(pairs) = 0 then return doc; end if;
        t := doc::text;
        for p in select value from jsonb_array_elements(pairs) loop
          t := replace(t, (p->0)::text, (p->1)::text);
        end loop;
        return t::jsonb;
      end $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop function replace_json_strings(jsonb, jsonb)');
  }
}
