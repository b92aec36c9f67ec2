package org.latentcartography.cartogram.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.spi.ComponentContext;
import org.latentcartography.core.spi.TransformProvider;

class ProvidersTest {
    @Test
    void bothAreListedAndReadTheirOptions() {
        Set<String> ids = ServiceLoader.load(TransformProvider.class).stream().map(p -> p.get().id())
                .collect(Collectors.toSet());
        assertTrue(ids.containsAll(Set.of("diffusion", "flow")), ids.toString());
        DiffusionCartogram d = (DiffusionCartogram) new DiffusionProvider().create(
                ComponentSpec.parse("diffusion,step-tolerance=0.01,threads=1"), ComponentContext.empty());
        assertEquals(0.01, d.options().stepTolerance());
        assertEquals(1, d.options().threads());
        FlowCartogram f = (FlowCartogram) new FlowProvider().create(
                ComponentSpec.parse("flow,tolerance=0.002,max-iterations=3"), ComponentContext.empty());
        assertEquals(0.002, f.options().tolerance());
        assertEquals(3, f.options().maxIterations());
        UsageException e = assertThrows(UsageException.class, () -> new FlowProvider().create(
                ComponentSpec.parse("flow,tolerence=0.1"), ComponentContext.empty()));
        assertTrue(e.getMessage().contains("tolerence"), e.getMessage());
        assertThrows(UsageException.class, () -> new DiffusionProvider().create(
                ComponentSpec.parse("diffusion,threads=0"), ComponentContext.empty()));
    }
}
