package org.latentcartography.core.spi;

import java.util.Optional;

/**
 * A generator's capability: it rounds latent points to a floating-point type narrower than
 * {@code double} before using them (an ONNX model with a float32 input). Neighbouring cells closer
 * than a few units in the last place of that type become the same input, and the differences a
 * measure takes between them are wrong; {@link #minimumStep} says how close cells may be.
 * Survives composition as the first stage's precision (the composition's latent points are the
 * first stage's input).
 *
 * <p>Stability: experimental. Immutable.
 *
 * @param type the type's name, e.g. {@code float32}
 * @param significandBits bits of the type's significand, the implicit bit included (float32: 24)
 */
public record InputPrecision(String type, int significandBits) implements Composable {
    /** IEEE 754 single precision. */
    public static final InputPrecision FLOAT32 = new InputPrecision("float32", 24);

    /**
     * How many units in the last place a step must span at least: rounding both ends of a step
     * moves it by at most one unit, so a step of this many units is off by at most 1/256 (0.4%),
     * and typically by far less (the two roundings are independent). Grids of tens of thousands of
     * cells per axis over coordinates of order one pass.
     */
    public static final double STEPS_PER_ULP = 256;

    /**
     * @param magnitude a coordinate's magnitude
     * @return the spacing of the type's values near it (one unit in the last place)
     */
    public double ulp(double magnitude) {
        double m = Math.abs(magnitude);
        int exponent = m >= Double.MIN_NORMAL ? Math.getExponent(m) : Double.MIN_EXPONENT;
        return Math.scalb(1.0, exponent - (significandBits - 1));
    }

    /**
     * @param magnitude the largest coordinate's magnitude on an axis
     * @return the smallest step between points on that axis that the type resolves to 0.4%
     */
    public double minimumStep(double magnitude) {
        return STEPS_PER_ULP * ulp(magnitude);
    }

    @Override
    public <T> Optional<T> composeAfter(Class<T> type, Composition composition) {
        return type == InputPrecision.class ? composition.first().capability(type) : Optional.empty();
    }
}
