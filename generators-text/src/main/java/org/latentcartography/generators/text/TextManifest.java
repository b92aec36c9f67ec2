package org.latentcartography.generators.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.io.Json;

/**
 * A text decoder's model folder, as described by its {@code manifest.json} (format
 * {@code latent-cartography-text-decoder/1}):
 *
 * <pre>
 * {"format": "latent-cartography-text-decoder/1", "kind": "step" | "prefix",
 *  "latent_dimension": 2, "max_length": 20, "vocabulary": "vocab.txt",
 *  "special": {"pad": 0, "bos": 1, "eos": 2, "unk": 3},
 *  "init":   {"model": "init.onnx", "latent": "z", "state": ["state"]},            (optional)
 *  "step":   {"model": "step.onnx", "latent": "z", "token": "token", "state_in": ["state"],
 *             "logits": "logits", "probabilities": "probs", "state_out": ["next_state"]},
 *  "prefix": {"model": "prefix.onnx", "latent": "z", "tokens": "tokens",
 *             "logits": "logits", "probabilities": "probs"}}
 * </pre>
 *
 * A step model maps (z [B, D_z] float32, previous token [B] int64, state tensors [B, ...]) to the
 * next token's logits [B, V] and the next states; an optional init model maps z to the initial
 * states (zeros without one). A prefix model maps (z, tokens so far [B, L] int64, starting with
 * bos) to logits [B, L, V] for every position. {@code probabilities} (softmax of the logits) is
 * optional; when named it is used and no softmax is computed in Java. The vocabulary file holds
 * one token per line, the line number (from 0) being the token id.
 */
final class TextManifest {
    static final String FORMAT = "latent-cartography-text-decoder/1";

    record Init(Path model, String latent, List<String> states) {
    }

    record Step(Path model, String latent, String token, List<String> statesIn, String logits,
                String probabilities, List<String> statesOut) {
    }

    record Prefix(Path model, String latent, String tokens, String logits, String probabilities) {
    }

    final Path dir;
    final String name;
    final String kind;
    final int latentDimension;
    final int maxLength;
    final List<String> vocabulary;
    final int pad;
    final int bos;
    final int eos;
    final int unk;
    final Init init;
    final Step step;
    final Prefix prefix;

    private TextManifest(Path dir) {
        this.dir = dir;
        Path file = dir.resolve("manifest.json");
        this.name = file.toString();
        if (!Files.isDirectory(dir)) {
            throw new CartographyException(dir + ": no such model folder (a text decoder is a folder with manifest.json)");
        }
        if (!Files.isRegularFile(file)) {
            throw new CartographyException(dir + ": has no manifest.json");
        }
        if (!(Json.read(file) instanceof Map<?, ?> m)) {
            throw new CartographyException(name + ": is not a JSON object");
        }
        Object format = m.get("format");
        if (format != null && !FORMAT.equals(format)) {
            throw new CartographyException(name + ": format '" + format + "' is not " + FORMAT);
        }
        this.kind = string(m, "kind", name);
        if (!kind.equals("step") && !kind.equals("prefix")) {
            throw new CartographyException(name + ": kind '" + kind + "' is neither step nor prefix");
        }
        this.latentDimension = positive(m, "latent_dimension", name);
        this.maxLength = positive(m, "max_length", name);
        this.vocabulary = readVocabulary(file(dir, string(m, "vocabulary", name), name + ": 'vocabulary'"));
        Map<?, ?> special = object(m, "special", name, true);
        String sp = name + " special";
        this.pad = special.containsKey("pad") ? tokenId(special, "pad", sp) : -1;
        this.bos = tokenId(special, "bos", sp);
        this.eos = tokenId(special, "eos", sp);
        this.unk = special.containsKey("unk") ? tokenId(special, "unk", sp) : -1;
        Map<?, ?> i = object(m, "init", name, false);
        Map<?, ?> s = object(m, "step", name, false);
        Map<?, ?> p = object(m, "prefix", name, false);
        String in = name + " init";
        String st = name + " step";
        String pr = name + " prefix";
        this.init = i == null ? null : new Init(model(i, in), string(i, "latent", in), strings(i, "state", in));
        this.step = s == null ? null : new Step(model(s, st), string(s, "latent", st), string(s, "token", st),
                strings(s, "state_in", st), string(s, "logits", st), optional(s, "probabilities", st),
                strings(s, "state_out", st));
        this.prefix = p == null ? null : new Prefix(model(p, pr), string(p, "latent", pr), string(p, "tokens", pr),
                string(p, "logits", pr), optional(p, "probabilities", pr));
        if (step != null && step.statesIn.size() != step.statesOut.size()) {
            throw new CartographyException(st + ": state_in names " + step.statesIn.size() + " tensors but state_out "
                    + step.statesOut.size());
        }
        if (init != null && step != null && init.states.size() != step.statesIn.size()) {
            throw new CartographyException(in + ": names " + init.states.size() + " states but the step model takes "
                    + step.statesIn.size());
        }
        if (kind.equals("step") && step == null) {
            throw new CartographyException(name + ": kind is step but there is no 'step' section");
        }
        if (kind.equals("prefix") && prefix == null) {
            throw new CartographyException(name + ": kind is prefix but there is no 'prefix' section");
        }
    }

