/**
 * The Testing view for `.pmtest` suites, through VS Code's testing API: one
 * test item per suite and one per scenario (with its range, so the gutter of
 * a `scenario` line has a run button), found from the `.pmtest` files on disk
 * and in open editors and kept current as they change. The structure comes
 * from the language server (`pmpath/testSuites`), never from a second parser
 * here; runs happen in the server too (`pmpath/runTests`), with the simulator
 * and the blocking rule of `pmpath test`, so the editor and the CLI agree.
 *
 * Two run profiles: "Run" and "Run with Coverage". Coverage marks, on each
 * tested pathway file, every transition taken (with how often) and not taken
 * as statement coverage, each cutoff reference's true/false outcomes as
 * branches, and the states entered as declarations.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
    RunTestsRequest, TestSuitesRequest,
    type DiagramChangedParams, type LspRange, type PathwayCoverageInfo, type RunTestsParams, type RunTestsResult, type ScenarioRunInfo,
    type SuiteRunInfo, type TestSuiteInfo, type TestSuitesParams, type TestSuitesResult
} from './messages.js';

/** The controller's id (also the `controllerId` of menus' `when` clauses). */
export const TEST_CONTROLLER_ID = 'pmpath';

/** Scenario items' ids are `SUITE-URI` + this + the scenario's name (`#2`, `#3` … for repeated names). */
const SCENARIO_ID = '::scenario::';

/** What one test item got in a run, as reported to VS Code. */
export interface TestItemRecord {
    readonly id: string;
    readonly label: string;
    readonly state: 'passed' | 'failed' | 'errored' | 'skipped';
    readonly messages: readonly vscode.TestMessage[];
}

/** What a run reported, for the integration tests (and other extensions). */
export interface TestRunRecord {
    readonly profile: 'run' | 'coverage';
    readonly results: readonly TestItemRecord[];
    readonly coverage: readonly vscode.FileCoverage[];
    /** The run's output, as the Test Results view shows it. */
    readonly output: string;
}

/** A scenario as the diagram's picker and the CodeLenses name it. */
export interface ScenarioRef {
    readonly suiteUri: string;
    readonly scenario: string;
    /** The suite's pathway file, when its name resolves. */
    readonly pathwayUri?: string;
    readonly range: vscode.Range;
}

/** The last coverage run of one pathway. */
export interface LastCoverage {
    readonly info: PathwayCoverageInfo;
    /** What ran: `8 scenarios of cf-newborn-screening.pmtest`. */
    readonly what: string;
}

interface SuiteEntry {
    readonly item: vscode.TestItem;
    info: TestSuiteInfo;
}

export class PmpathTestController implements vscode.Disposable {
    readonly controller: vscode.TestController;
    private readonly suites = new Map<string, SuiteEntry>();
    private readonly details = new WeakMap<vscode.FileCoverage, vscode.FileCoverageDetail[]>();
    private readonly coverageByPathway = new Map<string, LastCoverage>();
    private readonly runFinished = new vscode.EventEmitter<TestRunRecord>();
    private readonly suitesChanged = new vscode.EventEmitter<void>();
    private readonly coverageChanged = new vscode.EventEmitter<string[]>();
    private readonly disposables: vscode.Disposable[] = [];
    /** URIs waiting for a structure refresh (debounced: typing sends many changes). */
    private readonly pending = new Map<string, vscode.Uri>();
    private timer: ReturnType<typeof setTimeout> | undefined;
    /** Refreshes run one after another, so an older answer never overwrites a newer one. */
    private queue: Promise<void> = Promise.resolve();
    private discovery: Promise<void>;

    /** Fires after every run with what it reported. */
    readonly onDidFinishRun = this.runFinished.event;
    /** Fires when suites or scenarios were added, removed or moved. */
    readonly onDidChangeSuites = this.suitesChanged.event;
    /** Fires with the pathway URIs whose coverage a run just replaced. */
    readonly onDidChangeCoverage = this.coverageChanged.event;

