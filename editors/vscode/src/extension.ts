/**
 * The dinaction extension: runs the dinaction language server (`dinaction lsp`
 * over stdio) for `dinaction` documents and for the TOML files it reads
 * (routes.toml, dinaction.toml, pyproject.toml). The decisions live in
 * ./config.ts.
 */

import * as os from "node:os";
import * as vscode from "vscode";
import {
  CloseAction,
  type DynamicFeature,
  LanguageClient,
  type LanguageClientOptions,
  RevealOutputChannelOn,
  type ServerOptions,
  type StaticFeature,
  State,
} from "vscode-languageclient/node";
import {
  ACTION_DOCUMENTS,
  ACTION_ONLY_METHODS,
  ACTIONS,
  type Action,
  COMMANDS,
  DOCUMENT_SELECTOR,
  INSTALL_COMMAND,
  INSTALL_HELP,
  OUTPUT_CHANNEL_NAME,
  RESTART_SETTINGS,
  SECTION,
  type ServerCommand,
  buildServerCommand,
  describeStartFailure,
  findExecutable,
  formatCommandLine,
  readSettings,
} from "./config";

let server: ServerController | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME);
  const status = vscode.languages.createLanguageStatusItem("dinaction.server", [...DOCUMENT_SELECTOR]);
  status.name = "dinaction language server";
  status.command = { title: "Show Output", command: COMMANDS.showOutput };
  server = new ServerController(output, status);
  const controller = server;

  context.subscriptions.push(
    output,
    status,
    vscode.commands.registerCommand(COMMANDS.restartServer, () => controller.restart()),
    vscode.commands.registerCommand(COMMANDS.showOutput, () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (RESTART_SETTINGS.some((key) => event.affectsConfiguration(key))) {
        output.appendLine("dinaction settings changed: restarting the language server.");
        void controller.restart();
      }
    }),
    // In an untrusted workspace VS Code hides the workspace's values of the
    // settings that name a program; once trusted, they may apply.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void controller.restart()),
  );
  void controller.restart();
}

export async function deactivate(): Promise<void> {
  await server?.dispose();
  server = undefined;
}

/**
 * A LanguageClient that, until its server has started, logs its errors to the
 * output channel without a notification of its own: the extension then shows
 * one message that says what to do.
 */
class DinactionClient extends LanguageClient {
  /** Whether the server once answered the handshake. */
  started = false;

  override error(message: string, data?: unknown, showNotification: boolean | "force" = true): void {
    super.error(message, data, this.started ? showNotification : false);
  }

  /**
   * Registers the client's features, those of ACTION_ONLY_METHODS for
   * action files only: vscode-languageclient would register them for the
   * whole document selector, TOML files included.
   */
  override registerFeature(feature: StaticFeature | DynamicFeature<unknown>): void {
    if ("registrationType" in feature && ACTION_ONLY_METHODS.includes(feature.registrationType.method)) {
      const initialize = feature.initialize.bind(feature);
      feature.initialize = (capabilities) => initialize(capabilities, [...ACTION_DOCUMENTS]);
    }
    super.registerFeature(feature);
  }
}

/** " 1.2.3" for a server that told its version, else "". */
function serverVersion(client: LanguageClient): string {
  const version = client.initializeResult?.serverInfo?.version;
  return version === undefined ? "" : ` ${version}`;
}

