package dev.orderflow.platform.messaging;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * This process's heap, resident memory and CPU, as heartbeat details: {@code jvm.heap.used.bytes},
 * {@code process.rss.bytes} (Linux: VmRSS of /proc/self/status; absent elsewhere) and
 * {@code process.cpu.usage} (0-1 of the CPUs the JVM sees, since the last sample). The telemetry
 * service derives memory growth and CPU increase from them.
 */
public final class ProcessResources {

    public static final String HEAP_USED_BYTES = "jvm.heap.used.bytes";
    public static final String RSS_BYTES = "process.rss.bytes";
    public static final String CPU_USAGE = "process.cpu.usage";

    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessResources() {
    }

    public static Map<String, String> sample() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put(HEAP_USED_BYTES, String.valueOf(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()));
        Long rss = residentBytes();
        if (rss != null) {
            details.put(RSS_BYTES, String.valueOf(rss));
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            double load = os.getProcessCpuLoad();
            if (load >= 0) {
                details.put(CPU_USAGE, String.format(java.util.Locale.ROOT, "%.4f", load));
            }
        }
        return details;
    }

    private static Long residentBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    String kilobytes = line.substring("VmRSS:".length()).trim().split("\\s+")[0];
                    return Long.parseLong(kilobytes) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }
}
