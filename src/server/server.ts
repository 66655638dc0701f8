/** Entry point of dist/server.js: `node dist/server.js --stdio` (or --node-ipc, --socket=N). */
import { startServer } from './start.js';

process.on('uncaughtException', (e) => { process.stderr.write(`gradlens server: uncaught ${e?.stack ?? e}\n`); });
process.on('unhandledRejection', (e) => { process.stderr.write(`gradlens server: unhandled rejection ${(e as Error)?.stack ?? e}\n`); });
startServer();
