import { verifyCommand } from './verify-command';

// npm run verify:vendor -- --base-url http://127.0.0.1:8080 --fagsystem <id> --fagsystem-version <v> [--out dir]
verifyCommand(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`overblik-verify failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 2;
  },
);