    constructor(private readonly client: LanguageClient, built: vscode.Event<DiagramChangedParams>) {
        this.controller = vscode.tests.createTestController(TEST_CONTROLLER_ID, 'pmpath pathway tests');
        const controller = this.controller;
        controller.createRunProfile('Run', vscode.TestRunProfileKind.Run, (request, token) => this.run(request, token, false), true);
        const coverage = controller.createRunProfile('Run with Coverage', vscode.TestRunProfileKind.Coverage, (request, token) => this.run(request, token, true), true);
        coverage.loadDetailedCoverage = async (_run, file) => this.coverageDetails(file);
        controller.resolveHandler = async item => {
            if (!item) await this.discovery;
        };
        controller.refreshHandler = () => this.discoverAll();

        const watcher = vscode.workspace.createFileSystemWatcher('**/*.pmtest');
        this.disposables.push(
            controller, watcher, this.runFinished, this.suitesChanged, this.coverageChanged,
            watcher.onDidCreate(uri => this.schedule(uri)),
            watcher.onDidChange(uri => this.schedule(uri)),
            watcher.onDidDelete(uri => {
                // A deleted file that is still open in an editor stays a suite until the editor closes.
                if (!vscode.workspace.textDocuments.some(d => d.uri.toString() === uri.toString())) this.remove(uri.toString());
            }),
            vscode.workspace.onDidOpenTextDocument(document => {
                if (document.languageId === 'pmtest') this.schedule(document.uri);
            }),
            vscode.workspace.onDidChangeTextDocument(event => {
                if (event.document.languageId === 'pmtest' && event.contentChanges.length > 0) this.schedule(event.document.uri);
            }),
            vscode.workspace.onDidCloseTextDocument(document => {
                // An untitled suite exists only in its editor; a file stays (the server reads it from disk again).
                if (document.languageId === 'pmtest') {
                    if (document.uri.scheme === 'untitled') this.remove(document.uri.toString());
                    else this.schedule(document.uri);
                }
            }),
            // The server notifies after every build: a suite relinked after its pathway changed may name another pathway file.
            built(params => {
                for (const uri of params.uris) {
                    if (this.suites.has(uri) || uri.endsWith('.pmtest')) this.schedule(vscode.Uri.parse(uri));
                }
            }),
            vscode.workspace.onDidChangeWorkspaceFolders(() => void this.discoverAll()),
        );
        this.discovery = this.discoverAll();
    }

    /** Resolves when the first discovery and every refresh asked for so far are done. */
    async settled(): Promise<void> {
        await this.discovery;
        while (this.pending.size > 0 || this.timer) {
            await new Promise(resolve => setTimeout(resolve, 50));
        }
        await this.queue;
    }

    /** Every scenario known, in suite order; only those of suites that test `pathwayUri` when given. */
    scenarios(pathwayUri?: string): ScenarioRef[] {
        const found: ScenarioRef[] = [];
        for (const { info } of [...this.suites.values()].sort((a, b) => a.info.uri.localeCompare(b.info.uri))) {
            if (pathwayUri !== undefined && info.pathwayUri !== pathwayUri) continue;
            for (const scenario of info.scenarios) {
                found.push({ suiteUri: info.uri, scenario: scenario.name, pathwayUri: info.pathwayUri, range: this.range(scenario.range) });
            }
        }
        return found;
    }

    /** The scenario a test item stands for (undefined for a suite item or another controller's item). */
    scenarioOf(item: vscode.TestItem | undefined): ScenarioRef | undefined {
        if (!item || !item.id.includes(SCENARIO_ID)) return undefined;
        const suiteUri = item.id.slice(0, item.id.indexOf(SCENARIO_ID));
        const entry = this.suites.get(suiteUri);
        const name = this.scenarioName(item);
        const scenario = entry?.info.scenarios.find(s => s.name === name);
        return { suiteUri, scenario: name, pathwayUri: entry?.info.pathwayUri, range: scenario ? this.range(scenario.range) : item.range ?? new vscode.Range(0, 0, 0, 0) };
    }

    /** Lists (or re-reads) one file now, e.g. a suite named by a command before discovery reached it. */
    async load(uri: vscode.Uri): Promise<void> {
        await this.refresh([uri]);
    }

    /** The suite's pathway file, if it is known and resolves. */
    pathwayOf(suiteUri: string): string | undefined {
        return this.suites.get(suiteUri)?.info.pathwayUri;
    }

    /** What "Run with Coverage" shows inside a file: transitions (with branches) and states. */
    coverageDetails(file: vscode.FileCoverage): vscode.FileCoverageDetail[] {
        return this.details.get(file) ?? [];
    }

    /** The last coverage run of a pathway, for the diagram. */
    lastCoverage(pathwayUri: string): LastCoverage | undefined {
        return this.coverageByPathway.get(pathwayUri);
    }

    dispose(): void {
        if (this.timer) clearTimeout(this.timer);
        for (const disposable of this.disposables.splice(0)) disposable.dispose();
    }

