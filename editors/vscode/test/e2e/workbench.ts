// A throwaway VS Code for the end-to-end test: code-server on loopback with the
// packaged extension installed, its own user data, extensions and home
// directories under one temporary directory, and headless Chromium driving the
// workbench through playwright-core. Every wait is on a state of the page or of
// the server's output; nothing sleeps for a fixed time.

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import type { Tools } from "./tools";

export interface SessionOptions {
  tools: Tools;
  /** A Chromium executable (Debian's `chromium`); Playwright downloads none. */
  chromium: string;
  /** The `dinaction` executable the extension starts as `dinaction lsp`. */
  dinaction: string;
  /** The packaged extension. */
  vsix: string;
  /** Files of the workspace folder, by relative path. */
  workspace: Record<string, string>;
  /** Where the code-server log, and screenshots and VS Code's logs on failure, go. */
  artifacts: string;
}

/** The text editor of the active editor group. */
const ACTIVE_EDITOR = ".editor-group-container.active .editor-instance .monaco-editor";

/** How long the workbench may take to show the workspace, per attempt. */
const WORKBENCH_TIMEOUT = 60_000;
/** How long one step (a diagnostic, a hover, an edit) may take to show. */
export const STEP_TIMEOUT = 20_000;

// Without these, Chromium tries to reach Google's services and, on a machine
// with no network, fills the log with refused connections.
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** User settings: none of the workbench's distractions. */
function userSettings(): Record<string, unknown> {
  return {
    "chat.disableAIFeatures": true,
    "workbench.secondarySideBar.defaultVisibility": "hidden",
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": false,
    "workbench.enableExperiments": false,
    "workbench.editor.enablePreview": false,
    "security.workspace.trust.enabled": false,
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "extensions.autoCheckUpdates": false,
    "extensions.autoUpdate": false,
    "extensions.ignoreRecommendations": true,
    "files.autoSave": "off",
    "editor.formatOnSave": false,
    "editor.hover.delay": 300,
    "git.enabled": false,
    "remote.autoForwardPorts": false,
  };
}

/** Runs code-server's own CLI (not the server) and fails with its output. */
function codeServerCli(tools: Tools, env: NodeJS.ProcessEnv, args: string[]): string {
  const result = spawnSync(tools.node, [tools.codeServer, ...args], { env, encoding: "utf8", timeout: 120_000 });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  if (result.error || result.status !== 0) {
    throw new Error(`code-server ${args.join(" ")} failed (${result.error?.message ?? result.status}):\n${output}`);
  }
  return output;
}

