package dev.orderflow.paper.domain;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/** Balances of one API key. */
final class Account {
    final String apiKey;
    final long uid;
    final Map<String, BigDecimal[]> balances = new TreeMap<>();
    long updateTime;

    Account(String apiKey, long uid, Map<String, BigDecimal> starting) {
        this.apiKey = apiKey;
        this.uid = uid;
        starting.forEach((asset, amount) -> balances.put(asset, new BigDecimal[] {amount, BigDecimal.ZERO}));
    }

    BigDecimal[] balance(String asset) {
        return balances.computeIfAbsent(asset, a -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
    }

    BigDecimal free(String asset) {
        return balance(asset)[0];
    }

    void lock(String asset, BigDecimal amount) {
        BigDecimal[] b = balance(asset);
        b[0] = b[0].subtract(amount);
        b[1] = b[1].add(amount);
    }

    void unlock(String asset, BigDecimal amount) {
        lock(asset, amount.negate());
    }

    void addFree(String asset, BigDecimal amount) {
        BigDecimal[] b = balance(asset);
        b[0] = b[0].add(amount);
    }

    void spendLocked(String asset, BigDecimal amount) {
        BigDecimal[] b = balance(asset);
        b[1] = b[1].subtract(amount);
    }

    BalanceView view(String asset) {
        BigDecimal[] b = balance(asset);
        return new BalanceView(asset, b[0], b[1]);
    }
}
