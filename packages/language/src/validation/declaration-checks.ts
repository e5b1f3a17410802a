/**
 * File-level checks: duplicate names (local and imported), imports that point
 * nowhere, declarations nothing references (across files) and obsolete DUO terms.
 */
import { AstUtils, type AstNodeDescription, type URI, type LangiumDocuments, type ValidationAcceptor, type ValidationChecks, type FileSystemProvider } from 'langium';
import type { Declaration, DuoTerm, PmpathAstType, PmpathFile } from '../generated/ast.js';
import { duoTerm } from '../domain.js';
import { isGuardLimitError } from '../parser/pmpath-lexer.js';
import type { PmpathServices } from '../pmpath-module.js';
import { RuleId } from '../rules.js';
import { declarationsOf, importTargets } from '../scoping/pmpath-scope.js';
import { exportsOf } from '../workspace/pmpath-index-manager.js';
import type { PmpathWorkspaceIndex } from '../workspace/pmpath-workspace-index.js';
import type { CheckProvider } from './pmpath-validator.js';
import { declarationTarget, report } from './report.js';

const KIND_WORDS: Record<string, string> = { Actor: 'actor', Data: 'data item', Cutoff: 'cutoff', Consent: 'consent', State: 'state' };

export function declarationKind(decl: { $type: string }): string {
    return KIND_WORDS[decl.$type] ?? decl.$type.toLowerCase();
}

export class DeclarationChecks implements CheckProvider {
    private readonly documents: LangiumDocuments;
    private readonly fileSystem: FileSystemProvider;
    private readonly workspaceIndex: PmpathWorkspaceIndex;
    private readonly indexManager: PmpathServices['shared']['workspace']['IndexManager'];

    constructor(services: PmpathServices) {
        this.documents = services.shared.workspace.LangiumDocuments;
        this.fileSystem = services.shared.workspace.FileSystemProvider;
        this.workspaceIndex = services.workspace.PmpathWorkspaceIndex;
        this.indexManager = services.shared.workspace.IndexManager;
    }

    /** What an import points to on disk: a folder named `x.pmpath` is not a `.pmpath` file (SPEC §4). */
    private importedEntryKind(uri: URI): 'file' | 'directory' | 'missing' {
        try {
            if (!this.fileSystem.existsSync(uri)) return 'missing';
            const stat = this.fileSystem.statSync(uri);
            return stat.isFile ? 'file' : stat.isDirectory ? 'directory' : 'missing';
        } catch {
            return 'missing';
        }
    }

    checks(): ValidationChecks<PmpathAstType> {
        return {
            PmpathFile: [this.checkImportsAndNames, this.checkUnusedDeclarations],
            DuoTerm: this.checkObsoleteDuo,
        };
    }

