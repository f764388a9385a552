// `npm run e2e:install`: installs the end-to-end test's Node and code-server
// (see tools.ts) and says where they are.

import { CODE_SERVER_VERSION, install, NODE_VERSION, toolsDir } from "./tools";

const dir = toolsDir();
const started = Date.now();
install(dir);
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`code-server ${CODE_SERVER_VERSION} on Node ${NODE_VERSION} in ${dir} (${seconds} s)`);
