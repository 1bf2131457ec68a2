package io.safetywatcher.alertjob.vision;

import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Boxes drawn on a frame for a human to check what the extractor saw: blobs in yellow with
 * their people estimate, tracked people in green with their track id. Used for alert
 * evidence and by {@code analyze-video --annotate}.
 */
public final class Annotation {
    private static final Scalar BLOB = new Scalar(0, 220, 255);
    private static final Scalar PERSON = new Scalar(60, 220, 60);

    private Annotation() {}

    public static void draw(Mat img, FrameFeatures f) {
        for (Blob b : f.blobs()) {
            Box x = b.box();
            Imgproc.rectangle(img, new Point(x.x(), x.y()), new Point(x.x() + x.w(), x.y() + x.h()), BLOB, 1);
            if (b.people() > 1) {
                Imgproc.putText(img, "x" + b.people(), new Point(x.x(), x.footRow() + 12), Imgproc.FONT_HERSHEY_SIMPLEX, 0.4, BLOB, 1);
            }
        }
        for (TrackedPerson p : f.people()) {
            Box x = p.box();
            Imgproc.rectangle(img, new Point(x.x() - 1, x.y() - 1), new Point(x.x() + x.w() + 1, x.y() + x.h() + 1), PERSON, 2);
            Imgproc.putText(img, "#" + p.id(), new Point(x.x(), Math.max(10, x.y() - 3)), Imgproc.FONT_HERSHEY_SIMPLEX, 0.4, PERSON, 1);
        }
        Imgproc.putText(img, "people " + f.peopleCount() + "  motion " + String.format(java.util.Locale.ROOT, "%.2f", f.motionEnergy()),
                new Point(6, 16), Imgproc.FONT_HERSHEY_SIMPLEX, 0.5, new Scalar(255, 255, 255), 1);
    }

    /** The frame with its boxes, as a JPEG; null if the JPEG cannot be decoded. */
    public static byte[] jpeg(byte[] jpeg, FrameFeatures f) {
        Mat img = FrameAnalyzer.decode(jpeg);
        if (img == null) {
            return null;
        }
        MatOfByte out = new MatOfByte();
        MatOfInt params = new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 85);
        try {
            draw(img, f);
            Imgcodecs.imencode(".jpg", img, out, params);
            return out.toArray();
        } finally {
            img.release();
            out.release();
            params.release();
        }
    }
}
