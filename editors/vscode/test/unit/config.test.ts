import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import {
  ACTIONS,
  INSTALL_COMMAND,
  type Settings,
  type VariableContext,
  buildServerCommand,
  describeStartFailure,
  errorText,
  expandVariables,
  findExecutable,
  formatCommandLine,
  readSettings,
} from "../../src/config";

const ctx: VariableContext = {
  userHome: "/home/ann",
  workspaceFolder: "/work/project",
  env: { VENV: "/opt/venv", PATH: "/usr/bin" },
};

const settings = (over: Partial<Settings> = {}): Settings => ({
  path: "",
  interpreter: "",
  args: [],
  ...over,
});

describe("readSettings", () => {
  it("reads trimmed strings and string arrays", () => {
    const values: Record<string, unknown> = {
      path: "  /usr/local/bin/dinaction ",
      interpreter: "python3",
      args: ["--log-level", "debug"],
    };
    assert.deepEqual(readSettings((k) => values[k]), {
      path: "/usr/local/bin/dinaction",
      interpreter: "python3",
      args: ["--log-level", "debug"],
    });
  });

  it("falls back to defaults on missing or wrongly typed values", () => {
    assert.deepEqual(readSettings(() => undefined), settings());
    const wrong: Record<string, unknown> = { path: 42, interpreter: ["python"], args: "--verbose" };
    assert.deepEqual(readSettings((k) => wrong[k]), settings());
  });

  it("drops the non-string items of args", () => {
    const values: Record<string, unknown> = { args: ["-v", 3, null, "--x"] };
    assert.deepEqual(readSettings((k) => values[k]).args, ["-v", "--x"]);
  });
});

describe("expandVariables", () => {
  it("expands ~ at the start only", () => {
    assert.equal(expandVariables("~/bin/dinaction", ctx), "/home/ann/bin/dinaction");
    assert.equal(expandVariables("~", ctx), "/home/ann");
    assert.equal(expandVariables("/a/~/b", ctx), "/a/~/b");
    assert.equal(expandVariables("~other/bin", ctx), "~other/bin");
  });

  it("expands ${userHome}, ${workspaceFolder} and ${env:NAME}", () => {
    assert.equal(
      expandVariables("${workspaceFolder}/.venv/bin/python", ctx),
      "/work/project/.venv/bin/python",
    );
    assert.equal(expandVariables("${userHome}/x", ctx), "/home/ann/x");
    assert.equal(expandVariables("${env:VENV}/bin/python", ctx), "/opt/venv/bin/python");
    assert.equal(expandVariables("${env:NOPE}/bin/python", ctx), "/bin/python");
  });

  it("leaves unknown variables and a missing folder as written", () => {
    assert.equal(expandVariables("${config:python.path}", ctx), "${config:python.path}");
    assert.equal(
      expandVariables("${workspaceFolder}/x", { ...ctx, workspaceFolder: undefined }),
      "${workspaceFolder}/x",
    );
  });
});

describe("buildServerCommand", () => {
  it("runs `dinaction lsp` by default", () => {
    const cmd = buildServerCommand(settings(), ctx);
    assert.equal(cmd.command, "dinaction");
    assert.deepEqual(cmd.args, ["lsp"]);
    assert.equal(cmd.source, "default");
    assert.deepEqual(cmd.warnings, []);
  });

  it("runs `<interpreter> -m dinaction lsp` when an interpreter is set", () => {
    const cmd = buildServerCommand(
      settings({ interpreter: "${workspaceFolder}/.venv/bin/python" }),
      ctx,
    );
    assert.equal(cmd.command, "/work/project/.venv/bin/python");
    assert.deepEqual(cmd.args, ["-m", "dinaction", "lsp"]);
    assert.equal(cmd.source, "interpreter");
  });

  it("runs `<path> lsp` when a path is set, ignoring the interpreter with a warning", () => {
    const cmd = buildServerCommand(
      settings({ path: "~/.local/bin/dinaction", interpreter: "python3" }),
      ctx,
    );
    assert.equal(cmd.command, "/home/ann/.local/bin/dinaction");
    assert.deepEqual(cmd.args, ["lsp"]);
    assert.equal(cmd.source, "path");
    assert.equal(cmd.warnings.length, 1);
    assert.match(cmd.warnings[0] ?? "", /interpreter is ignored/);
  });

  it("appends the extra args after lsp, expanded", () => {
    const extra = ["--config", "${workspaceFolder}/dinaction.toml"];
    assert.deepEqual(buildServerCommand(settings({ args: extra }), ctx).args, [
      "lsp",
      "--config",
      "/work/project/dinaction.toml",
    ]);
    assert.deepEqual(buildServerCommand(settings({ interpreter: "py", args: ["-v"] }), ctx).args, [
      "-m",
      "dinaction",
      "lsp",
      "-v",
    ]);
  });

  it("never mutates the settings", () => {
    const s = settings({ args: ["-v"] });
    buildServerCommand(s, ctx);
    assert.deepEqual(s.args, ["-v"]);
  });
});

describe("formatCommandLine", () => {
  it("quotes only what needs quoting", () => {
    assert.equal(formatCommandLine("dinaction", ["lsp"]), "dinaction lsp");
    assert.equal(
      formatCommandLine("/My Tools/python", ["-m", "dinaction", "lsp", ""]),
      '"/My Tools/python" -m dinaction lsp ""',
    );
  });
});

