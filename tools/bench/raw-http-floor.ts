/**
 * The raw HTTP floor of the overview benchmark (run by overview.bench.ts as its own process, not a
 * service): plain node:http, one pg pool, and per request only what no overview can do without — parse
 * the JSON body, key the CPR number, run the API's own statement (OVERVIEW_READ_SQL.answer) and send the
 * stored answer text. No framework, authentication, limits, rules, coverage or access log. Beside the
 * API in the same run it shows what those cost on this machine.
 *   RAW_FLOOR_PORT=3902 DATABASE_URL=… CPR_HASH_KEY=… node -r @swc-node/register tools/bench/raw-http-floor.ts
 */
import http from 'node:http';
import { Pool } from 'pg';
import { cprKey, danishDay } from '@overblik/domain';
import { OVERVIEW_READ_SQL } from '@overblik/persistence';

const port = Number(process.env['RAW_FLOOR_PORT'] ?? 3902);
const secret = process.env['CPR_HASH_KEY'] ?? '';
const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 10 });
const statement = { name: 'overview-read-answer', text: OVERVIEW_READ_SQL.answer };
const day = danishDay();

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
    pool.query<{ answer: string | null }>({ ...statement, values: [key, day] }).then(
      (r) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(r.rows[0]?.answer ?? '{}');
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
