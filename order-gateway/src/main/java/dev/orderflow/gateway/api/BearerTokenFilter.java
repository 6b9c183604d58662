package dev.orderflow.gateway.api;

import dev.orderflow.gateway.config.GatewayConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Bearer tokens with scopes. Configuration holds only SHA-256 hashes of tokens
 * ({@code gateway.auth.tokens."<sha256-hex>"=orders:read orders:write}); the token is compared by
 * its hash. No or unknown token: 401; a token without the endpoint's scope: 403.
 */
public class BearerTokenFilter {

    public static final String PRINCIPAL = "orderflow.principal";

    private final GatewayConfig config;
    private final Map<String, Set<String>> scopesByHash = new HashMap<>();

    public BearerTokenFilter(GatewayConfig config) {
        this.config = config;
        config.auth().tokens().forEach((hash, scopes) -> scopesByHash.put(hash.toLowerCase(),
                Arrays.stream(scopes.split("[,\\s]+")).filter(s -> !s.isBlank()).collect(Collectors.toSet())));
    }

    @ServerRequestFilter
    public Response authorize(ContainerRequestContext request, ResourceInfo resource) {
        Scopes required = resource.getResourceMethod() == null ? null : resource.getResourceMethod().getAnnotation(Scopes.class);
        if (required == null && resource.getResourceClass() != null) {
            required = resource.getResourceClass().getAnnotation(Scopes.class);
        }
        if (required == null || !config.auth().enabled()) {
            return null;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            return problem(401, "unauthorized", "Authentication required", "A bearer token is required");
        }
        String tokenHash = sha256(header.substring(7).trim());
        Set<String> granted = scopesByHash.get(tokenHash);
        if (granted == null) {
            return problem(401, "unauthorized", "Authentication required", "The bearer token is not valid");
        }
        List<String> missing = Arrays.stream(required.value()).filter(s -> !granted.contains(s)).toList();
        if (!missing.isEmpty()) {
            return problem(403, "forbidden", "Insufficient scope", "The token lacks the scope " + String.join(", ", missing));
        }
        request.setProperty(PRINCIPAL, tokenHash.substring(0, 12));
        return null;
    }

    private static Response problem(int status, String type, String title, String detail) {
        Response.ResponseBuilder builder = Response.status(status)
                .type(ProblemMapper.PROBLEM_JSON)
                .entity(new ProblemMapper.Problem(ApiProblem.TYPE_BASE + type, title, status, detail, null, List.of()));
        if (status == 401) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"order-gateway\"");
        }
        return builder.build();
    }

    public static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
