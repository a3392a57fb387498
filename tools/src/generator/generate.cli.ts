/**
 * Synthetic delivery items, one NDJSON stream per fagsystem.
 *   npm run generate -- --seed 42 --citizens 1000 [--dirty 0.02] [--as-of 2026-11-01] [--scope national|demo]
 *       [--out data.ndjson]                      → data.<fagsystem>.ndjson, one file per fagsystem
 *       [--post http://127.0.0.1:3000]           → POST /v1/deliveries/stream, one request per fagsystem
 *       [--database-url postgres://…]            → first seed the 98 municipalities' connections and configuration
 * Nothing is held in memory beyond one citizen; CPR numbers are never printed.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Writable } from 'node:stream';
import { Presets, SingleBar } from 'cli-progress';
import { mintToken } from '@overblik/platform';
import { createDataSource } from '@overblik/persistence';
import { loadOrCreateDevKeys } from '../auth/mint-token';
import { DEFAULT_AS_OF, generateCitizen, type GeneratorOptions } from './citizen.generator';
import { DEMO_SCOPE, NATIONAL_MUNICIPALITIES } from './national-reference';
import { seedNationalReference } from './national-reference.seed';

export interface Sink {
  stream: Writable;
  done: Promise<string>;
}

/** `data.ndjson` → `data.fs-jobnet.ndjson`. */
export function fileFor(out: string, fagsystem: string): string {
  const ext = path.extname(out) || '.ndjson';
  return `${out.slice(0, out.length - path.extname(out).length)}.${fagsystem}${ext}`;
}

function fileSink(file: string): Sink {
  const stream: WriteStream = createWriteStream(file);
  const done = once(stream, 'finish').then(() => file);
  return { stream, done };
}

