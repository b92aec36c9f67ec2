package org.latentcartography.cartogram.diffusion;

/**
 * Work arrays by slot, shared by the {@link NodeIntegrator}s of one transform: the grid's nodes and
 * the coarse tracer lattices are integrated one after another, never at the same time, so their
 * velocity grids and stage arrays need not coexist (at 1024 x 1024 cells a tracer integrator's
 * three velocity grids alone are 25 MB). An array is handed out again to whoever asks for the same
 * slot, with whatever the last user left in it; it is replaced by a larger one when a longer one
 * is asked for.
 *
 * <p>Not thread-safe: one transform's integrators run from one thread (their loops use the workers).
 */
final class WorkArrays {
    private final float[][] floats = new float[16][];
    private final double[][] doubles = new double[8][];

    /** @return the float array of the slot, at least {@code length} long; its contents are undefined */
    float[] floats(int slot, int length) {
        float[] a = floats[slot];
        if (a == null || a.length < length) {
            floats[slot] = null;
            a = new float[length];
            floats[slot] = a;
        }
        return a;
    }

    /** @return the double array of the slot, at least {@code length} long; its contents are undefined */
    double[] doubles(int slot, int length) {
        double[] a = doubles[slot];
        if (a == null || a.length < length) {
            doubles[slot] = null;
            a = new double[length];
            doubles[slot] = a;
        }
        return a;
    }
}
