/** `npm run demo`: offline end-to-end demo against the embedded fake Mux (see docs/cli.md). */
import { runCli } from './main.js';

process.exitCode = await runCli('demo', process.argv.slice(2));