/** Starts code-server and resolves to the URL it listens on, read from its log. */
function startServer(
  tools: Tools,
  env: NodeJS.ProcessEnv,
  args: string[],
  log: fs.WriteStream,
): Promise<{ child: ChildProcess; url: string }> {
  // A process group of its own, so that closing ends the extension host and
  // `dinaction lsp` with it.
  const child = spawn(tools.node, [tools.codeServer, ...args], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  return new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => {
      killGroup(child);
      reject(new Error(`code-server did not say where it listens within 60 s:\n${seen}`));
    }, 60_000);
    const onData = (chunk: Buffer): void => {
      log.write(chunk);
      seen += chunk.toString();
      const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(seen);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited (${code ?? signal}) before it listened:\n${seen}`));
    });
  });
}

/** Ends a process started with `detached: true` and everything it started. */
function killGroup(child: ChildProcess): void {
  if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
}

/** A regular expression that matches `text` literally. */
export function literal(text: string): RegExp {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
}

const SERVER_ARGS = [
  "--auth",
  "none",
  "--bind-addr",
  "127.0.0.1:0",
  "--disable-telemetry",
  "--disable-update-check",
  "--disable-workspace-trust",
  "--disable-getting-started-override",
  "--ignore-last-opened",
];

/**
 * Lays out the throwaway directories under `root`: the workspace, the user and
 * remote settings, code-server's config, and a home of its own. Returns the
 * environment and the arguments every code-server command needs.
 */
function prepare(
  root: string,
  userData: string,
  options: SessionOptions,
): { env: NodeJS.ProcessEnv; common: string[]; workspace: string } {
  const extensions = path.join(root, "extensions");
  const workspace = path.join(root, "workspace");
  const home = path.join(root, "home");
  for (const dir of [extensions, workspace, home, path.join(userData, "User"), path.join(userData, "Machine")]) {
    fs.mkdirSync(dir, { recursive: true });
  }
  for (const [name, text] of Object.entries(options.workspace)) {
    fs.mkdirSync(path.dirname(path.join(workspace, name)), { recursive: true });
    fs.writeFileSync(path.join(workspace, name), text);
  }
  fs.writeFileSync(path.join(userData, "User", "settings.json"), JSON.stringify(userSettings(), null, 2));
  // code-server's window is a remote one: settings of machine scope, as
  // dinaction.path is, count only among the remote (Machine) settings. In the
  // user settings they are dropped once the workbench knows it is remote,
  // which may be after the extension read them.
  fs.writeFileSync(
    path.join(userData, "Machine", "settings.json"),
    JSON.stringify({ "dinaction.path": options.dinaction }, null, 2),
  );
  const config = path.join(root, "config.yaml");
  fs.writeFileSync(config, "auth: none\n");
  // code-server writes a default config and its own logs under the XDG
  // directories unless told otherwise: keep them in the throwaway root.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, ".config"),
    XDG_DATA_HOME: path.join(home, ".local", "share"),
    XDG_CACHE_HOME: path.join(home, ".cache"),
  };
  return { env, common: ["--config", config, "--user-data-dir", userData, "--extensions-dir", extensions], workspace };
}

/** Copies VS Code's logs (the extension host's, the `dinaction` output channel's) to `artifacts`. */
function copyLogs(userData: string, artifacts: string): void {
  const logs = path.join(userData, "logs");
  if (fs.existsSync(logs)) {
    fs.cpSync(logs, path.join(artifacts, "vscode-logs"), { recursive: true });
  }
}

/** Ends the process group of `child` and waits for `child` to exit. */
async function stopGroup(child: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
    } else {
      child.once("exit", () => resolve());
    }
  });
  killGroup(child);
  await exited;
}

/** The little of the DOM that `waitForText` uses in the page. */
interface PageNode {
  textContent: string | null;
  style: { top: string };
  querySelector(selector: string): PageNode | null;
  querySelectorAll(selector: string): ArrayLike<PageNode>;
}

export class Session {
  private constructor(
    readonly page: Page,
    readonly workspace: string,
    private readonly browser: Browser,
    private readonly server: ChildProcess,
    private readonly root: string,
    private readonly userData: string,
    private readonly artifacts: string,
  ) {}

  static async start(options: SessionOptions): Promise<Session> {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "dinaction-e2e-"));
    const userData = path.join(root, "user-data");
    let server: ChildProcess | undefined;
    let browser: Browser | undefined;
    let page: Page | undefined;
    try {
      const { env, common, workspace } = prepare(root, userData, options);
      codeServerCli(options.tools, env, [...common, "--install-extension", options.vsix]);
      fs.mkdirSync(options.artifacts, { recursive: true });
      const log = fs.createWriteStream(path.join(options.artifacts, "code-server.log"));
      const started = await startServer(options.tools, env, [...common, ...SERVER_ARGS], log);
      server = started.child;
      browser = await chromium.launch({
        executablePath: options.chromium,
        headless: true,
        chromiumSandbox: false,
        args: CHROMIUM_ARGS,
      });
      page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const session = new Session(page, workspace, browser, server, root, userData, options.artifacts);
      await session.openWorkbench(`${started.url}/?folder=${encodeURIComponent(workspace)}`);
      return session;
    } catch (error) {
      await page?.screenshot({ path: path.join(options.artifacts, "workbench.png"), timeout: 10_000 }).catch(() => {});
      copyLogs(userData, options.artifacts);
      await browser?.close();
      if (server) {
        await stopGroup(server);
      }
      fs.rmSync(root, { recursive: true, force: true });
      throw error;
    }
  }

  /** Loads the workbench until the explorer lists the workspace; reloads once if it does not. */
  private async openWorkbench(url: string): Promise<void> {
    const explorer = this.page.locator(".explorer-folders-view .monaco-list-row").first();
    await this.page.goto(url);
    try {
      await explorer.waitFor({ timeout: WORKBENCH_TIMEOUT });
    } catch {
      await this.screenshot("workbench-first-attempt");
      await this.page.reload();
      await explorer.waitFor({ timeout: WORKBENCH_TIMEOUT });
    }
  }

  /** Opens a file of the workspace from the explorer, with the keyboard focus in its editor. */
  async open(name: string): Promise<Locator> {
    const row = this.page.locator(".explorer-folders-view .monaco-list-row", { hasText: literal(name) });
    await row.dblclick();
    await this.page
      .locator(".tabs-container .tab.active", { hasText: literal(name) })
      .waitFor({ timeout: STEP_TIMEOUT });
    await this.page.locator(`${ACTIVE_EDITOR}.focused .view-lines`).waitFor({ timeout: STEP_TIMEOUT });
    return this.activeEditor();
  }

  /** The editor of the active editor group. */
  activeEditor(): Locator {
    return this.page.locator(ACTIVE_EDITOR).first();
  }

  /**
   * Waits until the active editor shows exactly `text`, a final newline being
   * an empty last line (Monaco renders spaces as U+00A0).
   */
  async waitForText(text: string): Promise<void> {
    await this.page.waitForFunction(
      ([selector, expected]: [string, string]) => {
        // Runs in the page; the project compiles without the DOM library.
        const { document } = globalThis as unknown as { document: PageNode };
        const editor = document.querySelector(selector);
        const rows = Array.from(editor?.querySelectorAll(".view-lines .view-line") ?? []);
        const shown = rows
          .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
          .map((row) => (row.textContent ?? "").replace(/\u00a0/g, " "))
          .join("\n");
        return shown === expected;
      },
      [ACTIVE_EDITOR, text] as [string, string],
      { timeout: STEP_TIMEOUT },
    );
  }

  /** Runs a command by its label in the command palette (F1). */
  async command(label: string): Promise<void> {
    await this.page.keyboard.press("F1");
    const input = this.page.locator(".quick-input-widget .quick-input-box input");
    await input.waitFor({ timeout: STEP_TIMEOUT });
    await input.fill(`>${label}`);
    const row = this.page
      .locator(".quick-input-list .monaco-list-row")
      .filter({ has: this.page.locator(".label-name", { hasText: new RegExp(`^${literal(label).source}$`) }) })
      .first();
    await row.click({ timeout: STEP_TIMEOUT });
    await this.page.locator(".quick-input-widget").waitFor({ state: "hidden", timeout: STEP_TIMEOUT });
  }

  /** Saves the active editor and waits until its tab is no longer dirty. */
  async save(): Promise<void> {
    await this.page.keyboard.press("Control+S");
    await this.page.locator(".tabs-container .tab.active:not(.dirty)").waitFor({ timeout: STEP_TIMEOUT });
  }

  /** Writes a screenshot of the page to the artifacts directory. */
  async screenshot(name: string): Promise<string> {
    const file = path.join(this.artifacts, `${name.replace(/[^A-Za-z0-9._-]+/g, "-")}.png`);
    await this.page.screenshot({ path: file, timeout: 10_000 });
    return file;
  }

  /** Copies VS Code's logs next to the screenshots. */
  keepLogs(): void {
    copyLogs(this.userData, this.artifacts);
  }

  async close(): Promise<void> {
    await this.browser.close();
    await stopGroup(this.server);
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}
