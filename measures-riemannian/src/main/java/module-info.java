/**
 * The approximate Riemannian volume element sqrt(det JᵀJ) from finite differences over the grid
 * (paper 2.2.1), for any latent dimension, and the metric tensor field JᵀJ. Exports nothing;
 * provides the measure {@code riemannian}.
 */
module org.latentcartography.measures.riemannian {
    requires org.latentcartography.core;
    requires ejml.core;
    requires ejml.ddense;

    provides org.latentcartography.core.spi.MeasureProvider with
            org.latentcartography.measures.riemannian.RiemannianProvider;
}
