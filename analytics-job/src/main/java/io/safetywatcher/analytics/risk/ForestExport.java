package io.safetywatcher.analytics.risk;

import io.safetywatcher.common.risk.RiskClass;
import io.safetywatcher.common.risk.RiskFeatures;
import io.safetywatcher.common.risk.RiskForest;
import org.apache.spark.ml.classification.DecisionTreeClassificationModel;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.ml.tree.ContinuousSplit;
import org.apache.spark.ml.tree.InternalNode;
import org.apache.spark.ml.tree.LeafNode;
import org.apache.spark.ml.tree.Node;
import org.apache.spark.ml.tree.Split;

import java.util.ArrayList;
import java.util.List;

/**
 * An MLlib random forest as the {@link RiskForest} the stream evaluates without Spark. Each leaf
 * keeps its class counts normalised to probabilities, as MLlib's own prediction does before it
 * sums the trees' votes, so the exported forest predicts what MLlib predicts (tested).
 */
public final class ForestExport {
    private ForestExport() {}

    public static RiskForest of(RandomForestClassificationModel model, int version) {
        if (model.numFeatures() != RiskFeatures.NAMES.size()) {
            throw new IllegalArgumentException("the model has " + model.numFeatures() + " features, the scorer " + RiskFeatures.NAMES.size());
        }
        for (double w : model.treeWeights()) {
            if (w != 1.0) {
                throw new IllegalArgumentException("a random forest's trees weigh the same; got a weight " + w);
            }
        }
        List<RiskForest.Tree> trees = new ArrayList<>();
        for (DecisionTreeClassificationModel t : model.trees()) {
            RiskForest.TreeBuilder b = new RiskForest.TreeBuilder();
            add(t.rootNode(), b);
            trees.add(b.build());
        }
        return new RiskForest(version, RiskFeatures.NAMES, trees);
    }

    /** Adds a node, then its left subtree, then its right one (parents before children); returns its index. */
    private static int add(Node node, RiskForest.TreeBuilder b) {
        if (node instanceof InternalNode in) {
            Split s = in.split();
            if (!(s instanceof ContinuousSplit c)) {
                throw new IllegalArgumentException("every risk feature is continuous; the model has a " + s.getClass().getSimpleName());
            }
            int i = b.split(c.featureIndex(), c.threshold());
            int l = add(in.leftChild(), b);
            int r = add(in.rightChild(), b);
            b.children(i, l, r);
            return i;
        }
        return b.leaf(probabilities(((LeafNode) node).impurityStats().stats()));
    }

    /** The leaf's class counts as probabilities over every {@link RiskClass} (a model trained on fewer classes pads with 0). */
    static double[] probabilities(double[] counts) {
        double[] p = new double[RiskClass.values().length];
        double total = 0;
        for (double c : counts) {
            total += c;
        }
        if (total != 0) {
            for (int k = 0; k < Math.min(counts.length, p.length); k++) {
                p[k] = counts[k] / total;
            }
        }
        return p;
    }
}
