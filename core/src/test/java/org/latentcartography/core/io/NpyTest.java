package org.latentcartography.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.latentcartography.core.CartographyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

    /** Builds an NPY 1.0 file by hand, as numpy would lay it out. */
    static byte[] npy(String descr, boolean fortran, String shape, ByteBuffer data) {
        String header = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False")
                + ", 'shape': " + shape + ", }";
        int total = 10 + header.length() + 1;
        header = header + " ".repeat((64 - total % 64) % 64) + "\n";
        byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(10 + h.length + data.capacity()).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        out.putShort((short) h.length);
        out.put(h);
        out.put(data.array());
        return out.array();
    }

    @Test
    void readsEveryDtypeAndByteOrder() {
        ByteBuffer f4 = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f).putFloat(3.25f);
        assertArrayEquals(new double[] {1.5, -2, 3.25}, Npy.parse(npy("<f4", false, "(3,)", f4), "t").data());
        ByteBuffer f8 = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN).putDouble(0.1).putDouble(-7e300);
        assertArrayEquals(new double[] {0.1, -7e300}, Npy.parse(npy(">f8", false, "(2,)", f8), "t").data());
        ByteBuffer i4 = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putInt(-3).putInt(9);
        NpyArray a = Npy.parse(npy(">i4", false, "(2,)", i4), "t");
        assertArrayEquals(new double[] {-3, 9}, a.data());
        assertTrue(a.isInteger());
        ByteBuffer i8 = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(4).putLong(-1);
        assertArrayEquals(new double[] {4, -1}, Npy.parse(npy("<i8", false, "(2,)", i8), "t").data());
    }

    @Test
    void fortranOrderBecomesCOrder() {
        // the 2x3 matrix [[1,2,3],[4,5,6]] in Fortran order is 1,4,2,5,3,6
        ByteBuffer b = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : new double[] {1, 4, 2, 5, 3, 6}) {
            b.putDouble(v);
        }
        NpyArray a = Npy.parse(npy("<f8", true, "(2, 3)", b), "t");
        assertArrayEquals(new int[] {2, 3}, a.shape());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, a.data());
    }

    @Test
    void writesWhatItReads(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("m.npy");
        double[] v = {1, 2.5, -3, Double.MIN_VALUE, 1e300, 0};
        Npy.writeFloat64(p, new int[] {2, 3}, v);
        byte[] bytes = Files.readAllBytes(p);
        assertEquals(0, (bytes.length - 48) % 16, "header is padded to a multiple of 64 bytes");
        NpyArray a = Npy.read(p);
        assertArrayEquals(new int[] {2, 3}, a.shape());
        assertArrayEquals(v, a.data());
        assertEquals("<f8", a.dtype());
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file is left behind");
        }
    }

    @Test
    void rejectsGarbageTruncationAndMissingFiles(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("junk.npy");
        Files.writeString(junk, "this is not numpy data at all");
        CartographyException e = assertThrows(CartographyException.class, () -> Npy.read(junk));
        assertTrue(e.getMessage().contains("junk.npy") && e.getMessage().contains("not an NPY file"), e.getMessage());
        byte[] whole = npy("<f8", false, "(4,)", ByteBuffer.allocate(32));
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 5);
        assertTrue(assertThrows(CartographyException.class, () -> Npy.parse(cut, "cut")).getMessage().contains("truncated"));
        assertTrue(assertThrows(CartographyException.class, () -> Npy.read(dir.resolve("none.npy")))
                .getMessage().contains("no such file"));
        byte[] complex = npy("<c16", false, "(1,)", ByteBuffer.allocate(16));
        assertTrue(assertThrows(CartographyException.class, () -> Npy.parse(complex, "c")).getMessage().contains("dtype"));
    }
}
