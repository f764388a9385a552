/**
 * Everything the extension decides without VS Code: reading the settings,
 * building the server command from them, finding the executable, and what to
 * tell the user when the server cannot start. Unit-tested in plain node.
 */

import * as fs from "node:fs";
import * as path from "node:path";

/** The configuration section and the ids the extension contributes. */
export const SECTION = "dinaction";
export const LANGUAGE_ID = "dinaction";
export const OUTPUT_CHANNEL_NAME = "dinaction";

/**
 * The TOML files the server reads besides action files: routes files (what
 * `dinaction serve` answers calls from) and configuration files (in a
 * pyproject.toml only its [tool.dinaction] table counts).
 */
export const TOML_FILES = ["routes.toml", "dinaction.toml", "pyproject.toml"] as const;

/**
 * The language id TOML extensions (Even Better TOML, taplo) give `.toml`
 * files. The extension gives it to the files above only, by name, so that
 * they are TOML even where no TOML extension is installed, and claims no
 * other TOML file.
 */
export const TOML_LANGUAGE_ID = "toml";

export interface DocumentFilter {
  readonly scheme: string;
  readonly language: string;
  readonly pattern?: string;
}

/** Action files, on disk or untitled: every feature of the server. */
export const ACTION_DOCUMENTS: readonly DocumentFilter[] = [
  { scheme: "file", language: LANGUAGE_ID },
  { scheme: "untitled", language: LANGUAGE_ID },
];

/** Every document the server is given: action files, and the TOML files it reads, by file name. */
export const DOCUMENT_SELECTOR: readonly DocumentFilter[] = [
  ...ACTION_DOCUMENTS,
  ...TOML_FILES.map((name) => ({ scheme: "file", language: TOML_LANGUAGE_ID, pattern: `**/${name}` })),
];

/**
 * The requests whose provider VS Code picks one of per document (formatting,
 * semantic highlighting): the server's are registered for action files
 * only, so that a TOML extension keeps formatting and highlighting TOML.
 */
export const ACTION_ONLY_METHODS: readonly string[] = [
  "textDocument/formatting",
  "textDocument/rangeFormatting",
  "textDocument/semanticTokens",
];

export const COMMANDS = {
  restartServer: "dinaction.restartServer",
  showOutput: "dinaction.showOutput",
} as const;

/** Every setting in package.json; the test suite checks the two agree. */
export const SETTING_KEYS = [
  "dinaction.path",
  "dinaction.interpreter",
  "dinaction.args",
  "dinaction.trace.server",
] as const;

/**
 * Settings whose change needs a new server process. `dinaction.trace.server`
 * is not among them: vscode-languageclient applies it to the running client.
 */
export const RESTART_SETTINGS = [
  "dinaction.path",
  "dinaction.interpreter",
  "dinaction.args",
] as const;

/** The executable run when neither `dinaction.path` nor `dinaction.interpreter` is set. */
export const DEFAULT_EXECUTABLE = "dinaction";

export const INSTALL_COMMAND = "pip install dinaction";

export interface Settings {
  /** `dinaction.path`, trimmed; empty when unset. */
  readonly path: string;
  /** `dinaction.interpreter`, trimmed; empty when unset. */
  readonly interpreter: string;
  /** `dinaction.args`. */
  readonly args: readonly string[];
}

/**
 * Reads the settings through `get` (a `WorkspaceConfiguration.get` for the
 * `dinaction` section), ignoring values of the wrong type: a hand-edited
 * settings.json must not crash the extension.
 */
export function readSettings(get: (key: string) => unknown): Settings {
  const text = (key: string): string => {
    const value = get(key);
    return typeof value === "string" ? value.trim() : "";
  };
  const rawArgs = get("args");
  const args = Array.isArray(rawArgs)
    ? rawArgs.filter((a): a is string => typeof a === "string")
    : [];
  return { path: text("path"), interpreter: text("interpreter"), args };
}