describe("findExecutable", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "dinaction-vscode-"));
  after(() => fs.rmSync(root, { recursive: true, force: true }));
  const bin1 = path.join(root, "bin1");
  const bin2 = path.join(root, "bin2");
  fs.mkdirSync(bin1);
  fs.mkdirSync(bin2);
  fs.mkdirSync(path.join(bin1, "dinaction")); // a directory is no executable
  fs.writeFileSync(path.join(bin2, "dinaction"), "#!/bin/sh\n", { mode: 0o755 });
  fs.writeFileSync(path.join(bin1, "notexec"), "data\n", { mode: 0o644 });
  const env = { PATH: [path.join(root, "missing"), bin1, bin2].join(":") };
  const posix = { env, platform: "linux" as const };

  it("searches PATH in order, skipping directories and missing folders", () => {
    assert.equal(findExecutable("dinaction", posix), path.join(bin2, "dinaction"));
  });

  it("returns undefined for a name on no PATH entry", () => {
    assert.equal(findExecutable("no-such-program", posix), undefined);
    assert.equal(findExecutable("dinaction", { ...posix, env: {} }), undefined);
    assert.equal(findExecutable("", posix), undefined);
  });

  it("skips files without the execute bit", () => {
    assert.equal(findExecutable("notexec", posix), undefined);
  });

  it("takes a name with a directory as a path, relative to cwd", () => {
    const absolute = path.join(bin2, "dinaction");
    assert.equal(findExecutable(absolute, posix), absolute);
    assert.equal(findExecutable("bin2/dinaction", { ...posix, cwd: root }), absolute);
    assert.equal(findExecutable("./dinaction", { ...posix, cwd: bin2 }), absolute);
    assert.equal(findExecutable("bin1/dinaction", { ...posix, cwd: root }), undefined);
    assert.equal(findExecutable(path.join(bin1, "nothing"), posix), undefined);
  });

  it("tries the PATHEXT extensions on Windows, with case-insensitive names", () => {
    // Windows file names are case-insensitive.
    const files = new Set(["c:\\python\\scripts\\dinaction.exe", "c:\\tools\\py.cmd"]);
    const win = {
      env: { Path: "C:\\Windows;C:\\Python\\Scripts;C:\\tools", PathExt: ".COM;.EXE;.CMD" },
      platform: "win32" as const,
      isExecutable: (f: string) => files.has(f.toLowerCase()),
    };
    assert.equal(findExecutable("dinaction", win), "C:\\Python\\Scripts\\dinaction.EXE");
    assert.equal(findExecutable("py", win), "C:\\tools\\py.CMD");
    assert.equal(findExecutable("py.exe", win), undefined);
    assert.equal(findExecutable("C:\\Python\\Scripts\\dinaction", win), "C:\\Python\\Scripts\\dinaction.EXE");
    assert.equal(
      findExecutable(".venv\\Scripts\\dinaction.EXE", {
        ...win,
        cwd: "C:\\Python",
        isExecutable: (f: string) => f === "C:\\Python\\.venv\\Scripts\\dinaction.EXE",
      }),
      "C:\\Python\\.venv\\Scripts\\dinaction.EXE",
    );
  });
});

describe("describeStartFailure", () => {
  it("names the missing program and offers settings and install help", () => {
    const failure = describeStartFailure(buildServerCommand(settings(), ctx), { kind: "notFound" });
    assert.match(failure.message, /no "dinaction" on PATH/);
    assert.ok(failure.message.includes(INSTALL_COMMAND));
    assert.deepEqual(failure.actions, [ACTIONS.openSettings, ACTIONS.howToInstall]);
  });

  it("says which setting points nowhere", () => {
    const byPath = describeStartFailure(buildServerCommand(settings({ path: "/x/dinaction" }), ctx), {
      kind: "notFound",
    });
    assert.match(byPath.message, /dinaction\.path was not found: \/x\/dinaction\./);
    const byInterpreter = describeStartFailure(
      buildServerCommand(settings({ interpreter: "/x/python" }), ctx),
      { kind: "notFound" },
    );
    assert.match(byInterpreter.message, /dinaction\.interpreter was not found: \/x\/python\./);
  });

  it("reports a start failure with the command line, the error and the output", () => {
    const failure = describeStartFailure(buildServerCommand(settings({ interpreter: "python3" }), ctx), {
      kind: "failed",
      error: new Error("Server initialization failed:\n  unsupported capability."),
    });
    assert.match(failure.message, /\(python3 -m dinaction lsp\)/);
    assert.match(failure.message, /: Server initialization failed: unsupported capability\. Is dinaction installed/);
    assert.match(failure.message, /installed in that environment/);
    assert.equal(failure.actions[0], ACTIONS.showOutput);
    assert.ok(failure.actions.includes(ACTIONS.howToInstall));
  });

  it("says in plain words that the server went away, whichever way the client put it", () => {
    const errors: unknown[] = [
      new Error("Connection to server got closed"),
      { message: "Pending response rejected since connection got disposed", code: -32097 },
      Object.assign(new Error("Cannot call write after a stream was destroyed"), { code: "ERR_STREAM_DESTROYED" }),
      new Error("write EPIPE"),
    ];
    for (const error of errors) {
      const failure = describeStartFailure(buildServerCommand(settings(), ctx), { kind: "failed", error });
      assert.match(failure.message, /\(dinaction lsp\): it exited or closed its connection during start-up/);
      assert.match(failure.message, /recent enough to have the lsp command/);
    }
  });
});

describe("errorText", () => {
  it("flattens errors of any shape", () => {
    assert.equal(errorText(new Error("a\n  b.")), "a b");
    assert.equal(errorText("Launching server using command x failed."), "Launching server using command x failed");
    assert.equal(errorText({ code: -32603 }), '{"code":-32603}');
    assert.equal(errorText(undefined), "undefined");
  });
});
