package io.shardlake.web.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The configured API tokens. Only each token's SHA-256 is known here; a presented token is hashed
 * and compared with every configured hash in constant time ({@link MessageDigest#isEqual}), so
 * neither the answer time nor the configuration tells anything about a token.
 */
final class ApiTokens {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    record ApiToken(String name, byte[] sha256, List<GrantedAuthority> authorities) {
    }

    private final List<ApiToken> tokens;

    private ApiTokens(List<ApiToken> tokens) {
        this.tokens = List.copyOf(tokens);
    }

    static ApiTokens of(List<SecurityProperties.Token> configured) {
        List<ApiToken> out = new ArrayList<>();
        for (int i = 0; i < configured.size(); i++) {
            SecurityProperties.Token t = configured.get(i);
            String key = "shardlake.security.tokens[" + i + "]";
            if (t.name() == null || t.name().isBlank()) {
                throw new IllegalArgumentException(key + ".name: is required");
            }
            if (t.sha256() == null || !SHA256_HEX.matcher(t.sha256().strip()).matches()) {
                throw new IllegalArgumentException(key + ".sha256 (token '" + t.name() + "'): must be the 64 hex digits of the"
                        + " token's SHA-256 (e.g. printf %s \"$TOKEN\" | sha256sum), not the token itself");
            }
            List<GrantedAuthority> authorities = LocalAccounts.roles(t.roles(), key + ".roles", "token '" + t.name() + "'")
                    .stream().<GrantedAuthority>map(r -> new SimpleGrantedAuthority(r.authority())).toList();
            out.add(new ApiToken(t.name(), HexFormat.of().parseHex(t.sha256().strip().toLowerCase(Locale.ROOT)), authorities));
        }
        return new ApiTokens(out);
    }

    /** The configured token this one is; every configured hash is compared, whether or not an earlier one matched. */
    Optional<ApiToken> match(String presented) {
        byte[] hash = sha256(presented);
        ApiToken found = null;
        for (ApiToken t : tokens) {
            if (MessageDigest.isEqual(t.sha256(), hash) && found == null) {
                found = t;
            }
        }
        return Optional.ofNullable(found);
    }

    boolean isEmpty() {
        return tokens.isEmpty();
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
