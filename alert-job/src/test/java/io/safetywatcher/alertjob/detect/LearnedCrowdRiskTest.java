package io.safetywatcher.alertjob.detect;

import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.alertjob.rules.Zone;
import io.safetywatcher.alertjob.rules.ZoneFacts;
import io.safetywatcher.common.event.Severity;
import io.safetywatcher.common.risk.RiskFeatures;
import io.safetywatcher.common.risk.RiskForest;
import io.safetywatcher.alertjob.lifecycle.ZoneWatch;
import io.safetywatcher.alertjob.lifecycle.ZoneWatchState;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.SensorType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.safetywatcher.alertjob.Fixtures.at;
import static io.safetywatcher.alertjob.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;

/** crowd_risk.model: learned — the forest grades the same features the rule score would, and the rule stands in while there is none. */
public class LearnedCrowdRiskTest {
    private static final RuleSet LEARNED = RuleSet.parse("rules: {crowd_risk: {model: learned}}", "learned.yaml");

    /** HIGH above 3 p/m², NONE below: unlike the rules, importance does not matter to it. */
    public static RiskForest densityOnly(int version) {
        RiskForest.TreeBuilder b = new RiskForest.TreeBuilder();
        int root = b.split(RiskFeatures.NAMES.indexOf("density"), 3.0);
        int calm = b.leaf(new double[] {0.9, 0.1, 0, 0});
        int crowded = b.leaf(new double[] {0, 0, 0.2, 0.8});
        b.children(root, calm, crowded);
        return new RiskForest(version, RiskFeatures.NAMES, List.of(b.build()));
    }

    private static Zone zone(RuleSet rules, int importance) {
        return rules.zone(new ZoneFacts("z1", "square", null, null, importance));
    }

    private static DensityEstimate estimate(double seconds, double density, double slope) {
        return new DensityEstimate("z1", "dn-1", at(seconds), density, slope, "reading:dn-1");
    }

    @Test
    void theLearnedModelGradesAndSaysWhichVersionDid() {
        CrowdRiskDetector d = new CrowdRiskDetector(LEARNED, RiskModel.of(densityOnly(3)));
        Condition c = d.detect(estimate(0, 3.5, 0), zone(LEARNED, 1), new CrowdRiskState());
        assertThat(c.active()).isTrue();
        assertThat(c.severity()).isEqualTo(Severity.HIGH);
        assertThat(c.score()).isEqualTo(0.8);
        assertThat(c.model()).isEqualTo(3);
        assertThat(c.summary()).isEqualTo("crowd risk high in z1: learned model v3, p 0.80 (density 3.5 p/m², growth 0.0 p/m² per minute, "
                + "noise 0.00, importance 1)");
        // The same moment by the rules: 0.5 x 3.5/5.5 = 0.32, below low.
        assertThat(new CrowdRiskDetector(RuleSet.defaults(), RiskModel.of(densityOnly(3)))
                .detect(estimate(0, 3.5, 0), zone(LEARNED, 1), new CrowdRiskState()).active()).isFalse();
    }

    @Test
    void aModelSayingNoneClearsWhatTheRulesWouldRaise() {
        CrowdRiskDetector d = new CrowdRiskDetector(LEARNED, RiskModel.of(densityOnly(1)));
        // Importance 5 and fast growth: the rules say 0.5 x 2.5/5.5 + 0.2 + 0.2 = 0.63, medium.
        assertThat(d.detect(estimate(0, 2.5, 2), zone(LEARNED, 5), new CrowdRiskState()).active()).isFalse();
    }

    @Test
    void withoutAModelTheRuleScoreStandsIn() {
        CrowdRiskDetector d = new CrowdRiskDetector(LEARNED, RiskModel.NONE);
        Condition c = d.detect(estimate(0, 6.0, 1.5), zone(LEARNED, 5), new CrowdRiskState());
        assertThat(c.severity()).isEqualTo(Severity.HIGH);
        assertThat(c.model()).isZero();
        assertThat(c.summary()).startsWith("crowd risk high in z1: score 0.90");
    }

    @Test
    void belowTheMinimumDensityNeitherScorerIsAsked() {
        RiskModel asked = () -> {
            throw new AssertionError("the model was asked below min_density");
        };
        assertThat(new CrowdRiskDetector(LEARNED, asked).detect(estimate(0, 1.9, 3), zone(LEARNED, 5), new CrowdRiskState()).active())
                .isFalse();
    }

    @Test
    void theFeaturesAreTheZonesPictureInItsOwnTime() {
        RuleSet rules = RuleSet.defaults();
        Zone berlin = rules.zone(new ZoneFacts("z1", "square", null, "Europe/Berlin", 4));
        CrowdRiskDetector d = new CrowdRiskDetector(rules);
        CrowdRiskState s = new CrowdRiskState();
        d.hearNoise(at(0), 0.7, s);
        d.features(new DensityEstimate("z1", "cam-1", at(1), 5.0, 0.2, "frame:cam-1"), berlin, 800, s);
        RiskFeatures f = d.features(new DensityEstimate("z1", "dn-1", at(2), 2.0, 0.9, "reading:dn-1"), berlin, 800, s);
        // Fixtures.at(0) is 2024-05-14T12:00Z, a Tuesday: 14:00 in Berlin (summer time).
        assertThat(f).isEqualTo(new RiskFeatures(5.0, 0.9, 0.7, 4, 800, 14, 2));
    }

    @Test
    void theAlertCarriesTheModelVersionAsItCarriesTheRulesVersion() {
        ZoneWatch watch = new ZoneWatch(LEARNED, Map.of("z1", new ZoneFacts("z1", "square", null, null, 1)), RiskModel.of(densityOnly(4)));
        ZoneWatchState state = new ZoneWatchState();
        List<ZoneReading> dense = new ArrayList<>();
        for (int s = 0; s <= 60; s += 5) {
            dense.add(reading("z1", "dn-1", SensorType.CROWD_DENSITY, s, 4.0));
        }
        List<Alert> risk = watch.process(state, dense, List.of(), null).alerts().stream()
                .filter(a -> a.type() == AlertType.CROWD_RISK).toList();
        assertThat(risk).isNotEmpty().allSatisfy(a -> {
            assertThat(a.model()).isEqualTo("crowd-risk-v4");
            assertThat(a.ruleVersion()).isEqualTo(LEARNED.version());
        });
        // The rules' own alerts say no model graded them.
        ZoneWatch byRules = new ZoneWatch(RuleSet.defaults(), Map.of("z1", new ZoneFacts("z1", "square", null, null, 5)));
        List<ZoneReading> crush = new ArrayList<>();
        for (int s = 0; s <= 60; s += 5) {
            crush.add(reading("z1", "dn-1", SensorType.CROWD_DENSITY, s, 6.0));
        }
        assertThat(byRules.process(new ZoneWatchState(), crush, List.of(), null).alerts().stream()
                .filter(a -> a.type() == AlertType.CROWD_RISK)).isNotEmpty().allSatisfy(a -> assertThat(a.model()).isNull());
    }
}
