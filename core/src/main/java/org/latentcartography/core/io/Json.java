package org.latentcartography.core.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.latentcartography.core.CartographyException;

/**
 * A small JSON reader and writer for the toolkit's own files (grid.json, report.json, model
 * manifests). Objects become {@link LinkedHashMap}s, arrays {@link List}s, numbers {@link Double}s
 * (or {@link Long}s when integral and written without fraction or exponent), plus String, Boolean
 * and null.
 *
 * <p>Stability: stable. Thread-safe (stateless).
 */
public final class Json {
    private final String text;
    private final String name;
    private int pos;
    private int depth;

    /** The deepest nesting of arrays and objects read; deeper text is refused (it would exhaust the stack). */
    public static final int MAX_DEPTH = 512;

    private Json(String text, String name) {
        this.text = text;
        this.name = name;
    }

    /**
     * @param path a JSON file
     * @return the parsed value
     * @throws CartographyException naming the file when it is missing or not valid JSON
     */
    public static Object read(Path path) {
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            // a folder, a FIFO or a device: reading it would fail late or block for ever
            throw new CartographyException(path + ": not a regular file");
        }
        try {
            return parse(Files.readString(path), path.toString());
        } catch (NoSuchFileException e) {
            throw new CartographyException(path + ": no such file");
        } catch (IOException e) {
            throw new CartographyException(path + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * @param text JSON text
     * @param name name for messages
     * @return the parsed value
     */
    public static Object parse(String text, String name) {
        Json p = new Json(text, name);
        p.skip();
        Object v = p.value();
        p.skip();
        if (p.pos != text.length()) {
            throw p.error("unexpected text after the value");
        }
        return v;
    }

    private CartographyException error(String what) {
        return new CartographyException(name + ": invalid JSON at character " + pos + ": " + what);
    }

    private void skip() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private Object value() {
        if (pos >= text.length()) {
            throw error("unexpected end");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{': return nested(true);
            case '[': return nested(false);
            case '"': return string();
            case 't': return literal("true", Boolean.TRUE);
            case 'f': return literal("false", Boolean.FALSE);
            case 'n': return literal("null", null);
            default: return number();
        }
    }

    private Object literal(String word, Object v) {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected character '" + text.charAt(pos) + "'");
        }
        pos += word.length();
        return v;
    }

    private Object nested(boolean object) {
        if (++depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
        Object v = object ? object() : array();
        depth--;
        return v;
    }

    private Map<String, Object> object() {
        Map<String, Object> m = new LinkedHashMap<>();
        pos++;
        skip();
        if (pos < text.length() && text.charAt(pos) == '}') {
            pos++;
            return m;
        }
        while (true) {
            skip();
            if (pos >= text.length() || text.charAt(pos) != '"') {
                throw error("expected a string key");
            }
            String key = string();
            skip();
            if (pos >= text.length() || text.charAt(pos) != ':') {
                throw error("expected ':'");
            }
            pos++;
            skip();
            m.put(key, value());
            skip();
            if (pos >= text.length()) {
                throw error("unexpected end in object");
            }
            char c = text.charAt(pos++);
            if (c == '}') {
                return m;
            }
            if (c != ',') {
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> array() {
        List<Object> l = new ArrayList<>();
        pos++;
        skip();
        if (pos < text.length() && text.charAt(pos) == ']') {
            pos++;
            return l;
        }
        while (true) {
            skip();
            l.add(value());
            skip();
            if (pos >= text.length()) {
                throw error("unexpected end in array");
            }
            char c = text.charAt(pos++);
            if (c == ']') {
                return l;
            }
            if (c != ',') {
                throw error("expected ',' or ']'");
            }
        }
    }

    private String string() {
        StringBuilder sb = new StringBuilder();
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                if (pos >= text.length()) {
                    break;
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case 'n': sb.append('\n'); break;
                    case 't': sb.append('\t'); break;
                    case 'r': sb.append('\r'); break;
                    case 'b': sb.append('\b'); break;
                    case 'f': sb.append('\f'); break;
                    case 'u':
                        if (pos + 4 > text.length()) {
                            throw error("bad unicode escape");
                        }
                        try {
                            sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException bad) {
                            throw error("bad unicode escape");
                        }
                        pos += 4;
                        break;
                    default: sb.append(e);
                }
            } else {
                sb.append(c);
            }
        }
        throw error("unterminated string");
    }

    private Object number() {
        int start = pos;
        while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        String s = text.substring(start, pos);
        if (s.isEmpty()) {
            throw error("unexpected character '" + text.charAt(start) + "'");
        }
        try {
            if (s.indexOf('.') < 0 && s.indexOf('e') < 0 && s.indexOf('E') < 0) {
                return Long.parseLong(s);
            }
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            pos = start;
            throw error("bad number '" + s + "'");
        }
    }

    /**
     * Writes a value as indented JSON. Maps, iterables, arrays of primitives, numbers, strings,
     * booleans and null are supported; non-finite doubles become null.
     *
     * @param value the value
     * @return JSON text ending in a newline
     */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        return sb.append('\n').toString();
    }

    private static void write(StringBuilder sb, Object v, int indent) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            quote(sb, s);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            sb.append(Double.isFinite(d) ? formatDouble(d) : "null");
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append("{\n");
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append("  ".repeat(indent + 1));
                quote(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                write(sb, e.getValue(), indent + 1);
                sb.append(++i < m.size() ? ",\n" : "\n");
            }
            sb.append("  ".repeat(indent)).append('}');
        } else if (v instanceof double[] a) {
            sb.append('[');
            for (int i = 0; i < a.length; i++) {
                sb.append(i == 0 ? "" : ", ");
                write(sb, a[i], indent);
            }
            sb.append(']');
        } else if (v instanceof int[] a) {
            sb.append('[');
            for (int i = 0; i < a.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(a[i]);
            }
            sb.append(']');
        } else if (v instanceof long[] a) {
            sb.append('[');
            for (int i = 0; i < a.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(a[i]);
            }
            sb.append(']');
        } else if (v instanceof Iterable<?> it) {
            List<Object> items = new ArrayList<>();
            it.forEach(items::add);
            boolean flat = items.stream().allMatch(x -> x == null || x instanceof Number || x instanceof String
                    || x instanceof Boolean);
            sb.append('[');
            for (int i = 0; i < items.size(); i++) {
                if (flat) {
                    sb.append(i == 0 ? "" : ", ");
                } else {
                    sb.append(i == 0 ? "\n" : ",\n").append("  ".repeat(indent + 1));
                }
                write(sb, items.get(i), indent + 1);
            }
            if (!flat && !items.isEmpty()) {
                sb.append('\n').append("  ".repeat(indent));
            }
            sb.append(']');
        } else {
            quote(sb, v.toString());
        }
    }

    private static String formatDouble(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return String.format(Locale.ROOT, "%.1f", d);
        }
        return Double.toString(d);
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }

    /**
     * Reads a numeric array member of a JSON object.
     *
     * @param object the object
     * @param key the member
     * @param name the file name for messages
     * @return the values
     * @throws CartographyException when missing or not an array of numbers
     */
    public static double[] numbers(Map<?, ?> object, String key, String name) {
        Object v = object.get(key);
        if (!(v instanceof List<?> list)) {
            throw new CartographyException(name + ": '" + key + "' is missing or not an array");
        }
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Number n)) {
                throw new CartographyException(name + ": '" + key + "' holds a non-number");
            }
            out[i] = n.doubleValue();
        }
        return out;
    }
}