/** What `${...}` variables and `~` expand to. */
export interface VariableContext {
  readonly userHome: string;
  /** The first workspace folder's path, if a folder is open. */
  readonly workspaceFolder?: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * Expands `~` (at the start), `${userHome}`, `${workspaceFolder}` and
 * `${env:NAME}`. An unknown variable, or `${workspaceFolder}` with no folder
 * open, is left as written so that the error message shows it.
 */
export function expandVariables(value: string, ctx: VariableContext): string {
  let result = value.replace(/\$\{([^}]+)\}/g, (whole: string, name: string) => {
    if (name === "userHome") {
      return ctx.userHome;
    }
    if (name === "workspaceFolder") {
      return ctx.workspaceFolder ?? whole;
    }
    if (name.startsWith("env:")) {
      return ctx.env[name.slice(4)] ?? "";
    }
    return whole;
  });
  if (result === "~" || result.startsWith("~/") || result.startsWith("~\\")) {
    result = ctx.userHome + result.slice(1);
  }
  return result;
}

export type CommandSource = "path" | "interpreter" | "default";

export interface ServerCommand {
  /** The program to run, as configured (after variable expansion). */
  readonly command: string;
  readonly args: readonly string[];
  /** Which setting chose the program. */
  readonly source: CommandSource;
  /** Things worth a line in the output channel. */
  readonly warnings: readonly string[];
}

/**
 * The server command: `<dinaction.path> lsp`, else `<dinaction.interpreter>
 * -m dinaction lsp`, else `dinaction lsp`; `dinaction.args` always follow.
 */
export function buildServerCommand(settings: Settings, ctx: VariableContext): ServerCommand {
  const warnings: string[] = [];
  const extra = settings.args.map((a) => expandVariables(a, ctx));
  if (settings.path !== "") {
    if (settings.interpreter !== "") {
      warnings.push("dinaction.interpreter is ignored because dinaction.path is set.");
    }
    return {
      command: expandVariables(settings.path, ctx),
      args: ["lsp", ...extra],
      source: "path",
      warnings,
    };
  }
  if (settings.interpreter !== "") {
    return {
      command: expandVariables(settings.interpreter, ctx),
      args: ["-m", "dinaction", "lsp", ...extra],
      source: "interpreter",
      warnings,
    };
  }
  return { command: DEFAULT_EXECUTABLE, args: ["lsp", ...extra], source: "default", warnings };
}

