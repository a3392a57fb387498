import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Lints fixture code as if it were written at a path inside a project, so the real workspace rules
// (tags, depConstraints and banned framework imports) decide. Nothing is written to disk. ESLint runs
// in a child process because its flat config is an ES module, which jest's sandbox cannot import.
const root = path.resolve(__dirname, '../../..');

const LINT_SCRIPT = `
const { ESLint } = require('eslint');
const path = require('node:path');
(async () => {
  const fixtures = JSON.parse(process.argv[1]);
  const eslint = new ESLint({ cwd: process.cwd() });
  const out = [];
  for (const f of fixtures) {
    const [r] = await eslint.lintText(f.code, { filePath: path.join(process.cwd(), f.filePath) });
    out.push(r.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message));
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
`;

function lintAll(fixtures: Array<{ filePath: string; code: string }>): string[][] {
  const out = execFileSync(process.execPath, ['-e', LINT_SCRIPT, JSON.stringify(fixtures)], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false' },
  });
  return JSON.parse(out) as string[][];
}

const cases: Array<{ filePath: string; code: string }> = [];
let results: string[][] = [];
function fixture(filePath: string, code: string): number {
  cases.push({ filePath, code });
  return cases.length - 1;
}
async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const i = cases.findIndex((c) => c.filePath === filePath && c.code === code);
  return results[i] ?? [];
}

const FRAMEWORK_CASES: Array<[string, string, string]> = [
  ['libs/domain/src/lib/bad.ts', "import { Injectable } from '@nestjs/common';", '@nestjs/common'],
  ['libs/domain/src/lib/bad.ts', "import { DataSource } from 'typeorm';", 'typeorm'],
  ['libs/kle/src/lib/bad.ts', "import { Queue } from 'bullmq';", 'bullmq'],
  ['libs/kle/src/lib/bad.ts', "import Redis from 'ioredis';", 'ioredis'],
  ['libs/domain/src/lib/bad.ts', "import { Client } from 'pg';", 'pg'],
  ['libs/domain/src/lib/bad.ts', "import express from 'express';", 'express'],
];
const withExport = (code: string) => `${code}\nexport const x = 1;\n`;
const PERSISTENCE_IN_DOMAIN = "import { ENTITIES } from '@overblik/persistence';\nexport const x = ENTITIES;\n";
const APP_IN_APP =
  "import { createWorkerApp } from '../../../worker/src/app/worker.app';\nexport const x = createWorkerApp;\n";
const PURE_IN_DOMAIN =
  "import { z } from 'zod';\nimport { createHash } from 'node:crypto';\nexport const x = [z, createHash];\n";
const DATA_ACCESS_IN_APP = "import { ENTITIES } from '@overblik/persistence';\nexport const x = ENTITIES;\n";
for (const [file, code] of FRAMEWORK_CASES) fixture(file, withExport(code));
fixture('libs/domain/src/lib/bad.ts', PERSISTENCE_IN_DOMAIN);
fixture('apps/api/src/app/bad.ts', APP_IN_APP);
fixture('libs/domain/src/lib/good.ts', PURE_IN_DOMAIN);
fixture('apps/api/src/app/good.ts', DATA_ACCESS_IN_APP);

describe('module boundaries', () => {
  beforeAll(() => {
    results = lintAll(cases);
  }, 60_000);

  it.each(FRAMEWORK_CASES)('refuses a framework in a pure lib (%s imports %s)', async (file, code, pkg) => {
    const errors = await boundaryErrors(file, withExport(code));
    expect(errors.join('\n')).toContain(pkg);
  });

  it('refuses a pure lib importing the persistence lib', async () => {
    const errors = await boundaryErrors('libs/domain/src/lib/bad.ts', PERSISTENCE_IN_DOMAIN);
    expect(errors).toHaveLength(1);
  });

  it('refuses an app importing another app', async () => {
    const errors = await boundaryErrors('apps/api/src/app/bad.ts', APP_IN_APP);
    expect(errors.length).toBeGreaterThan(0);
  });

  it('allows a pure lib to import another pure lib and plain libraries', async () => {
    const errors = await boundaryErrors('libs/domain/src/lib/good.ts', PURE_IN_DOMAIN);
    expect(errors).toEqual([]);
  });

  it('allows an app to import a data-access lib', async () => {
    const errors = await boundaryErrors('apps/api/src/app/good.ts', DATA_ACCESS_IN_APP);
    expect(errors).toEqual([]);
  });
});

interface ProjectGraph {
  nodes: Record<string, { type: 'app' | 'lib' | 'e2e' }>;
  dependencies: Record<string, Array<{ source: string; target: string; type: 'static' | 'dynamic' | 'implicit' }>>;
}

/** The workspace's project graph as Nx computes it (`nx graph --file`): projects and what each imports. */
function projectGraph(): ProjectGraph {
  const dir = mkdtempSync(path.join(tmpdir(), 'overblik-graph-'));
  try {
    const file = path.join(dir, 'graph.json');
    execFileSync(process.execPath, [require.resolve('nx/bin/nx.js'), 'graph', `--file=${file}`], {
      cwd: root,
      stdio: 'ignore',
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    });
    return (JSON.parse(readFileSync(file, 'utf8')) as { graph: ProjectGraph }).graph;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A cycle of projects (names, the first repeated at the end), or undefined. */
function cycleIn(graph: ProjectGraph): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): string[] | undefined => {
    if (state.get(name) === 'done') return undefined;
    if (state.get(name) === 'open') return [...stack.slice(stack.indexOf(name)), name];
    state.set(name, 'open');
    stack.push(name);
    for (const dep of graph.dependencies[name] ?? []) {
      if (!graph.nodes[dep.target]) continue; // npm packages
      const found = visit(dep.target);
      if (found) return found;
    }
    stack.pop();
    state.set(name, 'done');
    return undefined;
  };
  for (const name of Object.keys(graph.nodes)) {
    const found = visit(name);
    if (found) return found;
  }
  return undefined;
}

describe('the project graph', () => {
  let graph: ProjectGraph;
  beforeAll(() => {
    graph = projectGraph();
  }, 120_000);

  it('has no cycle', () => {
    expect(cycleIn(graph)).toBeUndefined();
  });

  it('finds a cycle when there is one (the check bites)', () => {
    const edge = (source: string, target: string) => ({ source, target, type: 'static' as const });
    expect(
      cycleIn({
        nodes: { a: { type: 'lib' }, b: { type: 'lib' }, c: { type: 'lib' } },
        dependencies: { a: [edge('a', 'b')], b: [edge('b', 'c')], c: [edge('c', 'a')] },
      }),
    ).toEqual(['a', 'b', 'c', 'a']);
  });

  it('has apps that import libraries only, and no library that imports an app', () => {
    const imports = Object.values(graph.dependencies)
      .flat()
      .filter((d) => graph.nodes[d.target] && d.type !== 'implicit');
    const offending = imports
      .filter((d) => graph.nodes[d.target]!.type !== 'lib')
      .map((d) => `${d.source} (${graph.nodes[d.source]!.type}) imports ${d.target} (${graph.nodes[d.target]!.type})`);
    expect(offending).toEqual([]);
    // every app is in the graph, so the check above had something to look at
    expect(
      Object.entries(graph.nodes)
        .filter(([, n]) => n.type === 'app')
        .map(([name]) => name),
    ).toEqual(expect.arrayContaining(['api', 'admin', 'worker']));
  });
});
