import { Injectable } from '@nestjs/common';
import { maskUnfitText, projectCitizenOverview, WordList } from '@overblik/domain';
import {
  AdminAccessRepository,
  HeldRecordRepository,
  type HeldReviewItem,
  IndexWriteRepository,
  SafetyNetReviewRepository,
} from '@overblik/persistence';
import { problem } from '@overblik/platform';
import type { AdminPrincipal } from '../auth/admin-principal';

/** A held record as an administrator sees it: the text masked, its context visible. */
export type MaskedHeldItem = Omit<HeldReviewItem, 'text'> & { maskedText: string | null };

/** Danish messages of the review's forms, per field; the JSON API sends them with their rule and pointer. */
export type FormErrors = Record<string, string>;

export class FormInvalid extends Error {
  constructor(
    readonly errors: FormErrors,
    readonly rule: string,
  ) {
    super(rule);
  }
}

export const WORD_PATTERN = /^\p{L}{2,64}$/u;
export const KEEP_REASON_MAX = 500;

/** The safety-net review: the queue, release, keep hidden, the word list and its rescan; every change audited. */
@Injectable()
export class SafetyNetService {
  constructor(
    private readonly review: SafetyNetReviewRepository,
    private readonly held: HeldRecordRepository,
    private readonly index: IndexWriteRepository,
    private readonly access: AdminAccessRepository,
  ) {}

  async municipalityName(cvr: string): Promise<string> {
    const m = (await this.access.municipalities()).find((x) => x.cvr === cvr);
    if (!m) throw problem(404, 'municipality-not-found', 'No municipality with this CVR');
    return m.name;
  }

  async queue(cvr: string, state: 'open' | 'kept' | 'all'): Promise<MaskedHeldItem[]> {
    await this.municipalityName(cvr);
    const words = new WordList(await this.review.words(cvr));
    return (await this.review.queue(cvr, state)).map((i) => this.masked(i, words));
  }

  async item(cvr: string, id: string): Promise<MaskedHeldItem> {
    if (!/^\d{1,18}$/.test(id)) throw problem(404, 'held-not-found', 'No held record with this id');
    const item = await this.review.item(id, cvr);
    if (!item) throw problem(404, 'held-not-found', 'No held record with this id in this municipality');
    return this.masked(item, new WordList(await this.review.words(cvr)));
  }

  async release(admin: AdminPrincipal, cvr: string, id: string): Promise<void> {
    await this.item(cvr, id);
    const released = await this.held.release(id, cvr, admin.subject);
    if (!released) throw problem(409, 'held-not-open', 'The held record is released already');
    await this.index.reproject(released.citizenKeys, projectCitizenOverview, [released.objectId]);
    await this.audit(admin, cvr, 'held.release', `held_record:${id}`, null);
  }

  async keep(admin: AdminPrincipal, cvr: string, id: string, reasonInput: unknown): Promise<void> {
    const reason = typeof reasonInput === 'string' ? reasonInput.trim() : '';
    if (!reason)
      throw new FormInvalid({ reason: 'Skriv, hvorfor oplysningen skal forblive skjult.' }, 'KEEP-REASON-REQUIRED');
    if (reason.length > KEEP_REASON_MAX)
      throw new FormInvalid({ reason: `Begrundelsen må højst være ${KEEP_REASON_MAX} tegn.` }, 'KEEP-REASON-TOO-LONG');
    await this.item(cvr, id);
    if (!(await this.review.keep(id, cvr, admin.subject, reason)))
      throw problem(409, 'held-not-open', 'The held record is released already');
    await this.audit(admin, cvr, 'held.keep', `held_record:${id}`, reason);
  }

  async words(cvr: string): Promise<string[]> {
    await this.municipalityName(cvr);
    return this.review.words(cvr);
  }

  /** Add a word and rescan the municipality's stored records: new matches are held at once. */
  async addWord(admin: AdminPrincipal, cvr: string, wordInput: unknown): Promise<{ newlyHeld: number }> {
    await this.municipalityName(cvr);
    const word = typeof wordInput === 'string' ? wordInput.trim() : '';
    if (!word) throw new FormInvalid({ word: 'Skriv det ord, der skal på listen.' }, 'WORD-REQUIRED');
    if (!WORD_PATTERN.test(word))
      throw new FormInvalid({ word: 'Ordet skal være 2–64 bogstaver uden mellemrum, tal eller tegn.' }, 'WORD-INVALID');
    if (!(await this.review.addWord(cvr, word)))
      throw new FormInvalid({ word: `»${word}« står allerede på listen.` }, 'WORD-EXISTS');
    await this.audit(admin, cvr, 'wordlist.add', `word:${word}`, null);
    return this.rescan(cvr);
  }

  async removeWord(admin: AdminPrincipal, cvr: string, word: unknown): Promise<{ newlyHeld: number }> {
    await this.municipalityName(cvr);
    if (typeof word !== 'string' || !(await this.review.removeWord(cvr, word)))
      throw problem(404, 'word-not-found', 'The word is not on the list');
    await this.audit(admin, cvr, 'wordlist.remove', `word:${word}`, null);
    return this.rescan(cvr);
  }

  private async rescan(cvr: string): Promise<{ newlyHeld: number }> {
    const result = await this.review.rescan(cvr, new WordList(await this.review.words(cvr)));
    if (result.newlyHeld) await this.index.reproject(result.citizenKeys, projectCitizenOverview, result.objectIds);
    return { newlyHeld: result.newlyHeld };
  }

  private masked({ text, ...item }: HeldReviewItem, words: WordList): MaskedHeldItem {
    return { ...item, maskedText: text === null ? null : maskUnfitText(text, words) };
  }

  private audit(admin: AdminPrincipal, cvr: string, action: string, target: string, reason: string | null) {
    return this.access.record({ actor: admin.subject, role: admin.role, municipalityCvr: cvr, action, target, reason });
  }
}
