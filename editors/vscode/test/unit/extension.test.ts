// Runs the bundled extension (dist/extension.js, as packaged) against a fake
// `vscode` module and a fake language server: the real vscode-languageclient
// spawns the server, speaks LSP to it over stdio, restarts and stops it.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import Module from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { after, afterEach, before, describe, it } from "node:test";
import { ACTION_DOCUMENTS, DOCUMENT_SELECTOR } from "../../src/config";
import { type FakeVscode, fakeVscode } from "./fakeVscode";

const root = path.resolve(__dirname, "..", "..");
const bundle = path.join(root, "dist", "extension.js");

interface Extension {
  activate(context: { subscriptions: { dispose(): unknown }[] }): void;
  deactivate(): Promise<void>;
}

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const moduleInternals = Module as unknown as { _load: Load };
const originalLoad = moduleInternals._load;
let current: FakeVscode | undefined;

before(() => {
  moduleInternals._load = function (request, parent, isMain) {
    if (request === "vscode") {
      assert.ok(current, "a fake vscode is installed");
      return current.module;
    }
    return originalLoad.call(this, request, parent, isMain);
  };
});
after(() => {
  moduleInternals._load = originalLoad;
});

/** A fresh copy of the extension on a fresh fake vscode. */
function load(fake: FakeVscode): Extension {
  current = fake;
  delete require.cache[bundle];
  return require(bundle) as Extension;
}

async function waitFor(what: string, condition: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dinaction-ext-"));
const logFile = path.join(tmp, "server.log");
const savedEnv = { PATH: process.env["PATH"], FAKE_LSP_LOG: process.env["FAKE_LSP_LOG"] };

/** Makes an executable `name` in `dir` with the given content. */
function program(dir: string, name: string, content: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, content, { mode: 0o755 });
  fs.chmodSync(file, 0o755);
  return file;
}

interface LogEntry {
  pid: number;
  argv?: string[];
  method?: string;
}

function serverLog(): LogEntry[] {
  if (!fs.existsSync(logFile)) {
    return [];
  }
  return fs
    .readFileSync(logFile, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as LogEntry);
}

const starts = (): LogEntry[] => serverLog().filter((e) => e.argv !== undefined);
const methodsOf = (pid: number): string[] =>
  serverLog()
    .filter((e) => e.pid === pid && e.method !== undefined)
    .map((e) => e.method ?? "");

let extension: Extension | undefined;

afterEach(async () => {
  await extension?.deactivate();
  extension = undefined;
  process.env["PATH"] = savedEnv.PATH;
  process.env["FAKE_LSP_LOG"] = logFile;
  fs.rmSync(logFile, { force: true });
});

