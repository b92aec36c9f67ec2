package org.latentcartography.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.latentcartography.core.CartographyException;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void roundTrip() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lower", new double[] {-1.5, 2});
        m.put("shape", new int[] {800, 800});
        m.put("name", "a \"quoted\"\nname");
        m.put("ok", true);
        m.put("none", null);
        m.put("nested", List.of(Map.of("x", 1L)));
        Object back = Json.parse(Json.write(m), "t");
        Map<?, ?> b = (Map<?, ?>) back;
        assertEquals(List.of(-1.5, 2.0), b.get("lower"));
        assertEquals(List.of(800L, 800L), b.get("shape"));
        assertEquals("a \"quoted\"\nname", b.get("name"));
        assertEquals(true, b.get("ok"));
        assertTrue(b.containsKey("none") && b.get("none") == null);
        assertEquals(1L, ((Map<?, ?>) ((List<?>) b.get("nested")).get(0)).get("x"));
    }

    @Test
    void errorsNameTheFileAndPlace() {
        CartographyException e = assertThrows(CartographyException.class, () -> Json.parse("{\"a\": [1, 2,, 3]}", "grid.json"));
        assertTrue(e.getMessage().startsWith("grid.json: invalid JSON at character"), e.getMessage());
        assertThrows(CartographyException.class, () -> Json.parse("{} extra", "x"));
    }

    @Test
    void deepNestingIsRefusedInOneLine() {
        CartographyException e = assertThrows(CartographyException.class,
                () -> Json.parse("[".repeat(100_000) + "]".repeat(100_000), "deep.json"));
        assertTrue(e.getMessage().startsWith("deep.json: invalid JSON at character 512: nested deeper than 512 levels"),
                e.getMessage());
        Object ok = Json.parse("[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH), "ok.json");
        assertTrue(ok instanceof java.util.List);
    }
}
