package dev.colorize.opencl;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A machine without an OpenCL driver, simulated in a child JVM whose ICD loader looks at an empty
 * vendor directory: the default backend falls back to the CPU with one log line, and only an explicit
 * {@code -Dcolorize.backend=opencl} is an error.
 */
class FallbackTest {

    /** Child process entry point: prints what the backend registry decided. */
    public static void main(String[] args) {
        System.out.println("reason=" + OpenClBackend.unavailableReason());
        System.out.println("current=" + dev.colorize.core.backend.Backends.current().name());
        try {
            dev.colorize.core.backend.Backends.byName("opencl");
            System.out.println("explicit=accepted");
        } catch (IllegalStateException e) {
            System.out.println("explicit=rejected: " + e.getMessage());
        }
    }

    @Test
    void withoutAnIcdTheCpuIsUsedWithOneLogLine(@org.junit.jupiter.api.io.TempDir Path empty) throws Exception {
        String out = runChild(empty, List.of());
        // "no OpenCL driver (ICD) installed", or "OpenCL library not loadable" where libOpenCL itself is missing
        String reason = out.lines().filter(l -> l.startsWith("reason=")).findFirst().orElseThrow().substring(7);
        assertTrue(reason.startsWith("no OpenCL driver") || reason.startsWith("OpenCL library not loadable"), out);
        assertTrue(out.contains("current=cpu"), out);
        assertTrue(out.contains("explicit=rejected: backend 'opencl' is not available: " + reason), out);
        long logLines = out.lines().filter(l -> l.contains("opencl unavailable (" + reason + "); using cpu")).count();
        assertEquals(1, logLines, out);
    }

    @Test
    void explicitRequestWithoutAnIcdFailsLoudly(@org.junit.jupiter.api.io.TempDir Path empty) throws Exception {
        String out = runChild(empty, List.of("-Dcolorize.backend=opencl"));
        assertTrue(out.contains("IllegalStateException") && out.contains("backend 'opencl' is not available"), out);
    }

    private static String runChild(Path emptyVendorDir, List<String> props) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Runtime.version().feature() >= 22) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        cmd.addAll(props);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(FallbackTest.class.getName());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OCL_ICD_VENDORS", emptyVendorDir.toString() + File.separator);
        pb.environment().remove("OPENCL_VENDOR_PATH");
        Process p = pb.start();
        byte[] bytes = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM timed out");
        String out = new String(bytes, StandardCharsets.UTF_8);
        Files.writeString(emptyVendorDir.resolve("child.log"), out);
        return out;
    }
}
