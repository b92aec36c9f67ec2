package org.latentcartography.measures.classifier.nn;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Kernels of a dense layer y = φ(a W + b) over a batch of rows. W is stored input-major:
 * {@code w[i * nOut + j]} is the weight from input i to output j, so that the forward pass is a
 * sequence of vectorisable axpy loops (and W is exactly ONNX Gemm's B operand).
 *
 * <p>Stability: internal (see the package). Static and thread-safe; every method writes only its
 * output arguments.
 */
public final class Dense {

    /** A hidden layer's nonlinearity. */
    public enum Activation {
        /** max(a, 0). */
        RELU,
        /** tanh(a). */
        TANH;

        /**
         * @param a the pre-activation
         * @return φ(a)
         */
        public double apply(double a) {
            return this == RELU ? (a > 0 ? a : 0) : Math.tanh(a);
        }

        /**
         * @param y the activation's output φ(a)
         * @return φ'(a), written in terms of y
         */
        public double derivativeFromOutput(double y) {
            return this == RELU ? (y > 0 ? 1 : 0) : 1 - y * y;
        }
    }

    private Dense() {
    }

    /**
     * out[r, j] = b[j] + Σ_i in[r, i] w[i, j] for {@code rows} rows. Zero inputs (inactive ReLUs)
     * are skipped.
     *
     * @param w weights, input-major, nIn × nOut; not modified
     * @param b biases, nOut; not modified
     * @param nIn inputs per row
     * @param nOut outputs per row
     * @param in rows × nIn inputs from offset 0; not modified
     * @param rows number of rows
     * @param out receives rows × nOut outputs from offset 0; must not alias {@code in}
     */
    public static void affine(double[] w, double[] b, int nIn, int nOut, double[] in, int rows, double[] out) {
        for (int r = 0; r < rows; r++) {
            int o = r * nOut;
            System.arraycopy(b, 0, out, o, nOut);
            for (int i = 0; i < nIn; i++) {
                double x = in[r * nIn + i];
                if (x == 0) {
                    continue;
                }
                int wo = i * nOut;
                for (int j = 0; j < nOut; j++) {
                    out[o + j] += x * w[wo + j];
                }
            }
        }
    }

    /**
     * Applies φ in place to the first {@code n} values.
     *
     * @param activation φ
     * @param values modified in place
     * @param n how many values
     */
    public static void activate(Activation activation, double[] values, int n) {
        if (activation == Activation.RELU) {
            for (int i = 0; i < n; i++) {
                values[i] = values[i] > 0 ? values[i] : 0;
            }
        } else {
            for (int i = 0; i < n; i++) {
                values[i] = Math.tanh(values[i]);
            }
        }
    }

    /**
     * Glorot-uniform weights: each drawn uniformly from ±sqrt(6 / (nIn + nOut)), in index order.
     *
     * @param nIn inputs
     * @param nOut outputs
     * @param random the source; advanced by nIn·nOut draws
     * @return nIn × nOut weights, input-major
     */
    public static double[] glorotUniform(int nIn, int nOut, SplittableRandom random) {
        double bound = Math.sqrt(6.0 / (nIn + nOut));
        double[] w = new double[nIn * nOut];
        for (int i = 0; i < w.length; i++) {
            w[i] = (2 * random.nextDouble() - 1) * bound;
        }
        return w;
    }

    /**
     * The gradients of a loss with respect to a layer's weights and biases: gw = aᵀ δ, gb = Σ_r δ_r.
     *
     * @param a the layer's inputs, rows × nIn; not modified
     * @param delta ∂loss/∂(pre-activation), rows × nOut; not modified
     * @param rows number of rows
     * @param nIn inputs per row
     * @param nOut outputs per row
     * @param gw receives nIn × nOut weight gradients (overwritten)
     * @param gb receives nOut bias gradients (overwritten)
     */
    public static void gradients(double[] a, double[] delta, int rows, int nIn, int nOut, double[] gw, double[] gb) {
        Arrays.fill(gw, 0, nIn * nOut, 0);
        Arrays.fill(gb, 0, nOut, 0);
        for (int r = 0; r < rows; r++) {
            int dr = r * nOut;
            for (int j = 0; j < nOut; j++) {
                gb[j] += delta[dr + j];
            }
            for (int i = 0; i < nIn; i++) {
                double ai = a[r * nIn + i];
                if (ai == 0) {
                    continue;
                }
                int gi = i * nOut;
                for (int j = 0; j < nOut; j++) {
                    gw[gi + j] += ai * delta[dr + j];
                }
            }
        }
    }

    /**
     * Carries δ back through a layer: deltaIn[r, i] = φ'(a[r, i]) Σ_j δ[r, j] w[i, j], where a is
     * the layer's input, itself the output of the previous layer's φ (or, with {@code activation}
     * null, a linear input: φ' = 1).
     *
     * @param w the layer's weights, input-major; not modified
     * @param a the layer's inputs, rows × nIn; not modified
     * @param activation the nonlinearity that produced {@code a}, or null for none
     * @param delta ∂loss/∂(this layer's pre-activation), rows × nOut; not modified
     * @param rows number of rows
     * @param nIn inputs per row
     * @param nOut outputs per row
     * @param deltaIn receives rows × nIn values (overwritten); must not alias {@code delta}
     */
    public static void backpropagate(double[] w, double[] a, Activation activation, double[] delta, int rows,
                                     int nIn, int nOut, double[] deltaIn) {
        for (int r = 0; r < rows; r++) {
            int dr = r * nOut;
            for (int i = 0; i < nIn; i++) {
                double slope = activation == null ? 1 : activation.derivativeFromOutput(a[r * nIn + i]);
                double sum = 0;
                if (slope != 0) {
                    int wi = i * nOut;
                    for (int j = 0; j < nOut; j++) {
                        sum += delta[dr + j] * w[wi + j];
                    }
                }
                deltaIn[r * nIn + i] = sum * slope;
            }
        }
    }
}
