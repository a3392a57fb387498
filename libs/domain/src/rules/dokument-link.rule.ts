import { jsonPointer, type RuleViolation } from './rule-violation';

export const FOREIGN_DOKUMENT_RULE = 'SAG-JOURNALPOST-FOREIGN-DOKUMENT';

/** What the link rule reads of a linked document (a delivered or stored Dokument body has these fields). */
export interface LinkedDokument {
  parter?: ReadonlyArray<{ urn: string }>;
  ejer?: { cvr: string };
  itSystem?: { master: string };
}

/** What the link rule reads of the case whose journal post links the document. */
export interface LinkingSag {
  primaerPart?: { urn: string };
  ejer?: { cvr: string };
  itSystem?: { master: string };
}

/** Why a document may not sit on a case, in the order they are checked. */
export type ForeignDokumentReason = 'party' | 'municipality' | 'fagsystem';

/**
 * Whether a document belongs on a case: the case's primary party is one of the document's parties, the
 * document is owned by the case's municipality (CVR) and mastered by the case's fagsystem. A case with
 * no primary party has no citizen the document could belong to. Parties are compared by `partyKey`, which
 * gives a delivered CPR URN and the keyed form the index stores the same key. Null when it belongs.
 */
export function foreignDokumentReason(
  sag: LinkingSag,
  dokument: LinkedDokument,
  partyKey: (urn: string) => string = (urn) => urn,
): ForeignDokumentReason | null {
  const party = sag.primaerPart?.urn;
  if (party === undefined) return 'party';
  const key = partyKey(party);
  if (!(dokument.parter ?? []).some((p) => partyKey(p.urn) === key)) return 'party';
  if (sag.ejer?.cvr === undefined || dokument.ejer?.cvr !== sag.ejer.cvr) return 'municipality';
  if (sag.itSystem?.master === undefined || dokument.itSystem?.master !== sag.itSystem.master) return 'fagsystem';
  return null;
}

/**
 * SAG-JOURNALPOST-FOREIGN-DOKUMENT: a journal post may not link a document the index holds for another
 * party, municipality or fagsystem. `linked` gives the documents known now; one not known yet passes
 * here and is checked again whenever the case's read-model entry is projected. The message does not say
 * which of the three differs, so a vendor cannot learn whose a document is by linking it.
 */
export function foreignDokumentViolations(
  sag: LinkingSag & { journalposter?: ReadonlyArray<{ dokumentUuid?: string } | object> },
  linked: (dokumentUuid: string) => LinkedDokument | undefined,
  partyKey?: (urn: string) => string,
): RuleViolation[] {
  const out: RuleViolation[] = [];
  (sag.journalposter ?? []).forEach((jp, i) => {
    const uuid = 'dokumentUuid' in jp ? jp.dokumentUuid : undefined;
    if (typeof uuid !== 'string') return;
    const dokument = linked(uuid);
    if (!dokument || foreignDokumentReason(sag, dokument, partyKey) === null) return;
    out.push({
      rule: FOREIGN_DOKUMENT_RULE,
      pointer: jsonPointer(['object', 'journalposter', i, 'dokumentUuid']),
      message: `dokument ${uuid} is not a document of this case's party, municipality and fagsystem`,
      severity: 'error',
    });
  });
  return out;
}
