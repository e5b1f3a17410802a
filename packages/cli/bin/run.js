// Shared by the `pmpath` and `pmpath-language-server` executables: checks the
// Node.js version, loads the bundle and runs the program with one-line errors.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 10)) {
    process.stderr.write(`pmpath: needs Node.js 20.10 or newer; this is Node.js ${process.versions.node}\n`);
    process.exit(2);
}

// A reader that goes away early (`pmpath check | head`) is not a failure worth a stack trace.
process.stdout.on('error', error => {
    if (error.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    throw error;
});

/** Runs `pmpath` with these arguments and sets the exit code. */
export async function runPmpath(argv) {
    let program;
    try {
        program = await import('../dist/main.js');
    } catch (error) {
        if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist')) {
            process.stderr.write('pmpath: the CLI bundle (dist/main.js) is missing; in a clone of the repository, run `npm run build` at its root\n');
            process.exit(2);
        }
        throw error;
    }
    process.exitCode = await program.main(argv);
}
