import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildEvidencePack,
  type EvidenceKeyOptions,
  type EvidencePack,
  loadSigningKey,
  type RunResult,
  SandboxSession,
  type SessionArrival,
  sessionCredentials,
  type SessionProgress,
  startSandboxServer,
} from '@overblik/compliance';
import { CVR_PATTERN, FAGSYSTEM_ID_PATTERN } from '@overblik/domain';

export interface SessionRunOptions {
  fagsystem: string;
  fagsystemVersion: string;
  /** The pilot municipality's CVR. */
  pilot: string;
  /** 0: an ephemeral port. */
  port?: number;
  host?: string;
  /** The session ends after this many seconds if not every scenario has passed. */
  timeoutSeconds?: number;
  /** Where run.json and evidence.json go (default `.data/sessions/<session id>`). */
  outDir?: string;
  /** Where the signing key comes from (default: EVIDENCE_SIGNING_KEY, else the development key). */
  evidenceKeys?: EvidenceKeyOptions;
  /** Where the progress is printed (default: stdout). */
  print?: (line: string) => void;
}

export interface SessionRunOutcome {
  reason: 'complete' | 'timeout' | 'stopped';
  run: RunResult;
  pack: EvidencePack;
  files: { run: string; evidence: string };
}

export interface StartedSession {
  sessionId: string;
  /** The sandbox's base URL: the vendor points its system here. */
  url: string;
  /** The session token (printed once). */
  token: string;
  session: SandboxSession;
  /** Ends the session now (Ctrl+C). */
  stop(): void;
  /** Resolves when the session has ended and its files are written. */
  done: Promise<SessionRunOutcome>;
}

const MARK = { passed: '✓', failed: '✗', pending: '…' } as const;

/** The scenario checklist, one line per scenario. */
export function checklist(progress: SessionProgress): string[] {
  return progress.scenarios.map((s) => {
    const why =
      s.status === 'failed' && s.findings[0] ? `  (${s.findings[0].rule} at ${s.findings[0].pointer || '/'})` : '';
    return `  ${MARK[s.status]} ${s.id}: ${s.instruction}${why}`;
  });
}

/** One line per arrival: what came, what the platform did, which scenarios it performed. */
export function arrivalLine(a: SessionArrival): string {
  const head = `← #${a.seq} ${a.transport}, ${a.itemCount} item(s):`;
  if (a.answer.status !== 202) {
    const v = a.answer.violations[0];
    return `${head} refused ${a.answer.status} ${a.answer.problem}${v ? ` (${v.rule} at ${v.pointer})` : ''}`;
  }
  const counts = new Map<string, number>();
  for (const item of a.answer.delivery.items) counts.set(item.state, (counts.get(item.state) ?? 0) + 1);
  const states = [...counts].map(([state, n]) => `${n} ${state}`).join(', ');
  const performed = a.recognitions.map((r) => r.pattern).join(', ');
  return `${head} ${states}${performed ? ` · performs ${performed}` : ''}`;
}

function validate(o: SessionRunOptions): void {
  if (!FAGSYSTEM_ID_PATTERN.test(o.fagsystem)) throw new Error('--fagsystem must be a fagsystem id like fs-jobnet');
  if (!o.fagsystemVersion.trim()) throw new Error('--fagsystem-version is required');
  if (!CVR_PATTERN.test(o.pilot)) throw new Error('--pilot must be a CVR number (8 digits)');
  if (o.timeoutSeconds !== undefined && !(o.timeoutSeconds > 0))
    throw new Error('--timeout must be a number of seconds');
}

/**
 * Starts a session: the sandbox on its port, the session token, the checklist; ends when every scenario
 * has passed, on the timeout or on stop(), and writes the run (run.json) and its signed evidence pack
 * (evidence.json).
 */
export async function startSessionRun(options: SessionRunOptions): Promise<StartedSession> {
  validate(options);
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const timeoutSeconds = options.timeoutSeconds ?? 600;
  const session = new SandboxSession({
    fagsystem: { id: options.fagsystem, version: options.fagsystemVersion },
    pilot: options.pilot,
  });
  const key = await loadSigningKey(options.evidenceKeys);
  const credentials = await sessionCredentials(session.id, options.fagsystem, timeoutSeconds + 3600);
  const server = await startSandboxServer(session, credentials, { port: options.port ?? 0, host: options.host });
  const outDir = options.outDir ?? path.resolve('.data', 'sessions', session.id);

  let finish: (reason: SessionRunOutcome['reason']) => void = () => undefined;
  const ended = new Promise<SessionRunOutcome['reason']>((resolve) => (finish = resolve));
  session.onArrival((arrival) => {
    print(arrivalLine(arrival));
    if (arrival.changed.length) for (const line of checklist(session.progress())) print(line);
    if (session.complete) finish('complete');
  });
  const timer = setTimeout(() => finish('timeout'), timeoutSeconds * 1000);

  const done = ended.then(async (reason) => {
    clearTimeout(timer);
    await server.close();
    const run = session.result();
    const pack = await buildEvidencePack(run, key);
    mkdirSync(outDir, { recursive: true });
    const files = { run: path.join(outDir, 'run.json'), evidence: path.join(outDir, 'evidence.json') };
    writeFileSync(files.run, `${JSON.stringify(run, null, 2)}\n`);
    writeFileSync(files.evidence, `${JSON.stringify(pack, null, 2)}\n`);
    print(`session ${reason}: ${run.passed ? 'PASSED' : 'FAILED'}`);
    for (const line of checklist(session.progress())) print(line);
    print(`wrote ${files.run} and ${files.evidence} (signed with key ${key.kid})`);
    return { reason, run, pack, files };
  });
  return {
    sessionId: session.id,
    url: server.url,
    token: credentials.token,
    session,
    stop: () => finish('stopped'),
    done,
  };
}
