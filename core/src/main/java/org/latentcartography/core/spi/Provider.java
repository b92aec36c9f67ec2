package org.latentcartography.core.spi;

/**
 * What every service provider of the toolkit has: a stable id, by which users name it on the
 * command line, and a one-line description. Providers are cheap factories: discovering them never
 * loads a model or native code; the expensive objects are made by their {@code create}/{@code open}
 * methods.
 *
 * <p>Stability: stable.
 */
public interface Provider {
    /** @return the stable id, lower case, never null; unique among providers of one service */
    String id();

    /** @return a one-line description for {@code cartography plugins}, never null */
    String description();

    /**
     * The files and folders a component made from {@code spec} reads (model files, model folders),
     * as the spec names them. Checkpoints fingerprint them (a resumed run must read the same
     * model) and cluster engines ship them to where the component is rebuilt. A file stands with
     * the files beside it whose names start with its name (external weights such as
     * {@code decoder.onnx.data}); a folder with everything inside it.
     *
     * @param spec a spec whose id is this provider's id, never null
     * @return the paths, possibly empty (the default: the component reads no files)
     */
    default java.util.List<java.nio.file.Path> files(org.latentcartography.core.ComponentSpec spec) {
        return java.util.List.of();
    }
}
