package io.safetywatcher.common.risk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RiskForestTest {
    static final int DENSITY = RiskFeatures.NAMES.indexOf("density");
    static final int GROWTH = RiskFeatures.NAMES.indexOf("growth");

    /** density <= 3 → NONE; else growth <= 1 → MEDIUM, else HIGH. */
    static RiskForest.Tree densityThenGrowth() {
        RiskForest.TreeBuilder b = new RiskForest.TreeBuilder();
        int root = b.split(DENSITY, 3.0);
        int calm = b.leaf(new double[] {1, 0, 0, 0});
        int crowded = b.split(GROWTH, 1.0);
        int steady = b.leaf(new double[] {0, 0.2, 0.8, 0});
        int growing = b.leaf(new double[] {0, 0, 0.3, 0.7});
        b.children(crowded, steady, growing);
        b.children(root, calm, crowded);
        return b.build();
    }

    static RiskFeatures features(double density, double growth) {
        return new RiskFeatures(density, growth, 0, 3, 1000, 18, 6);
    }

    @Test
    void aTreeSplitsLeftAtOrBelowItsThreshold() {
        RiskForest f = new RiskForest(1, RiskFeatures.NAMES, List.of(densityThenGrowth()));
        assertThat(f.predict(features(3.0, 5))).isEqualTo(RiskClass.NONE);
        assertThat(f.predict(features(3.1, 1.0))).isEqualTo(RiskClass.MEDIUM);
        assertThat(f.predict(features(3.1, 1.1))).isEqualTo(RiskClass.HIGH);
    }

    @Test
    void theForestAveragesItsTrees() {
        RiskForest.TreeBuilder b = new RiskForest.TreeBuilder();
        b.leaf(new double[] {0, 0, 1, 0}); // a stump: always MEDIUM
        RiskForest f = new RiskForest(2, RiskFeatures.NAMES, List.of(densityThenGrowth(), b.build()));
        // Growing crowd: (0,0,0.3,0.7) and (0,0,1,0) average to (0,0,0.65,0.35).
        double[] p = f.probabilities(features(4, 2));
        assertThat(p[RiskClass.MEDIUM.ordinal()]).isCloseTo(0.65, within(1e-12));
        assertThat(p[RiskClass.HIGH.ordinal()]).isCloseTo(0.35, within(1e-12));
        assertThat(f.predict(features(4, 2))).isEqualTo(RiskClass.MEDIUM);
    }

    @Test
    void writtenAndReadBackItIsTheSameForest(@TempDir Path dir) throws IOException {
        RiskForest f = new RiskForest(7, RiskFeatures.NAMES, List.of(densityThenGrowth()));
        Path file = dir.resolve("v7").resolve(RiskForest.FILE);
        f.write(file);
        assertThat(RiskForest.read(file)).isEqualTo(f);
    }

    @Test
    void aForestOfOtherFeaturesIsRefusedWithWhatDiffers(@TempDir Path dir) throws IOException {
        Path file = dir.resolve(RiskForest.FILE);
        new RiskForest(1, RiskFeatures.NAMES, List.of(densityThenGrowth())).write(file);
        Files.writeString(file, Files.readString(file).replace("\"day_of_week\"", "\"weekday\""));
        assertThatThrownBy(() -> RiskForest.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("was trained on the features").hasMessageContaining("weekday");
    }

    @Test
    void aTreeThatCouldLoopOrReadPastTheFeaturesIsRefused() {
        RiskForest.Tree loop = new RiskForest.Tree(new int[] {0, -1}, new double[] {1, 0}, new int[] {0, -1}, new int[] {1, -1},
                new double[][] {null, {1, 0, 0, 0}});
        assertThatThrownBy(() -> new RiskForest(1, RiskFeatures.NAMES, List.of(loop))).hasMessageContaining("children");
        RiskForest.Tree far = new RiskForest.Tree(new int[] {99, -1, -1}, new double[] {1, 0, 0}, new int[] {1, -1, -1},
                new int[] {2, -1, -1}, new double[][] {null, {1, 0, 0, 0}, {1, 0, 0, 0}});
        assertThatThrownBy(() -> new RiskForest(1, RiskFeatures.NAMES, List.of(far))).hasMessageContaining("feature 99");
    }

    @Test
    void theNewestCompleteVersionIsCurrentAndANewOneTakesTheNextNumber(@TempDir Path dir) throws IOException {
        RiskModels models = new RiskModels(dir.resolve("crowd-risk"));
        assertThat(models.latest()).isEmpty();
        assertThat(models.next()).isEqualTo(1);
        new RiskForest(1, RiskFeatures.NAMES, List.of(densityThenGrowth())).write(models.version(1).resolve(RiskForest.FILE));
        Files.createDirectories(models.staging(2)); // a training run still writing
        assertThat(models.latest()).hasValue(1);
        assertThat(models.next()).isEqualTo(3);
        assertThat(models.read(1).version()).isEqualTo(1);
    }
}
