import type { DisplayConfigurationInput } from '@overblik/domain';
import { DisplayConfigurationCache, type DisplayConfigurationSource } from './display-configuration.cache';

const inputOf = (version: string): DisplayConfigurationInput => ({
  version,
  municipalities: [{ cvr: '29189846', navn: 'Testkommune' }],
  connections: [],
  fagsystems: [],
  kleConfigs: [],
  kleNodes: [],
});

/** A source whose stored version the test moves; it counts the snapshots read. */
function aSource(start: string) {
  const state = { version: start, loads: 0 };
  const source: DisplayConfigurationSource = {
    configurationVersion: async () => state.version,
    displayConfiguration: async () => {
      state.loads += 1;
      return inputOf(state.version);
    },
  };
  return { state, source };
}

describe('DisplayConfigurationCache', () => {
  it('builds a snapshot once and reuses it while the version holds', async () => {
    const { state, source } = aSource('3');
    const cache = new DisplayConfigurationCache(source);
    const first = await cache.forVersion('3');
    expect(first.version).toBe('3');
    expect(await cache.forVersion('3')).toBe(first);
    expect(await cache.latest()).toBe(first);
    expect(state.loads).toBe(1);
  });

  it('rebuilds when the version moved, whether a call read it or asks for the latest', async () => {
    const { state, source } = aSource('3');
    const cache = new DisplayConfigurationCache(source);
    await cache.forVersion('3');
    state.version = '4';
    expect((await cache.forVersion('4')).version).toBe('4');
    state.version = '5';
    expect((await cache.latest()).version).toBe('5');
    expect(state.loads).toBe(3);
  });

  it('lets concurrent callers share one rebuild', async () => {
    const { state, source } = aSource('8');
    const cache = new DisplayConfigurationCache(source);
    const [a, b, c] = await Promise.all([cache.forVersion('8'), cache.forVersion('8'), cache.latest()]);
    expect(a).toBe(b);
    expect(b).toBe(c);
    expect(state.loads).toBe(1);
  });
});
