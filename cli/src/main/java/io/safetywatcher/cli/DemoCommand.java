package io.safetywatcher.cli;

import io.safetywatcher.stack.StackCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./watcher demo}: the whole system on the embedded stack. For now it brings up the
 * stack with the schema applied and says plainly which parts are not built yet.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the system end to end on the embedded stack (today: the stack, topics and schema).")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--dir", paramLabel = "DIR", description = "Stack folder (default .watcher).")
    String dir;

    @Override
    public Integer call() {
        System.out.println("Safety Watcher demo: bringing up the embedded stack (a real Cassandra and a real Kafka)...");
        List<String> args = new ArrayList<>(List.of("up"));
        if (dir != null) {
            args.add("--dir");
            args.add(dir);
        }
        int code = StackCommand.run(args.toArray(String[]::new));
        if (code != 0) {
            return code;
        }
        System.out.println();
        System.out.println("The stack is up and the schema applied. Not built yet, so not part of this demo:");
        System.out.println("  - the city simulator and its scripted incidents");
        System.out.println("  - the alert job (live alerts) and the analytics job (hotspots, trends)");
        System.out.println("  - the operator shell and its commands");
        System.out.println("Try: ./watcher stack status    ./watcher stack logs kafka    ./watcher stack down");
        return 0;
    }
}
