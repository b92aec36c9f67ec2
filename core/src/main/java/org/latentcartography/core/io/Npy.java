package org.latentcartography.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.latentcartography.core.CartographyException;

/**
 * Reads and writes NumPy's NPY format (versions 1.0, 2.0 and 3.0).
 *
 * <p>Reading accepts float32, float64, int8/16/32/64 and uint8/16/32, little- and big-endian, C
 * and Fortran order, and returns doubles in C order. Writing produces version 1.0, little-endian,
 * C order, through {@link AtomicFiles} so that a failed write leaves nothing under the final name.
 *
 * <p>Stability: stable. All methods are static and thread-safe.
 */
public final class Npy {
    /** The largest NPY file {@link #read} accepts: one Java byte array. */
    public static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /**
     * Reads an NPY file.
     *
     * @param path the file, never null
     * @return its shape and values
     * @throws CartographyException naming the file when it is missing, unreadable or not valid NPY
     */
    public static NpyArray read(Path path) {
        byte[] bytes;
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            // a folder, a FIFO or a device: reading it would fail late or block for ever
            throw new CartographyException(path + ": not a regular file");
        }
        try {
            long size = Files.size(path);
            if (size > MAX_FILE_BYTES) {
                throw new CartographyException(path + ": " + size + " bytes; NPY files larger than " + MAX_FILE_BYTES
                        + " bytes (2 GB) cannot be read (the reader holds a file in one Java array); "
                        + "store fewer points or split the file");
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new CartographyException(path + ": no such file");
        } catch (IOException e) {
            throw new CartographyException(path + ": cannot read (" + e.getMessage() + ")", e);
        }
        return parse(bytes, path.toString());
    }

