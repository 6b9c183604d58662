package dev.orderflow.ofctl.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** The gateway's memory at one moment: heap used (from its metrics) and resident set size (from /proc, when local). */
public record MemorySample(OptionalLong heapBytes, OptionalLong rssBytes) {

    /** Sums {@code jvm_memory_used_bytes{area="heap",...}} over the heap pools of a Prometheus text page. */
    public static OptionalLong heapFromMetrics(String prometheusText) {
        long sum = 0;
        boolean found = false;
        for (String line : prometheusText.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                found = true;
            }
        }
        return found ? OptionalLong.of(sum) : OptionalLong.empty();
    }

    /** VmRSS of a process of this machine, or empty when it is not readable here (another host, a pod). */
    public static OptionalLong rssOf(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("\\D", "")) * 1024);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }
}
