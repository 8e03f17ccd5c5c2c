/**
 * @tapegrad/cli: the `tapegrad` command as a function, for the main job and for tests: `main(argv)` runs
 * one command line as the `tapegrad` bin does (and exits with its code); `runCli(argv)` runs it and
 * returns the exit code. `writeFolderAtomic` is the writer of its run folders, for the examples' plots;
 * `writeFileAtomic` its writer of one file, for the benchmark's page and plots; `loadMnist` its reader of
 * MNIST's official split, for the mnist example.
 */
export { writeFileAtomic, writeFolderAtomic } from './atomic-write.ts';
export { main, runCli } from './main.ts';
export { loadMnist, type MnistSplit } from './mnist.ts';