after(() => {
  if (savedEnv.FAKE_LSP_LOG === undefined) {
    delete process.env["FAKE_LSP_LOG"];
  } else {
    process.env["FAKE_LSP_LOG"] = savedEnv.FAKE_LSP_LOG;
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("the extension in a fake VS Code", { skip: process.platform === "win32" ? "POSIX scripts" : false }, () => {
  const serverSource = fs.readFileSync(path.join(root, "test", "fixtures", "fake-server.js"), "utf8");
  const binDir = path.join(tmp, "bin");
  program(binDir, "dinaction", serverSource);

  it("starts `dinaction lsp` from PATH, restarts it on a settings change or the command, and stops it", async () => {
    process.env["PATH"] = `${binDir}${path.delimiter}${savedEnv.PATH ?? ""}`;
    process.env["FAKE_LSP_LOG"] = logFile;
    const fake = fakeVscode();
    extension = load(fake);
    extension.activate({ subscriptions: [] });

    await waitFor("the server to run", () => fake.status.text === "dinaction: running 9.9.9");
    const [first] = starts();
    assert.ok(first);
    assert.deepEqual(first.argv, ["lsp"]);
    await waitFor("the initialized notification", () => methodsOf(first.pid).includes("initialized"));
    assert.deepEqual(methodsOf(first.pid).slice(0, 2), ["initialize", "initialized"]);
    assert.ok(fake.output.join("").includes(`Starting: ${path.join(binDir, "dinaction")} lsp`));
    assert.deepEqual(fake.errors, []);
    assert.ok(fake.commands.has("dinaction.restartServer"));
    assert.ok(fake.commands.has("dinaction.showOutput"));

    // A change of dinaction.args starts a new server with them.
    fake.settings.set("dinaction.args", ["--log-level", "debug"]);
    fake.changeConfiguration(["dinaction.args"]);
    await waitFor("a second server", () => starts().length === 2);
    await waitFor("the second server to run", () => methodsOf(starts()[1]?.pid ?? 0).includes("initialized"));
    assert.deepEqual(starts()[1]?.argv, ["lsp", "--log-level", "debug"]);
    // The exit notification is sent before the next start; it may be read later.
    await waitFor("the first server to exit", () => methodsOf(first.pid).includes("exit"));
    assert.deepEqual(methodsOf(first.pid).slice(-2), ["shutdown", "exit"]);

    // The trace setting is applied by the client, without a restart; other
    // sections are none of the extension's business.
    fake.changeConfiguration(["dinaction.trace.server"]);
    fake.changeConfiguration(["editor.fontSize"]);
    await sleep(300);
    assert.equal(starts().length, 2);

    await fake.commands.get("dinaction.restartServer")?.();
    assert.equal(starts().length, 3);
    await waitFor("the third server to run", () => fake.status.text === "dinaction: running 9.9.9");
    const third = starts()[2];
    assert.ok(third);

    await extension.deactivate();
    extension = undefined;
    await waitFor("the third server to exit", () => methodsOf(third.pid).includes("exit"));
    assert.deepEqual(methodsOf(third.pid).slice(-2), ["shutdown", "exit"]);
  });

  it("gives the server the TOML files it reads, but formatting and highlighting only of action files", async () => {
    process.env["PATH"] = `${binDir}${path.delimiter}${savedEnv.PATH ?? ""}`;
    process.env["FAKE_LSP_LOG"] = logFile;
    process.env["FAKE_LSP_CAPABILITIES"] = JSON.stringify({
      hoverProvider: true,
      completionProvider: { triggerCharacters: [" "] },
      documentFormattingProvider: true,
      documentRangeFormattingProvider: true,
      semanticTokensProvider: { legend: { tokenTypes: ["keyword"], tokenModifiers: [] }, full: true },
    });
    try {
      const fake = fakeVscode();
      extension = load(fake);
      extension.activate({ subscriptions: [] });
      await waitFor("the server to run", () => fake.status.text === "dinaction: running 9.9.9");
      const selectors = (method: string): unknown[] =>
        fake.providers.filter((p) => p.method === method).map((p) => p.selector);
      const everything = DOCUMENT_SELECTOR.map((f) => ({ ...f }));
      const actions = ACTION_DOCUMENTS.map((f) => ({ ...f }));
      assert.deepEqual(selectors("registerHoverProvider"), [everything]);
      assert.deepEqual(selectors("registerCompletionItemProvider"), [everything]);
      assert.deepEqual(selectors("registerDocumentFormattingEditProvider"), [actions]);
      assert.deepEqual(selectors("registerDocumentRangeFormattingEditProvider"), [actions]);
      assert.deepEqual(selectors("registerDocumentSemanticTokensProvider"), [actions]);
      assert.ok(everything.some((f) => f.pattern === "**/routes.toml" && f.language === "toml"));
    } finally {
      delete process.env["FAKE_LSP_CAPABILITIES"];
    }
  });

  it("lets the client restart a server that crashes after it was running", async () => {
    process.env["PATH"] = `${binDir}${path.delimiter}${savedEnv.PATH ?? ""}`;
    process.env["FAKE_LSP_LOG"] = logFile;
    process.env["FAKE_LSP_CRASH_ONCE"] = path.join(tmp, "crashed-once");
    try {
      const fake = fakeVscode();
      extension = load(fake);
      extension.activate({ subscriptions: [] });
      await waitFor("the crash", () => fs.existsSync(path.join(tmp, "crashed-once")));
      await waitFor("a second server", () => starts().length === 2);
      await waitFor("the second server to run", () => methodsOf(starts()[1]?.pid ?? 0).includes("initialized"));
      await waitFor("the status to say running", () => fake.status.text === "dinaction: running 9.9.9");
      assert.deepEqual(fake.errors, []);
    } finally {
      delete process.env["FAKE_LSP_CRASH_ONCE"];
    }
  });

  it("runs `<interpreter> -m dinaction lsp` when dinaction.interpreter is set", async () => {
    process.env["FAKE_LSP_LOG"] = logFile;
    // A stand-in "python" that runs the fake server with the arguments it got.
    const python = program(
      path.join(tmp, "venv", "bin"),
      "python",
      `#!/bin/sh\nexec "${process.execPath}" "${path.join(root, "test", "fixtures", "fake-server.js")}" "$@"\n`,
    );
    const fake = fakeVscode();
    fake.settings.set("dinaction.interpreter", python);
    extension = load(fake);
    extension.activate({ subscriptions: [] });
    await waitFor("the server to run", () => fake.status.text === "dinaction: running 9.9.9");
    assert.deepEqual(starts()[0]?.argv, ["-m", "dinaction", "lsp"]);
  });

  it("says so, with buttons, when dinaction.path names no program", async () => {
    const fake = fakeVscode();
    fake.settings.set("dinaction.path", path.join(tmp, "nowhere", "dinaction"));
    fake.answer = "Open Settings";
    extension = load(fake);
    extension.activate({ subscriptions: [] });

    await waitFor("an error message", () => fake.errors.length > 0);
    const [error] = fake.errors;
    assert.match(error?.message ?? "", /dinaction\.path was not found/);
    assert.deepEqual(error?.actions, ["Open Settings", "How to Install"]);
    await waitFor("the settings to open", () => fake.executed.length > 0);
    assert.deepEqual(fake.executed[0], ["workbench.action.openSettings", "dinaction.path"]);
    assert.equal(fake.status.text, "dinaction: not found");
    assert.equal(fake.status.severity, 2);
    assert.deepEqual(starts(), []);
  });

  it("shows how to install when dinaction is not on PATH", async () => {
    process.env["PATH"] = path.join(tmp, "empty");
    const fake = fakeVscode();
    fake.answer = "How to Install";
    extension = load(fake);
    extension.activate({ subscriptions: [] });

    await waitFor("the install help", () => fake.informations.length > 0);
    assert.match(fake.errors[0]?.message ?? "", /no "dinaction" on PATH/);
    assert.match(fake.informations[0]?.message ?? "", /pip install dinaction/);
    assert.ok(fake.informations[0]?.actions.includes("Copy Command"));
  });

  it("reports a server that exits at once, once, with its stderr in the output", async () => {
    // vscode-languageclient 9 leaves promises of its own unhandled when the
    // server dies before the handshake (`void this.stop()`, a write to the
    // closed stdin, a pending request); VS Code's extension host only logs
    // those. Collect them instead of letting the test runner fail on them,
    // and check they are those and nothing else.
    const runnerListeners = process.listeners("unhandledRejection");
    const stray: unknown[] = [];
    const collect = (reason: unknown) => void stray.push(reason);
    process.removeAllListeners("unhandledRejection");
    process.on("unhandledRejection", collect);
    try {
      await failingServer();
      await sleep(200);
    } finally {
      process.off("unhandledRejection", collect);
      runnerListeners.forEach((l) => process.on("unhandledRejection", l));
    }
    for (const reason of stray) {
      assert.match(
        String(reason),
        /stream was destroyed|\b(EPIPE|ECONNRESET)\b|connection got disposed|got closed|Client is not running and can't be stopped/,
      );
    }
  });

  async function failingServer(): Promise<void> {
    const broken = program(
      path.join(tmp, "broken", "bin"),
      "python",
      '#!/bin/sh\necho "No module named dinaction" >&2\nexit 1\n',
    );
    const fake = fakeVscode();
    fake.settings.set("dinaction.interpreter", broken);
    extension = load(fake);
    extension.activate({ subscriptions: [] });

    await waitFor("our error message", () => fake.errors.some((e) => /could not start/.test(e.message)));
    await sleep(200);
    assert.equal(fake.errors.length, 1, `one error message, not one from the client too: ${JSON.stringify(fake.errors)}`);
    const [error] = fake.errors;
    assert.match(error?.message ?? "", /-m dinaction lsp\): it exited or closed its connection during start-up/);
    assert.deepEqual(error?.actions, ["Show Output", "Open Settings", "How to Install"]);
    assert.equal(fake.status.text, "dinaction: failed to start");
    await waitFor("the server's stderr in the output", () =>
      fake.output.join("").includes("No module named dinaction"),
    );
  }
});
