// Just enough of the `vscode` module to run the bundled extension, and the real
// vscode-languageclient inside it, in plain node. What the extension does
// through it is recorded for the tests to look at. Parts that the client only
// touches in passing are an inert stand-in (`anything`).

type Listener<T> = (value: T) => unknown;

class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  readonly event = (listener: Listener<T>) => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };
  fire(value: T): void {
    [...this.listeners].forEach((l) => l(value));
  }
  dispose(): void {
    this.listeners = [];
  }
}

class Disposable {
  constructor(private readonly callOnDispose: () => void = () => undefined) {}
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((i) => i.dispose()));
  }
  dispose(): void {
    this.callOnDispose();
  }
}

class Uri {
  private constructor(
    readonly scheme: string,
    readonly path: string,
  ) {}
  get fsPath(): string {
    return this.path;
  }
  static file(path: string): Uri {
    return new Uri("file", path);
  }
  static parse(value: string): Uri {
    const match = /^([a-z][\w+.-]*):(?:\/\/[^/]*)?(.*)$/i.exec(value);
    return new Uri(match?.[1] ?? "file", match?.[2] ?? value);
  }
  with(): Uri {
    return this;
  }
  toString(): string {
    return `${this.scheme}://${this.path}`;
  }
  toJSON(): unknown {
    return { scheme: this.scheme, path: this.path };
  }
}

/** An inert value: every property is another one, calls and `new` give one, iteration is empty. */
function anything(): unknown {
  const target = function () {
    /* inert */
  };
  const proxy: unknown = new Proxy(target, {
    get(_t, key) {
      if (key === Symbol.iterator) {
        return function* () {
          /* empty */
        };
      }
      if (key === Symbol.toPrimitive) {
        return () => "";
      }
      if (key === "then") {
        return undefined; // not a promise
      }
      if (key === "dispose") {
        return () => undefined;
      }
      return anything();
    },
    apply: () => anything(),
    construct: () => anything() as object,
  });
  return proxy;
}

/** A module namespace whose unknown members are `anything` (classes to extend, enums…). */
function namespace<T extends object>(known: T): T {
  return new Proxy(known, {
    get(target, key, receiver) {
      if (key in target) {
        return Reflect.get(target, key, receiver);
      }
      if (typeof key === "symbol" || key === "then" || key === "__esModule") {
        return undefined;
      }
      const value = anything();
      Reflect.set(target, key, value);
      return value;
    },
  });
}

const event = () => new EventEmitter<unknown>().event;

export interface ErrorShown {
  readonly message: string;
  readonly actions: readonly string[];
}

/** A provider the client registered through `vscode.languages`, with its document selector. */
export interface Registered {
  readonly method: string;
  readonly selector: unknown;
}

/** The `vscode.languages` functions whose registrations are recorded. */
const PROVIDERS = [
  "registerCompletionItemProvider",
  "registerHoverProvider",
  "registerDocumentFormattingEditProvider",
  "registerDocumentRangeFormattingEditProvider",
  "registerDocumentSemanticTokensProvider",
  "registerDocumentRangeSemanticTokensProvider",
] as const;

export interface FakeVscode {
  readonly module: object;
  readonly providers: Registered[];
  readonly settings: Map<string, unknown>;
  readonly output: string[];
  readonly errors: ErrorShown[];
  readonly informations: ErrorShown[];
  readonly executed: unknown[][];
  readonly commands: Map<string, (...args: unknown[]) => unknown>;
  readonly status: { text: string; severity: number };
  readonly changeConfiguration: (keys: readonly string[]) => void;
  /** The button the next error message is answered with. */
  answer: string | undefined;
}

export function fakeVscode(): FakeVscode {
  const settings = new Map<string, unknown>();
  const output: string[] = [];
  const errors: ErrorShown[] = [];
  const informations: ErrorShown[] = [];
  const executed: unknown[][] = [];
  const commands = new Map<string, (...args: unknown[]) => unknown>();
  const providers: Registered[] = [];
  const status = { text: "", severity: -1 };
  const configurationChanged = new EventEmitter<{ affectsConfiguration(key: string): boolean }>();

  const outputChannel = {
    name: "dinaction",
    append: (text: string) => output.push(text),
    appendLine: (text: string) => output.push(`${text}\n`),
    replace: () => undefined,
    clear: () => undefined,
    show: () => undefined,
    hide: () => undefined,
    dispose: () => undefined,
  };

  const fake: FakeVscode = {
    providers,
    settings,
    output,
    errors,
    informations,
    executed,
    commands,
    status,
    answer: undefined,
    changeConfiguration: (keys) =>
      configurationChanged.fire({
        affectsConfiguration: (key: string) => keys.some((k) => k === key || k.startsWith(`${key}.`)),
      }),
    module: namespace({
      version: "1.85.0",
      EventEmitter,
      Disposable,
      Uri,
      CancellationTokenSource: class {
        readonly token = { isCancellationRequested: false, onCancellationRequested: event() };
        cancel(): void {}
        dispose(): void {}
      },
      CancellationError: class extends Error {},
      LanguageStatusSeverity: { Information: 0, Warning: 1, Error: 2 },
      env: namespace({
        appName: "fake",
        language: "en",
        clipboard: { writeText: async () => undefined },
      }),
      workspace: namespace({
        workspaceFolders: undefined,
        textDocuments: [],
        notebookDocuments: [],
        getConfiguration: (section?: string) => ({
          get: (key: string, defaultValue?: unknown) => {
            const full = section === undefined ? key : `${section}.${key}`;
            return settings.has(full) ? settings.get(full) : defaultValue;
          },
          has: () => false,
          inspect: () => undefined,
          update: async () => undefined,
        }),
        onDidChangeConfiguration: configurationChanged.event,
        onDidGrantWorkspaceTrust: event(),
      }),
      window: namespace({
        activeTextEditor: undefined,
        visibleTextEditors: [],
        tabGroups: namespace({ all: [], onDidChangeTabs: event(), onDidChangeTabGroups: event() }),
        createOutputChannel: () => outputChannel,
        showErrorMessage: async (message: string, ...rest: unknown[]) => {
          errors.push({ message, actions: rest.filter((a): a is string => typeof a === "string") });
          const answer = fake.answer;
          fake.answer = undefined;
          return answer;
        },
        showInformationMessage: async (message: string, ...rest: unknown[]) => {
          informations.push({ message, actions: rest.filter((a): a is string => typeof a === "string") });
          return undefined;
        },
        showWarningMessage: async () => undefined,
      }),
      languages: namespace({
        ...Object.fromEntries(
          PROVIDERS.map((method) => [
            method,
            (selector: unknown) => {
              providers.push({ method, selector: JSON.parse(JSON.stringify(selector)) as unknown });
              return new Disposable();
            },
          ]),
        ),
        match: () => 0,
        createLanguageStatusItem: () =>
          Object.assign(status, { name: "", command: undefined, dispose: () => undefined }),
        createDiagnosticCollection: () => anything(),
      }),
      commands: namespace({
        registerCommand: (id: string, handler: (...args: unknown[]) => unknown) => {
          commands.set(id, handler);
          return new Disposable(() => commands.delete(id));
        },
        executeCommand: async (...args: unknown[]) => {
          executed.push(args);
          return undefined;
        },
      }),
    }),
  };
  return fake;
}
