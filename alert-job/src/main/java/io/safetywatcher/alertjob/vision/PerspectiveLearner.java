package io.safetywatcher.alertjob.vision;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Learns a camera's perspective from the people it sees walking alone, so its counts need no
 * surveyed mounting. Each frame's foreground regions are followed from frame to frame on their
 * own (not through the {@link Tracker}, whose person counts rest on the very geometry being
 * learnt); a region that is a lone upright figure (clear of the image edges and of other
 * regions, taller than wide) and has walked at least half its height since it was first seen
 * gives a sample of (foot row, box height, area). A line of height against foot row is fitted
 * by least median of squares over pairs of samples (robust to the groups, half-hidden people and
 * shadows among the samples), refined by least squares on its inliers, and a lone person's share
 * of their box is the inliers' median. Deterministic: the same frames give the same fit. Plain
 * serializable state: it can live wherever the camera's vision state lives.
 */
final class PerspectiveLearner implements Serializable {
    /** Samples kept (the newest): a camera whose view changes learns the change. */
    static final int CAPACITY = 600;
    /** The fit is trusted from this many inlier samples of at least {@link #MIN_PEOPLE} walkers. */
    static final int MIN_SAMPLES = 24;
    static final int MIN_PEOPLE = 3;
    /** ... spanning at least this share of the image's rows (else the slope is a guess). */
    static final double MIN_ROW_SPAN = 0.15;
    static final double MIN_INLIER_SHARE = 0.5;
    /** One walker gives at most this many samples: someone pacing for minutes does not make the fit alone. */
    static final int MAX_PER_WALKER = 20;
    static final int MIN_HEIGHT_PX = 12;
    /** An upright person's box is 1.6-5 times as tall as wide; two side by side are wider. */
    static final double MIN_ASPECT = 1.6;
    static final double MAX_ASPECT = 5;
    static final int REFIT_EVERY = 10;
    static final int TRIALS = 400;

    private final int width;
    private final int height;
    private final float[] row = new float[CAPACITY];
    private final float[] h = new float[CAPACITY];
    private final float[] fill = new float[CAPACITY];
    private int count;
    private int next;
    private int sinceFit;
    private int people;
    private int nextWalker = 1;
    private List<Walker> walkers = new ArrayList<>();
    private Calibration current = Calibration.none(0, 0);

    /** A region followed from frame to frame. */
    private record Walker(int id, double x0, double y0, double x, double foot, int h, int frames, int samples) implements Serializable {}

    PerspectiveLearner(int width, int height) {
        this.width = width;
        this.height = height;
    }

    Calibration current() { return current; }

    /** Takes one frame's foreground regions (boxes with their pixel counts); true if the calibration changed. */
    boolean observe(List<Box> boxes, int[] areas) {
        List<Walker> now = new ArrayList<>();
        for (int i = 0; i < boxes.size(); i++) {
            Box b = boxes.get(i);
            if (!loneUpright(b, boxes, i)) {
                continue;
            }
            Walker before = follow(b);
            Walker w = before == null ? new Walker(nextWalker++, b.centreX(), b.footRow(), b.centreX(), b.footRow(), b.h(), 1, 0)
                    : new Walker(before.id, before.x0, before.y0, b.centreX(), b.footRow(), b.h(), before.frames + 1, before.samples);
            boolean walked = Math.hypot(w.x - w.x0, w.foot - w.y0) >= 0.5 * b.h();
            if (w.frames >= 3 && walked && w.samples < MAX_PER_WALKER) {
                if (w.samples == 0) {
                    people++;
                }
                add(b.footRow(), b.h(), (double) areas[i] / ((double) b.h() * b.h()));
                w = new Walker(w.id, w.x0, w.y0, w.x, w.foot, w.h, w.frames, w.samples + 1);
            }
            now.add(w);
        }
        walkers = now;
        if (sinceFit >= REFIT_EVERY && count >= MIN_SAMPLES && people >= MIN_PEOPLE) {
            sinceFit = 0;
            Calibration fitted = fit();
            boolean changed = fitted.calibrated() != current.calibrated();
            current = fitted;
            return changed || fitted.calibrated();
        }
        return false;
    }

