import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { push, simulatorDeliveries, startSimulator } from './simulator';
import { PATTERN_DESCRIPTIONS } from './reference-fagsystem';

describe('the reference fagsystem simulator', () => {
  it("pushes every pattern's delivery to POST /v1/deliveries with the bearer token", async () => {
    const seen: Array<{ method?: string; url?: string; auth?: string; items: number }> = [];
    const api = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { items: unknown[] };
        seen.push({ method: req.method, url: req.url, auth: req.headers.authorization, items: body.items.length });
        res.writeHead(202, { 'content-type': 'application/json' }).end('{"deliveryId":"d"}');
      });
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    try {
      const results = await push(`http://127.0.0.1:${(api.address() as AddressInfo).port}/`, 'tok', 'passing');
      expect(results.map((r) => [r.description, r.status])).toEqual(
        Object.values(PATTERN_DESCRIPTIONS).map((d) => [d, 202]),
      );
      expect(seen.every((s) => s.method === 'POST' && s.url === '/v1/deliveries' && s.auth === 'Bearer tok')).toBe(
        true,
      );
      expect(seen.map((s) => s.items)).toEqual([...simulatorDeliveries('passing').values()].map((d) => d.items.length));
    } finally {
      api.close();
    }
  });

  it("answers the verifier's POST with the message and its metadata, and refuses what it does not know", async () => {
    const sim = await startSimulator({ variant: 'passing' });
    try {
      const ask = (description: string) =>
        fetch(`${sim.url}/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ description, providerStates: [] }),
        });
      const ok = await ask(PATTERN_DESCRIPTIONS['retired-kle']);
      expect(ok.status).toBe(200);
      expect(JSON.parse(Buffer.from(ok.headers.get('pact-message-metadata')!, 'base64').toString('utf8'))).toEqual({
        contentType: 'application/json',
        contractVersion: '1.0.0',
        pattern: 'retired-kle',
      });
      expect(((await ok.json()) as { items: unknown[] }).items).toHaveLength(1);
      expect((await ask('no such interaction')).status).toBe(400);
      expect((await fetch(`${sim.url}/messages`)).status).toBe(404);
    } finally {
      await sim.close();
    }
  });
});
