package io.safetywatcher.alertjob.vision;

import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

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
    /** Cells with foreground in the last frame. */
    private boolean[] occupied;
    private int cols;
    private int rows;

    /**
     * @param smooth the blurred BGR frame
     * @param mask   its foreground, CV_8U 0/255
     * @return 0..1: how persistently the most agitated pair of neighbouring cells moves
     */
    double update(Mat smooth, Mat mask) {
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
                occupied = new boolean[cols * rows];
                return 0;
            }
            Core.absdiff(grey, prev, diff);
            grey.copyTo(prev);
            Imgproc.threshold(diff, diff, change, 255, Imgproc.THRESH_BINARY);
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
            for (int i = 0; i < moved.length; i++) {
                double there = (present[i] & 0xff) / 255.0;
                occupied[i] = there >= minForeground;
                double active = occupied[i] && (moved[i] & 0xff) / 255.0 >= activeShare * there ? 1 : 0;
                level[i] = alpha * active + (1 - alpha) * level[i];
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
                double here = level[r * cols + c] - typical;
                if (here <= best) {
                    continue;
                }
                double neighbour = 0;
                for (int dr = -1; dr <= 1; dr++) {
                    for (int dc = -1; dc <= 1; dc++) {
                        int rr = r + dr;
                        int cc = c + dc;
                        if ((dr != 0 || dc != 0) && rr >= 0 && rr < rows && cc >= 0 && cc < cols) {
                            neighbour = Math.max(neighbour, level[rr * cols + cc]);
                        }
                    }
                }
                best = Math.max(best, Math.min(here, neighbour - typical));
            }
        }
        return best;
    }

    /** Forgets everything (the scene changed, e.g. the camera moved). */
    void reset() {
        prev.release();
        level = null;
        occupied = null;
    }

    @Override
    public void close() {
        prev.release();
    }
}
