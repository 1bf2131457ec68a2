package io.safetywatcher.common.risk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.safetywatcher.common.codec.Json;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A learned crowd-risk scorer in a form the stream evaluates without Spark: a forest of binary
 * trees over {@link RiskFeatures#vector()}, each leaf holding class probabilities; the forest
 * averages its trees' leaves and predicts the likeliest {@link RiskClass}. The analytics job
 * exports its MLlib random forest to this (continuous splits: {@code x[feature] <= threshold}
 * goes left), the alert job loads it from {@code forest.json}.
 *
 * @param version  the model's version, carried on the alerts it scores
 * @param features the feature names it was trained on, in vector order
 */
public record RiskForest(int version, List<String> features, List<Tree> trees) implements Serializable {
    public static final String FILE = "forest.json";

    public RiskForest {
        Objects.requireNonNull(features, "features");
        features = List.copyOf(features);
        trees = List.copyOf(trees);
        if (trees.isEmpty()) {
            throw new IllegalArgumentException("a forest needs at least one tree");
        }
        for (Tree t : trees) {
            t.check(features.size());
        }
    }

    /** The class probabilities (indexed by {@link RiskClass#ordinal()}), the mean of the trees'. */
    public double[] probabilities(RiskFeatures f) {
        double[] x = f.vector();
        double[] sum = new double[RiskClass.values().length];
        for (Tree t : trees) {
            double[] p = t.leaf(x);
            for (int c = 0; c < sum.length; c++) {
                sum[c] += p[c];
            }
        }
        for (int c = 0; c < sum.length; c++) {
            sum[c] /= trees.size();
        }
        return sum;
    }

    /** The likeliest class; a tie goes to the lower class. */
    public RiskClass predict(RiskFeatures f) {
        return likeliest(probabilities(f));
    }

    /** The likeliest class of these {@link #probabilities}; a tie goes to the lower class. */
    public static RiskClass likeliest(double[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return RiskClass.ofIndex(best);
    }

    /**
     * One tree as parallel arrays: node i splits on {@code feature[i]} at {@code threshold[i]}
     * into {@code left[i]} / {@code right[i]}, or is a leaf ({@code feature[i] == -1}) with class
     * probabilities {@code leaf[i]}. Node 0 is the root.
     */
    public record Tree(int[] feature, double[] threshold, int[] left, int[] right, double[][] leaf) implements Serializable {
        double[] leaf(double[] x) {
            int i = 0;
            while (feature[i] >= 0) {
                i = x[feature[i]] <= threshold[i] ? left[i] : right[i];
            }
            return leaf[i];
        }

        /** Refuses a tree that could loop, point outside itself or read a feature the model lacks. */
        void check(int featureCount) {
            int n = feature.length;
            if (n == 0 || threshold.length != n || left.length != n || right.length != n || leaf.length != n) {
                throw new IllegalArgumentException("a tree's arrays must be non-empty and of one length");
            }
            for (int i = 0; i < n; i++) {
                if (feature[i] >= 0) {
                    if (feature[i] >= featureCount) {
                        throw new IllegalArgumentException("node " + i + " splits on feature " + feature[i] + " of " + featureCount);
                    }
                    // Children come after their parent (the export walks the tree depth first), so no cycle is possible.
                    if (left[i] <= i || right[i] <= i || left[i] >= n || right[i] >= n) {
                        throw new IllegalArgumentException("node " + i + " has children outside the tree or before it");
                    }
                } else if (leaf[i] == null || leaf[i].length != RiskClass.values().length) {
                    throw new IllegalArgumentException("leaf " + i + " must hold " + RiskClass.values().length + " class probabilities");
                }
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Tree t && Arrays.equals(feature, t.feature) && Arrays.equals(threshold, t.threshold)
                    && Arrays.equals(left, t.left) && Arrays.equals(right, t.right) && Arrays.deepEquals(leaf, t.leaf);
        }

        @Override
        public int hashCode() { return Arrays.hashCode(feature) * 31 + Arrays.hashCode(threshold); }
    }

    /** Builds a tree node by node, depth first: add the parent, then its left subtree, then its right. */
    public static final class TreeBuilder {
        private final List<Integer> feature = new ArrayList<>();
        private final List<Double> threshold = new ArrayList<>();
        private final List<Integer> left = new ArrayList<>();
        private final List<Integer> right = new ArrayList<>();
        private final List<double[]> leaf = new ArrayList<>();

        /** Adds a split node; returns its index (set its children with {@link #children}). */
        public int split(int featureIndex, double at) {
            feature.add(featureIndex);
            threshold.add(at);
            left.add(-1);
            right.add(-1);
            leaf.add(null);
            return feature.size() - 1;
        }

        public int leaf(double[] probabilities) {
            feature.add(-1);
            threshold.add(0.0);
            left.add(-1);
            right.add(-1);
            leaf.add(probabilities.clone());
            return feature.size() - 1;
        }

        public void children(int node, int l, int r) {
            left.set(node, l);
            right.set(node, r);
        }

        public Tree build() {
            return new Tree(feature.stream().mapToInt(Integer::intValue).toArray(), threshold.stream().mapToDouble(Double::doubleValue).toArray(),
                    left.stream().mapToInt(Integer::intValue).toArray(), right.stream().mapToInt(Integer::intValue).toArray(),
                    leaf.toArray(double[][]::new));
        }
    }

    public void write(Path file) throws IOException {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("version", version);
        ArrayNode names = root.putArray("features");
        features.forEach(names::add);
        ArrayNode classes = root.putArray("classes");
        Arrays.stream(RiskClass.values()).forEach(c -> classes.add(c.id()));
        ArrayNode ts = root.putArray("trees");
        for (Tree t : trees) {
            ObjectNode o = ts.addObject();
            ArrayNode f = o.putArray("feature");
            ArrayNode th = o.putArray("threshold");
            ArrayNode l = o.putArray("left");
            ArrayNode r = o.putArray("right");
            ArrayNode lf = o.putArray("leaf");
            for (int i = 0; i < t.feature().length; i++) {
                f.add(t.feature()[i]);
                th.add(t.threshold()[i]);
                l.add(t.left()[i]);
                r.add(t.right()[i]);
                if (t.leaf()[i] == null) {
                    lf.addNull();
                } else {
                    ArrayNode p = lf.addArray();
                    Arrays.stream(t.leaf()[i]).forEach(p::add);
                }
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Json.MAPPER.writeValue(tmp.toFile(), root);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads a forest, refusing one trained on other features or other classes than this release's. */
    public static RiskForest read(Path file) throws IOException {
        JsonNode root = Json.MAPPER.readTree(file.toFile());
        List<String> names = new ArrayList<>();
        root.path("features").forEach(n -> names.add(n.asText()));
        if (!names.equals(RiskFeatures.NAMES)) {
            throw new IOException(file + " was trained on the features " + names + "; this release scores " + RiskFeatures.NAMES);
        }
        List<String> classes = new ArrayList<>();
        root.path("classes").forEach(n -> classes.add(n.asText()));
        List<String> ours = Arrays.stream(RiskClass.values()).map(RiskClass::id).toList();
        if (!classes.equals(ours)) {
            throw new IOException(file + " predicts the classes " + classes + "; this release expects " + ours);
        }
        List<Tree> trees = new ArrayList<>();
        for (JsonNode t : root.path("trees")) {
            int n = t.path("feature").size();
            int[] f = new int[n];
            double[] th = new double[n];
            int[] l = new int[n];
            int[] r = new int[n];
            double[][] lf = new double[n][];
            for (int i = 0; i < n; i++) {
                f[i] = t.path("feature").get(i).asInt();
                th[i] = t.path("threshold").path(i).asDouble();
                l[i] = t.path("left").path(i).asInt();
                r[i] = t.path("right").path(i).asInt();
                JsonNode p = t.path("leaf").path(i);
                if (p.isArray()) {
                    lf[i] = new double[p.size()];
                    for (int c = 0; c < p.size(); c++) {
                        lf[i][c] = p.get(c).asDouble();
                    }
                }
            }
            trees.add(new Tree(f, th, l, r, lf));
        }
        try {
            return new RiskForest(root.path("version").asInt(), names, trees);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not a valid forest: " + e.getMessage(), e);
        }
    }
}