/** Owns the LanguageClient; starts and stops are queued, never overlapping. */
class ServerController {
  private client: DinactionClient | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly output: vscode.OutputChannel,
    private readonly status: vscode.LanguageStatusItem,
  ) {}

  restart(): Promise<void> {
    return this.enqueue(async () => {
      await this.stopClient();
      await this.startClient();
    });
  }

  dispose(): Promise<void> {
    return this.enqueue(() => this.stopClient());
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(task, task).catch((error: unknown) => {
      this.output.appendLine(`Unexpected error: ${String(error)}`);
    });
    return this.queue;
  }

  private async startClient(): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const workspaceFolder = folder?.scheme === "file" ? folder.fsPath : undefined;
    const config = vscode.workspace.getConfiguration(SECTION);
    const cmd = buildServerCommand(
      readSettings((key) => config.get(key)),
      { userHome: os.homedir(), workspaceFolder, env: process.env },
    );
    cmd.warnings.forEach((warning) => this.output.appendLine(`Warning: ${warning}`));

    const executable = findExecutable(cmd.command, {
      cwd: workspaceFolder,
      env: process.env,
      platform: process.platform,
    });
    if (executable === undefined) {
      this.output.appendLine(`Not found: ${cmd.command} (PATH=${process.env["PATH"] ?? ""})`);
      this.setStatus("not found", vscode.LanguageStatusSeverity.Error);
      void this.report(cmd, describeStartFailure(cmd, { kind: "notFound" }));
      return;
    }

    this.output.appendLine(`Starting: ${formatCommandLine(executable, cmd.args)}`);
    this.setStatus("starting", vscode.LanguageStatusSeverity.Information);
    const serverOptions: ServerOptions = {
      // No `transport`: vscode-languageclient would append `--stdio` to the
      // arguments; without it the server is still spoken to over stdio.
      command: executable,
      // The client runs it in the first workspace folder, with our environment.
      args: [...cmd.args],
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [...DOCUMENT_SELECTOR],
      outputChannel: this.output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      // A failed start is reported once, by `report` below, not by the client too.
      initializationFailedHandler: () => false,
      errorHandler: {
        error: (error, message, count) => defaultHandler.error(error, message, count),
        // A server that never came up is not restarted (the user is told
        // instead); one that was running is, as the client's default does.
        closed: () =>
          client.started
            ? defaultHandler.closed()
            : { action: CloseAction.DoNotRestart, handled: true },
      },
    };
    // The id "dinaction" makes the client follow `dinaction.trace.server`.
    const client = new DinactionClient(SECTION, "dinaction", serverOptions, clientOptions);
    const defaultHandler = client.createDefaultErrorHandler();
    client.onDidChangeState(({ newState }) => {
      if (this.client !== client) {
        return;
      }
      if (newState === State.Stopped) {
        this.setStatus("stopped", vscode.LanguageStatusSeverity.Warning);
      } else if (newState === State.Running && client.started) {
        // Back after a crash: the client restarted it.
        this.setStatus(`running${serverVersion(client)}`, vscode.LanguageStatusSeverity.Information);
      }
    });
    this.client = client;
    let failure: unknown;
    try {
      await client.start();
      // vscode-languageclient 9 can resolve start() although the server went
      // away during the handshake (its close handler clears the start promise).
      if (!client.isRunning()) {
        failure = new Error("Connection to server got closed");
      }
    } catch (error) {
      failure = error;
    }
    if (failure !== undefined) {
      this.client = undefined;
      // Free what the failed client holds; it may already be stopped.
      await client.dispose().catch(() => undefined);
      this.setStatus("failed to start", vscode.LanguageStatusSeverity.Error);
      void this.report(cmd, describeStartFailure(cmd, { kind: "failed", error: failure }));
      return;
    }
    client.started = true;
    const name = client.initializeResult?.serverInfo?.name ?? "dinaction";
    this.output.appendLine(`Language server running: ${name}${serverVersion(client)}`);
    this.setStatus(`running${serverVersion(client)}`, vscode.LanguageStatusSeverity.Information);
  }

  private async stopClient(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client === undefined) {
      return;
    }
    try {
      await client.stop(2000);
    } catch (error) {
      this.output.appendLine(`Stopping the language server: ${String(error)}`);
    }
    await client.dispose().catch(() => undefined);
  }

  private setStatus(text: string, severity: vscode.LanguageStatusSeverity): void {
    this.status.text = `dinaction: ${text}`;
    this.status.severity = severity;
  }

  private async report(cmd: ServerCommand, failure: { message: string; actions: readonly Action[] }): Promise<void> {
    this.output.appendLine(failure.message);
    const choice = await vscode.window.showErrorMessage(failure.message, ...failure.actions);
    await this.act(cmd, choice);
  }

  private async act(cmd: ServerCommand, choice: string | undefined): Promise<void> {
    switch (choice) {
      case ACTIONS.openSettings:
        await vscode.commands.executeCommand(
          "workbench.action.openSettings",
          cmd.source === "interpreter" ? "dinaction.interpreter" : "dinaction.path",
        );
        return;
      case ACTIONS.showOutput:
        this.output.show(true);
        return;
      case ACTIONS.howToInstall: {
        const copy = "Copy Command";
        const next = await vscode.window.showInformationMessage(
          `Install the dinaction language server: ${INSTALL_COMMAND}`,
          { modal: true, detail: INSTALL_HELP },
          copy,
          ACTIONS.openSettings,
        );
        if (next === copy) {
          await vscode.env.clipboard.writeText(INSTALL_COMMAND);
        } else {
          await this.act(cmd, next);
        }
        return;
      }
      default:
        return;
    }
  }
}
