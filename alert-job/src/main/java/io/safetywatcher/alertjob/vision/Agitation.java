package io.safetywatcher.alertjob.vision;

import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;

/**
 * Where in the view people keep moving violently on the spot: the fight signal. The view is
 * cut into cells of about a person's width; a cell is <em>active</em> in a frame when most of
 * its foreground is new since the last frame (a lunge moves a whole body; someone shifting
 * their weight moves only an outline). Each cell keeps a running
 * average of how often it was active. Someone walking through lights a cell for a frame or
 * two, so even a busy concourse keeps its cells low; people lunging at each other light the
 * same cells frame after frame, and those cells climb toward 1. The score is how far the most
 * agitated pair of neighbouring cells (a fight takes room) stands above the usual activity of
 * its row right now (the row is one distance from the camera; in a packed concourse every cell
 * there is often active).
 *
 * <p>A fight takes two: a cell's activity counts only as far as two or more people have been
 * about it lately (in blobs over it or the cells beside it, at the same distance from the
 * camera). One person pacing slowly far from the camera changes most of their few pixels every
 * frame, as lungers do, and scored as a brawl alone. Lately, not in this frame: by night the
 * mask drops one of two lungers now and then.
 *
 * <p>Tracks cannot give this in a crowd: fighters merge with passers-by into shared blobs and
 * their track ids switch, so per-track motion there is as violent with a fight as without.
 *
 * <p>Owns native memory: {@link #close()} it.
 */
final class Agitation implements AutoCloseable {
    /** Analysed at a quarter of the resolution: enough for body-sized motion, and cheap. */
    static final int SCALE = 4;
    /** Cells of this many small pixels a side (32 px at 640x480). */
    static final int CELL = 8;
    // The thresholds (vision.motion-*): a grey-level step that counts as motion after blur and
    // downscale; a cell is active when this share of its foreground is new (a lunge moves most of
    // a body, someone shifting their weight only its outline); cells with less foreground are
    // empty; the running average's weight (0.05: ~20 frames, 10 s at 2 fps, long enough for a
    // crowd's cells to settle at their usual activity).
    private final double change;
    private final double activeShare;
    private final double minForeground;
    private final double alpha;

    Agitation(VisionSettings.Motion m) {
        this.change = m.change();
        this.activeShare = m.activeShare();
        this.minForeground = m.minForeground();
        this.alpha = m.alpha();
    }

    private final Mat prev = new Mat();
    private double[] level;
    /** Each cell's running share of frames with two people or more about it. */
    private double[] company;
    /** Cells with foreground in the last frame. */
    private boolean[] occupied;
    private int cols;
    private int rows;

    /** Fewer people than this about a spot are no fight, however they move. */
    static final int FIGHTERS = 2;
    /** How far to either side of someone, on the ground, another person is about them: arm's length. */
    static final double REACH_M = 0.5;

    /**
     * @param smooth the blurred BGR frame
     * @param mask   its foreground, CV_8U 0/255
     * @param blobs  the people seen in it
     * @param held   how many people a blob holds, at least (a pair merged into one blob may count as one by area)
     * @param metresPerPx metres across the view of a pixel at a blob's feet ({@link CameraView#metresPerPixel})
     * @param meanGrey the frame's mean grey level, 0..255 ({@link ViewStats#mean()}): sets the {@link #step}
     * @return 0..1: how persistently the most agitated pair of neighbouring cells moves
     */
    double update(Mat smooth, Mat mask, List<Blob> blobs, ToIntFunction<Blob> held, ToDoubleFunction<Blob> metresPerPx,
                  double meanGrey) {
        Size small = new Size(Math.max(1, smooth.cols() / SCALE), Math.max(1, smooth.rows() / SCALE));
        Mat colour = new Mat();
        Mat grey = new Mat();
        Mat diff = new Mat();
        Mat fg = new Mat();
        Mat cells = new Mat();
        Mat fgCells = new Mat();
        try {
            Imgproc.resize(smooth, colour, small, 0, 0, Imgproc.INTER_AREA);
            Imgproc.cvtColor(colour, grey, Imgproc.COLOR_BGR2GRAY);
            if (prev.empty() || prev.cols() != grey.cols() || prev.rows() != grey.rows()) {
                grey.copyTo(prev);
                cols = Math.max(1, grey.cols() / CELL);
                rows = Math.max(1, grey.rows() / CELL);
                level = new double[cols * rows];
                company = new double[cols * rows];
                occupied = new boolean[cols * rows];
                return 0;
            }
            Core.absdiff(grey, prev, diff);
            grey.copyTo(prev);
            Imgproc.threshold(diff, diff, step(meanGrey), 255, Imgproc.THRESH_BINARY);
            Imgproc.resize(mask, fg, small, 0, 0, Imgproc.INTER_NEAREST);
            Core.bitwise_and(diff, fg, diff);
            // The mean of each cell is the share of it that moved, and the share of it that is foreground.
            Size grid = new Size(cols, rows);
            Imgproc.resize(diff.submat(0, rows * CELL, 0, cols * CELL), cells, grid, 0, 0, Imgproc.INTER_AREA);
            Imgproc.resize(fg.submat(0, rows * CELL, 0, cols * CELL), fgCells, grid, 0, 0, Imgproc.INTER_AREA);
            byte[] moved = new byte[cols * rows];
            byte[] present = new byte[cols * rows];
            cells.get(0, 0, moved);
            fgCells.get(0, 0, present);
            int[] about = about(blobs, held, metresPerPx);
            for (int i = 0; i < moved.length; i++) {
                double there = (present[i] & 0xff) / 255.0;
                occupied[i] = there >= minForeground;
                double active = occupied[i] && (moved[i] & 0xff) / 255.0 >= activeShare * there ? 1 : 0;
                level[i] = alpha * active + (1 - alpha) * level[i];
                company[i] = alpha * (about[i] >= FIGHTERS ? 1 : 0) + (1 - alpha) * company[i];
            }
            return score();
        } finally {
            colour.release();
            grey.release();
            diff.release();
            fg.release();
            cells.release();
            fgCells.release();
        }
    }

