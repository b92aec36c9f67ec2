/**
 * Jensen–Shannon and other divergences between distributions, and their measures (paper 2.2.2).
 * Exports nothing.
 */
module org.latentcartography.measures.jsd {
    requires org.latentcartography.core;
}
