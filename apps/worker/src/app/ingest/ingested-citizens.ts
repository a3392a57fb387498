/** Told after a chunk committed which citizens' read models it changed (e.g. to render their answers at once). */
export abstract class IngestedCitizens {
  abstract changed(citizenKeys: readonly string[]): void;
}
