/**
 * The raw HTTP floor of the overview benchmark (run by overview.bench.ts as its own process, not a
 * service): plain node:http, one pg pool, and per request only what no overview can do without — parse
 * the JSON body, key the CPR number, run the API's own statement (OVERVIEW_READ_SQL.answer) and send the
 * stored answer closed with its brace: gzip-compressed when the request takes gzip (joined as the API
 * joins it, `gzipJoined`), else decompressed. No framework, authentication, limits, rules, coverage or
 * access log. Beside the API in the same run it shows what those cost on this machine.
 *   RAW_FLOOR_PORT=3902 DATABASE_URL=… CPR_HASH_KEY=… node -r @swc-node/register tools/bench/raw-http-floor.ts
 */
import http from 'node:http';
import { Pool } from 'pg';
import { cprKey, danishDay } from '@overblik/domain';
import { citizenPartHead, compressTail, gzipJoined } from '@overblik/overview-answer';
import { OVERVIEW_READ_SQL, storedPartOf } from '@overblik/persistence';

const port = Number(process.env['RAW_FLOOR_PORT'] ?? 3902);
const secret = process.env['CPR_HASH_KEY'] ?? '';
const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 10 });
const statement = { name: 'overview-read-answer', text: OVERVIEW_READ_SQL.answer };
const day = danishDay();
const closingBrace = compressTail(Buffer.from('}'));
const EMPTY = Buffer.from('{}');

interface Row {
  answer: Buffer | null;
  answer_crc32: number | null;
  answer_length: number | null;
}

function answerOf(row: Row | undefined, gzip: boolean): Buffer {
  if (!row?.answer) return EMPTY;
  const part = storedPartOf(row.answer, row.answer_crc32, row.answer_length);
  return gzip ? gzipJoined(part, closingBrace) : Buffer.concat([citizenPartHead(part), closingBrace.bytes]);
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let key: string;
    try {
      key = cprKey((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { cpr: string }).cpr, secret);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const gzip = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
    pool.query<Row>({ ...statement, values: [key, day] }).then(
      (r) => {
        const row = r.rows[0];
        res.writeHead(200, {
          'content-type': 'application/json',
          ...(gzip && row?.answer ? { 'content-encoding': 'gzip' } : {}),
        });
        res.end(answerOf(row, gzip));
      },
      () => res.writeHead(500).end(),
    );
  });
});
server.listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));
process.once('SIGTERM', () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});
