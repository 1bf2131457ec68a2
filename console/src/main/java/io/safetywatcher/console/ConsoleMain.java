package io.safetywatcher.console;

import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.shell.ConfigOptions;
import io.safetywatcher.shell.Program;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.time.Instant;
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
                "Also serves the CAP 1.2 feed: GET /cap/feed.atom (Atom, the latest cap.feed.size messages of the CAP topic, "
                + "newest first) and GET /cap/<identifier>.xml, behind the same login.",
                "Listens on console.host:console.port; HTTPS with console.tls.keystore when cassandra.tls.enabled is true."})
public final class ConsoleMain implements Callable<Integer> {
    /** On a secure stack, {@code --config <stack dir>/secrets/actions.properties}: the service's own account. */
    @Mixin
    ConfigOptions configOptions;

    @Override
    public Integer call() throws Exception {
        WatcherConfig config = configOptions.load();
        ActionService service;
        try {
            service = ActionService.start(config, line -> System.out.println(Instant.now() + " " + line));
        } catch (com.datastax.oss.driver.api.core.DriverException e) {
            throw new IllegalStateException("the action service cannot open its Cassandra session (is the stack up, and is this "
                    + "the service's own account, e.g. --config <stack dir>/secrets/actions.properties?): "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
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
        Program.exit(new ConsoleMain(), args);
    }
}