    // ------------------------------------------------------------------ discovery

    private async discoverAll(): Promise<void> {
        const found = await vscode.workspace.findFiles('**/*.pmtest', '**/node_modules/**');
        const open = vscode.workspace.textDocuments.filter(d => d.languageId === 'pmtest').map(d => d.uri);
        const uris = new Map([...found, ...open].map(uri => [uri.toString(), uri]));
        // Suites listed before that are neither on disk nor open any more.
        for (const known of [...this.suites.keys()]) {
            if (!uris.has(known)) this.remove(known);
        }
        await this.refresh([...uris.values()]);
    }

    private schedule(uri: vscode.Uri): void {
        if (uri.path.includes('/node_modules/')) return;
        this.pending.set(uri.toString(), uri);
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => {
            this.timer = undefined;
            const uris = [...this.pending.values()];
            this.pending.clear();
            void this.refresh(uris);
        }, 200);
    }

    /** Asks the server for the structure of these files and updates their items. */
    private refresh(uris: readonly vscode.Uri[]): Promise<void> {
        const next = this.queue.then(async () => {
            if (uris.length === 0) return;
            const params: TestSuitesParams = { uris: uris.map(u => u.toString()) };
            let result: TestSuitesResult;
            try {
                result = await this.client.sendRequest<TestSuitesResult>(TestSuitesRequest, params);
            } catch (error) {
                this.client.outputChannel.appendLine(`pmpath: could not list the test suites: ${describe(error)}`);
                return;
            }
            for (const info of result.suites) this.upsert(info);
            for (const uri of result.none) this.remove(uri);
            this.suitesChanged.fire();
        });
        this.queue = next.catch(() => undefined);
        return next;
    }

    private upsert(info: TestSuiteInfo): void {
        const uri = vscode.Uri.parse(info.uri);
        let entry = this.suites.get(info.uri);
        if (!entry) {
            const item = this.controller.createTestItem(info.uri, basename(uri), uri);
            entry = { item, info };
            this.suites.set(info.uri, entry);
            this.controller.items.add(item);
        }
        entry.info = info;
        const { item } = entry;
        item.description = info.pathway ? `tests for ${info.pathway}` : undefined;
        item.sortText = vscode.workspace.asRelativePath(uri);
        item.range = this.range(info.range);
        // Keep the items of scenarios that stay (their last results stay with them).
        const seen = new Map<string, number>();
        const children: vscode.TestItem[] = [];
        for (const scenario of info.scenarios) {
            const n = (seen.get(scenario.name) ?? 0) + 1;
            seen.set(scenario.name, n);
            const id = `${info.uri}${SCENARIO_ID}${scenario.name}${n > 1 ? `#${n}` : ''}`;
            const child = item.children.get(id) ?? this.controller.createTestItem(id, scenario.name || '(unnamed scenario)', uri);
            child.range = this.range(scenario.range);
            children.push(child);
        }
        item.children.replace(children);
    }

    private remove(uri: string): void {
        if (!this.suites.delete(uri)) return;
        this.controller.items.delete(uri);
        this.suitesChanged.fire();
    }

    private range(range: LspRange): vscode.Range {
        return this.client.protocol2CodeConverter.asRange(range);
    }

    private scenarioName(item: vscode.TestItem): string {
        const name = item.id.slice(item.id.indexOf(SCENARIO_ID) + SCENARIO_ID.length);
        // `#2` marks the second scenario of a repeated name (a duplicate-name error; the suite does not run).
        const entry = this.suites.get(item.id.slice(0, item.id.indexOf(SCENARIO_ID)));
        return entry?.info.scenarios.some(s => s.name === name) ? name : name.replace(/#\d+$/, '');
    }

    // ------------------------------------------------------------------ running

    private async run(request: vscode.TestRunRequest, token: vscode.CancellationToken, coverage: boolean): Promise<void> {
        await this.discovery;
        const run = this.controller.createTestRun(request);
        const recorder = new RunRecorder(run);
        try {
            await this.execute(request, token, coverage, recorder);
        } catch (error) {
            for (const item of recorder.unreported()) {
                if (token.isCancellationRequested) recorder.skipped(item, 'The run was cancelled.');
                else recorder.errored(item, [new vscode.TestMessage(`The pmpath language server did not run the tests: ${describe(error)}`)]);
            }
        } finally {
            run.end();
            this.runFinished.fire({ profile: coverage ? 'coverage' : 'run', results: recorder.results(), coverage: recorder.coverage, output: recorder.output });
        }
    }

    private async execute(request: vscode.TestRunRequest, token: vscode.CancellationToken, coverage: boolean, recorder: RunRecorder): Promise<void> {
        const excluded = new Set((request.exclude ?? []).map(item => item.id));
        // Which suites, and which of their scenarios (undefined: all of them).
        const targets = new Map<string, Set<string> | undefined>();
        for (const item of request.include ?? [...this.allItems()]) {
            if (excluded.has(item.id)) continue;
            const scenario = this.scenarioOf(item);
            if (scenario) {
                const chosen = targets.get(scenario.suiteUri);
                if (targets.has(scenario.suiteUri) && chosen === undefined) continue;
                targets.set(scenario.suiteUri, new Set([...(chosen ?? []), item.id]));
            } else if (this.suites.has(item.id)) {
                targets.set(item.id, undefined);
            }
        }
        if (targets.size === 0) return;
        // The suites' scenarios as they are now: the run reports on these items.
        await this.refresh([...targets.keys()].map(uri => vscode.Uri.parse(uri)));
        const planned: Array<{ uri: string; items: vscode.TestItem[]; names?: string[] }> = [];
        for (const [uri, ids] of targets) {
            const entry = this.suites.get(uri);
            if (!entry) continue;
            const children: vscode.TestItem[] = [];
            entry.item.children.forEach(child => {
                if (!excluded.has(child.id) && (ids === undefined || ids.has(child.id))) children.push(child);
            });
            // A suite without scenarios reports on itself.
            const items = children.length > 0 || ids !== undefined ? children : [entry.item];
            planned.push({ uri, items, names: ids === undefined ? undefined : [...new Set(children.map(c => this.scenarioName(c)))] });
        }
        for (const { items } of planned) for (const item of items) recorder.enqueued(item);
        for (const { items } of planned) for (const item of items) recorder.started(item);

        const params: RunTestsParams = { suites: planned.map(p => ({ uri: p.uri, scenarios: p.names })), coverage };
        const result = await this.client.sendRequest<RunTestsResult>(RunTestsRequest, params, token);
        for (const [i, suite] of result.suites.entries()) {
            const plan = planned[i];
            if (plan) this.report(suite, plan.items, recorder);
        }
        for (const item of recorder.unreported()) {
            recorder.skipped(item, token.isCancellationRequested ? 'The run was cancelled.' : 'The language server returned no result for this scenario; run it again.');
        }
        if (coverage) this.reportCoverage(result, planned, recorder);
    }

    /** Reports one suite's results on its items. */
    private report(suite: SuiteRunInfo, items: readonly vscode.TestItem[], recorder: RunRecorder): void {
        const suiteUri = vscode.Uri.parse(suite.uri);
        const header = `${vscode.workspace.asRelativePath(suiteUri)} — ${suite.pathway || '?'}`;
        if (suite.error) {
            recorder.appendOutput(`${header}\n  ✗ not run: ${suite.error}\n`);
            for (const item of items) recorder.errored(item, [new vscode.TestMessage(suite.error)]);
            return;
        }
        if (suite.blocked.length > 0) {
            // As `pmpath test`: a suite whose file, pathway or imports have error findings is not run.
            const count = suite.blocked.length;
            const lines = suite.blocked.map(f => `      ${vscode.workspace.asRelativePath(vscode.Uri.parse(f.uri))}:${f.range.start.line + 1}:${f.range.start.character + 1}  ${f.message}  ${f.rule}`);
            recorder.appendOutput(`${header}\n  ✗ not run: ${count} error finding${count === 1 ? '' : 's'} in the suite or its pathway\n${lines.join('\n')}\n`);
            const messages = suite.blocked.map(f => {
                const message = new vscode.TestMessage(`Not run: ${f.rule}: ${f.message}`);
                message.location = new vscode.Location(vscode.Uri.parse(f.uri), this.range(f.range));
                return message;
            });
            for (const item of items) recorder.errored(item, messages);
            return;
        }
        recorder.appendOutput(`${header}\n`);
        if (items.length === 1 && items[0].id === suite.uri) {
            // A suite item stands for itself only when it has no scenarios.
            recorder.skipped(items[0], 'The suite has no scenarios.');
            return;
        }
        // Results come in file order; items are matched by name (repeated names in order).
        const byName = new Map<string, vscode.TestItem[]>();
        for (const item of items) {
            const name = this.scenarioName(item);
            byName.set(name, [...(byName.get(name) ?? []), item]);
        }
        for (const scenario of suite.scenarios) {
            const item = byName.get(scenario.name)?.shift();
            if (!item) continue;
            this.reportScenario(suiteUri, scenario, item, recorder);
        }
        for (const name of suite.missing) {
            for (const item of byName.get(name) ?? []) recorder.skipped(item, `The scenario "${name}" is no longer in ${basename(suiteUri)}.`);
        }
        if (suite.interrupted) recorder.appendOutput(`  ${suite.interrupted}\n`);
    }

    private reportScenario(suiteUri: vscode.Uri, scenario: ScenarioRunInfo, item: vscode.TestItem, recorder: RunRecorder): void {
        const location = new vscode.Location(suiteUri, this.range(scenario.range));
        const path = scenario.path.length > 0 ? compactPath(scenario.path, scenario.pathOmitted ?? 0) : '(none: the scenario did not start)';
        if (scenario.status === 'skipped') {
            recorder.skipped(item, undefined);
            recorder.appendOutput(`  - ${scenario.name}: not run\n`, location, item);
            return;
        }
        const lines: string[] = [];
        const failure = scenario.failure;
        if (!failure) {
            lines.push(`  ✓ ${scenario.name}`, `      path     ${path}`);
        } else {
            lines.push(`  ✗ ${scenario.name}`, `      ${basename(suiteUri)}:${failure.line}:${failure.column}  ${failure.message}`);
            if (failure.expected !== undefined) lines.push(`      expected ${failure.expected}`);
            if (failure.actual !== undefined) lines.push(`      actual   ${failure.actual}`);
            for (const t of failure.transitions) lines.push(`      transition ${t.from} -> ${t.to} (${vscode.workspace.asRelativePath(vscode.Uri.parse(t.uri))}:${t.line})`);
            lines.push(`      path so far ${path}`);
        }
        for (const note of scenario.notes) lines.push(`      note: ${note}`);
        if (scenario.endDate) lines.push(`      clock at the end: ${scenario.endDate}`);
        recorder.appendOutput(`${lines.join('\n')}\n`, location, item);

        if (!failure) {
            recorder.passed(item, scenario.durationMs);
            return;
        }
        const text = `${failure.message}\npath so far: ${path}${scenario.notes.map(n => `\nnote: ${n}`).join('')}`;
        // A failed expectation carries expected and actual, so VS Code shows a diff.
        const message = failure.kind === 'expectation' && failure.expected !== undefined && failure.actual !== undefined
            ? vscode.TestMessage.diff(text, failure.expected, failure.actual)
            : new vscode.TestMessage(text);
        message.location = new vscode.Location(suiteUri, this.range(failure.range));
        if (failure.transitions.length > 0) {
            // The transitions involved (every enabled one of an ambiguity), each a link to its line.
            message.stackTrace = failure.transitions.map(t =>
                new vscode.TestMessageStackFrame(`${t.from} -> ${t.to}`, vscode.Uri.parse(t.uri), this.range(t.range).start));
        }
        recorder.failed(item, [message], scenario.durationMs);
    }

    private reportCoverage(result: RunTestsResult, planned: ReadonlyArray<{ uri: string; items: vscode.TestItem[] }>, recorder: RunRecorder): void {
        const ran = result.suites.filter(s => s.blocked.length === 0 && !s.error);
        const scenarioCount = ran.reduce((n, s) => n + s.scenarios.filter(x => x.status !== 'skipped').length, 0);
        const what = `${scenarioCount} scenario${scenarioCount === 1 ? '' : 's'} ${planned.length === 1 ? `of ${basename(vscode.Uri.parse(planned[0].uri))}` : `in ${planned.length} suites`}`;
        for (const info of result.coverage) {
            const uri = vscode.Uri.parse(info.uri);
            const file = new vscode.FileCoverage(
                uri,
                new vscode.TestCoverageCount(info.transitions.taken, info.transitions.total),
                info.guards.outcomesTotal > 0 ? new vscode.TestCoverageCount(info.guards.outcomesSeen, info.guards.outcomesTotal) : undefined,
                new vscode.TestCoverageCount(info.states.entered, info.states.total),
            );
            const details: vscode.FileCoverageDetail[] = [
                // Statements: transitions, with how often each was taken; branches: each cutoff reference's outcomes.
                ...info.transitions.items.map(t => new vscode.StatementCoverage(t.count, this.range(t.range), t.guard.flatMap(g => [
                    new vscode.BranchCoverage(g.seenTrue, this.range(g.range), `${g.cutoff} true`),
                    new vscode.BranchCoverage(g.seenFalse, this.range(g.range), `${g.cutoff} false`),
                ]))),
                // Declarations: states, with how often each was entered.
                ...info.states.items.map(s => new vscode.DeclarationCoverage(s.name, s.count, this.range(s.range))),
            ];
            this.details.set(file, details);
            recorder.addCoverage(file);
            this.coverageByPathway.set(info.uri, { info, what });
            const notTaken = info.transitions.items.filter(t => t.count === 0);
            recorder.appendOutput(`Coverage of ${info.pathway} (${vscode.workspace.asRelativePath(uri)}): transitions ${info.transitions.taken}/${info.transitions.total}, `
                + `states ${info.states.entered}/${info.states.total}, guard outcomes ${info.guards.outcomesSeen}/${info.guards.outcomesTotal}; `
                + `${notTaken.length === 0 ? 'every transition taken' : `not taken: ${notTaken.map(t => `${t.from} -> ${t.to} (line ${t.range.start.line + 1})`).join(', ')}`}\n`);
        }
        if (result.coverage.length > 0) this.coverageChanged.fire(result.coverage.map(c => c.uri));
    }

    private *allItems(): Iterable<vscode.TestItem> {
        for (const { item } of this.suites.values()) yield item;
    }
}

