package org.latentcartography.core.internal;

import java.util.Objects;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.spi.Generator;
import org.latentcartography.core.spi.LatentFunction;

/** A generator from a one-point function, made by {@link Generator#pointwise}: batches it and checks every output. */
public final class PointwiseGenerator implements Generator {
    private final String name;
    private final int dz;
    private final int dh;
    private final LatentFunction.Point point;

    /**
     * @param name the name in messages
     * @param latentDimension D_z, at least 1
     * @param outputDimension D_h, at least 1
     * @param point the one-point function
     */
    public PointwiseGenerator(String name, int latentDimension, int outputDimension, LatentFunction.Point point) {
        this.name = Objects.requireNonNull(name, "name");
        this.point = Objects.requireNonNull(point, "point");
        if (latentDimension < 1 || outputDimension < 1) {
            throw new IllegalArgumentException(name + ": latent dimension " + latentDimension + " and output dimension "
                    + outputDimension + " must both be at least 1");
        }
        this.dz = latentDimension;
        this.dh = outputDimension;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int latentDimension() {
        return dz;
    }

    @Override
    public int outputDimension() {
        return dh;
    }

    @Override
    public void apply(double[] z, int count, double[] out, int outOffset, long[] seeds) {
        for (int i = 0; i < count; i++) {
            int o = outOffset + i * dh;
            point.apply(z, i * dz, out, o);
            for (int j = 0; j < dh; j++) {
                if (!Double.isFinite(out[o + j])) {
                    throw new CartographyException(name + ": output " + j + " is " + out[o + j] + " at z = "
                            + point(z, i * dz));
                }
            }
        }
    }

    private String point(double[] z, int offset) {
        StringBuilder sb = new StringBuilder("(");
        for (int k = 0; k < dz; k++) {
            sb.append(k == 0 ? "" : ", ").append(z[offset + k]);
        }
        return sb.append(')').toString();
    }

    @Override
    public String toString() {
        return name;
    }
}
