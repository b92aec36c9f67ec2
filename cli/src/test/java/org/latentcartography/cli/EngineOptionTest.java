package org.latentcartography.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.UsageException;

/** {@code --engine spark} without the opt-in module: one line naming the build, a usage error. */
class EngineOptionTest {
    @Test
    void sparkWithoutTheModuleIsAUsageErrorNamingTheBuild() {
        UsageException e = assertThrows(UsageException.class, () -> MeasureCommand.engine(ComponentSpec.parse("spark")));
        assertTrue(e.getMessage().contains("mvn -Pspark -DskipTests package"), e.getMessage());
        assertEquals(-1, e.getMessage().indexOf('\n'));
        UsageException other = assertThrows(UsageException.class,
                () -> MeasureCommand.engine(ComponentSpec.parse("flink")));
        assertTrue(other.getMessage().contains("known: local, spark"), other.getMessage());
    }
}
