/**
 * A CodeLens above each `scenario` of a `.pmtest` suite: "Show path in
 * diagram" draws where the synthetic person went on the pathway's states
 * view. The scenarios and their lines come from the Testing view's
 * controller (the language server's parse), never from a parser here.
 * Off with `pmpath.tests.codeLens: false`.
 */
import * as vscode from 'vscode';
import type { PmpathTestController } from './test-controller.js';

export class ScenarioCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
    private readonly changed = new vscode.EventEmitter<void>();
    private readonly subscriptions: vscode.Disposable[];
    readonly onDidChangeCodeLenses = this.changed.event;

    constructor(private readonly tests: PmpathTestController) {
        this.subscriptions = [
            this.changed,
            tests.onDidChangeSuites(() => this.changed.fire()),
            vscode.workspace.onDidChangeConfiguration(event => {
                if (event.affectsConfiguration('pmpath.tests.codeLens')) this.changed.fire();
            }),
        ];
    }

    provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
        if (!vscode.workspace.getConfiguration('pmpath.tests', document.uri).get<boolean>('codeLens', true)) return [];
        const uri = document.uri.toString();
        return this.tests.scenarios().filter(s => s.suiteUri === uri && s.pathwayUri).map(s => new vscode.CodeLens(
            new vscode.Range(s.range.start, s.range.start),
            { title: 'Show path in diagram', tooltip: `Draw the path of "${s.scenario}" on the states diagram of its pathway`, command: 'pmpath.diagram.showScenarioPath', arguments: [uri, s.scenario] },
        ));
    }

    dispose(): void {
        for (const subscription of this.subscriptions) subscription.dispose();
    }
}
