// A vendor's delivery client as the README tells vendors to write one: every request carries an
// Idempotency-Key, and an answer that never came (connection cut, 5xx, 429, a stream cut off) is asked
// again with the same key until the platform gives a definite answer or the deadline passes.

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface DeliveryAnswer {
  /** 202: the platform accepted the delivery; another 4xx: it refused it for good. */
  status: number;
  deliveryId?: string;
  /** Requests sent for this delivery (1 when nothing went wrong). */
  attempts: number;
  /** The longest one request waited for its answer, in milliseconds. */
  slowestMs: number;
}

export interface VendorClientOptions {
  baseUrl: () => string;
  token: string;
  /** Give up on one delivery after this long (the answer then counts as not accepted). */
  deadlineMs: number;
}

/** A status that says "ask again": nothing was decided, or the answer was lost. */
const retryable = (status: number): boolean => status >= 500 || status === 429 || status === 409;

export class VendorClient {
  constructor(private readonly options: VendorClientOptions) {}

  /** POST /v1/deliveries until a definite answer. */
  async deliverBatch(items: unknown[], key: string): Promise<DeliveryAnswer> {
    const body = JSON.stringify({ items });
    return this.untilDefinite(async () =>
      fetch(`${this.options.baseUrl()}/v1/deliveries`, {
        method: 'POST',
        headers: this.headers('application/json', key),
        body,
        signal: AbortSignal.timeout(15_000),
      }),
    );
  }

  /**
   * POST /v1/deliveries/stream, one item per line, written in chunks of `linesPerChunk` with a pause between
   * them so that a fault can strike mid-body. A retry sends the whole body again with the same key: the
   * platform recognises the committed lines and appends the rest.
   */
  async deliverStream(items: unknown[], key: string, linesPerChunk = 50, pauseMs = 20): Promise<DeliveryAnswer> {
    const lines = items.map((item) => JSON.stringify(item) + '\n');
    return this.untilDefinite(async () => {
      let i = 0;
      const encoder = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (i >= lines.length) return controller.close();
          const chunk = lines.slice(i, i + linesPerChunk).join('');
          i += linesPerChunk;
          if (i > linesPerChunk) await sleep(pauseMs);
          controller.enqueue(encoder.encode(chunk));
        },
      });
      return fetch(`${this.options.baseUrl()}/v1/deliveries/stream`, {
        method: 'POST',
        headers: { ...this.headers('application/x-ndjson', key) },
        body,
        duplex: 'half',
        signal: AbortSignal.timeout(60_000),
      } as RequestInit);
    });
  }

  private headers(contentType: string, key: string): Record<string, string> {
    return { authorization: `Bearer ${this.options.token}`, 'content-type': contentType, 'idempotency-key': key };
  }

  private async untilDefinite(send: () => Promise<Response>): Promise<DeliveryAnswer> {
    const until = Date.now() + this.options.deadlineMs;
    let attempts = 0;
    let slowestMs = 0;
    let pause = 100;
    for (;;) {
      attempts += 1;
      const sent = Date.now();
      try {
        const res = await send();
        const text = await res.text();
        slowestMs = Math.max(slowestMs, Date.now() - sent);
        if (!retryable(res.status)) {
          const parsed = res.status === 202 ? (JSON.parse(text) as { deliveryId?: string }) : {};
          return { status: res.status, deliveryId: parsed.deliveryId, attempts, slowestMs };
        }
      } catch {
        // connection refused or cut: the answer is unknown, ask again
        slowestMs = Math.max(slowestMs, Date.now() - sent);
      }
      if (Date.now() + pause > until) return { status: 0, attempts, slowestMs };
      await sleep(pause);
      pause = Math.min(pause * 2, 2_000);
    }
  }
}
