package io.snclr.augment;

/** RGB→RGB matrix that rotates hue by a fraction of a turn: RGB→YIQ, rotate (I, Q), YIQ→RGB. */
final class HueMatrix {
    private static final double[][] TO_YIQ = {{0.299, 0.587, 0.114}, {0.596, -0.274, -0.322}, {0.211, -0.523, 0.312}};
    private static final double[][] FROM_YIQ = {{1.0, 0.956, 0.621}, {1.0, -0.272, -0.647}, {1.0, -1.106, 1.703}};

    private HueMatrix() {}

    static void fill(double turns, float[] out, int offset) {
        double a = 2 * Math.PI * turns, cos = Math.cos(a), sin = Math.sin(a);
        double[][] rot = {{1, 0, 0}, {0, cos, -sin}, {0, sin, cos}};
        double[][] m = multiply(FROM_YIQ, multiply(rot, TO_YIQ));
        for (int r = 0; r < 3; r++) for (int c = 0; c < 3; c++) out[offset + r * 3 + c] = (float) m[r][c];
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        double[][] out = new double[3][3];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) for (int k = 0; k < 3; k++) out[i][j] += a[i][k] * b[k][j];
        return out;
    }
}
