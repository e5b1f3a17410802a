/**
 * Entry point the VS Code extension host loads (`extensionTestsPath`): runs
 * the mocha suites (tdd UI) and reports failures through the returned promise.
 */
import Mocha from 'mocha';

export async function run(): Promise<void> {
    const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 180_000, reporter: 'spec' });
    // Define suite()/test() globals before the test modules are evaluated.
    mocha.suite.emit('pre-require', globalThis, 'pmpath-e2e', mocha);
    await import('./extension.test.js');
    await new Promise<void>((resolve, reject) => {
        mocha.run(failures => failures > 0 ? reject(new Error(`${failures} integration test(s) failed.`)) : resolve());
    });
}
