package io.safetywatcher.console;

import io.safetywatcher.common.config.ConfigException;
import io.safetywatcher.common.config.WatcherConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./watcher console}: the action service in the foreground until Ctrl-C or SIGTERM
 * ({@code stack up} runs the same program as a child of the stack). Issue #20's web console
 * will be served by this same program.
 */
@Command(name = "console", mixinStandardHelpOptions = true,
        description = {"The action service: operators' acknowledgements, resolutions, comments and silences go through it "
                + "(the CLI's alerts ack|resolve|comment|silence call it). It checks each request, takes the actor from the "
                + "login (HTTP Basic, checked against Cassandra, operators only) and writes with its own role.",
                "Listens on console.host:console.port; HTTPS with console.tls.keystore when cassandra.tls.enabled is true."})
public final class ConsoleMain implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (default: $WATCHER_CONFIG or ./watcher.properties); "
            + "on a secure stack <stack dir>/secrets/actions.properties.")
    Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one configuration key, e.g. --set console.port=9481.")
    Map<String, String> set = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        WatcherConfig config = WatcherConfig.load(file, set);
        ActionService service = ActionService.start(config, line -> System.out.println(Instant.now() + " " + line));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }));
        System.out.println(Instant.now() + " action service at " + service.address() + " ("
                + (service.authenticated() ? "operators sign in with their Cassandra account" : "no authentication: actors are the names "
                + "clients claim, marked (unauthenticated)") + ")");
        System.out.flush();
        stopped.await();
        return 0;
    }

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new ConsoleMain());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException || e instanceof java.io.IOException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return 1;
            }
            if (e instanceof com.datastax.oss.driver.api.core.DriverException) {
                commandLine.getErr().println("error: the action service cannot open its Cassandra session (is the stack up, and is this "
                        + "the service's own account, e.g. --config <stack dir>/secrets/actions.properties?): "
                        + e.getMessage().lines().findFirst().orElse(""));
                return 1;
            }
            throw e;
        });
        System.exit(cl.execute(args));
    }
}
