import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { PactV4 } from '@pact-foundation/pact';
import { PACT_DIR } from '../orchestration/overview-contract';
import {
  CONTRACT_CITIZEN,
  CONTRACT_VERSION,
  DELIVERY_CONSUMER,
  DELIVERY_PACT_FILE,
  DELIVERY_PROVIDER,
} from './delivery-contract';
import { DeliveryHandling } from './delivery-handling';
import { expectationFailures } from './pattern-checks';
import { type DeliveryBody, DELIVERY_PATTERNS } from './patterns';

/**
 * The delivery contract from the platform's side: for each pattern a fagsystem must master, the message
 * (a delivery body) the platform expects, under named provider states. Each test hands Pact's example
 * message to the platform's real delivery handling (in memory, DeliveryHandling) and checks what the
 * platform does with it. The interactions are written to pacts/overblik-delivery-handling-fagsystem.json
 * (committed), with the contract version in each message's metadata and in the file's metadata.
 */

const pact = new PactV4({ consumer: DELIVERY_CONSUMER, provider: DELIVERY_PROVIDER, dir: PACT_DIR, logLevel: 'warn' });

beforeAll(() => {
  // the file is rebuilt from these interactions on every run (no stale interactions merged in)
  rmSync(DELIVERY_PACT_FILE, { force: true });
});

afterAll(() => {
  // the contract's version in the file's own metadata, next to Pact's
  const file = JSON.parse(readFileSync(DELIVERY_PACT_FILE, 'utf8')) as { metadata?: Record<string, unknown> };
  file.metadata = { ...file.metadata, overblik: { contractVersion: CONTRACT_VERSION } };
  writeFileSync(DELIVERY_PACT_FILE, `${JSON.stringify(file, null, 2)}\n`);
});

describe('the platform receives a delivery from a fagsystem', () => {
  it.each(DELIVERY_PATTERNS.map((p) => [p.id, p.expectation.summary, p] as const))(
    '%s: %s',
    async (_id, _summary, pattern) => {
      let interaction = pact.addAsynchronousInteraction();
      for (const state of pattern.providerStates) interaction = interaction.given(state.name, state.params);
      await interaction
        .expectsToReceive(pattern.description, (builder) => {
          builder.withJSONContent(pattern.delivery).withMetadata({
            contentType: 'application/json',
            pattern: pattern.id,
            contractVersion: CONTRACT_VERSION,
          });
        })
        .executeTest(async (message) => {
          const platform = new DeliveryHandling();
          for (const earlier of pattern.background) platform.receive(earlier);
          const outcome = platform.receive(message.contents.content as unknown as DeliveryBody);
          expect(expectationFailures(pattern.expectation, outcome, platform.citizen(CONTRACT_CITIZEN))).toEqual([]);
        });
    },
  );
});
