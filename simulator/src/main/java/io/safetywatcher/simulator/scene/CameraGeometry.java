package io.safetywatcher.simulator.scene;

/**
 * A pinhole camera 5 m up looking along a flat plaza. Ground point (x across, z ahead, in
 * metres) maps to a pixel; the far edge of the walkable ground is placed so that the ground
 * in view has exactly the camera's declared area, which keeps "count ÷ view area" honest.
 */
public final class CameraGeometry {
    /** How every simulated camera hangs; the simulator writes both to the registry as the camera's mounting. */
    public static final double CAMERA_HEIGHT_M = 5;
    public static final double HORIZON_SHARE = 0.28;
    static final double PERSON_HEIGHT_M = 1.7;

    final int width;
    final int height;
    final double horizon;
    final double focal;
    final double zNear;
    final double zFar;

    public CameraGeometry(int width, int height, double viewAreaM2) {
        this.width = width;
        this.height = height;
        this.horizon = HORIZON_SHARE * height;
        this.zNear = 4;
        this.focal = (height - horizon) * zNear / CAMERA_HEIGHT_M;
        // Area of the trapezoid from zNear to zFar: (W / 2f)(zFar² - zNear²).
        this.zFar = Math.sqrt(zNear * zNear + 2 * focal * viewAreaM2 / width);
    }

    public double u(double x, double z) { return width / 2.0 + focal * x / z; }

    public double v(double z) { return horizon + focal * CAMERA_HEIGHT_M / z; }

    /** Half the ground width in view at depth z. */
    public double halfWidth(double z) { return width / 2.0 * z / focal; }

    /** A standing person's height in pixels at depth z. */
    public double personHeight(double z) { return focal * PERSON_HEIGHT_M / z; }

    public double zNear() { return zNear; }

    public double zFar() { return zFar; }
}
