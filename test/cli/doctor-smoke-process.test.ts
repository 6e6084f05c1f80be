/**
 * The `npm run doctor` and `npm run smoke` entry points as processes: `--help` prints usage and starts nothing, a
 * bad flag is one line and exit 2, and neither prints a stack trace. (The checks themselves: doctor.test.ts,
 * smoke.test.ts.)
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const REPO = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(REPO, 'node_modules', '.bin', 'tsx');

async function run(entry: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  // No AWS variables: nothing may be called anyway.
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', AWS_EC2_METADATA_DISABLED: 'true' };
  return promisify(execFile)(TSX, [entry, ...args], { cwd: REPO, env }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

describe.each(['doctor', 'smoke'])('npm run %s as a process', (name) => {
  it('answers --help and a bad flag without a stack trace', async () => {
    const [help, bad] = await Promise.all([run(`cli/${name}.ts`, ['--help']), run(`cli/${name}.ts`, ['--bogus'])]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(new RegExp(`^Usage: npm run ${name}`));
    expect(bad.code).toBe(2);
    // One line (the runtime's own warnings aside) naming the flag; its wording is cli/args.ts parseFlags'.
    const runtimeWarning =
      /NodeVersionSupportWarning|^\(node:|node >=22|a\.co|upgrade|updates|versions published|will require|trace-warnings/;
    const lines = bad.stderr.split('\n').filter((l) => l.trim() !== '' && !runtimeWarning.test(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^${name}: unknown option --bogus.*\\(see --help\\)$`));
    for (const out of [help.stdout, help.stderr, bad.stdout, bad.stderr]) expect(out).not.toMatch(/\n\s+at .+[:(]\d+/);
  }, 60_000);
});
