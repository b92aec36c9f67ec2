package org.latentcartography.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentcartography.core.CartographyException;

/**
 * The checkpoint reader under mutated checkpoints: every mutation of a real checkpoint (written by
 * {@link CheckpointFiles} itself) is either read back to the very values of the finished slabs, or
 * refused with a one-line {@link CartographyException}; nothing else escapes, and no wrong value is
 * ever resumed from. Cases: {@code -Dfuzz.cases=N} (default 1,500, a few seconds), or
 * {@code -Dfuzz.seconds=S} for a longer run:
 * {@code mvn -o -pl cli -am test -Dtest=CheckpointFuzzTest -Dsurefire.failIfNoSpecifiedTests=false -Dfuzz.seconds=600}.
 */
class CheckpointFuzzTest {
    static final int[] SHAPE = {12, 10};
    static final int[] METRIC_SHAPE = {12, 10, 2, 2};
    static final int DONE = 7;
    static final int SLAB = 10;

    @TempDir
    Path dir;

    static Map<String, Object> fingerprint() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("generator", "onnx:decoder.onnx");
        f.put("measure", "riemannian");
        f.put("grid", "[0.0, 0.0] [1.0, 1.0] [12, 10]");
        f.put("samples", 1L);
        f.put("seed", 0L);
        f.put("metric", true);
        return f;
    }

    @Test
    void everyMutationIsReadCorrectlyOrRefused() throws Exception {
        SplittableRandom values = new SplittableRandom(11);
        double[] measure = new double[120];
        double[] metric = new double[480];
        for (int i = 0; i < measure.length; i++) {
            // finished slabs hold real values; the rest is what a run in progress leaves there
            measure[i] = i < DONE * SLAB ? values.nextDouble() * 3 : (i % 3 == 0 ? 0 : Double.NaN);
        }
        for (int i = 0; i < metric.length; i++) {
            metric[i] = i < DONE * SLAB * 4 ? values.nextDouble() - 0.5 : 0;
        }
        CheckpointFiles cp = new CheckpointFiles(dir, SHAPE, METRIC_SHAPE, fingerprint());
        cp.update(measure, metric, DONE);
        assertEquals(DONE, cp.flush());
        List<String> names = List.of(CheckpointFiles.JSON, CheckpointFiles.MEASURE, CheckpointFiles.METRIC);
        Map<String, byte[]> original = new LinkedHashMap<>();
        for (String n : names) {
            original.put(n, Files.readAllBytes(dir.resolve(n)));
        }
        check(new CheckpointFiles(dir, SHAPE, METRIC_SHAPE, fingerprint()).read(SHAPE[0]), measure, metric, "unmutated");

        long seconds = Long.getLong("fuzz.seconds", 0);
        int cases = Integer.getInteger("fuzz.cases", 1500);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        SplittableRandom r = new SplittableRandom(Long.getLong("fuzz.seed", 2026));
        int readBack = 0;
        int refused = 0;
        int i = 0;
        for (; seconds > 0 ? System.nanoTime() < end : i < cases; i++) {
            String name = names.get(r.nextInt(names.size()));
            byte[] mutated = mutate(original.get(name), r);
            Files.write(dir.resolve(name), mutated);
            String what = "case " + i + " (" + name + ", " + mutated.length + " bytes)";
            try {
                CheckpointFiles.State s = new CheckpointFiles(dir, SHAPE, METRIC_SHAPE, fingerprint()).read(SHAPE[0]);
                check(s, measure, metric, what);
                readBack++;
            } catch (CartographyException e) {
                assertTrue(e.getMessage() != null && !e.getMessage().contains("\n") && e.getMessage().contains("--force"),
                        what + ": " + e.getMessage());
                refused++;
            } catch (RuntimeException | Error e) {
                fail(what + ": escaped " + e, e);
            }
            Files.write(dir.resolve(name), original.get(name));
        }
        System.out.printf("checkpoint fuzz: %d cases, %d read back intact, %d refused, none unhandled%n", i, readBack,
                refused);
        assertTrue(refused > i / 2, "most mutations damage the checkpoint: " + refused + " of " + i);
    }

    /** What is resumed from is exactly what was saved: the finished slabs, bit for bit. */
    private static void check(CheckpointFiles.State s, double[] measure, double[] metric, String what) {
        assertEquals(DONE, s.doneSlabs(), what);
        assertArrayEquals(Arrays.copyOf(measure, DONE * SLAB), Arrays.copyOf(s.measure(), DONE * SLAB), 0.0, what);
        assertArrayEquals(Arrays.copyOf(metric, DONE * SLAB * 4), Arrays.copyOf(s.metric(), DONE * SLAB * 4), 0.0, what);
        assertEquals(measure.length, s.measure().length, what);
        assertEquals(metric.length, s.metric().length, what);
    }

    /** Byte flips, random bytes, truncation, insertion, deletion, a digit changed, a chunk repeated. */
    static byte[] mutate(byte[] b, SplittableRandom r) {
        byte[] m = b.clone();
        switch (r.nextInt(7)) {
            case 0 -> {
                int p = r.nextInt(m.length);
                m[p] ^= (byte) (1 << r.nextInt(8));
            }
            case 1 -> {
                int n = 1 + r.nextInt(6);
                for (int k = 0; k < n; k++) {
                    m[r.nextInt(m.length)] = (byte) r.nextInt(256);
                }
            }
            case 2 -> m = Arrays.copyOf(m, r.nextInt(m.length));
            case 3 -> {
                int p = r.nextInt(m.length + 1);
                byte[] ins = new byte[1 + r.nextInt(16)];
                for (int k = 0; k < ins.length; k++) {
                    ins[k] = (byte) r.nextInt(256);
                }
                m = concat(Arrays.copyOf(m, p), ins, Arrays.copyOfRange(m, p, m.length));
            }
            case 4 -> {
                int p = r.nextInt(m.length);
                int n = Math.min(m.length - p, 1 + r.nextInt(16));
                m = concat(Arrays.copyOf(m, p), Arrays.copyOfRange(m, p + n, m.length));
            }
            case 5 -> {
                // a digit replaced: forged counts, shapes, header lengths
                int start = r.nextInt(m.length);
                for (int k = 0; k < m.length; k++) {
                    int p = (start + k) % m.length;
                    if (m[p] >= '0' && m[p] <= '9') {
                        m[p] = (byte) ('0' + r.nextInt(10));
                        break;
                    }
                }
            }
            default -> {
                int p = r.nextInt(m.length);
                int n = Math.min(m.length - p, 1 + r.nextInt(64));
                m = concat(Arrays.copyOf(m, p + n), Arrays.copyOfRange(m, p, m.length));
            }
        }
        return m;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
