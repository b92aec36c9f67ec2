package org.latentcartography.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A generator as a user names it: one {@link ComponentSpec}, or a chain {@code A>B>...} in which
 * each generator's output is the next one's latent input (paper sec. 4.2: a compression VAE's
 * decoder feeding a text decoder), e.g.
 * {@code onnx:compress/decoder.onnx,output=z32>text:models/text/fortunes-32d}. Parsed once, here;
 * everything else works on the parts.
 *
 * <p>Stability: stable. Immutable and thread-safe.
 *
 * @param parts the generators in the order the latent point flows through them; at least one
 */
public record GeneratorChain(List<ComponentSpec> parts) {
    /** The separator between the parts of a chain. */
    public static final String SEPARATOR = ">";

    /**
     * @param parts at least one spec, none null
     * @throws UsageException when there is no part
     */
    public GeneratorChain {
        parts = List.copyOf(parts);
        if (parts.isEmpty()) {
            throw new UsageException("a generator chain needs at least one generator");
        }
    }

    /**
     * Parses {@code SPEC} or {@code SPEC>SPEC>...}.
     *
     * @param text the chain, never null
     * @return the chain
     * @throws UsageException when a part is empty or not a valid spec
     */
    public static GeneratorChain parse(String text) {
        Objects.requireNonNull(text, "text");
        List<ComponentSpec> parts = new ArrayList<>();
        for (String part : text.split(SEPARATOR, -1)) {
            if (part.isBlank()) {
                throw new UsageException("generator chain '" + text + "' has an empty part; write A>B");
            }
            parts.add(ComponentSpec.parse(part));
        }
        return new GeneratorChain(parts);
    }

    /**
     * @param spec a single generator
     * @return the chain of that one generator
     */
    public static GeneratorChain of(ComponentSpec spec) {
        return new GeneratorChain(List.of(spec));
    }

    /**
     * @param f applied to every part, never null
     * @return the chain with every part replaced by {@code f(part)} (e.g. model paths rewritten to
     *     where a cluster engine put the files)
     */
    public GeneratorChain map(UnaryOperator<ComponentSpec> f) {
        return new GeneratorChain(parts.stream().map(f).collect(Collectors.toList()));
    }

    /** @return true for a chain of more than one generator */
    public boolean isComposed() {
        return parts.size() > 1;
    }

    /** @return the chain as it parses back: the parts joined by {@code >} */
    @Override
    public String toString() {
        return parts.stream().map(ComponentSpec::toString).collect(Collectors.joining(SEPARATOR));
    }
}
