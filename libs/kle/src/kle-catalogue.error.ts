/** A set of KLE nodes that cannot form a catalogue (bad number, level mismatch, duplicate, bad date). */
export class KleCatalogueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KleCatalogueError';
  }
}

/** A KLE publication (XML, CSV) that cannot be read. */
export class KleImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KleImportError';
  }
}
