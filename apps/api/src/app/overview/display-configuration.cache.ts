import { Injectable } from '@nestjs/common';
import { buildDisplayConfiguration, type DisplayConfiguration } from '@overblik/domain';
import { OverviewReadRepository } from '@overblik/persistence';

/**
 * The display configuration snapshot. Every call reads the stored configuration version together with
 * the citizen's row; when it moved, the snapshot is rebuilt before answering, so a configuration change
 * takes effect on the next call. Concurrent calls share one rebuild.
 */
@Injectable()
export class DisplayConfigurationCache {
  private current: DisplayConfiguration | undefined;
  private loading: Promise<DisplayConfiguration> | undefined;

  constructor(private readonly reads: OverviewReadRepository) {}

  async forVersion(version: string): Promise<DisplayConfiguration> {
    if (this.current && this.current.version === version) return this.current;
    if (!this.loading) {
      this.loading = this.reads
        .displayConfiguration()
        .then((input) => (this.current = buildDisplayConfiguration(input)))
        .finally(() => (this.loading = undefined));
    }
    // a load already under way may be for an older version: this call takes it, the next call reloads
    return this.loading;
  }
}