    private boolean loneUpright(Box b, List<Box> all, int self) {
        if (b.h() < MIN_HEIGHT_PX || b.x() <= 1 || b.y() <= 1 || b.x() + b.w() >= width - 1 || b.footRow() >= height - 1) {
            return false;
        }
        double aspect = (double) b.h() / b.w();
        if (aspect < MIN_ASPECT || aspect > MAX_ASPECT) {
            return false;
        }
        int m = (int) Math.ceil(0.25 * b.h());
        for (int j = 0; j < all.size(); j++) {
            Box o = all.get(j);
            if (j != self && o.x() < b.x() + b.w() + m && o.x() + o.w() > b.x() - m && o.y() < b.footRow() + m && o.footRow() > b.y() - m) {
                return false;
            }
        }
        return true;
    }

    /** The walker last frame that this box continues: near where it was, about as tall. */
    private Walker follow(Box b) {
        Walker best = null;
        double bestD = Double.MAX_VALUE;
        for (Walker w : walkers) {
            double d = Math.hypot(b.centreX() - w.x, b.footRow() - w.foot);
            if (d <= 0.5 * b.h() && Math.abs(b.h() - w.h) <= 0.15 * b.h() && d < bestD) {
                best = w;
                bestD = d;
            }
        }
        if (best != null) {
            walkers.remove(best); // one box per walker
        }
        return best;
    }

    private void add(double footRow, double boxH, double share) {
        row[next] = (float) footRow;
        h[next] = (float) boxH;
        fill[next] = (float) share;
        next = (next + 1) % CAPACITY;
        count = Math.min(CAPACITY, count + 1);
        sinceFit++;
    }

    /** Least median of squares over pairs (relative residuals: a far person's error weighs as a near one's), then least squares on the inliers. */
    Calibration fit() {
        SplittableRandom random = new SplittableRandom(count * 31L + people);
        double bestMed = Double.MAX_VALUE;
        double bestK = 0;
        double bestB = 0;
        double[] res = new double[count];
        for (int t = 0; t < TRIALS; t++) {
            int i = random.nextInt(count);
            int j = random.nextInt(count);
            if (Math.abs(row[i] - row[j]) < 0.05 * height) {
                continue;
            }
            double k = (h[i] - h[j]) / (row[i] - row[j]);
            double b = h[i] - k * row[i];
            if (k <= 0) {
                continue;
            }
            double med = medianResidual(k, b, res, bestMed);
            if (med < bestMed) {
                bestMed = med;
                bestK = k;
                bestB = b;
            }
        }
        if (bestK <= 0) {
            return Calibration.none(count, people);
        }
        double tol = Math.max(0.08, 2.5 * 1.4826 * bestMed);
        // Least squares on the inliers.
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        int n = 0;
        float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
        List<Double> fills = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            double pred = bestK * row[s] + bestB;
            if (pred > 0 && Math.abs(h[s] - pred) / h[s] <= tol) {
                sx += row[s];
                sy += h[s];
                sxx += (double) row[s] * row[s];
                sxy += (double) row[s] * h[s];
                n++;
                lo = Math.min(lo, row[s]);
                hi = Math.max(hi, row[s]);
                fills.add((double) fill[s]);
            }
        }
        double k = bestK;
        double b = bestB;
        double det = n * sxx - sx * sx;
        if (n >= 2 && det > 0) {
            double lk = (n * sxy - sx * sy) / det;
            if (lk > 0) {
                k = lk;
                b = (sy - lk * sx) / n;
            }
        }
        double horizon = -b / k;
        double mount = CameraView.PERSON_HEIGHT_M / k;
        double[] f = fills.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double area = f.length == 0 ? Double.NaN : f[f.length / 2];
        double share = (double) n / count;
        boolean trusted = n >= MIN_SAMPLES && share >= MIN_INLIER_SHARE && hi - lo >= MIN_ROW_SPAN * height
                && horizon < lo && mount > 0.5 && mount < 200 && area > 0.05 && area < 1;
        return new Calibration(trusted, horizon, mount, area, count, people, share);
    }

    /**
     * The median relative residual of the line, or {@link Double#MAX_VALUE} when it cannot be below
     * {@code toBeat} (half the residuals or more are not): most trial lines lose, and a count
     * tells that without ordering anything.
     */
    private double medianResidual(double k, double b, double[] res, double toBeat) {
        int below = 0;
        for (int s = 0; s < count; s++) {
            res[s] = Math.abs(h[s] - (k * row[s] + b)) / h[s];
            if (res[s] < toBeat) {
                below++;
            }
        }
        return below > count / 2 ? select(res, count, count / 2) : Double.MAX_VALUE;
    }

    /** The k-th smallest of the first n values (what sorting them would put at k); reorders them. */
    static double select(double[] a, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            double pivot = a[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = a[i];
                    a[i++] = a[j];
                    a[j--] = t;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }
}
