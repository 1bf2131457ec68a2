package io.safetywatcher.analytics.risk;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.safetywatcher.common.codec.Json;
import io.safetywatcher.common.risk.RiskClass;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How well one scorer's classes match the labels: a confusion matrix (rows the label, columns
 * the prediction, in {@link RiskClass} order) and, per class, precision, recall and F1 with the
 * class's support (its labelled rows). Macro-F1 averages the F1 of the classes with support: a
 * class absent from the labels has no recall to speak of, and counting it as 0 or 1 would say
 * more about the held-out days than about the scorer. An undefined precision (nothing predicted)
 * counts as 0.
 */
public record Scores(long[][] confusion) {
    private static final int K = RiskClass.values().length;

    /** One class's figures. */
    public record ClassScore(RiskClass c, double precision, double recall, double f1, long support, long predicted) {}

    public static Scores of(List<RiskClass> labels, List<RiskClass> predicted) {
        if (labels.size() != predicted.size()) {
            throw new IllegalArgumentException(labels.size() + " labels but " + predicted.size() + " predictions");
        }
        long[][] m = new long[K][K];
        for (int i = 0; i < labels.size(); i++) {
            m[labels.get(i).ordinal()][predicted.get(i).ordinal()]++;
        }
        return new Scores(m);
    }

    public long rows() {
        long n = 0;
        for (long[] r : confusion) {
            for (long x : r) {
                n += x;
            }
        }
        return n;
    }

    public ClassScore of(RiskClass c) {
        int k = c.ordinal();
        long tp = confusion[k][k];
        long support = 0;
        long predicted = 0;
        for (int j = 0; j < K; j++) {
            support += confusion[k][j];
            predicted += confusion[j][k];
        }
        double precision = predicted == 0 ? 0 : (double) tp / predicted;
        double recall = support == 0 ? 0 : (double) tp / support;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new ClassScore(c, precision, recall, f1, support, predicted);
    }

    public List<ClassScore> perClass() {
        List<ClassScore> out = new ArrayList<>();
        for (RiskClass c : RiskClass.values()) {
            out.add(of(c));
        }
        return out;
    }

    /** The mean F1 over the classes with support; NaN when there are no rows. */
    public double macroF1() {
        return perClass().stream().filter(s -> s.support() > 0).mapToDouble(ClassScore::f1).average().orElse(Double.NaN);
    }

    /** Share of rows predicted as labelled. */
    public double accuracy() {
        long hit = 0;
        for (int k = 0; k < K; k++) {
            hit += confusion[k][k];
        }
        long n = rows();
        return n == 0 ? Double.NaN : (double) hit / n;
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        number(o, "macro_f1", macroF1());
        number(o, "accuracy", accuracy());
        ObjectNode classes = o.putObject("classes");
        for (ClassScore s : perClass()) {
            ObjectNode c = classes.putObject(s.c().id());
            c.put("precision", s.precision());
            c.put("recall", s.recall());
            c.put("f1", s.f1());
            c.put("support", s.support());
            c.put("predicted", s.predicted());
        }
        ArrayNode m = o.putArray("confusion");
        for (long[] row : confusion) {
            ArrayNode r = m.addArray();
            for (long x : row) {
                r.add(x);
            }
        }
        return o;
    }

    /** A figure, null where it is undefined (JSON has no NaN). */
    static void number(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }

    /** A readable table: per class, then the confusion matrix (rows: label, columns: predicted). */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "  %-8s %9s %9s %9s %9s", "class", "precision", "recall", "f1", "support"));
        for (ClassScore s : perClass()) {
            out.add(String.format(Locale.ROOT, "  %-8s %9.3f %9.3f %9.3f %9d", s.c().id(), s.precision(), s.recall(), s.f1(), s.support()));
        }
        out.add(String.format(Locale.ROOT, "  macro-F1 %.3f (classes with support), accuracy %.3f", macroF1(), accuracy()));
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "  %-14s", "label\\predicted"));
        for (RiskClass c : RiskClass.values()) {
            head.append(String.format(Locale.ROOT, " %8s", c.id()));
        }
        out.add(head.toString());
        for (RiskClass c : RiskClass.values()) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-14s", c.id()));
            for (long x : confusion[c.ordinal()]) {
                row.append(String.format(Locale.ROOT, " %8d", x));
            }
            out.add(row.toString());
        }
        return out;
    }

    @Override
    public boolean equals(Object o) { return o instanceof Scores s && java.util.Arrays.deepEquals(confusion, s.confusion); }

    @Override
    public int hashCode() { return java.util.Arrays.deepHashCode(confusion); }

    @Override
    public String toString() { return "Scores" + java.util.Arrays.deepToString(confusion); }
}