    checkImportsAndNames(file: PmpathFile, accept: ValidationAcceptor): void {
        const document = AstUtils.getDocument(file);
        const names = new Map<string, string>();
        for (const decl of declarationsOf(file)) {
            if (!decl.name) continue;
            const earlier = names.get(decl.name);
            if (earlier) {
                report(accept, RuleId.duplicateName, `Duplicate name '${decl.name}': ${earlier} '${decl.name}' is declared earlier in this file. Rename this ${declarationKind(decl)}.`, declarationTarget(decl));
            } else {
                names.set(decl.name, declarationKind(decl));
            }
        }
        const importedBy = new Map<string, string>();
        const seenImports = new Set<string>([document.uri.toString()]);
        // A suite imports pathways to test one of them; their names are not in
        // the suite's scope (it sees its pathway's), so they cannot clash.
        const isSuite = file.body?.$type === 'TestSuite';
        for (const { node, uri } of importTargets(document)) {
            const key = uri.toString();
            if (!node.path.endsWith('.pmpath')) {
                const what = isSuite ? "the pathway's .pmpath file" : "the library's .pmpath file";
                report(accept, RuleId.importNotFound, `Import "${node.path}" is not a .pmpath file; import ${what}.`, { node });
                continue;
            }
            const target = this.documents.hasDocument(uri) ? 'file' : this.importedEntryKind(uri);
            if (target === 'directory') {
                report(accept, RuleId.importNotFound, `Import "${node.path}" is a folder, not a .pmpath file; import the library's .pmpath file inside it.`, { node });
                continue;
            }
            if (target === 'missing') {
                report(accept, RuleId.importNotFound, `Import "${node.path}" not found: there is no such file relative to this file's folder. Fix the path or add the library.`, { node });
                continue;
            }
            if (seenImports.has(key)) {
                if (key !== document.uri.toString()) {
                    report(accept, RuleId.duplicateName, `"${node.path}" is imported twice, bringing its names in twice; remove this import.`, { node });
                }
                continue;
            }
            seenImports.add(key);
            if (isSuite) continue;
            const clashes: string[] = [];
            exportsOf(this.indexManager, key).forEach((desc: AstNodeDescription) => {
                const other = importedBy.get(desc.name);
                if (other !== undefined) {
                    clashes.push(`'${desc.name}' (also imported from "${other}")`);
                } else {
                    importedBy.set(desc.name, node.path);
                }
            });
            if (clashes.length > 0) {
                report(accept, RuleId.duplicateName, `Import "${node.path}" brings in names already imported: ${clashes.join(', ')}. Rename one of the declarations or drop one import.`, { node });
            }
        }
        for (const decl of declarationsOf(file)) {
            const from = decl.name ? importedBy.get(decl.name) : undefined;
            if (from !== undefined) {
                report(accept, RuleId.duplicateName, `Duplicate name '${decl.name}': it is also imported from "${from}". Rename this ${declarationKind(decl)} or use the imported one.`, declarationTarget(decl));
            }
        }
    }

    /**
     * `unused-declaration`. References from test suites do not count: a
     * declaration that only a test observes plays no part in the pathway, and
     * a pathway's findings must not depend on which suites happen to be
     * loaded (`pmpath check FILE` and `pmpath check FOLDER` agree).
     */
    checkUnusedDeclarations(file: PmpathFile, accept: ValidationAcceptor): void {
        const document = AstUtils.getDocument(file);
        const localNames = new Set(this.workspaceIndex.referencedNames(document));
        // Names in a guard the lexer dropped for being too large still count as used.
        for (const error of document.parseResult.lexerErrors) {
            if (isGuardLimitError(error)) error.droppedNames.forEach(name => localNames.add(name));
        }
        const importers = this.workspaceIndex.importersOf(document.uri.toString());
        const isUsed = (decl: Declaration): boolean =>
            localNames.has(decl.name) || importers.some(doc => this.workspaceIndex.referencedNames(doc).has(decl.name));
        for (const decl of declarationsOf(file)) {
            if (decl.$type === 'State' || !decl.name || isUsed(decl)) continue;
            const hint = file.body?.$type === 'Library'
                ? 'reference it from a pathway that imports this library, or remove it'
                : 'reference it or remove it';
            report(accept, RuleId.unusedDeclaration, `${capitalize(declarationKind(decl))} '${decl.name}' is never used; ${hint}.`, declarationTarget(decl));
        }
    }

    checkObsoleteDuo(term: DuoTerm, accept: ValidationAcceptor): void {
        const info = duoTerm(term.code);
        if (info?.obsolete) {
            const replacement = term.code === 'GRU-CC' ? 'GRU (DUO:0000042) with CC (DUO:0000043)' : 'GRU (DUO:0000042) or HMB (DUO:0000006)';
            report(accept, RuleId.obsoleteDuoTerm, `DUO term ${term.code} (${info.curie}) is obsolete and grants no permission; use ${replacement} instead.`, { node: term, property: 'code' });
        }
    }
}

function capitalize(text: string): string {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
