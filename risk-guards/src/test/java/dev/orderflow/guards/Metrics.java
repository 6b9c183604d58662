package dev.orderflow.guards;

import dev.orderflow.testing.TestTokens;

/** Reads one series from /q/metrics. */
public final class Metrics {

    private Metrics() {
    }

    /** The value of the first series of {@code name} whose labels contain every {@code label="value"} given; 0 if none. */
    public static double value(String name, String... labels) {
        String text = TestTokens.as(TestTokens.MONITORING).get("/q/metrics").then().statusCode(200).extract().asString();
        return text.lines()
                .filter(line -> line.startsWith(name + "{"))
                .filter(line -> {
                    for (String label : labels) {
                        if (!line.contains(label)) {
                            return false;
                        }
                    }
                    return true;
                })
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }
}