    static TextManifest read(Path dir) {
        return new TextManifest(dir);
    }

    int vocabularySize() {
        return vocabulary.size();
    }

    private int tokenId(Map<?, ?> m, String key, String where) {
        Object v = m.get(key);
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new CartographyException(where + ": '" + key + "' is missing or not an integer token id");
        }
        double id = n.doubleValue();
        if (id < 0 || id >= vocabulary.size()) {
            throw new CartographyException(where + ": " + key + " = " + (long) id + " is outside the vocabulary (ids 0.."
                    + (vocabulary.size() - 1) + ")");
        }
        return (int) id;
    }

    private Path model(Map<?, ?> m, String where) {
        Path p = file(dir, string(m, "model", where), where + ": 'model'");
        if (!Files.isRegularFile(p)) {
            throw new CartographyException(where + ": model file " + p + " does not exist");
        }
        return p;
    }

    /**
     * Resolves a file name of the manifest inside the model folder: a relative path that stays in
     * the folder, also once symbolic links are resolved (a manifest names files of its model, never
     * others of the machine).
     */
    private static Path file(Path dir, String name, String what) {
        Path rel;
        try {
            rel = Path.of(name);
        } catch (java.nio.file.InvalidPathException e) {
            throw new CartographyException(what + " is not a valid file name (" + e.getReason() + ")");
        }
        if (name.isEmpty() || rel.isAbsolute() || rel.getRoot() != null) {
            throw new CartographyException(what + " '" + name + "' must be a path relative to the model folder " + dir);
        }
        for (Path part : rel) {
            if (part.toString().equals("..")) {
                throw new CartographyException(what + " '" + name + "' leads out of the model folder " + dir
                        + " (no '..' allowed)");
            }
        }
        Path p = dir.resolve(rel);
        if (Files.exists(p)) {
            try {
                Path real = p.toRealPath();
                Path home = dir.toRealPath();
                if (!real.startsWith(home)) {
                    throw new CartographyException(what + " '" + name + "' is a link to " + real
                            + ", outside the model folder " + home);
                }
            } catch (java.io.IOException e) {
                throw new CartographyException(what + " '" + name + "': cannot resolve (" + e.getMessage() + ")", e);
            }
        }
        return p;
    }

    private static List<String> readVocabulary(Path file) {
        List<String> lines;
        try {
            lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CartographyException(file + ": no such vocabulary file");
        } catch (IOException e) {
            throw new CartographyException(file + ": cannot read the vocabulary (" + e.getMessage() + ")", e);
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        if (lines.isEmpty()) {
            throw new CartographyException(file + ": the vocabulary is empty");
        }
        return List.copyOf(lines);
    }

    private static Map<?, ?> object(Map<?, ?> m, String key, String where, boolean required) {
        Object v = m.get(key);
        if (v == null && !required) {
            return null;
        }
        if (!(v instanceof Map<?, ?> o)) {
            throw new CartographyException(where + ": '" + key + "' is missing or not an object");
        }
        return o;
    }

    private static String string(Map<?, ?> m, String key, String where) {
        Object v = m.get(key);
        if (!(v instanceof String s) || s.isEmpty()) {
            throw new CartographyException(where + ": '" + key + "' is missing or not a string");
        }
        return s;
    }

    private static String optional(Map<?, ?> m, String key, String where) {
        return m.get(key) == null ? null : string(m, key, where);
    }

    private static List<String> strings(Map<?, ?> m, String key, String where) {
        Object v = m.get(key);
        if (!(v instanceof List<?> list) || list.stream().anyMatch(x -> !(x instanceof String))) {
            throw new CartographyException(where + ": '" + key + "' is missing or not a list of names");
        }
        return list.stream().map(String.class::cast).toList();
    }

    private static int positive(Map<?, ?> m, String key, String where) {
        Object v = m.get(key);
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new CartographyException(where + ": '" + key + "' is missing or not a whole number");
        }
        if (n.doubleValue() < 1 || n.doubleValue() > 1_000_000) {
            throw new CartographyException(where + ": '" + key + "' is " + v + "; it must be from 1 to 1000000");
        }
        return n.intValue();
    }
}
