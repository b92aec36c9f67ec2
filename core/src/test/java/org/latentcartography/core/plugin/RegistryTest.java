package org.latentcartography.core.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.eval.MeanDissimilarityMeasure;
import org.latentcartography.core.spi.ComponentContext;
import org.latentcartography.core.spi.Dissimilarity;
import org.latentcartography.core.spi.DissimilarityProvider;
import org.junit.jupiter.api.Test;

class RegistryTest {

    static final class Fake implements DissimilarityProvider {
        private final String id;

        Fake(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String description() {
            return "fake " + id;
        }

        @Override
        public Dissimilarity create(ComponentSpec spec, ComponentContext context) {
            return (a, ao, b, bo, n) -> 0;
        }
    }

    static final class Other implements DissimilarityProvider {
        @Override
        public String id() {
            return "same";
        }

        @Override
        public String description() {
            return "another provider with the id 'same'";
        }

        @Override
        public Dissimilarity create(ComponentSpec spec, ComponentContext context) {
            return (a, ao, b, bo, n) -> 1;
        }
    }

    @Test
    void unknownIdNamesTheKnownOnes() {
        Registry<DissimilarityProvider> r = Registry.empty("dissimilarity");
        r.register(new Fake("alpha"));
        r.register(new Fake("beta"));
        UsageException e = assertThrows(UsageException.class, () -> r.get("gamma"));
        assertEquals("unknown dissimilarity 'gamma'; known: alpha, beta", e.getMessage());
        assertEquals(List.of("alpha", "beta"), r.ids());
    }

    @Test
    void duplicateIdsFromDifferentClassesAreAnErrorWhenUsed() {
        Registry<DissimilarityProvider> r = Registry.empty("dissimilarity");
        r.register(new Fake("same"));
        r.register(new Other());
        CartographyException e = assertThrows(CartographyException.class, () -> r.get("same"));
        assertTrue(e.getMessage().startsWith("two dissimilarity providers have the id 'same'"), e.getMessage());
        assertEquals(1, r.problems().size());
        // the same class seen twice (module path and class path) is one provider
        Registry<DissimilarityProvider> twice = Registry.empty("dissimilarity");
        twice.register(new Fake("x"));
        twice.register(new Fake("x"));
        assertTrue(twice.problems().isEmpty());
    }

    @Test
    void builtInsAreDiscoveredWithTheirOriginAndEveryDissimilarityIsAMeasure() {
        Registries r = Registries.discover(null);
        assertTrue(r.dissimilarities().ids().containsAll(List.of("l2", "cosine")), r.dissimilarities().ids().toString());
        assertTrue(r.meanings().ids().contains("output"));
        assertTrue(r.infos().stream().anyMatch(i -> i.id().equals("l2") && i.kind().equals("dissimilarity")));
        assertTrue(r.measure(ComponentSpec.parse("cosine"), ComponentContext.empty()) instanceof MeanDissimilarityMeasure);
        UsageException e = assertThrows(UsageException.class, () -> r.measure(ComponentSpec.parse("nope"), ComponentContext.empty()));
        assertTrue(e.getMessage().startsWith("unknown measure 'nope'; known: ") && e.getMessage().contains("l2"), e.getMessage());
    }

    @Test
    void builtInDissimilaritiesGiveHandComputedValues() {
        Registries r = Registries.discover(null);
        Dissimilarity l2 = r.dissimilarities().get("l2").create(ComponentSpec.parse("l2"), ComponentContext.empty());
        Dissimilarity cos = r.dissimilarities().get("cosine").create(ComponentSpec.parse("cosine"), ComponentContext.empty());
        double[] v = {9, 3, 4, 0, 0, 1, 1};
        assertEquals(5.0, l2.between(v, 1, v, 3, 2), 1e-15); // (3,4) to (0,0)
        assertEquals(1.0, cos.between(v, 1, v, 3, 2), 1e-15); // zero vector against non-zero
        assertEquals(1 - 7 / (5 * Math.sqrt(2)), cos.between(v, 1, v, 5, 2), 1e-15); // (3,4)·(1,1) = 7
        assertEquals(0.0, cos.between(v, 3, v, 3, 2), 0.0);
        assertThrows(UsageException.class, () -> r.dissimilarities().get("l2").create(ComponentSpec.parse("l2,p=3"),
                ComponentContext.empty()));
    }
}
