package dev.orderflow.ofctl.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemorySampleTests {

    @Test
    void heapIsTheSumOfTheHeapPoolsOnly() {
        String metrics = """
                # TYPE jvm_memory_used_bytes gauge
                jvm_memory_used_bytes{area="heap",id="Eden Space"} 1048576.0
                jvm_memory_used_bytes{area="heap",id="Tenured Gen"} 2097152.0
                jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 9.9E7
                """;

        assertThat(MemorySample.heapFromMetrics(metrics)).hasValue(3145728L);
        assertThat(MemorySample.heapFromMetrics("up 1")).isEmpty();
    }

    @Test
    void rssOfThisProcessIsReadFromProc() {
        assertThat(MemorySample.rssOf(ProcessHandle.current().pid()).orElse(0)).isGreaterThan(1 << 20);
        assertThat(MemorySample.rssOf(Long.MAX_VALUE)).isEmpty();
    }
}
