package io.safetywatcher.cli.command;

import io.safetywatcher.cli.registry.RegistryFile;
import io.safetywatcher.store.registry.Registry;
import io.safetywatcher.store.registry.RegistryPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/** {@code registry apply FILE}: zones and devices from a city file, writing only what changed. */
@Command(name = "registry", mixinStandardHelpOptions = true, description = "The registry of zones and devices, from a file.",
        subcommands = {RegistryCommand.Apply.class})
public final class RegistryCommand {

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = {"Writes the zones and devices of a city file (YAML; docs/cameras.md shows one) to the registry: what is new "
                    + "is added, what differs is changed, column by column, and each is printed; applying the same file again changes "
                    + "nothing. Rows the file does not name stay (devices remove, zones remove take them out).",
                    "A file with a mistake is refused whole, naming its line and field (exit 2)."})
    static final class Apply extends OperatorCommand {
        @Parameters(paramLabel = "FILE", description = "The city file.")
        Path file;

        @Option(names = "--dry-run", description = "Print what would change; write nothing.")
        boolean dryRun;

        @Override
        public Integer call() {
            Registry before = registry();
            RegistryFile.City city = RegistryFile.read(file, z -> before.zone(z).isPresent(), now());
            RegistryPlan plan = RegistryPlan.of(before, city.zones(), city.devices());
            if (!dryRun) {
                plan.apply(connections().registry());
            }
            plan.effective().forEach(c -> out().println(c.describe()));
            long unchanged = plan.changes().size() - plan.effective().size();
            out().println((dryRun ? "would change " : "changed ") + plan.effective().size() + " of " + plan.changes().size()
                    + " zones and devices in " + file + " (" + unchanged + " unchanged)");
            return 0;
        }
    }
}
