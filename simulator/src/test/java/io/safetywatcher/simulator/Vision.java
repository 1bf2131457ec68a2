package io.safetywatcher.simulator;

import nu.pattern.OpenCV;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.opencv.video.BackgroundSubtractorMOG2;
import org.opencv.video.Video;

import java.util.ArrayList;
import java.util.List;

/**
 * What a downstream vision stage would do with a camera's JPEGs: decode, subtract a learnt
 * background (MOG2), clean up, count blobs; and frame-to-frame motion energy.
 */
final class Vision implements AutoCloseable {
    static {
        OpenCV.loadLocally();
    }

    private final BackgroundSubtractorMOG2 mog = Video.createBackgroundSubtractorMOG2(200, 25, false);
    private final Mat kernel = Imgproc.getStructuringElement(Imgproc.MORPH_ELLIPSE, new Size(3, 3));
    private Mat previous;

    static Mat decode(byte[] jpeg) {
        MatOfByte buf = new MatOfByte(jpeg);
        try {
            return Imgcodecs.imdecode(buf, Imgcodecs.IMREAD_COLOR);
        } finally {
            buf.release();
        }
    }

    /** Feeds one frame; returns how many foreground blobs of at least {@code minArea} pixels it has. */
    int blobs(byte[] jpeg, int minArea) {
        Mat frame = decode(jpeg);
        Mat fg = new Mat();
        Mat hierarchy = new Mat();
        List<MatOfPoint> contours = new ArrayList<>();
        try {
            mog.apply(frame, fg);
            Imgproc.threshold(fg, fg, 200, 255, Imgproc.THRESH_BINARY);
            Imgproc.morphologyEx(fg, fg, Imgproc.MORPH_OPEN, kernel);
            Imgproc.findContours(fg, contours, hierarchy, Imgproc.RETR_EXTERNAL, Imgproc.CHAIN_APPROX_SIMPLE);
            int n = 0;
            for (MatOfPoint c : contours) {
                if (Imgproc.contourArea(c) >= minArea) {
                    n++;
                }
            }
            return n;
        } finally {
            frame.release();
            fg.release();
            hierarchy.release();
            contours.forEach(Mat::release);
        }
    }

    /** Mean absolute grey-level change from the previous frame given to this method (0 for the first). */
    double motion(byte[] jpeg) {
        Mat frame = decode(jpeg);
        Mat grey = new Mat();
        Imgproc.cvtColor(frame, grey, Imgproc.COLOR_BGR2GRAY);
        grey.convertTo(grey, CvType.CV_16S);
        frame.release();
        try {
            if (previous == null) {
                return 0;
            }
            Mat diff = new Mat();
            Core.absdiff(grey, previous, diff);
            double m = Core.mean(diff).val[0];
            diff.release();
            return m;
        } finally {
            if (previous != null) {
                previous.release();
            }
            previous = grey;
        }
    }

    @Override
    public void close() {
        kernel.release();
        if (previous != null) {
            previous.release();
        }
    }
}
