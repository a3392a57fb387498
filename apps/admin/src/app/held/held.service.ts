import { Injectable } from '@nestjs/common';
import { projectCitizenOverview } from '@overblik/domain';
import { HeldRecordRepository, IndexWriteRepository } from '@overblik/persistence';

export interface MunicipalAdmin {
  subject: string;
  /** The administrator's municipality. */
  cvr: string;
}

/** What the safety net holds back in a municipality, and releasing it. */
@Injectable()
export class HeldService {
  constructor(
    private readonly held: HeldRecordRepository,
    private readonly index: IndexWriteRepository,
  ) {}

  list(admin: MunicipalAdmin, after: string, limit: number) {
    return this.held.listOpen(admin.cvr, after, limit);
  }

  /** Releases an open held record of the administrator's municipality; false when there is none with this id. */
  async release(admin: MunicipalAdmin, id: string): Promise<boolean> {
    const released = await this.held.release(id, admin.cvr, admin.subject);
    if (!released) return false;
    // serialised with worker chunks that touch the object or patch these citizens' documents meanwhile
    await this.index.reproject(released.citizenKeys, projectCitizenOverview, [released.objectId]);
    return true;
  }
}
