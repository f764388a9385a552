// The packaged extension in a real VS Code (code-server, in headless Chromium)
// with the real `dinaction lsp`: what a person sees after opening a workspace
// of DIN action files. `npm run e2e:install` installs code-server first; see
// the README's Development section for the environment variables.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { installedTools } from "./tools";
import { literal, Session, STEP_TIMEOUT } from "./workbench";

const extensionRoot = path.resolve(__dirname, "..", "..");
const checkout = path.resolve(extensionRoot, "..", "..");
const env = process.env;
const artifacts = path.resolve(env["DINACTION_E2E_ARTIFACTS"] || path.join(checkout, "artifacts", "e2e"));
const dinaction = path.resolve(env["DINACTION_E2E_DINACTION"] || path.join(checkout, ".venv", "bin", "dinaction"));
const chromium = env["DINACTION_E2E_CHROMIUM"] || "/usr/bin/chromium";
const vsix = path.join(extensionRoot, "dinaction.vsix");

const BROKEN = "tranfer +81336042000\n";
const FIXED = "transfer +81336042000\n";
const UNTIDY = 'SAY EN  "Hello"\n';
const FORMATTED = 'say en "Hello"\n';
// A routes file (dinaction serve) whose second route is never chosen: the first matches every call.
const ROUTES = [
  "[[route]]",
  'name = "everyone"',
  'action = "transfer +81336042000"',
  "",
  "[[route]]",
  'name = "never"',
  'action = "transfer +81336042000"',
  "",
].join("\n");

describe("the extension in VS Code with dinaction lsp", { timeout: 600_000 }, () => {
  let session: Session | undefined;

  /** Runs a step; on failure keeps a screenshot and VS Code's logs for CI's artifacts. */
  async function step(name: string, body: (session: Session) => Promise<void>): Promise<void> {
    assert.ok(session, "the workbench did not start");
    try {
      await body(session);
      if (env["DINACTION_E2E_SCREENSHOTS"]) {
        await session.screenshot(name);
      }
    } catch (error) {
      const shot = await session.screenshot(name).catch(() => "none");
      session.keepLogs();
      throw new Error(`${name}: ${(error as Error).message}\nscreenshot: ${shot}`, { cause: error });
    }
  }

  before(async () => {
    fs.rmSync(artifacts, { recursive: true, force: true });
    for (const [what, file] of [
      ["the packaged extension (npm run package)", vsix],
      ["dinaction (pip install -e . in the checkout's .venv)", dinaction],
      ["Chromium (apt-get install chromium)", chromium],
    ] as const) {
      assert.ok(fs.existsSync(file), `${what} is missing: ${file}`);
    }
    session = await Session.start({
      tools: installedTools(),
      chromium,
      dinaction,
      vsix,
      artifacts,
      workspace: { "broken.din": BROKEN, "untidy.din": UNTIDY, "routes.toml": ROUTES },
    });
  });

  after(async () => {
    await session?.close();
  });

  it("opens a .din file in the DIN action language mode", () =>
    step("language-mode", async (s) => {
      await s.open("broken.din");
      await s.page
        .locator("#status\\.editor\\.mode", { hasText: /^DIN action$/ })
        .waitFor({ timeout: STEP_TIMEOUT });
    }));

  it("lists DA002 in the Problems panel, with its message and code", () =>
    step("problems", async (s) => {
      await s.page.locator("#status\\.problems").click();
      const row = s.page.locator(".markers-panel .monaco-list-row", {
        hasText: literal("unknown action `tranfer`; did you mean `transfer`?"),
      });
      await row.waitFor({ timeout: STEP_TIMEOUT });
      const text = await row.innerText();
      // "dinaction(DA002)": the source, and the code linked to the rule's documentation.
      assert.match(text, /^dinaction\s*\(?DA002\)?$/m);
      const code = row.locator("a", { hasText: /^DA002$/ });
      assert.match((await code.getAttribute("href")) ?? "", /#da002-unknown-action$/);
      assert.match(text, /\[Ln 1, Col 1\]/);
      await s.activeEditor().locator(".squiggly-error").first().waitFor({ timeout: STEP_TIMEOUT });
    }));

  it("shows the rule's documentation on hover over the word", () =>
    step("hover", async (s) => {
      const editor = s.activeEditor();
      await editor.locator(".view-line span", { hasText: /^tranfer$/ }).hover();
      const hover = s.page.locator(".monaco-hover:not(.hidden)", { hasText: "DA002 unknown-action" });
      await hover.waitFor({ timeout: STEP_TIMEOUT });
      const text = await hover.innerText();
      assert.match(text, literal("Reports a line that starts with a word that is not an action."));
      assert.match(text, literal("DA002 documentation"));
    }));

  it("applies the quick fix `transfer` (Ctrl+.)", () =>
    step("quick-fix", async (s) => {
      // Out of the hover first.
      await s.page.mouse.move(0, 0);
      await s.page.keyboard.press("Escape");
      await s.page.locator(".monaco-hover:not(.hidden)").waitFor({ state: "hidden", timeout: STEP_TIMEOUT });
      const editor = s.activeEditor();
      await editor.locator(".view-line span", { hasText: /^tranfer$/ }).click();
      await s.page.keyboard.press("Control+.");
      const fix = s.page.locator(".action-widget .monaco-list-row", { hasText: literal("Replace with `transfer`") });
      await fix.click({ timeout: STEP_TIMEOUT });
      await s.waitForText(FIXED);
      await s.save();
      assert.equal(fs.readFileSync(path.join(s.workspace, "broken.din"), "utf8"), FIXED);
      await s.page
        .locator(".markers-panel .monaco-list-row", { hasText: "DA002" })
        .waitFor({ state: "detached", timeout: STEP_TIMEOUT });
    }));

  it("formats an untidy file to canonical text (Format Document)", () =>
    step("format", async (s) => {
      await s.open("untidy.din");
      await s.waitForText(UNTIDY);
      await s.command("Format Document");
      await s.waitForText(FORMATTED);
      await s.save();
      assert.equal(fs.readFileSync(path.join(s.workspace, "untidy.din"), "utf8"), FORMATTED);
    }));

  it("lists a routes file's unreachable route (DA507) in the Problems panel", () =>
    step("routes", async (s) => {
      await s.open("routes.toml");
      await s.page.locator("#status\\.editor\\.mode", { hasText: /^TOML$/ }).waitFor({ timeout: STEP_TIMEOUT });
      if (!(await s.page.locator(".markers-panel").isVisible())) {
        await s.page.locator("#status\\.problems").click();
      }
      const row = s.page.locator(".markers-panel .monaco-list-row", {
        hasText: literal("route `never` is never chosen: every call it matches is matched first by `everyone`"),
      });
      await row.waitFor({ timeout: STEP_TIMEOUT });
      const text = await row.innerText();
      assert.match(text, /^dinaction\s*\(?DA507\)?$/m);
      // on the route's name, line 6: `name = "never"`
      assert.match(text, /\[Ln 6, Col 8\]/);
    }));
});