    /**
     * Parses NPY bytes.
     *
     * @param bytes the file's bytes, never null
     * @param name the name to use in messages
     * @return the array
     * @throws CartographyException when the bytes are not valid NPY
     */
    public static NpyArray parse(byte[] bytes, String name) {
        if (bytes.length < 10) {
            throw new CartographyException(name + ": not an NPY file (only " + bytes.length + " bytes)");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw new CartographyException(name + ": not an NPY file (bad magic number)");
            }
        }
        int major = bytes[6] & 0xff;
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen;
        int headerStart;
        if (major == 1) {
            headerLen = bb.getShort(8) & 0xffff;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new CartographyException(name + ": truncated NPY header");
            }
            headerLen = bb.getInt(8) & 0xffffffffL;
            headerStart = 12;
        } else {
            throw new CartographyException(name + ": unsupported NPY version " + major);
        }
        if (headerStart + headerLen > bytes.length) {
            throw new CartographyException(name + ": truncated NPY header");
        }
        String header = new String(bytes, headerStart, (int) headerLen,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) {
            throw new CartographyException(name + ": NPY header lacks descr, fortran_order or shape: " + header.strip());
        }
        String descr = d.group(1);
        boolean fortran = f.group(1).equals("True");
        int[] shape = parseShape(s.group(1), name);
        long count = 1;
        for (int n : shape) {
            count *= n;
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new CartographyException(name + ": array of " + count + " values is too large");
        }
        if (descr.length() < 3) {
            throw new CartographyException(name + ": unsupported dtype '" + descr + "'");
        }
        char order = descr.charAt(0);
        String kind = descr.substring(1);
        int width;
        switch (kind) {
            case "f4": case "i4": case "u4": width = 4; break;
            case "f8": case "i8": width = 8; break;
            case "i2": case "u2": width = 2; break;
            case "i1": case "u1": case "b1": width = 1; break;
            default:
                throw new CartographyException(name + ": unsupported dtype '" + descr
                        + "' (need float32, float64 or an integer type)");
        }
        ByteOrder bo;
        if (order == '<' || order == '|' || order == '=') {
            bo = ByteOrder.LITTLE_ENDIAN;
        } else if (order == '>') {
            bo = ByteOrder.BIG_ENDIAN;
        } else {
            throw new CartographyException(name + ": unsupported byte order in dtype '" + descr + "'");
        }
        int dataStart = (int) (headerStart + headerLen);
        long need = count * width;
        if (bytes.length - dataStart < need) {
            throw new CartographyException(name + ": truncated NPY data (" + (bytes.length - dataStart)
                    + " bytes for " + count + " values of " + width + " bytes)");
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, (int) need).slice().order(bo);
        double[] values = new double[(int) count];
        for (int i = 0; i < values.length; i++) {
            int p = i * width;
            switch (kind) {
                case "f4": values[i] = data.getFloat(p); break;
                case "f8": values[i] = data.getDouble(p); break;
                case "i4": values[i] = data.getInt(p); break;
                case "u4": values[i] = data.getInt(p) & 0xffffffffL; break;
                case "i8": values[i] = data.getLong(p); break;
                case "i2": values[i] = data.getShort(p); break;
                case "u2": values[i] = data.getShort(p) & 0xffff; break;
                case "i1": values[i] = data.get(p); break;
                default: values[i] = data.get(p) & 0xff; break;
            }
        }
        if (fortran && shape.length > 1) {
            values = fortranToC(values, shape);
        }
        return new NpyArray(shape, values, descr);
    }

    private static int[] parseShape(String text, String name) {
        List<Integer> dims = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            if (p.endsWith("L")) {
                p = p.substring(0, p.length() - 1);
            }
            try {
                long v = Long.parseLong(p);
                if (v < 0 || v > Integer.MAX_VALUE) {
                    throw new NumberFormatException();
                }
                dims.add((int) v);
            } catch (NumberFormatException e) {
                throw new CartographyException(name + ": bad NPY shape (" + text + ")");
            }
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    private static double[] fortranToC(double[] f, int[] shape) {
        int rank = shape.length;
        double[] c = new double[f.length];
        int[] idx = new int[rank];
        int[] fStride = new int[rank];
        fStride[0] = 1;
        for (int k = 1; k < rank; k++) {
            fStride[k] = fStride[k - 1] * shape[k - 1];
        }
        for (int i = 0; i < c.length; i++) {
            int fi = 0;
            for (int k = 0; k < rank; k++) {
                fi += idx[k] * fStride[k];
            }
            c[i] = f[fi];
            for (int k = rank - 1; k >= 0; k--) {
                if (++idx[k] < shape[k]) {
                    break;
                }
                idx[k] = 0;
            }
        }
        return c;
    }

    /**
     * Writes float64 values, little-endian, C order, atomically.
     *
     * @param path the file, never null
     * @param shape the shape; its product must equal {@code data.length}
     * @param data the values in C order
     */
    public static void writeFloat64(Path path, int[] shape, double[] data) {
        check(shape, data.length);
        AtomicFiles.write(path, out -> {
            writeHeader(out, "<f8", shape);
            ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (double v : data) {
                if (!buf.hasRemaining()) {
                    out.write(buf.array(), 0, buf.position());
                    buf.clear();
                }
                buf.putDouble(v);
            }
            out.write(buf.array(), 0, buf.position());
        });
    }

    /**
     * Writes int64 values, little-endian, C order, atomically.
     *
     * @param path the file
     * @param shape the shape; its product must equal {@code data.length}
     * @param data the values
     */
    public static void writeInt64(Path path, int[] shape, long[] data) {
        check(shape, data.length);
        AtomicFiles.write(path, out -> {
            writeHeader(out, "<i8", shape);
            ByteBuffer buf = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
            for (long v : data) {
                buf.putLong(v);
            }
            out.write(buf.array());
        });
    }

    private static void check(int[] shape, int length) {
        long n = 1;
        for (int s : shape) {
            n *= s;
        }
        if (n != length) {
            throw new IllegalArgumentException("shape holds " + n + " values, data has " + length);
        }
    }

    private static void writeHeader(OutputStream out, String descr, int[] shape) throws IOException {
        StringBuilder sb = new StringBuilder("{'descr': '").append(descr).append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            sb.append(shape[i]).append(shape.length == 1 ? "," : (i + 1 < shape.length ? ", " : ""));
        }
        sb.append("), }");
        int total = 10 + sb.length() + 1;
        int pad = (64 - total % 64) % 64;
        sb.append(" ".repeat(pad)).append('\n');
        byte[] header = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        out.write(MAGIC);
        out.write(1);
        out.write(0);
        out.write(header.length & 0xff);
        out.write((header.length >> 8) & 0xff);
        out.write(header);
    }
}
