package org.latentcartography.core.io;

import java.util.Arrays;

/**
 * An array read from an NPY file: its shape and its values as doubles in C order (whatever the
 * file's dtype and order were).
 *
 * <p>Stability: stable.
 *
 * @param shape the shape, never null (empty for a scalar)
 * @param data the values in C order, never null
 * @param dtype the file's dtype descriptor (e.g. {@code <f4}), for messages
 */
public record NpyArray(int[] shape, double[] data, String dtype) {

    /** @return the number of dimensions */
    public int rank() {
        return shape.length;
    }

    /** @return true when the file held integers */
    public boolean isInteger() {
        return dtype.endsWith("i4") || dtype.endsWith("i8") || dtype.endsWith("u1") || dtype.endsWith("i2")
                || dtype.endsWith("u2") || dtype.endsWith("u4") || dtype.endsWith("i1");
    }

    @Override
    public String toString() {
        return "NpyArray" + Arrays.toString(shape) + " " + dtype;
    }
}
