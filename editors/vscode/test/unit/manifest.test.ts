// The manifest, the files it names, the bundle and the code must agree: VS Code
// reports none of these mistakes until someone opens a .din file.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import { builtinModules } from "node:module";
import * as path from "node:path";
import { describe, it } from "node:test";
import {
  COMMANDS,
  DOCUMENT_SELECTOR,
  LANGUAGE_ID,
  RESTART_SETTINGS,
  SECTION,
  SETTING_KEYS,
  TOML_FILES,
  TOML_LANGUAGE_ID,
} from "../../src/config";

const root = path.resolve(__dirname, "..", "..");
const read = (file: string): string => fs.readFileSync(path.join(root, file), "utf8");

interface Manifest {
  name: string;
  publisher: string;
  main: string;
  engines: { vscode: string };
  activationEvents: string[];
  devDependencies: Record<string, string>;
  dependencies: Record<string, string>;
  contributes: {
    languages: { id: string; extensions?: string[]; filenames?: string[]; configuration?: string }[];
    grammars: { language: string; scopeName: string; path: string }[];
    configuration: { properties: Record<string, { type: string; enum?: string[]; default: unknown }> };
    commands: { command: string; title: string }[];
  };
  capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
}

const manifest = JSON.parse(read("package.json")) as Manifest;

/** The smallest version a `^1.85.0`-style range admits, as [major, minor]. */
function minVersion(range: string): [number, number] {
  const match = /^[\^~]?(\d+)\.(\d+)/.exec(range);
  assert.ok(match, `a version range: ${range}`);
  return [Number(match[1]), Number(match[2])];
}

describe("package.json", () => {
  it("names the extension and its entry point", () => {
    assert.equal(manifest.name, "dinaction");
    assert.ok(manifest.publisher.length > 0);
    assert.equal(manifest.main, "./dist/extension.js");
    assert.ok(manifest.activationEvents.includes(`onLanguage:${LANGUAGE_ID}`));
  });

  it("does not type-check against an API newer than the engines field allows", () => {
    const [major, minor] = minVersion(manifest.engines.vscode);
    const [typesMajor, typesMinor] = minVersion(manifest.devDependencies["@types/vscode"] ?? "");
    assert.ok(typesMajor < major || (typesMajor === major && typesMinor <= minor));
    assert.deepEqual([major, minor], [1, 85]);
  });

  it("contributes the language for *.din and *.dinaction", () => {
    const [language] = manifest.contributes.languages;
    assert.ok(language);
    assert.equal(language.id, LANGUAGE_ID);
    assert.deepEqual([...(language.extensions ?? [])].sort(), [".din", ".dinaction"]);
    assert.ok(language.configuration);
    const configuration = JSON.parse(read(language.configuration)) as Record<string, unknown>;
    assert.equal(configuration["comments"], undefined, "the language has no comments");
    assert.deepEqual(configuration["autoClosingPairs"], [{ open: '"', close: '"', notIn: ["string"] }]);
    const wordPattern = new RegExp(String(configuration["wordPattern"]), "g");
    assert.deepEqual("transfer +81336042000 --caller=+8190".match(wordPattern), [
      "transfer",
      "+81336042000",
      "--caller",
      "+8190",
    ]);
  });

  it("names the TOML files it serves as TOML, and claims no other TOML file", () => {
    const toml = manifest.contributes.languages.filter((l) => l.id === TOML_LANGUAGE_ID);
    assert.equal(toml.length, 1);
    const [language] = toml;
    // by name only: no extension, no grammar, no configuration of its own to take over TOML files with
    assert.deepEqual(language?.filenames, [...TOML_FILES]);
    assert.equal(language?.extensions, undefined);
    assert.equal(language?.configuration, undefined);
    assert.ok(manifest.contributes.grammars.every((g) => g.language !== TOML_LANGUAGE_ID));
    // the server is given those files, by name, and every action file
    for (const name of TOML_FILES) {
      assert.ok(DOCUMENT_SELECTOR.some((f) => f.language === TOML_LANGUAGE_ID && f.pattern === `**/${name}`));
    }
    assert.ok(DOCUMENT_SELECTOR.every((f) => f.language === LANGUAGE_ID || f.pattern !== undefined));
  });

  it("starts for a workspace with a routes or configuration file, not for every TOML file", () => {
    assert.deepEqual(manifest.activationEvents, [
      `onLanguage:${LANGUAGE_ID}`,
      "workspaceContains:**/routes.toml",
      "workspaceContains:**/dinaction.toml",
    ]);
  });

  it("contributes the grammar file with its scope name", () => {
    const [grammar] = manifest.contributes.grammars;
    assert.ok(grammar);
    assert.equal(grammar.language, LANGUAGE_ID);
    const file = JSON.parse(read(grammar.path)) as { scopeName: string };
    assert.equal(grammar.scopeName, "source.dinaction");
    assert.equal(file.scopeName, grammar.scopeName);
  });

  it("declares exactly the settings the extension reads", () => {
    const properties = manifest.contributes.configuration.properties;
    assert.deepEqual(Object.keys(properties).sort(), [...SETTING_KEYS].sort());
    for (const key of Object.keys(properties)) {
      assert.ok(key.startsWith(`${SECTION}.`));
    }
    for (const key of RESTART_SETTINGS) {
      assert.ok(key in properties);
    }
    assert.deepEqual(properties["dinaction.trace.server"]?.enum, ["off", "messages", "verbose"]);
    assert.equal(properties["dinaction.args"]?.type, "array");
    // Settings that name a program to run are not taken from untrusted workspaces.
    assert.deepEqual(
      [...manifest.capabilities.untrustedWorkspaces.restrictedConfigurations].sort(),
      [...RESTART_SETTINGS].sort(),
    );
  });

  it("declares exactly the commands the extension registers", () => {
    const declared = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(declared, Object.values(COMMANDS).sort());
    const source = read("src/extension.ts");
    for (const key of Object.keys(COMMANDS)) {
      assert.ok(source.includes(`registerCommand(COMMANDS.${key},`), `extension.ts registers ${key}`);
    }
  });
});

describe("bundle and package contents", () => {
  it("dist/extension.js needs nothing but vscode and node's own modules", () => {
    // Built by `node scripts/build.mjs --tests` before the tests run. The .vsix
    // is packaged without node_modules, so everything else must be inlined.
    const bundle = read(manifest.main);
    const required = new Set([...bundle.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1] ?? ""));
    assert.ok(required.has("vscode"));
    const builtins = new Set(builtinModules);
    for (const name of required) {
      const bare = name.replace(/^node:/, "");
      assert.ok(name === "vscode" || builtins.has(bare), `the bundle requires ${name}`);
    }
  });

  it(".vscodeignore keeps every file the manifest names", () => {
    const kept = read(".vscodeignore")
      .split("\n")
      .filter((l) => l.startsWith("!"))
      .map((l) => l.slice(1).trim());
    const named = [
      manifest.main,
      ...manifest.contributes.grammars.map((g) => g.path),
      ...manifest.contributes.languages.flatMap((l) => (l.configuration === undefined ? [] : [l.configuration])),
      "README.md",
      "LICENSE",
    ].map((f) => path.posix.normalize(f));
    for (const file of named) {
      assert.ok(kept.includes(file), `.vscodeignore keeps ${file}`);
      assert.ok(fs.existsSync(path.join(root, file)), `${file} exists`);
    }
  });
});
