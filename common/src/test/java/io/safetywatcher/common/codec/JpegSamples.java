package io.safetywatcher.common.codec;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Real JPEGs, made with the JDK's own encoder, for tests of the frame checks. */
final class JpegSamples {
    private JpegSamples() {}

    static byte[] jpeg(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        img.getGraphics().fillRect(width / 4, height / 4, width / 2, height / 2);
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(img, "jpg", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A JPEG of noise at high quality: long scan data full of stuffed 0xFF bytes, as a busy real
     * scene gives, where the plain test picture above has hardly any.
     */
    static byte[] noisyJpeg(int width, int height, long seed) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.setRGB(x, y, rng.nextInt(1 << 24));
            }
        }
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpg").next();
        javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.95f);
        try (ByteArrayOutputStream out = new ByteArrayOutputStream(); var ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(null, new javax.imageio.IIOImage(img, null, null), param);
            ios.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    /**
     * The same JPEG with its scan data (between the start-of-scan header and the end-of-image
     * marker) replaced by random bytes, never 0xFF: every marker intact, well-formed to a marker walk.
     */
    static byte[] scrambledScan(byte[] jpeg, long seed) {
        byte[] out = jpeg.clone();
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        for (int i = scanStart(jpeg); i < jpeg.length - 2; i++) {
            out[i] = (byte) rng.nextInt(0xFF);
        }
        return out;
    }

    /** The first byte of the first scan's entropy-coded data. */
    static int scanStart(byte[] jpeg) {
        for (int i = 2; i + 3 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xDA) {
                return i + 2 + (((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF));
            }
        }
        throw new IllegalArgumentException("no start-of-scan marker");
    }
}
