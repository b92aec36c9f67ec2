package org.latentcartography.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ONNX generator's {@code device=} option through the real launcher, on a machine whose
 * module path holds the CPU build of ONNX Runtime (the build's): CUDA asked for is one clear line
 * and exit status 1; CPU is used instead only with {@code device=cuda-or-cpu}.
 */
class OnnxDeviceIT {
    static final String MODEL = "onnx:" + Launcher.ROOT.resolve("testdata/onnx/linear2.onnx");

    @TempDir
    Path tmp;

    @Test
    void cudaWithoutTheGpuBuildIsOneLineAndStatusOne() {
        Path out = tmp.resolve("cuda");
        Launcher.Run r = Launcher.run("measure", "--generator", MODEL + ",device=cuda", "--measure", "riemannian",
                "--bounds", "0,1,0,1", "--grid", "4", "--quiet", "--out", out.toString());
        assertEquals(1, r.status(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertEquals("cartography: onnx: device=cuda requested but this ONNX Runtime build has no CUDA provider; "
                + "put onnxruntime_gpu on the module path (lib/) or use device=cpu (or device=cuda-or-cpu)", r.errLines().get(0));
        assertFalse(Files.exists(out), "a failed run leaves no output folder");
    }

    @Test
    void cudaOrCpuFallsBackWithOneWarning() throws Exception {
        Path out = tmp.resolve("fallback");
        Launcher.Run r = Launcher.run("measure", "--generator", MODEL + ",device=cuda-or-cpu", "--measure", "riemannian",
                "--bounds", "0,1,0,1", "--grid", "4", "--quiet", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.errLines().get(0).startsWith("cartography: warning: onnx: this ONNX Runtime build has no CUDA provider;"),
                r.err());
        assertTrue(Files.isRegularFile(out.resolve("measure.npy")));
        String info = Files.readString(out.resolve("measure.json"));
        assertTrue(info.replace(" ", "").contains("\"execution_provider\":\"cpu\""), info);
    }

    @Test
    void anUnknownDeviceIsAUsageError() {
        Launcher.Run r = Launcher.run("measure", "--generator", MODEL + ",device=tpu", "--measure", "riemannian",
                "--bounds", "0,1,0,1", "--grid", "4", "--quiet", "--out", tmp.resolve("tpu").toString());
        assertEquals(2, r.status(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("device=tpu is not one of cpu, cuda[:N], cuda-or-cpu[:N]"), r.err());
    }
}
