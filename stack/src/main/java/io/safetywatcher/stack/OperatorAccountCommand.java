package io.safetywatcher.stack;

import io.safetywatcher.common.config.WatcherConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ./watcher stack operator add NAME | list}: named operator accounts on a secure stack.
 * Each is its own Cassandra role (inheriting {@code watcher_operator}) and Kafka user, so what an
 * operator does is recorded under the name that logged in.
 */
@Command(name = "operator", mixinStandardHelpOptions = true, description = "Named operator accounts of a secure stack.",
        subcommands = {OperatorAccountCommand.Add.class, OperatorAccountCommand.Listing.class})
final class OperatorAccountCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 2;
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Make an operator account on the running secure stack: a password, a client file "
                    + "secrets/operator-NAME.properties, its Cassandra role and Kafka user. Adding a name again keeps its password.")
    static final class Add implements Callable<Integer> {
        @CommandLine.Mixin StackCommand.ConfigMixin config;
        @Parameters(paramLabel = "NAME", description = "The account, e.g. alice: what her acknowledgements record.")
        String name;

        @Override
        public Integer call() throws Exception {
            WatcherConfig c = config.options.load();
            Path file = Provisioning.addOperator(Stack.of(c), c, name);
            PrintWriter out = config.out();
            out.println("operator " + name + ": connect with --config " + file);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The operator accounts of the stack folder.")
    static final class Listing implements Callable<Integer> {
        @CommandLine.Mixin StackCommand.ConfigMixin config;

        @Override
        public Integer call() {
            Stack stack = Stack.of(config.options.load());
            if (!stack.settings().secure()) {
                throw new StackException("a plaintext stack has no operator accounts (stack up --secure)");
            }
            StackSecrets.of(stack.settings()).operators().forEach(config.out()::println);
            return 0;
        }
    }
}
