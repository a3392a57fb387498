import { verifyEvidenceFile } from './evidence-verify';

const USAGE = `usage: npm run evidence:verify -- <pack.json>
  Verifies a signed evidence pack with the keys in EVIDENCE_PUBLIC_KEYS (a JWKS, a JWK, a PEM or a file
  holding one; without it the public half of EVIDENCE_SIGNING_KEY or the development key).
  Exit 0 verified; 1 changed since signing, naming each changed part; 2 bad signature, unknown key or not a pack.`;

async function main(): Promise<number> {
  const [file] = process.argv.slice(2).filter((a) => a !== '--');
  if (!file || file === '--help') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const answer = await verifyEvidenceFile(file);
  (answer.code === 0 ? process.stdout : process.stderr).write(`${answer.message}\n`);
  return answer.code;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  },
);
