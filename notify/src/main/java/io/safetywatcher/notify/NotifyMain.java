package io.safetywatcher.notify;

import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.notify.route.RouteFile;
import io.safetywatcher.notify.route.Routing;
import io.safetywatcher.shell.ConfigOptions;
import io.safetywatcher.shell.Program;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

/** {@code ./watcher notify --routes FILE}: the receivers' program, in the foreground until Ctrl-C or SIGTERM. */
@Command(name = "notify", mixinStandardHelpOptions = true,
        description = {"Routes alert events from the alert topic to webhook and log receivers, as a routing file says "
                + "(Alertmanager's routing tree: matchers, continue, group_by, group_wait, group_interval, repeat_interval).",
                "Webhooks get a POST (JSON body, HMAC-SHA256 signature when a secret is set), retried with exponential back-off; "
                        + "after max_attempts the events are recorded as dead in the delivery log (notify_deliveries).",
                "A consumer group (notify.group) that commits only what every receiver is done with: a restart loses nothing "
                        + "and re-sends nothing a receiver acknowledged."})
public final class NotifyMain implements Callable<Integer> {
    @Mixin
    ConfigOptions configOptions;

    // Checked in call(), not by picocli, so an unknown flag is reported as such before a missing one.
    @Option(names = "--routes", paramLabel = "FILE", description = "The routing file (YAML); required.")
    Path routes;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (routes == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--routes=FILE'");
        }
        Routing routing = RouteFile.read(routes); // a mistake in it exits 2 naming file, line and field
        WatcherConfig config = configOptions.load();
        Notifier notifier = new Notifier(config, routing, line -> {
            System.out.println(line);
            System.out.flush();
        }, line -> System.err.println(Instant.now() + " warning: " + line)).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                notifier.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        System.out.println(Instant.now() + " notify: " + routing.receivers().size() + " receivers, group " + config.get("notify.group")
                + " on " + io.safetywatcher.common.config.Topics.of(config).alerts());
        System.out.flush();
        notifier.await();
        return 0;
    }

    public static void main(String[] args) {
        Program.exit(new NotifyMain(), args);
    }
}
