/**
 * Density-equalising transforms of the latent space (paper sec. 3): the diffusion cartogram of
 * Gastner and Newman (2004) and the flow-based cartogram of Gastner, Seguy and More (2018).
 * Exports nothing; provides {@code diffusion} and {@code flow}.
 */
module org.latentcartography.cartogram.diffusion {
    requires org.latentcartography.core;
    requires JTransforms;

    provides org.latentcartography.core.spi.TransformProvider with
            org.latentcartography.cartogram.diffusion.DiffusionProvider,
            org.latentcartography.cartogram.diffusion.FlowProvider;
}
