package org.latentcartography.generators.text;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.spi.ComponentContext;
import org.latentcartography.core.spi.Generator;
import org.latentcartography.core.spi.GeneratorProvider;

/**
 * Provides {@code text:DIR}: an autoregressive text decoder from a model folder (see
 * {@link TextManifest}). Options: {@code decoder=step|prefix} (default: the manifest's kind),
 * {@code decode=greedy|sample}, {@code temperature=} and {@code top-k=} (sampling),
 * {@code block-unk=true|false}, {@code after-eos=stop|eos}, {@code max-length=},
 * {@code batch=}, {@code threads=} (intra-op threads per session).
 */
public final class TextGeneratorProvider implements GeneratorProvider {
    static final List<String> OPTIONS = List.of("decoder", "decode", "temperature", "top-k", "block-unk",
            "after-eos", "max-length", "batch", "threads");

    @Override
    public String id() {
        return "text";
    }

    @Override
    public String description() {
        return "autoregressive text decoder (ONNX step or prefix model + vocabulary) -> average word distribution; "
                + "options decoder=, decode=greedy|sample, temperature=, top-k=, block-unk=, after-eos=stop|eos, "
                + "max-length=, batch=, threads=";
    }

    @Override
    public Generator open(ComponentSpec spec, ComponentContext context) {
        spec.requireOnly(OPTIONS);
        Path dir = Path.of(spec.requireArgument("model folder"));
        TextManifest m = TextManifest.read(dir);
        String decoder = choice(spec, "decoder", m.kind, "step", "prefix");
        if (decoder.equals("step") && m.step == null) {
            throw new UsageException("text: " + dir + " has no step model; use decoder=prefix");
        }
        if (decoder.equals("prefix") && m.prefix == null) {
            throw new UsageException("text: " + dir + " has no prefix model; use decoder=step");
        }
        TextGenerator.Decode decode = choice(spec, "decode", "greedy", "greedy", "sample").equals("greedy")
                ? TextGenerator.Decode.GREEDY : TextGenerator.Decode.SAMPLE;
        if (decode == TextGenerator.Decode.GREEDY
                && (spec.options().containsKey("temperature") || spec.options().containsKey("top-k"))) {
            throw new UsageException("text: temperature= and top-k= apply to decode=sample only");
        }
        double temperature = spec.number("temperature", 1.0);
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new UsageException("text: temperature=" + spec.string("temperature", "") + " must be positive");
        }
        int topK = spec.integer("top-k", 0);
        if (topK < 0) {
            throw new UsageException("text: top-k=" + topK + " must be 0 (all words) or positive");
        }
        boolean blockUnk = choice(spec, "block-unk", "false", "true", "false").equals("true");
        if (blockUnk && m.unk < 0) {
            throw new UsageException("text: block-unk=true but " + dir + "/manifest.json names no unk token");
        }
        boolean pad = choice(spec, "after-eos", "stop", "stop", "eos").equals("eos");
        int maxLength = spec.integer("max-length", m.maxLength);
        int batch = spec.integer("batch", 256);
        int threads = spec.integer("threads", 1);
        if (maxLength < 1 || maxLength > 10_000) {
            throw new UsageException("text: max-length=" + maxLength + " must be between 1 and 10000");
        }
        if (batch < 1 || threads < 1) {
            throw new UsageException("text: batch= and threads= must be at least 1");
        }
        return new TextGenerator(m, decoder, decode, temperature, topK, blockUnk, pad, maxLength, batch, threads);
    }

    private static String choice(ComponentSpec spec, String key, String fallback, String... allowed) {
        String v = spec.string(key, fallback).toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw new UsageException("text: " + key + "=" + spec.string(key, fallback) + " is not one of "
                + String.join(", ", allowed));
    }
    /** The model folder (manifest, vocabulary, step models). */
    @Override
    public List<Path> files(ComponentSpec spec) {
        return spec.argument() == null || spec.argument().isBlank() ? List.of() : List.of(Path.of(spec.argument()));
    }

}
