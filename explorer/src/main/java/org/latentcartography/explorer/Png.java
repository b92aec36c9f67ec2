package org.latentcartography.explorer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** A minimal PNG encoder (8-bit grey), so the server needs no java.desktop. */
final class Png {
    private Png() {
    }

    /**
     * @param grey values in [0, 1] (clamped; NaN is black), row-major, {@code height * width}
     * @param width pixels per row
     * @param height rows
     * @return the PNG file's bytes
     */
    static byte[] grey(double[] grey, int width, int height) {
        byte[] raw = new byte[height * (width + 1)];
        for (int y = 0; y < height; y++) {
            int o = y * (width + 1);
            raw[o] = 0; // filter: none
            for (int x = 0; x < width; x++) {
                double v = grey[y * width + x];
                int b = v > 0 ? (int) Math.round(Math.min(1, v) * 255) : 0;
                raw[o + 1 + x] = (byte) b;
            }
        }
        Deflater d = new Deflater(Deflater.BEST_SPEED);
        d.setInput(raw);
        d.finish();
        ByteArrayOutputStream z = new ByteArrayOutputStream(raw.length / 2 + 64);
        byte[] buf = new byte[8192];
        while (!d.finished()) {
            z.write(buf, 0, d.deflate(buf));
        }
        d.end();
        ByteArrayOutputStream out = new ByteArrayOutputStream(z.size() + 64);
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 0)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", z.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(t);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
