package dev.orderflow.paper.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Binance's fixed-window limits: request weight per minute and client IP, orders per 10 seconds
 * and per day and account. A client that keeps sending after a 429 is banned (418) for a while.
 * Plain Java; the caller passes the time and the limits in force.
 */
public final class RateLimiter {

    private static final long MINUTE = 60_000;
    private static final long TEN_SECONDS = 10_000;
    private static final long DAY = 86_400_000;

    private final Map<String, IpState> ips = new ConcurrentHashMap<>();
    private final Map<String, AccountState> accounts = new ConcurrentHashMap<>();

    private static final class IpState {
        long window = -1;
        int used;
        int after429;
        long bannedUntil;
    }

    private static final class AccountState {
        long window10s = -1;
        int count10s;
        long windowDay = -1;
        int countDay;
    }

    /**
     * Adds the weight of a request and returns the weight used in this minute.
     *
     * @param allowedAfter429 requests a client may send after a 429 in the same window before the ban
     */
    public int addWeight(String ip, int weight, long now, int limit, int allowedAfter429, long banMillis) {
        IpState state = ips.computeIfAbsent(ip, k -> new IpState());
        synchronized (state) {
            if (state.bannedUntil > now) {
                throw new RateLimitExceeded(418, -1003, "Way too much request weight used; IP banned until "
                        + state.bannedUntil + ". Please use WebSocket Streams for live updates to avoid bans.",
                        seconds(state.bannedUntil - now));
            }
            long window = now / MINUTE;
            if (window != state.window) {
                state.window = window;
                state.used = 0;
                state.after429 = 0;
            }
            state.used += weight;
            if (state.used > limit) {
                long retry = seconds((window + 1) * MINUTE - now);
                if (state.after429++ >= allowedAfter429 + 1) {
                    state.bannedUntil = now + banMillis;
                    throw new RateLimitExceeded(418, -1003, "Way too much request weight used; IP banned until "
                            + state.bannedUntil + ". Please use WebSocket Streams for live updates to avoid bans.",
                            seconds(banMillis));
                }
                throw new RateLimitExceeded(429, -1003, "Too much request weight used; current limit is " + limit
                        + " request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.",
                        retry);
            }
            return state.used;
        }
    }

    public int usedWeight(String ip, long now) {
        IpState state = ips.get(ip);
        if (state == null) {
            return 0;
        }
        synchronized (state) {
            return state.window == now / MINUTE ? state.used : 0;
        }
    }

    /** Counts a new order; returns {count in 10 s, count today}. */
    public int[] addOrder(String apiKey, long now, int per10s, int perDay) {
        AccountState state = accounts.computeIfAbsent(apiKey, k -> new AccountState());
        synchronized (state) {
            long w10 = now / TEN_SECONDS;
            long wDay = now / DAY;
            if (w10 != state.window10s) {
                state.window10s = w10;
                state.count10s = 0;
            }
            if (wDay != state.windowDay) {
                state.windowDay = wDay;
                state.countDay = 0;
            }
            if (state.count10s + 1 > per10s) {
                throw new RateLimitExceeded(429, -1015, "Too many new orders; current limit is " + per10s
                        + " orders per 10 SECOND.", seconds((w10 + 1) * TEN_SECONDS - now));
            }
            if (state.countDay + 1 > perDay) {
                throw new RateLimitExceeded(429, -1015, "Too many new orders; current limit is " + perDay
                        + " orders per DAY.", seconds((wDay + 1) * DAY - now));
            }
            state.count10s++;
            state.countDay++;
            return new int[] {state.count10s, state.countDay};
        }
    }

    /** Forgets every count and ban. */
    public void reset() {
        ips.clear();
        accounts.clear();
    }

    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }
}
