/** `npm run report -- --report <id>`: one configured report, real Mux or the fake (see docs/cli.md). */
import { runCli } from './main.js';

process.exitCode = await runCli('report', process.argv.slice(2));
