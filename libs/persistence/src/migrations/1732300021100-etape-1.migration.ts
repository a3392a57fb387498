import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ETAPE_1_EMNER } from '@overblik/kle';

/** Data: etape 1 (2020) and its emner; later etaper are entered by an operator. */
export class Etape11732300021100 implements MigrationInterface {
  name = 'Etape11732300021100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `insert into etape (nr, year, title) values (1, 2020, 'Etape 1: kontante ydelser og beskæftigelse')
       on conflict (nr) do nothing`,
    );
    await q.query('insert into etape_emne (etape_nr, kle) select 1, unnest($1::text[]) on conflict do nothing', [
      [...ETAPE_1_EMNER],
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('delete from etape where nr = 1');
  }
}
