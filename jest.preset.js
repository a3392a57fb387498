// One jest configuration for every project. JEST_KIND picks which files run:
// unit (*.spec.ts), integration (*.integration-spec.ts, real PostgreSQL/Redis),
// e2e (*.e2e-spec.ts, HTTP against the booted app), pact (*.pact-spec.ts),
// browser (*.browser-spec.ts, the admin's pages in headless Chromium).
const path = require('node:path');
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.base.json');

const suffix = {
  unit: 'spec',
  integration: 'integration-spec',
  e2e: 'e2e-spec',
  pact: 'pact-spec',
  browser: 'browser-spec',
};

function forProject(projectDir) {
  const kind = process.env.JEST_KIND || 'unit';
  if (!suffix[kind]) throw new Error(`JEST_KIND must be one of ${Object.keys(suffix).join(', ')}`);
  const slow = kind !== 'unit';
  return {
    displayName: `${path.basename(projectDir)}:${kind}`,
    rootDir: projectDir,
    testEnvironment: 'node',
    testMatch: [`<rootDir>/**/*.${suffix[kind]}.ts`],
    testPathIgnorePatterns: ['/node_modules/', '/dist/'],
    transform: {
      '^.+\\.[tj]s$': [
        '@swc/jest',
        {
          jsc: {
            target: 'es2022',
            parser: { syntax: 'typescript', decorators: true },
            transform: { legacyDecorator: true, decoratorMetadata: true },
            keepClassNames: true,
          },
          module: { type: 'commonjs' },
        },
      ],
    },
    // ESM-only packages (jose; content-disposition 2 under @fastify/static, which serves the API's /docs):
    // let swc turn them into CommonJS for jest (Node itself requires them as they are)
    transformIgnorePatterns: [
      '/node_modules/(?!jose/|content-disposition/|@fastify/static/node_modules/content-disposition/)',
    ],
    moduleFileExtensions: ['ts', 'js', 'json'],
    moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, {
      prefix: __dirname + '/',
    }),
    modulePaths: ['<rootDir>'],
    testTimeout: slow ? 120_000 : 10_000,
    // a test that leaves a connection open (Redis, PostgreSQL, a server) must not keep the run alive:
    // jest exits once the tests are done, and says which handles it waited for
    forceExit: true,
    openHandlesTimeout: 2_000,
    maxWorkers: slow ? 1 : '50%',
  };
}

module.exports = { forProject };
