package org.latentcartography.core;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A component as named on the command line: {@code ID}, or {@code ID:ARG}, followed by
 * {@code ,key=value} options, e.g. {@code onnx:models/vae.onnx,output=h1}.
 *
 * <p>The argument runs from the first colon to the first comma, so it cannot itself hold a comma.
 * An option's value may hold commas: a part without '=' continues the previous option's value
 * ({@code classifier,classes=3,5} gives {@code classes} the value {@code 3,5}). Options are kept
 * in the order given; a key given twice is an error. Providers read options with
 * the typed getters, and call {@link #requireOnly} so that a misspelt option is reported instead
 * of being silently ignored.
 *
 * <p>Stability: stable. Immutable and thread-safe.
 */
public final class ComponentSpec {
    private final String id;
    private final String argument;
    private final Map<String, String> options;

    /**
     * @param id the provider id, never null or blank
     * @param argument the argument after the colon, or null when there is none
     * @param options the options, never null
     */
    public ComponentSpec(String id, String argument, Map<String, String> options) {
        if (id == null || id.isBlank()) {
            throw new UsageException("component spec has an empty id");
        }
        this.id = id;
        this.argument = argument;
        this.options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /**
     * Parses {@code ID[:ARG][,key=value]...}.
     *
     * @param text the spec, never null
     * @return the parsed spec
     * @throws UsageException when the text is empty, an option lacks '=', or a key repeats
     */
    public static ComponentSpec parse(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new UsageException("empty component spec");
        }
        String[] parts = trimmed.split(",", -1);
        String head = parts[0];
        int colon = head.indexOf(':');
        String id = colon < 0 ? head : head.substring(0, colon);
        String arg = colon < 0 ? null : head.substring(colon + 1);
        if (id.isBlank()) {
            throw new UsageException("component spec '" + text + "' has an empty id");
        }
        Map<String, String> options = new LinkedHashMap<>();
        String last = null;
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            int eq = part.indexOf('=');
            if (eq < 0 && last != null && !part.isBlank()) {
                options.put(last, options.get(last) + "," + part.strip());
                continue;
            }
            if (eq <= 0) {
                throw new UsageException("component spec '" + text + "': option '" + part
                        + "' is not of the form key=value");
            }
            String key = part.substring(0, eq).strip();
            if (options.put(key, part.substring(eq + 1).strip()) != null) {
                throw new UsageException("component spec '" + text + "': option '" + key + "' is given twice");
            }
            last = key;
        }
        return new ComponentSpec(id.strip(), arg == null ? null : arg.strip(), options);
    }

    /** @return the provider id, never null */
    public String id() {
        return id;
    }

    /** @return the argument after the colon, or null */
    public String argument() {
        return argument;
    }

    /**
     * @param what what the argument is, for the message (e.g. "model path")
     * @return the argument, never null
     * @throws UsageException when the spec has no argument
     */
    public String requireArgument(String what) {
        if (argument == null || argument.isEmpty()) {
            throw new UsageException("'" + id + "' needs a " + what + ": write " + id + ":" + what.replace(' ', '-'));
        }
        return argument;
    }

    /**
     * Checks that the spec has no argument, for components that take none: {@code ID} and
     * {@code ID,key=value} pass, {@code ID:ARG} (and {@code ID:}) does not.
     *
     * @throws UsageException naming the component and the argument it was given
     */
    public void requireNoArgument() {
        if (argument != null) {
            throw new UsageException("'" + id + "' takes no argument, but the spec '" + this + "' gives it ':"
                    + argument + "'");
        }
    }

    /** @return the options in the order given, never null, unmodifiable */
    public Map<String, String> options() {
        return options;
    }

    /**
     * Checks that no option outside {@code allowed} was given.
     *
     * @param allowed the option keys the provider understands, never null
     * @throws UsageException naming the unknown option and the known ones
     */
    public void requireOnly(Collection<String> allowed) {
        for (String key : options.keySet()) {
            if (!allowed.contains(key)) {
                throw new UsageException("'" + id + "' has no option '" + key + "'"
                        + (allowed.isEmpty() ? " (it takes none)" : "; known: " + String.join(", ", new TreeSet<>(allowed))));
            }
        }
    }

    /**
     * @param key the option's key
     * @param fallback the value when the option is absent
     * @return the option's value, or {@code fallback} when absent
     */
    public String string(String key, String fallback) {
        return options.getOrDefault(key, fallback);
    }

    /**
     * @param key the option's key
     * @param fallback the value when the option is absent
     * @return the option parsed as an int, or {@code fallback} when absent
     * @throws UsageException when the value is not an integer
     */
    public int integer(String key, int fallback) {
        String v = options.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new UsageException("'" + id + "' option " + key + "=" + v + " is not an integer");
        }
    }

    /**
     * @param key the option's key
     * @param fallback the value when the option is absent
     * @return the option parsed as a double, or {@code fallback} when absent
     * @throws UsageException when the value is not a finite number
     */
    public double number(String key, double fallback) {
        String v = options.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException("'" + id + "' option " + key + "=" + v + " is not a finite number");
        }
    }

    /**
     * @param key the option's key
     * @param fallback the value when the option is absent
     * @return the option parsed as a boolean (true/false/yes/no/1/0, or empty for true), or
     *     {@code fallback}
     * @throws UsageException for any other value
     */
    public boolean flag(String key, boolean fallback) {
        String v = options.get(key);
        if (v == null) {
            return fallback;
        }
        switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "true": case "yes": case "1": case "":
                return true;
            case "false": case "no": case "0":
                return false;
            default:
                throw new UsageException("'" + id + "' option " + key + "=" + v + " is not true or false");
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(id);
        if (argument != null) {
            sb.append(':').append(argument);
        }
        options.forEach((k, v) -> sb.append(',').append(k).append('=').append(v));
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ComponentSpec && toString().equals(o.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
