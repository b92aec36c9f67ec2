package org.latentcartography.cli;

import java.util.function.Consumer;
import picocli.CommandLine;

/**
 * Options of command models built in code (see {@link Main#commandLine}): what an {@code @Option}
 * annotation on a field declares, with a setter that stores the converted value.
 */
final class Options {
    private Options() {
    }

    /**
     * An option that takes a value.
     *
     * @param name the option's name
     * @param label the value's label in the help
     * @param type the value's type (picocli converts the text to it)
     * @param defaultValue the default's text, or null for none
     * @param description the help text (may hold {@code ${DEFAULT-VALUE}})
     * @param setter stores a converted value
     * @return the option's builder, to finish with {@code build()}
     */
    static CommandLine.Model.OptionSpec.Builder of(String name, String label, Class<?> type, String defaultValue,
                                                   String description, Consumer<Object> setter) {
        CommandLine.Model.OptionSpec.Builder b = CommandLine.Model.OptionSpec.builder(name).paramLabel(label).type(type)
                .description(description).setter(new Setter(setter));
        // a primitive field starts at zero, as an annotated field's initial value (never null)
        if (type == double.class) {
            b.initialValue(0.0);
        } else if (type == int.class) {
            b.initialValue(0);
        } else if (type.isPrimitive()) {
            throw new IllegalArgumentException(name + ": no initial value for " + type);
        }
        return defaultValue == null ? b : b.defaultValue(defaultValue);
    }

    /**
     * A flag (no value): false unless given.
     *
     * @param name the option's name
     * @param description the help text
     * @param setter stores the value
     * @return the option's builder, to finish with {@code build()}
     */
    static CommandLine.Model.OptionSpec.Builder flag(String name, String description, Consumer<Boolean> setter) {
        return CommandLine.Model.OptionSpec.builder(name).arity("0").type(boolean.class).initialValue(Boolean.FALSE)
                .description(description).setter(new Setter(v -> setter.accept((Boolean) v)));
    }

    /*
     * A named class, not a lambda: a lambda of a picocli interface makes the class-data sharing dump
     * link picocli's classes, which the JVM then leaves out of the archive (see Main).
     */

    /** Stores a value through a consumer; returns null as the previous value (picocli does not use it). */
    private static final class Setter implements CommandLine.Model.ISetter {
        private final Consumer<Object> setter;

        Setter(Consumer<Object> setter) {
            this.setter = setter;
        }

        @Override
        public <T> T set(T value) {
            setter.accept(value);
            return null;
        }
    }
}
