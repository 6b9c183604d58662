package dev.orderflow.paper.stream;

import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** User data stream listen keys: one per account, valid 60 minutes, extended by a keepalive. */
@Singleton
public class ListenKeys {

    static final long VALIDITY_MILLIS = 60 * 60_000L;
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Entry> byKey = new ConcurrentHashMap<>();
    private final UserDataSockets sockets;

    record Entry(String listenKey, String apiKey, long expiresAt) {
    }

    public ListenKeys(UserDataSockets sockets) {
        this.sockets = sockets;
    }

    /** The account's active key, extended, or a new one. */
    public synchronized String create(String apiKey) {
        long now = System.currentTimeMillis();
        for (Entry entry : byKey.values()) {
            if (entry.apiKey().equals(apiKey) && entry.expiresAt() > now) {
                byKey.put(entry.listenKey(), new Entry(entry.listenKey(), apiKey, now + VALIDITY_MILLIS));
                return entry.listenKey();
            }
        }
        StringBuilder key = new StringBuilder(60);
        for (int i = 0; i < 60; i++) {
            key.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        byKey.put(key.toString(), new Entry(key.toString(), apiKey, now + VALIDITY_MILLIS));
        return key.toString();
    }

    /** Extends a key of this account; false if it does not exist. */
    public synchronized boolean keepAlive(String apiKey, String listenKey) {
        Entry entry = byKey.get(listenKey);
        if (entry == null || !entry.apiKey().equals(apiKey) || entry.expiresAt() <= System.currentTimeMillis()) {
            return false;
        }
        byKey.put(listenKey, new Entry(listenKey, apiKey, System.currentTimeMillis() + VALIDITY_MILLIS));
        return true;
    }

    public synchronized boolean close(String apiKey, String listenKey) {
        Entry entry = byKey.get(listenKey);
        if (entry == null || !entry.apiKey().equals(apiKey)) {
            return false;
        }
        byKey.remove(listenKey);
        sockets.closeAll(listenKey);
        return true;
    }

    /** The account of a valid key. */
    public Optional<String> account(String listenKey) {
        Entry entry = byKey.get(listenKey);
        return entry == null || entry.expiresAt() <= System.currentTimeMillis() ? Optional.empty()
                : Optional.of(entry.apiKey());
    }

    @Scheduled(every = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void expire() {
        long now = System.currentTimeMillis();
        byKey.values().removeIf(entry -> {
            if (entry.expiresAt() <= now) {
                sockets.closeAll(entry.listenKey());
                return true;
            }
            return false;
        });
    }
}