/** Reports to a `TestRun` and remembers what it reported. */
class RunRecorder {
    private readonly records = new Map<string, { item: vscode.TestItem; state?: TestItemRecord['state']; messages: vscode.TestMessage[] }>();
    readonly coverage: vscode.FileCoverage[] = [];
    output = '';

    constructor(private readonly run: vscode.TestRun) { }

    enqueued(item: vscode.TestItem): void {
        this.records.set(item.id, { item, messages: [] });
        this.run.enqueued(item);
    }

    started(item: vscode.TestItem): void {
        this.run.started(item);
    }

    passed(item: vscode.TestItem, durationMs: number): void {
        this.set(item, 'passed', []);
        this.run.passed(item, durationMs);
    }

    failed(item: vscode.TestItem, messages: vscode.TestMessage[], durationMs: number): void {
        this.set(item, 'failed', messages);
        this.run.failed(item, messages, durationMs);
    }

    errored(item: vscode.TestItem, messages: vscode.TestMessage[]): void {
        this.set(item, 'errored', messages);
        this.run.errored(item, messages);
    }

    skipped(item: vscode.TestItem, why: string | undefined): void {
        this.set(item, 'skipped', []);
        this.run.skipped(item);
        if (why) this.appendOutput(`  - ${item.label}: ${why}\n`, undefined, item);
    }

