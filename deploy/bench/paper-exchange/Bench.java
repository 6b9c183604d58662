import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Order placement benchmark of the paper exchange: N client threads, each in a closed loop, sign and
 * POST /api/v3/order over loopback (alternating MARKET buys and sells and LIMIT IOC orders that
 * expire), for a warm-up then a measured period. Prints p50/p90/p99/max latency and orders/s and,
 * with --write, replaces the paper-exchange section of docs/benchmarks.md.
 *
 * java Bench.java --url http://127.0.0.1:18090 --key K --secret S [--threads 8] [--warmup 5] [--seconds 20] [--write docs/benchmarks.md]
 */
public class Bench {

    private static final int KEPT_RUNS = 4;

    public static void main(String[] args) throws Exception {
        String url = arg(args, "--url", "http://127.0.0.1:18090");
        String key = arg(args, "--key", "bench-key");
        String secret = arg(args, "--secret", "bench-secret");
        int threads = Integer.parseInt(arg(args, "--threads", "8"));
        int warmup = Integer.parseInt(arg(args, "--warmup", "5"));
        int seconds = Integer.parseInt(arg(args, "--seconds", "20"));
        String write = arg(args, "--write", null);

        URI base = URI.create(url);
        String loadBefore = loadAverage();
        long warmupEnd = System.nanoTime() + warmup * 1_000_000_000L;
        long end = warmupEnd + seconds * 1_000_000_000L;
        long[][] samples = new long[threads][];
        int[] counts = new int[threads];
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                long[] mine = new long[1 << 20];
                int n = 0;
                long i = 0;
                try (Connection connection = new Connection(base.getHost(), base.getPort())) {
                    Mac mac = Mac.getInstance("HmacSHA256");
                    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                    while (true) {
                        long now = System.nanoTime();
                        if (now >= end) {
                            break;
                        }
                        String query = order(id, i++) + "&timestamp=" + System.currentTimeMillis();
                        String signature = HexFormat.of().formatHex(mac.doFinal(query.getBytes(StandardCharsets.UTF_8)));
                        byte[] request = ("POST /api/v3/order?" + query + "&signature=" + signature + " HTTP/1.1\r\n"
                                + "Host: " + base.getHost() + "\r\nX-MBX-APIKEY: " + key + "\r\nContent-Length: 0\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII);
                        long start = System.nanoTime();
                        int status = connection.exchange(request);
                        long elapsed = System.nanoTime() - start;
                        if (status != 200) {
                            if (errors.incrementAndGet() < 5) {
                                System.err.println("HTTP " + status + ": " + connection.lastBody);
                            }
                        } else if (start >= warmupEnd && n < mine.length) {
                            mine[n++] = elapsed;
                        }
                    }
                } catch (Exception e) {
                    System.err.println("client " + id + " stopped: " + e);
                } finally {
                    samples[id] = mine;
                    counts[id] = n;
                    done.countDown();
                }
            }, "bench-" + t);
            thread.start();
        }
        done.await();
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int pos = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(samples[t], 0, all, pos, counts[t]);
            pos += counts[t];
        }
        Arrays.sort(all);
        double rate = total / (double) seconds;
        String p50 = ms(percentile(all, 50));
        String p90 = ms(percentile(all, 90));
        String p99 = ms(percentile(all, 99));
        String max = ms(all.length == 0 ? 0 : all[all.length - 1]);
        boolean met = rate >= 2000 && percentile(all, 99) < 5_000_000L;
        String summary = String.format(Locale.ROOT,
                "orders=%d errors=%d seconds=%d threads=%d orders/s=%.0f p50=%sms p90=%sms p99=%sms max=%sms target(>=2000/s, p99<5ms)=%s",
                total, errors.get(), seconds, threads, rate, p50, p90, p99, max, met ? "met" : "NOT met");
        System.out.println(summary + " load=" + loadBefore + "->" + loadAverage());
        if (write != null) {
            writeSection(Path.of(write), String.format(Locale.ROOT, """
                    ## paper-exchange

                    Order placement on loopback: `deploy/bench/paper-exchange/run` starts the packaged paper
                    exchange (rate limits off, no faults) and %d client threads, each in a closed loop, sign and
                    `POST /api/v3/order` (alternating MARKET buys/sells of 0.001 BTC and LIMIT IOC orders that
                    expire) over one keep-alive HTTP/1.1 connection per thread; %d s warm-up, then %d s measured. Latency is
                    the client's round trip (signing excluded). Target: >= 2,000 orders/s with p99 < 5 ms.

                    | measured | threads | orders | orders/s | p50 | p90 | p99 | max | errors | load avg | target |
                    |---|---|---|---|---|---|---|---|---|---|---|
                    | %s | %d | %d | %.0f | %s ms | %s ms | %s ms | %s ms | %d | %s | %s |

                    Machine: %d cores, Java %s. The load average (start -> end of a run) counts every
                    process on the machine: the figures fall as it rises. Client and server share the
                    machine's cores. Newest run first.
                    """, threads, warmup, seconds, Instant.now().toString().substring(0, 16).replace('T', ' ') + " UTC",
                    threads, total, rate, p50, p90, p99, max, errors.get(), loadBefore + " -> " + loadAverage(),
                    met ? "met" : "not met",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
            System.out.println("wrote the paper-exchange section of " + write);
        }
        if (total == 0) {
            System.exit(1);
        }
    }

    /** One keep-alive HTTP/1.1 connection: the lightest client, so the figures are the server's. */
    static final class Connection implements AutoCloseable {
        private final java.net.Socket socket;
        private final java.io.OutputStream out;
        private final java.io.BufferedInputStream in;
        String lastBody = "";

        Connection(String host, int port) throws IOException {
            socket = new java.net.Socket(host, port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000);
            out = socket.getOutputStream();
            in = new java.io.BufferedInputStream(socket.getInputStream(), 65536);
        }

        int exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String statusLine = line();
            int status = Integer.parseInt(statusLine.substring(9, 12));
            int length = 0;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                if (colon > 0 && header.substring(0, colon).equalsIgnoreCase("content-length")) {
                    length = Integer.parseInt(header.substring(colon + 1).trim());
                }
            }
            byte[] body = in.readNBytes(length);
            if (status != 200) {
                lastBody = new String(body, StandardCharsets.UTF_8);
            }
            return status;
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            if (c == -1 && line.isEmpty()) {
                throw new IOException("connection closed");
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static String order(int thread, long i) {
        String coid = "b" + thread + "-" + i;
        return switch ((int) (i % 3)) {
            case 0 -> "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.001&newOrderRespType=FULL&newClientOrderId=" + coid;
            case 1 -> "symbol=BTCUSDT&side=SELL&type=MARKET&quantity=0.001&newOrderRespType=FULL&newClientOrderId=" + coid;
            default -> "symbol=ETHUSDT&side=BUY&type=LIMIT&timeInForce=IOC&quantity=0.01&price=1000&newOrderRespType=RESULT&newClientOrderId=" + coid;
        };
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1_000_000.0);
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    /**
     * Replaces (or appends) the section between the paper-exchange markers, keeping the previous
     * runs' rows (the last {@value #KEPT_RUNS}) under the new one.
     */
    private static void writeSection(Path file, String section) throws IOException {
        String begin = "<!-- paper-exchange:begin -->";
        String finish = "<!-- paper-exchange:end -->";
        String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n\n";
        int a = text.indexOf(begin);
        int b = text.indexOf(finish);
        if (a >= 0 && b > a) {
            java.util.List<String> previous = text.substring(a, b).lines()
                    .filter(line -> line.matches("\\| \\d{4}-\\d{2}-\\d{2} .*")).limit(KEPT_RUNS).toList();
            int tableEnd = section.indexOf("\n\n", section.indexOf("|---"));
            section = section.substring(0, tableEnd) + previous.stream().map(l -> "\n" + l).reduce("", String::concat)
                    + section.substring(tableEnd);
        }
        String block = begin + "\n" + section + finish + "\n";
        if (a >= 0 && b > a) {
            text = text.substring(0, a) + block + text.substring(b + finish.length()).replaceFirst("^\n", "");
        } else {
            text = text + (text.endsWith("\n\n") ? "" : "\n") + block;
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text);
    }
}
