/** `npm run smoke`: signed calls to the deployed Function URL after `cdk deploy` (cli/smoke/run.ts, docs/deploy.md). */
import { runSmoke } from './smoke/run.js';

process.exitCode = await runSmoke(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
});
