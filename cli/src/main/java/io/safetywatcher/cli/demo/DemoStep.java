package io.safetywatcher.cli.demo;

/** One step of the demo: what it says it does, and doing it (0 to go on, else the demo's exit status). */
interface DemoStep {
    String title(DemoRun run) throws Exception;

    int run(DemoRun run) throws Exception;
}
