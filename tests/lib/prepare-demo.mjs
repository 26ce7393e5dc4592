// node tests/lib/prepare-demo.mjs BIN: makes BIN's demo template for the
// SQLite test servers (prepareDemoTemplate() in server.mjs) and prints its
// directory.  tests/run-all.sh runs it before the http and browser suites.
import { prepareDemoTemplate } from './server.mjs';

console.log(prepareDemoTemplate(process.argv[2]));
