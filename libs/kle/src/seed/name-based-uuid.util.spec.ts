import { URL_NAMESPACE, nameBasedUuid } from './name-based-uuid.util';

const DNS_NAMESPACE = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';
const KLE_SEED = '4e1531a1-f014-44f5-a068-3779ed4bf253';

describe('nameBasedUuid', () => {
  // Expected values computed independently with Python's uuid.uuid5.
  it.each<[string, string, string]>([
    [DNS_NAMESPACE, 'www.example.com', '2ed6657d-e927-568b-95e1-2665a8aea6a2'],
    [URL_NAMESPACE, 'https://kle-online.dk/', '668430a0-ca56-5fdf-893d-f5f11f12f788'],
    [KLE_SEED, '32.24.04', '87fcc24f-1302-5c2c-b1bf-9562e971d778'],
    [KLE_SEED.toUpperCase(), 'G01', 'a993a89c-f102-5b68-9d5a-08915d4d7936'],
    [KLE_SEED, 'Kontanthjælp ø', '8428be22-1ecb-5b1f-8f48-1ea6d41f871d'],
  ])('derives the RFC 9562 version-5 UUID of (%s, %j)', (namespace, name, uuid) => {
    expect(nameBasedUuid(namespace, name)).toBe(uuid);
  });

  it('refuses a namespace that is no UUID', () => {
    expect(() => nameBasedUuid('kle', '32.24.04')).toThrow('Namespace "kle" is not a UUID');
  });
});
