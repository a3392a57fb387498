import { buildDisplayConfiguration, type DisplayConfiguration, type DisplayConfigurationInput } from '@overblik/domain';

/** Where the snapshots come from: `OverviewReadRepository`. */
export interface DisplayConfigurationSource {
  configurationVersion(): Promise<string>;
  displayConfiguration(): Promise<DisplayConfigurationInput>;
}

/**
 * The display configuration snapshot, one per process, keyed by the configuration version: the API's
 * calls, the worker's pre-render and refresh, and the pre-render command all take it from here. A call
 * reads the stored configuration version together with the citizen's row; when it moved, the snapshot is
 * rebuilt before answering, so a configuration change takes effect on the next call. Concurrent callers
 * share one rebuild.
 */
export class DisplayConfigurationCache {
  private current: DisplayConfiguration | undefined;
  private loading: Promise<DisplayConfiguration> | undefined;

  constructor(private readonly source: DisplayConfigurationSource) {}

  /** The snapshot of `version` (read with the caller's own row), rebuilt when the version moved. */
  async forVersion(version: string): Promise<DisplayConfiguration> {
    if (this.current && this.current.version === version) return this.current;
    if (!this.loading) {
      this.loading = this.source
        .displayConfiguration()
        .then((input) => (this.current = buildDisplayConfiguration(input)))
        .finally(() => (this.loading = undefined));
    }
    // a load already under way may be for an older version: this call takes it, the next call reloads
    return this.loading;
  }

  /** The snapshot of the configuration version in force now (one small read, and a rebuild when it moved). */
  async latest(): Promise<DisplayConfiguration> {
    return this.forVersion(await this.source.configurationVersion());
  }
}
