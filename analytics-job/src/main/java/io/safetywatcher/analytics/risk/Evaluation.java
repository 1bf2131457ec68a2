package io.safetywatcher.analytics.risk;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.safetywatcher.common.codec.Json;
import io.safetywatcher.common.risk.RiskClass;
import io.safetywatcher.common.risk.RiskFeatures;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A trained model's figures on the held-out days, beside the rule score's on the same
 * zone-minutes: what {@code evaluation.json} holds and the summary prints.
 *
 * @param trainRows   training rows per class
 * @param heldRows    held-out rows per class
 * @param importances the forest's feature importances, in {@link RiskFeatures#NAMES} order
 * @param agreement   held-out rows where the exported forest predicts what MLlib predicts (all of them, or the export is wrong)
 * @param parameters  how the forest was trained (trees, depth, seed, class weights)
 */
public record Evaluation(int version, Instant trainedAt, HoldOut split, Map<RiskClass, Long> trainRows, Map<RiskClass, Long> heldRows,
                         Scores learned, Scores rule, double[] importances, long agreement, Map<String, Object> parameters,
                         List<String> truthFiles, int crowdIncidents, int verdicts) {
    public static final String FILE = "evaluation.json";

    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("version", version);
        o.put("trained_at", trainedAt.toString());
        o.put("train_from", split.train().get(0).toString());
        o.put("train_to", split.train().get(split.train().size() - 1).toString());
        o.put("held_out_from", split.held().get(0).toString());
        o.put("held_out_to", split.held().get(split.held().size() - 1).toString());
        o.set("train_rows", counts(trainRows));
        o.set("held_out_rows", counts(heldRows));
        ObjectNode scorers = o.putObject("scorers");
        scorers.set("learned", learned.toJson());
        scorers.set("rule", rule.toJson());
        ObjectNode imp = o.putObject("feature_importances");
        for (int i = 0; i < RiskFeatures.NAMES.size(); i++) {
            imp.put(RiskFeatures.NAMES.get(i), importances[i]);
        }
        o.put("mllib_agreement", agreement);
        ObjectNode p = o.putObject("parameters");
        parameters.forEach((k, v) -> p.set(k, Json.MAPPER.valueToTree(v)));
        ObjectNode labels = o.putObject("labels");
        ArrayNode files = labels.putArray("truth_files");
        truthFiles.forEach(files::add);
        labels.put("crowd_incidents", crowdIncidents);
        labels.put("operator_verdicts", verdicts);
        return o;
    }

    private static ObjectNode counts(Map<RiskClass, Long> n) {
        ObjectNode o = Json.object();
        long total = 0;
        for (RiskClass c : RiskClass.values()) {
            long x = n.getOrDefault(c, 0L);
            o.put(c.id(), x);
            total += x;
        }
        o.put("total", total);
        return o;
    }

    private static String counted(Map<RiskClass, Long> n) {
        List<String> parts = new ArrayList<>();
        long total = 0;
        for (RiskClass c : RiskClass.values()) {
            long x = n.getOrDefault(c, 0L);
            parts.add(c.id() + " " + x);
            total += x;
        }
        return total + " (" + String.join(", ", parts) + ")";
    }

    /** The readable summary. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add("trained on " + split.train().get(0) + ".." + split.train().get(split.train().size() - 1) + ": " + counted(trainRows) + " zone-minutes");
        out.add("held out " + split.held().get(0) + ".." + split.held().get(split.held().size() - 1) + ": " + counted(heldRows) + " zone-minutes");
        out.add(String.format(Locale.ROOT, "macro-F1 on the held-out days: learned %.3f, rule %.3f", learned.macroF1(), rule.macroF1()));
        out.add("learned forest:");
        out.addAll(learned.lines());
        out.add("rule score:");
        out.addAll(rule.lines());
        StringBuilder imp = new StringBuilder("feature importances:");
        for (int i = 0; i < RiskFeatures.NAMES.size(); i++) {
            imp.append(String.format(Locale.ROOT, " %s %.3f", RiskFeatures.NAMES.get(i), importances[i]));
        }
        out.add(imp.toString());
        return out;
    }

    /** The report's page (risk-model.md). */
    public String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("# Crowd-risk model v").append(version).append("\n\n");
        b.append("Trained ").append(trainedAt).append(" on ").append(split.train().get(0)).append("..")
                .append(split.train().get(split.train().size() - 1)).append(", judged on the held-out ")
                .append(split.held().get(0)).append("..").append(split.held().get(split.held().size() - 1)).append(".\n\n");
        head(b, "| rows | ", 1, " | ");
        row(b, "train", trainRows);
        row(b, "held out", heldRows);
        head(b, "\n| scorer | macro-F1 | ", 2, " P / R / F1 | ");
        scorer(b, "learned forest", learned);
        scorer(b, "rule score", rule);
        b.append("\nConfusion matrices (rows: label, columns: predicted, ");
        for (RiskClass c : RiskClass.values()) {
            b.append(c.id()).append(c == RiskClass.HIGH ? ")" : ", ");
        }
        b.append(":\n\n```\nlearned forest\n");
        learned.lines().stream().skip(6).forEach(l -> b.append(l).append('\n'));
        b.append("rule score\n");
        rule.lines().stream().skip(6).forEach(l -> b.append(l).append('\n'));
        b.append("```\n\nFeature importances: ");
        List<String> imp = new ArrayList<>();
        for (int i = 0; i < RiskFeatures.NAMES.size(); i++) {
            imp.add(String.format(Locale.ROOT, "%s %.3f", RiskFeatures.NAMES.get(i), importances[i]));
        }
        b.append(String.join(", ", imp)).append(".\n");
        return b.toString();
    }

    /** A table's first line, a column per class, and its rule. */
    private static void head(StringBuilder b, String lead, int leadColumns, String perClass) {
        b.append(lead);
        for (RiskClass c : RiskClass.values()) {
            b.append(c.id()).append(perClass);
        }
        b.append("\n|").append("---|".repeat(leadColumns + RiskClass.values().length)).append('\n');
    }

    private static void row(StringBuilder b, String name, Map<RiskClass, Long> n) {
        b.append("| ").append(name).append(" | ");
        for (RiskClass c : RiskClass.values()) {
            b.append(n.getOrDefault(c, 0L)).append(" | ");
        }
        b.append('\n');
    }

    private static void scorer(StringBuilder b, String name, Scores s) {
        b.append(String.format(Locale.ROOT, "| %s | %.3f | ", name, s.macroF1()));
        for (Scores.ClassScore c : s.perClass()) {
            b.append(String.format(Locale.ROOT, "%.2f / %.2f / %.2f (%d) | ", c.precision(), c.recall(), c.f1(), c.support()));
        }
        b.append('\n');
    }
}
