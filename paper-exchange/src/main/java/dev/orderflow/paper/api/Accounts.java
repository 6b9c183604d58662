package dev.orderflow.paper.api;

import dev.orderflow.paper.config.PaperConfig;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** API keys and their secrets; verifies HMAC-SHA256 signatures. Secrets never leave this class. */
@Singleton
public class Accounts {

    private final Map<String, String> secrets = new LinkedHashMap<>();
    private final Map<String, ThreadLocal<Mac>> macs = new LinkedHashMap<>();

    public Accounts(PaperConfig config) {
        secrets.put(config.apiKey(), config.apiSecret());
        secrets.putAll(config.extraAccounts());
        secrets.forEach((key, secret) -> macs.put(key, ThreadLocal.withInitial(() -> mac(secret))));
    }

    public Set<String> apiKeys() {
        return secrets.keySet();
    }

    public boolean known(String apiKey) {
        return secrets.containsKey(apiKey);
    }

    /** Whether {@code signatureHex} is the HMAC-SHA256 of {@code payload} with the key's secret. */
    public boolean verify(String apiKey, String payload, String signatureHex) {
        ThreadLocal<Mac> mac = macs.get(apiKey);
        if (mac == null) {
            return false;
        }
        byte[] expected = mac.get().doFinal(payload.getBytes(StandardCharsets.UTF_8));
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signatureHex.toLowerCase());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(expected, given);
    }

    private static Mac mac(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
