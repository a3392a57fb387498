import { parseArgs } from 'node:util';
import { isSimulatorVariant, push, SIMULATOR_FAGSYSTEM, SIMULATOR_VARIANTS, startSimulator } from './simulator';

// npm run simulator -- [--port 8080] [--variant passing] [--fagsystem id] [--pilot cvr]
// npm run simulator -- --push http://127.0.0.1:3000 --token <fagsystem token> [--variant …]
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8080' },
      host: { type: 'string', default: '127.0.0.1' },
      variant: { type: 'string', default: 'passing' },
      fagsystem: { type: 'string', default: SIMULATOR_FAGSYSTEM },
      pilot: { type: 'string' },
      push: { type: 'string' },
      token: { type: 'string' },
    },
  });
  const variant = values.variant;
  if (!isSimulatorVariant(variant)) {
    process.stderr.write(`unknown variant ${variant}; one of ${Object.keys(SIMULATOR_VARIANTS).join(', ')}\n`);
    return 2;
  }
  const who = { fagsystemId: values.fagsystem, ...(values.pilot ? { cvr: values.pilot } : {}) };
  if (values.push) {
    if (!values.token) {
      process.stderr.write('--push needs --token (a fagsystem token: npm run token)\n');
      return 2;
    }
    const results = await push(values.push, values.token, variant, who);
    for (const r of results) process.stdout.write(`${r.status} ${r.description}\n`);
    return results.every((r) => r.status < 300) ? 0 : 1;
  }
  const sim = await startSimulator({
    port: Number(values.port),
    host: values.host,
    variant,
    fagsystemId: values.fagsystem,
    ...(values.pilot ? { cvr: values.pilot } : {}),
  });
  process.stderr.write(
    `reference fagsystem (${variant}: ${SIMULATOR_VARIANTS[variant].defect}) at ${sim.url}/messages as ${values.fagsystem}\n`,
  );
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return -1;
}

main().then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 2;
  },
);
