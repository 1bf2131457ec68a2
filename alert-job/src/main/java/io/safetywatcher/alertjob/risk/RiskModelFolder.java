package io.safetywatcher.alertjob.risk;

import io.safetywatcher.alertjob.detect.RiskModel;
import io.safetywatcher.common.risk.RiskForest;
import io.safetywatcher.common.risk.RiskModels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The learned crowd-risk model from {@code models.dir}: the newest version, looked for again
 * at most once per {@link #RECHECK}, so a model trained while the job runs is taken up within
 * a minute and no restart is needed. Loaded once per JVM (executors share it): only the folder
 * name travels with the job. A version that cannot be read is logged and skipped, and the one
 * in use stays.
 */
public final class RiskModelFolder implements RiskModel {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger("io.safetywatcher.alertjob");
    static final Duration RECHECK = Duration.ofMinutes(1);
    private static final ConcurrentMap<Path, Loaded> LOADED = new ConcurrentHashMap<>();

    private final String dir;
    private final long recheckNanos;

    public RiskModelFolder(Path dir) {
        this(dir, RECHECK);
    }

    RiskModelFolder(Path dir, Duration recheck) {
        this.dir = dir.toAbsolutePath().toString();
        this.recheckNanos = recheck.toNanos();
    }

    private record Loaded(Optional<RiskForest> forest, int badVersion, long checkedAtNanos) {}

    @Override
    public Optional<RiskForest> current() {
        Path d = Path.of(dir);
        long now = System.nanoTime();
        Loaded l = LOADED.get(d);
        if (l != null && now - l.checkedAtNanos() < recheckNanos) {
            return l.forest();
        }
        return LOADED.compute(d, (k, old) -> old != null && now - old.checkedAtNanos() < recheckNanos ? old : look(k, old, now)).forest();
    }

    /** What the alert job says at start about the model it would grade with. */
    public String describe() {
        Optional<RiskForest> f = current();
        return f.map(x -> "learned crowd-risk model v" + x.version() + " (" + x.trees().size() + " trees) from " + dir)
                .orElse("no learned crowd-risk model in " + dir + " yet: the rule score grades until `./watcher analytics train-risk` saves one");
    }

    private static Loaded look(Path dir, Loaded old, long now) {
        Optional<RiskForest> current = old == null ? Optional.empty() : old.forest();
        int bad = old == null ? 0 : old.badVersion();
        RiskModels models = new RiskModels(dir);
        try {
            OptionalInt latest = models.latest();
            if (latest.isPresent() && latest.getAsInt() != bad
                    && (current.isEmpty() || current.get().version() != latest.getAsInt())) {
                try {
                    RiskForest f = models.read(latest.getAsInt());
                    LOG.info("crowd risk: grading with the learned model v{} from {}", f.version(), dir);
                    return new Loaded(Optional.of(f), 0, now);
                } catch (IOException | RuntimeException e) {
                    LOG.error("crowd risk: cannot read model v{} in {}: {}; {}", latest.getAsInt(), dir, e.getMessage(),
                            current.map(c -> "keeping v" + c.version()).orElse("the rule score grades"));
                    bad = latest.getAsInt();
                }
            }
        } catch (IOException e) {
            LOG.warn("crowd risk: cannot list {}: {}", dir, e.getMessage());
        }
        return new Loaded(current, bad, now);
    }
}
