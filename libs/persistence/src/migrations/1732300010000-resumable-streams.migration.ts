import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Resumable NDJSON loads. A delivery says where it stands (`state`: a stream is `open` while a request
 * writes it, `complete` once its body was read to the end, `incomplete` when the request ended before
 * that) and how far it got (`committed_lines`: every source line up to this number is stored). A
 * stream's items remember their source line and the hash of the line's canonical JSON, so a retry that
 * sends the body again is matched line by line; the unique index makes "every line once" a property
 * of the table. `lease_token` fences the one request that may write a stream at a time.
 */
export class ResumableStreams1732300010000 implements MigrationInterface {
  name = 'ResumableStreams1732300010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table delivery
        add column state text not null default 'complete' check (state in ('open','complete','incomplete')),
        add column committed_lines integer not null default 0 check (committed_lines >= 0),
        add column lease_token uuid;
      alter table delivery_item
        add column line integer,
        add column line_hash text;
      create unique index delivery_item_line on delivery_item (delivery_id, line) where line is not null;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      drop index delivery_item_line;
      alter table delivery_item drop column line_hash, drop column line;
      alter table delivery drop column lease_token, drop column committed_lines, drop column state;
    `);
  }
}
