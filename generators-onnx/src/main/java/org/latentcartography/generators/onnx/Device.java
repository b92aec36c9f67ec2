package org.latentcartography.generators.onnx;

import org.latentcartography.core.UsageException;

/**
 * Where an ONNX generator runs, from its {@code device=} option:
 * <ul>
 *   <li>{@code cpu} (the default): ONNX Runtime's CPU execution provider;</li>
 *   <li>{@code cuda} or {@code cuda:N}: the CUDA execution provider on GPU N (default 0); an
 *       error (exit status 1, one line) when the GPU build of ONNX Runtime is not on the module
 *       path or CUDA cannot start;</li>
 *   <li>{@code cuda-or-cpu} or {@code cuda-or-cpu:N}: CUDA when it is available, otherwise the CPU
 *       with one warning line.</li>
 * </ul>
 *
 * @param kind the choice
 * @param cudaDevice the CUDA device id (0 unless given)
 */
record Device(Kind kind, int cudaDevice) {
    /** The three choices. */
    enum Kind { CPU, CUDA, CUDA_OR_CPU }

    static final Device CPU = new Device(Kind.CPU, 0);

    /**
     * @param text the option's value, or null for the default
     * @return the device
     * @throws UsageException for anything else
     */
    static Device parse(String text) {
        if (text == null || text.equals("cpu")) {
            return CPU;
        }
        String base = text;
        int id = 0;
        int colon = text.indexOf(':');
        if (colon >= 0) {
            base = text.substring(0, colon);
            try {
                id = Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                id = -1;
            }
            if (id < 0) {
                throw new UsageException("onnx: device=" + text + ": the CUDA device must be a number >= 0, e.g. cuda:0");
            }
        }
        switch (base) {
            case "cuda":
                return new Device(Kind.CUDA, id);
            case "cuda-or-cpu":
                return new Device(Kind.CUDA_OR_CPU, id);
            default:
                throw new UsageException("onnx: device=" + text + " is not one of cpu, cuda[:N], cuda-or-cpu[:N]");
        }
    }

    @Override
    public String toString() {
        switch (kind) {
            case CPU:
                return "cpu";
            case CUDA:
                return cudaDevice == 0 ? "cuda" : "cuda:" + cudaDevice;
            default:
                return cudaDevice == 0 ? "cuda-or-cpu" : "cuda-or-cpu:" + cudaDevice;
        }
    }
}
