package io.safetywatcher.alertjob.risk;

import io.safetywatcher.alertjob.detect.LearnedCrowdRiskTest;
import io.safetywatcher.common.risk.RiskForest;
import io.safetywatcher.common.risk.RiskModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RiskModelFolderTest {
    @Test
    void aNewerVersionIsTakenUpAndOneThatCannotBeReadIsSkipped(@TempDir Path dir) throws IOException {
        RiskModels models = new RiskModels(dir);
        RiskModelFolder folder = new RiskModelFolder(dir, Duration.ZERO);
        assertThat(folder.current()).isEmpty();
        assertThat(folder.describe()).contains("no learned crowd-risk model in").contains("the rule score grades");

        LearnedCrowdRiskTest.densityOnly(1).write(models.version(1).resolve(RiskForest.FILE));
        assertThat(folder.current()).hasValueSatisfying(f -> assertThat(f.version()).isEqualTo(1));

        LearnedCrowdRiskTest.densityOnly(2).write(models.version(2).resolve(RiskForest.FILE));
        assertThat(folder.current()).hasValueSatisfying(f -> assertThat(f.version()).isEqualTo(2));

        Files.createDirectories(models.version(3));
        Files.writeString(models.version(3).resolve(RiskForest.FILE), "{\"features\": [\"density\"]}");
        assertThat(folder.current()).hasValueSatisfying(f -> assertThat(f.version()).isEqualTo(2));
        assertThat(folder.describe()).startsWith("learned crowd-risk model v2 (1 trees)");
    }

    @Test
    void betweenChecksTheFolderIsNotListedAgain(@TempDir Path dir) throws IOException {
        RiskModels models = new RiskModels(dir);
        LearnedCrowdRiskTest.densityOnly(1).write(models.version(1).resolve(RiskForest.FILE));
        RiskModelFolder folder = new RiskModelFolder(dir, Duration.ofHours(1));
        assertThat(folder.current()).hasValueSatisfying(f -> assertThat(f.version()).isEqualTo(1));
        LearnedCrowdRiskTest.densityOnly(2).write(models.version(2).resolve(RiskForest.FILE));
        assertThat(folder.current()).hasValueSatisfying(f -> assertThat(f.version()).isEqualTo(1));
    }
}