    /**
     * The grey-level step that counts as motion in a frame this bright: {@code change} in a
     * well-lit view, less in a dark one, down to {@link #DARKEST} of it. A lunge changes a body's
     * pixels by a share of their brightness: by night (a mean grey of about 40 against 135-160 by
     * day) the same lunge steps a third as far, and a two-person fight scored 0.1-0.44, mostly
     * under the 0.4 that raises.
     */
    double step(double meanGrey) {
        return change * Math.max(DARKEST, Math.min(1, meanGrey / WELL_LIT));
    }

    /** A view this bright (mean grey) or brighter takes the full step. */
    static final double WELL_LIT = 128;
    /** The step never falls under this share of the full one, so that a near-black view does not take its noise for motion. */
    static final double DARKEST = 0.3;

    /**
     * How many people are in or beside each cell: each blob counts in the cells its box covers and
     * within {@link #REACH_M} of it to either side on the ground, not above or below (there, in
     * the image, is someone nearer or farther from the camera, not beside them). Beside, on the
     * ground: a cell to either side (32 px at 640x480) is 1.5 m for someone far off, and two
     * people wandering 3 m apart, or a pacer and the passers-by brushing past, kept each other
     * company and scored as a brawl.
     */
    private int[] about(List<Blob> blobs, ToIntFunction<Blob> held, ToDoubleFunction<Blob> metresPerPx) {
        int[] about = new int[cols * rows];
        int px = SCALE * CELL;
        for (Blob b : blobs) {
            int n = held.applyAsInt(b);
            double reach = REACH_M / metresPerPx.applyAsDouble(b);
            int c0 = Math.max(0, (int) Math.floor((b.box().x() - reach) / px));
            int c1 = Math.min(cols - 1, (int) Math.floor((b.box().x() + b.box().w() - 1 + reach) / px));
            int r0 = Math.max(0, b.box().y() / px);
            int r1 = Math.min(rows - 1, (b.box().y() + b.box().h() - 1) / px);
            for (int r = r0; r <= r1; r++) {
                for (int c = c0; c <= c1; c++) {
                    about[r * cols + c] += n;
                }
            }
        }
        return about;
    }

    /**
     * Cells of a row with people in them from which the row's typical agitation is read among
     * them only: a crowd that fills part of a row (the rest empty ground) jostles as a whole, and
     * against the row's median, empty cells included, every jostling cell stood out like a brawl.
     * A fight is a spot busier than the people around it. With fewer people in the row, the
     * whole row's median: a lone fight on empty ground must not be its own baseline.
     */
    static final int CROWDED_ROW_CELLS = 6;

    /**
     * The most agitated pair of neighbouring cells (the lower of the two), above how agitated
     * cells at the same distance from the camera typically are right now: in a packed
     * concourse every cell is often active, and only a spot far busier than its row stands out.
     */
    private double score() {
        double best = 0;
        double[] row = new double[cols];
        double[] people = new double[cols];
        for (int r = 0; r < rows; r++) {
            int n = 0;
            for (int c = 0; c < cols; c++) {
                row[c] = level[r * cols + c];
                if (occupied[r * cols + c]) {
                    people[n++] = row[c];
                }
            }
            double typical;
            if (n >= CROWDED_ROW_CELLS) {
                java.util.Arrays.sort(people, 0, n);
                typical = people[n / 2];
            } else {
                java.util.Arrays.sort(row);
                typical = row[cols / 2];
            }
            for (int c = 0; c < cols; c++) {
                double here = agitated(r * cols + c) - typical;
                if (here <= best) {
                    continue;
                }
                double neighbour = 0;
                for (int dr = -1; dr <= 1; dr++) {
                    for (int dc = -1; dc <= 1; dc++) {
                        int rr = r + dr;
                        int cc = c + dc;
                        if ((dr != 0 || dc != 0) && rr >= 0 && rr < rows && cc >= 0 && cc < cols) {
                            neighbour = Math.max(neighbour, agitated(rr * cols + cc));
                        }
                    }
                }
                best = Math.max(best, Math.min(here, neighbour - typical));
            }
        }
        return best;
    }

    /** A cell's agitation, as far as two people have been about it: one person pacing is no fight. */
    private double agitated(int i) { return Math.min(level[i], company[i]); }

    /** Forgets everything (the scene changed, e.g. the camera moved). */
    void reset() {
        prev.release();
        level = null;
        company = null;
        occupied = null;
    }

    @Override
    public void close() {
        prev.release();
    }
}