    appendOutput(text: string, location?: vscode.Location, item?: vscode.TestItem): void {
        this.output += text;
        // The Test Results terminal needs CRLF line ends.
        this.run.appendOutput(text.replace(/\r?\n/g, '\r\n'), location, item);
    }

    addCoverage(file: vscode.FileCoverage): void {
        this.coverage.push(file);
        this.run.addCoverage(file);
    }

    /** Items enqueued and not yet given a result. */
    unreported(): vscode.TestItem[] {
        return [...this.records.values()].filter(r => r.state === undefined).map(r => r.item);
    }

    results(): TestItemRecord[] {
        return [...this.records.values()].filter(r => r.state !== undefined)
            .map(r => ({ id: r.item.id, label: r.item.label, state: r.state!, messages: r.messages }));
    }

    private set(item: vscode.TestItem, state: TestItemRecord['state'], messages: vscode.TestMessage[]): void {
        const record = this.records.get(item.id) ?? { item, messages: [] };
        record.state = state;
        record.messages = messages;
        this.records.set(item.id, record);
    }
}

/**
 * All of a path up to 24 states, else the first and last twelve around the
 * number left out (`omitted`: states the server already left out of the middle).
 */
function compactPath(path: readonly string[], omitted: number): string {
    if (path.length <= 24 && omitted === 0) return path.join(' -> ');
    return `${path.slice(0, 12).join(' -> ')} -> … ${(path.length - 24 + omitted).toLocaleString('en-US')} more … -> ${path.slice(-12).join(' -> ')}`;
}

function basename(uri: vscode.Uri): string {
    return uri.path.split('/').pop() || uri.toString();
}

function describe(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}
