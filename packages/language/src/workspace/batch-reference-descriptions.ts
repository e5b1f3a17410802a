/**
 * The reference-description index (Langium's `IndexedReferences` phase) serves
 * editor features only: find references, rename, and deciding which open
 * documents an edit affects. A batch lint (`pmpath check`) builds its
 * workspace once and never asks, so it skips the phase's work; on a 1000-file
 * workspace that phase cost about as much as validation.
 */
import type { LangiumDocument, ReferenceDescription, ReferenceDescriptionProvider } from 'langium';

export class BatchReferenceDescriptionProvider implements ReferenceDescriptionProvider {
    /** Describes no references: nothing in a batch lint reads the reference index. */
    async createDescriptions(_document: LangiumDocument): Promise<ReferenceDescription[]> {
        return [];
    }
}
