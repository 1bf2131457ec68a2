package io.safetywatcher.cli.command;

import io.safetywatcher.cli.Inputs;
import io.safetywatcher.cli.output.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code readings SENSOR}: a sensor's stored readings. */
@Command(name = "readings", mixinStandardHelpOptions = true, description = "A sensor's readings, newest first.")
public final class ReadingsCommand extends OperatorCommand {
    @Parameters(paramLabel = "SENSOR", description = "The sensor's id (see: devices --kind sensor).")
    String sensor;

    @Mixin
    PeriodOptions period;

    @Override
    public Integer call() {
        period.check(now());
        Inputs.requireDevice(registry(), "sensor", sensor);
        Table t = new Table("readings", "ts", "seq", "sensor_type", "value", "unit", "zone");
        raw().readings(sensor, period.from, period.to, period.limit, OperatorCommand::cancelled)
                .forEach(r -> t.add(r.ts(), r.seq(), r.sensorType(), r.value(), r.unit(), r.zone()));
        print(t);
        return 0;
    }
}