/** A command line as a person would type it (for messages and the log). */
export function formatCommandLine(command: string, args: readonly string[]): string {
  const quote = (s: string): string => (s === "" || /[\s"'$\\]/.test(s) ? JSON.stringify(s) : s);
  return [command, ...args].map(quote).join(" ");
}

export interface LookupOptions {
  /** Where a relative path with a directory part is resolved from. */
  readonly cwd?: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  /** Whether `file` is an existing executable file; defaults to a check on disk. */
  readonly isExecutable?: (file: string) => boolean;
}

/** Whether `file` is a regular file that this process may execute. */
export function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    if (process.platform === "win32") {
      return true;
    }
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds the file that spawning `command` would run, the way a shell does:
 * a name with a directory part is taken as a path (relative to `cwd`), a bare
 * name is searched on `PATH` (with the `PATHEXT` extensions on Windows).
 * Returns the absolute path, or undefined when there is none.
 */
export function findExecutable(command: string, options: LookupOptions): string | undefined {
  const isExecutable = options.isExecutable ?? isExecutableFile;
  const windows = options.platform === "win32";
  const pathApi = windows ? path.win32 : path.posix;
  const env = options.env;
  const lookupEnv = (name: string): string | undefined => {
    if (!windows) {
      return env[name];
    }
    // Windows environment names are case-insensitive (`Path`, `PATHEXT`).
    const key = Object.keys(env).find((k) => k.toUpperCase() === name);
    return key === undefined ? undefined : env[key];
  };
  const extensions = windows
    ? [
        "",
        ...(lookupEnv("PATHEXT") ?? ".COM;.EXE;.BAT;.CMD")
          .split(";")
          .filter((e) => e !== ""),
      ]
    : [""];
  const candidates = (base: string): string[] => {
    if (windows && pathApi.extname(base) !== "") {
      return [base];
    }
    return extensions.map((ext) => base + ext);
  };
  if (command === "") {
    return undefined;
  }
  const hasDirectory = command.includes("/") || (windows && command.includes("\\"));
  if (hasDirectory || pathApi.isAbsolute(command)) {
    const base =
      pathApi.isAbsolute(command) || options.cwd === undefined
        ? command
        : pathApi.resolve(options.cwd, command);
    return candidates(base).find(isExecutable);
  }
  const dirs = (lookupEnv("PATH") ?? "").split(windows ? ";" : ":").filter((d) => d !== "");
  for (const dir of dirs) {
    const found = candidates(pathApi.join(dir, command)).find(isExecutable);
    if (found !== undefined) {
      return found;
    }
  }
  return undefined;
}

/** The buttons of the start-failure message. */
export const ACTIONS = {
  openSettings: "Open Settings",
  howToInstall: "How to Install",
  showOutput: "Show Output",
} as const;

export type Action = (typeof ACTIONS)[keyof typeof ACTIONS];

export interface StartFailure {
  readonly message: string;
  readonly actions: readonly Action[];
}

/**
 * What to tell the user when the server could not be started: `notFound`
 * when the program does not exist, `failed` (with the error) when it exists
 * but did not come up as a language server.
 */
export function describeStartFailure(
  cmd: ServerCommand,
  problem: { readonly kind: "notFound" } | { readonly kind: "failed"; readonly error: unknown },
): StartFailure {
  const line = formatCommandLine(cmd.command, cmd.args);
  if (problem.kind === "notFound") {
    const what =
      cmd.source === "path"
        ? `The program set in dinaction.path was not found: ${cmd.command}.`
        : cmd.source === "interpreter"
          ? `The Python interpreter set in dinaction.interpreter was not found: ${cmd.command}.`
          : `The dinaction language server was not found: no "${DEFAULT_EXECUTABLE}" on PATH.`;
    return {
      message: `${what} Install it with "${INSTALL_COMMAND}", or point dinaction.path or dinaction.interpreter at an installation.`,
      actions: [ACTIONS.openSettings, ACTIONS.howToInstall],
    };
  }
  const hint =
    cmd.source === "interpreter"
      ? ` Is dinaction installed in that environment ("${INSTALL_COMMAND}")?`
      : " Is the installed dinaction recent enough to have the lsp command?";
  const text = errorText(problem.error);
  const reason = SERVER_WENT_AWAY.test(text)
    ? "it exited or closed its connection during start-up (its own messages are in the output)"
    : text;
  return {
    message: `The dinaction language server could not start (${line}): ${reason}.${hint}`,
    actions: [ACTIONS.showOutput, ACTIONS.openSettings, ACTIONS.howToInstall],
  };
}

/**
 * What vscode-languageclient and vscode-jsonrpc say, depending on timing,
 * when the server process goes away before it has answered `initialize`.
 */
const SERVER_WENT_AWAY =
  /connection (to server )?got (closed|disposed)|stream was destroyed|\b(EPIPE|ECONNRESET)\b|Connection is (closed|disposed)/i;

/** The text of an error of any shape, on one line. */
export function errorText(error: unknown): string {
  const text =
    error instanceof Error
      ? error.message
      : typeof error === "string"
        ? error
        : JSON.stringify(error) ?? String(error);
  return text.replace(/\s+/g, " ").trim().replace(/\.$/, "");
}

/** The longer help behind "How to Install". */
export const INSTALL_HELP = [
  `Install the language server into a Python environment (3.11 or newer) with "${INSTALL_COMMAND}"`,
  '(or "pipx install dinaction" for a global command), then run "dinaction: Restart Language Server".',
  'If dinaction lives in a virtual environment that is not on PATH, set "dinaction.interpreter" to',
  'that environment\'s Python, or "dinaction.path" to its dinaction executable.',
].join(" ");
