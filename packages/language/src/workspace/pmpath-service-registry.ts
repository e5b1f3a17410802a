/**
 * One Langium language serves both file kinds, `.pmpath` (pathways and
 * libraries) and `.pmtest` (test suites, SPEC §7), but editors give them two
 * language ids. Langium looks services up by a document's language id first:
 * register the pmpath services under `pmtest` too, so that a suite opened as
 * an untitled `pmtest` document (no file extension to go by) is served.
 */
import { DefaultServiceRegistry, type LangiumCoreServices } from 'langium';

/** The language id editors give to `.pmtest` files. */
export const PMTEST_LANGUAGE_ID = 'pmtest';

export class PmpathServiceRegistry extends DefaultServiceRegistry {
    override register(language: LangiumCoreServices): void {
        super.register(language);
        if (language.LanguageMetaData.languageId === 'pmpath') {
            this.languageIdMap.set(PMTEST_LANGUAGE_ID, language);
        }
    }
}
