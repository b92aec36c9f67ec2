package org.latentcartography.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComponentSpecTest {
    @Test
    void parsesIdArgumentAndOptions() {
        ComponentSpec s = ComponentSpec.parse("onnx:models/vae.onnx,output=h1,threads=2");
        assertEquals("onnx", s.id());
        assertEquals("models/vae.onnx", s.argument());
        assertEquals(Map.of("output", "h1", "threads", "2"), s.options());
        assertEquals(2, s.integer("threads", 1));
        assertEquals("onnx:models/vae.onnx,output=h1,threads=2", s.toString());
        ComponentSpec bare = ComponentSpec.parse("riemannian");
        assertEquals("riemannian", bare.id());
        assertNull(bare.argument());
        assertTrue(bare.options().isEmpty());
        assertEquals("c:/x", ComponentSpec.parse("onnx:c:/x").argument(), "only the first colon separates");
        ComponentSpec list = ComponentSpec.parse("classifier,classes=3,5,hidden=64");
        assertEquals(Map.of("classes", "3,5", "hidden", "64"), list.options());
    }

    @Test
    void rejectsMalformedSpecsWithUsageErrors() {
        assertThrows(UsageException.class, () -> ComponentSpec.parse(""));
        assertThrows(UsageException.class, () -> ComponentSpec.parse(":x"));
        assertThrows(UsageException.class, () -> ComponentSpec.parse("onnx:a,output"));
        assertThrows(UsageException.class, () -> ComponentSpec.parse("onnx:a,k=1,k=2"));
        UsageException e = assertThrows(UsageException.class,
                () -> ComponentSpec.parse("onnx:a,outptu=x").requireOnly(List.of("output", "input")));
        assertTrue(e.getMessage().contains("outptu") && e.getMessage().contains("input, output"), e.getMessage());
        assertThrows(UsageException.class, () -> ComponentSpec.parse("x,n=abc").integer("n", 0));
        assertThrows(UsageException.class, () -> ComponentSpec.parse("x,n=NaN").number("n", 0));
    }

    @Test
    void requireNoArgumentAcceptsBareAndOptionSpecsAndNamesTheComponentOtherwise() {
        ComponentSpec.parse("riemannian").requireNoArgument();
        ComponentSpec.parse("diffusion,max-steps=10").requireNoArgument();
        UsageException e = assertThrows(UsageException.class,
                () -> ComponentSpec.parse("riemannian:fast,x=1").requireNoArgument());
        assertEquals("'riemannian' takes no argument, but the spec 'riemannian:fast,x=1' gives it ':fast'",
                e.getMessage());
        // "ID:" has an empty argument: still an argument the component does not take
        assertThrows(UsageException.class, () -> ComponentSpec.parse("l2:").requireNoArgument());
    }
}