/** A streaming POST /v1/deliveries/stream for one fagsystem; `done` resolves with the 202 body. */
export function postSink(base: string, token: string, fagsystem: string): Sink {
  const url = new URL('/v1/deliveries/stream', base);
  const req = http.request(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/x-ndjson',
      'idempotency-key': `generator.${fagsystem}.${Date.now().toString(36)}`,
    },
  });
  const done = new Promise<string>((resolve, reject) => {
    req.once('error', reject);
    req.once('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () =>
        res.statusCode === 202
          ? resolve(body)
          : reject(new Error(`${fagsystem}: ${res.statusCode} ${body.slice(0, 500)}`)),
      );
    });
  });
  return { stream: req, done };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '42' },
      citizens: { type: 'string', default: '1000' },
      from: { type: 'string', default: '0' },
      dirty: { type: 'string', default: '0' },
      'as-of': { type: 'string', default: DEFAULT_AS_OF },
      scope: { type: 'string', default: 'national' },
      out: { type: 'string' },
      post: { type: 'string' },
      'database-url': { type: 'string' },
    },
  });
  const seed = Number(values.seed);
  const citizens = Number(values.citizens);
  const from = Number(values.from);
  const dirty = Number(values.dirty);
  if (!Number.isInteger(seed) || seed < 0) throw new Error('--seed must be a whole number ≥ 0');
  if (!Number.isInteger(citizens) || citizens < 1) throw new Error('--citizens must be a whole number ≥ 1');
  if (!Number.isInteger(from) || from < 0) throw new Error('--from must be a whole number ≥ 0');
  if (!(dirty >= 0 && dirty <= 1)) throw new Error('--dirty must be a share from 0 to 1');
  if (values.scope !== 'national' && values.scope !== 'demo') throw new Error('--scope is national or demo');
  if (!values.out === !values.post) throw new Error('give exactly one of --out <file.ndjson> or --post <api base URL>');
  if (values.post && !/^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/?$/.test(values.post)) {
    throw new Error('--post only talks to a local API (http://127.0.0.1:<port>)');
  }

  if (values['database-url']) {
    const db = createDataSource({ url: values['database-url'], poolSize: 2, applicationName: 'overblik-generator' });
    await db.initialize();
    try {
      const seeded = await seedNationalReference(db);
      console.error(
        `seeded ${seeded.municipalities} municipalities, ${seeded.connections} connections, ${seeded.kleConfigs} KLE configurations`,
      );
    } finally {
      await db.destroy();
    }
  }

  const options: GeneratorOptions = {
    seed,
    dirtyShare: dirty,
    asOf: values['as-of'] ?? DEFAULT_AS_OF,
    municipalities: values.scope === 'demo' ? DEMO_SCOPE : NATIONAL_MUNICIPALITIES,
  };
  const keys = values.post ? await loadOrCreateDevKeys() : undefined;
  const sinks = new Map<string, Sink>();
  const sinkFor = async (fagsystem: string): Promise<Sink> => {
    let sink = sinks.get(fagsystem);
    if (!sink) {
      if (values.post && keys) {
        const token = await mintToken({
          privateJwk: keys.privateJwk,
          issuer: 'overblik-dev',
          audience: 'overblik-delivery',
          subject: fagsystem,
          scope: 'delivery:write',
          expiresIn: '6h',
        });
        sink = postSink(values.post, token, fagsystem);
      } else {
        sink = fileSink(fileFor(values.out as string, fagsystem));
      }
      sinks.set(fagsystem, sink);
    }
    return sink;
  };

  const counts = {
    items: 0,
    bytes: 0,
    byType: {} as Record<string, number>,
    byFagsystem: {} as Record<string, number>,
    dirty: {} as Record<string, number>,
  };
  const bar = new SingleBar(
    {
      format: 'generate {bar} {percentage}% | {value}/{total} citizens | {items} items | ETA {eta_formatted}',
      noTTYOutput: true,
      notTTYSchedule: 10_000,
    },
    Presets.shades_classic,
  );
  bar.start(citizens, 0, { items: 0 });
  for (let i = from; i < from + citizens; i++) {
    for (const g of generateCitizen(i, options).items) {
      const line = `${JSON.stringify(g.item)}\n`;
      const sink = await sinkFor(g.fagsystem);
      if (!sink.stream.write(line)) await once(sink.stream, 'drain');
      counts.items++;
      counts.bytes += Buffer.byteLength(line);
      counts.byType[g.item.object.objectType] = (counts.byType[g.item.object.objectType] ?? 0) + 1;
      counts.byFagsystem[g.fagsystem] = (counts.byFagsystem[g.fagsystem] ?? 0) + 1;
      if (g.dirty)
        counts.dirty[`${g.dirty.kind} → ${g.dirty.outcome} ${g.dirty.rule}`] =
          (counts.dirty[`${g.dirty.kind} → ${g.dirty.outcome} ${g.dirty.rule}`] ?? 0) + 1;
    }
    if ((i - from) % 100 === 99) bar.update(i - from + 1, { items: counts.items });
  }
  bar.update(citizens, { items: counts.items });
  bar.stop();
  for (const sink of sinks.values()) sink.stream.end();
  const results = await Promise.all(
    [...sinks.entries()].map(async ([fagsystem, sink]) => [fagsystem, await sink.done] as const),
  );
  const dirtyTotal = Object.values(counts.dirty).reduce((a, b) => a + b, 0);
  console.log(
    JSON.stringify(
      {
        seed,
        citizens,
        from,
        asOf: options.asOf,
        scope: values.scope,
        items: counts.items,
        megabytes: Math.round(counts.bytes / 1e5) / 10,
        byType: counts.byType,
        byFagsystem: counts.byFagsystem,
        dirty: { share: counts.items ? Number((dirtyTotal / counts.items).toFixed(4)) : 0, byKind: counts.dirty },
        [values.post ? 'deliveries' : 'files']: Object.fromEntries(
          results.map(([fs, r]) => [fs, values.post ? (JSON.parse(r) as unknown) : r]),
        ),
      },
      null,
      2,
    ),
  );
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
