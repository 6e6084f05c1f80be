/** `npm run doctor`: read-only preflight of a deploy (cli/doctor/run.ts, docs/deploy.md). */
import { runDoctor } from './doctor/run.js';

process.exitCode = await runDoctor(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  now: () => new Date(),
});
