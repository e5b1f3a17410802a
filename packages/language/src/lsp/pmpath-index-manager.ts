/**
 * The reference index, computed when it is read instead of after every edit.
 * Langium describes every reference of every rebuilt document (source and
 * target paths, ranges) in a build phase of its own; only find-references,
 * rename and document highlights read those descriptions, and at 10,000
 * lines describing them cost 55-75 ms of every keystroke. Here the phase only
 * marks the document; its descriptions are made the next time something asks.
 */
import { AstUtils, Cancellation, type AstNode, type LangiumDocument, type ReferenceDescription, type Stream, type URI } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { PmpathIndexManager as PmpathCoreIndexManager } from '../workspace/pmpath-index-manager.js';

export class PmpathLspIndexManager extends PmpathCoreIndexManager {
    /** Documents whose references are linked but not yet described. */
    protected readonly undescribed = new Map<string, LangiumDocument>();
    private readonly sharedServices: LangiumSharedServices;

    constructor(services: LangiumSharedServices) {
        super(services);
        this.sharedServices = services;
    }

    override async updateReferences(document: LangiumDocument, _cancelToken: Cancellation.CancellationToken = Cancellation.CancellationToken.None): Promise<void> {
        const key = document.uri.toString();
        this.referenceIndex.delete(key);
        this.undescribed.set(key, document);
    }

    override removeReferences(uri: URI): void {
        this.undescribed.delete(uri.toString());
        super.removeReferences(uri);
    }

    override findAllReferences(targetNode: AstNode, astNodePath: string): Stream<ReferenceDescription> {
        this.describePending();
        return super.findAllReferences(targetNode, astNodePath);
    }

    override isAffected(document: LangiumDocument, changedUris: Set<string>): boolean {
        this.describePending();
        return super.isAffected(document, changedUris);
    }

    /** Describes the references of every document marked since the last read. */
    protected describePending(): void {
        for (const [key, document] of this.undescribed) {
            const provider = this.sharedServices.ServiceRegistry.getServices(document.uri).workspace.ReferenceDescriptionProvider as unknown as {
                createInfoDescriptions?(info: ReturnType<typeof AstUtils.streamReferences> extends Stream<infer T> ? T : never): ReferenceDescription[];
            };
            const descriptions: ReferenceDescription[] = [];
            if (typeof provider.createInfoDescriptions === 'function') {
                for (const node of AstUtils.streamAst(document.parseResult.value)) {
                    AstUtils.streamReferences(node).forEach(info => {
                        if (!info.reference.error) descriptions.push(...provider.createInfoDescriptions!(info));
                    });
                }
            }
            this.referenceIndex.set(key, descriptions);
        }
        this.undescribed.clear();
    }
}
