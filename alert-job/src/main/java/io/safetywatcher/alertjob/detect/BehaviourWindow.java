package io.safetywatcher.alertjob.detect;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * One camera's behaviour labels over the sliding window, per label as a monotonic queue of
 * (epoch ms, confidence): the head is always the window's highest confidence, and a label
 * reported at 10 Hz still keeps only the few entries that can ever become the maximum.
 */
public final class BehaviourWindow implements Serializable {
    private static final long serialVersionUID = 1L;

    final Map<String, ArrayDeque<double[]>> labels = new HashMap<>();
    long newestMillis = Long.MIN_VALUE;

    public boolean isEmpty() { return labels.isEmpty(); }
}
